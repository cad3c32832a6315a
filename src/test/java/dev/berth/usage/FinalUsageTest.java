package dev.berth.usage;

import static dev.berth.usage.TestingTaskStatus.stopped;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.Berth;
import dev.berth.api.v1alpha1.Cluster;
import dev.berth.api.v1alpha1.ClusterSpec;
import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.TaskStatus;
import dev.berth.api.v1alpha1.TaskUsage;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;

/** The usage goes into the status that records STOPPED, once, and is final. */
class FinalUsageTest {

    @Test
    void aStoppedStatusGetsItsUsage() {
        TaskStatus next = stopped("256", "512", "2026-01-01T10:00:00Z", "2026-01-01T10:02:00.250Z");

        boolean stamped = FinalUsage.stamp(next, null, () -> false, TestingPrices.usEast1());

        assertThat(stamped).isTrue();
        assertThat(next.usage.billedSeconds).isEqualTo(121);
    }

    @Test
    void aRunningStatusGetsNone() {
        TaskStatus next = stopped("256", "512", "2026-01-01T10:00:00Z", null);
        next.lastStatus = LastStatus.RUNNING;

        assertThat(FinalUsage.stamp(next, null, () -> {
            throw new AssertionError("spot is asked only when the usage is due");
        }, TestingPrices.usEast1())).isFalse();
        assertThat(next.usage).isNull();
    }

    @Test
    void recordedUsageIsFinalWhateverThePricesAreNow() {
        TaskStatus next = stopped("256", "512", "2026-01-01T10:00:00Z", "2026-01-01T10:02:00Z");
        TaskUsage recorded = new TaskUsage();
        recorded.cost = "1.000000";
        next.usage = recorded;

        boolean stamped = FinalUsage.stamp(next, null, () -> true,
                TestingPrices.withProviders(Map.of("FARGATE", Rates.of("9", "9"))));

        assertThat(stamped).isFalse();
        assertThat(next.usage).isSameAs(recorded);
    }

    @Test
    void spotFromThePodThenTheCapacityProvider() {
        Pod spotPod = new PodBuilder().withNewMetadata().withLabels(Map.of(Berth.LABEL_SPOT, "true")).endMetadata().build();
        Pod plainPod = new PodBuilder().withNewMetadata().endMetadata().build();
        Cluster cluster = new Cluster();
        cluster.setSpec(new ClusterSpec());
        ClusterSpec.CapacityProvider cheap = new ClusterSpec.CapacityProvider();
        cheap.name = "cheap";
        cheap.spot = true;
        cluster.getSpec().capacityProviders = List.of(cheap);

        assertThat(FinalUsage.spot("custom", spotPod, null)).isTrue();
        assertThat(FinalUsage.spot("FARGATE_SPOT", null, null)).isTrue();
        assertThat(FinalUsage.spot("FARGATE", plainPod, null)).isFalse();
        assertThat(FinalUsage.spot("cheap", null, cluster)).isTrue();
        assertThat(FinalUsage.spot("unknown", null, cluster)).isFalse();
        assertThat(FinalUsage.spot(null, null, null)).isFalse();
    }
}
