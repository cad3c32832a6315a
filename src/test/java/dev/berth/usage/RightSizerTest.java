package dev.berth.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.Service;
import dev.berth.api.v1alpha1.ServiceRightSizingStatus;
import dev.berth.api.v1alpha1.ServiceSpec;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskStatus;
import dev.berth.autoscaling.MetricSample.TaskUtilization;
import dev.berth.autoscaling.ResourceMetricsReader;
import dev.berth.autoscaling.ResourceMetricsReader.TaskMeasurement;
import dev.berth.config.BerthConfig;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;

/**
 * Right-sizing's adapter: samples into the window, a new report only when the recommendation changes, and the
 * gauges.
 */
class RightSizerTest {

    static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

    final MutableClock clock = new MutableClock();
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final RightSizer sizer = rightSizer(registry, clock);
    final Service web = service();
    final List<Task> running = List.of(task("web-a"), task("web-b"));

    @Test
    void reportsOnlyWhenTheRecommendationChanges() {
        ServiceRightSizingStatus first = sample(0.02, 100, null);
        assertThat(first.state).as("2 samples of 4").isEqualTo("TooFewSamples");
        assertThat(first.samples).isEqualTo(2);

        ServiceRightSizingStatus second = sample(0.02, 100, first);
        assertThat(second.state).isEqualTo("Recommended");
        assertThat(second.cpu).isEqualTo(512);
        assertThat(second.recommendedCpu).isEqualTo(256);
        assertThat(second.recommendedMemory).isEqualTo(512);
        assertThat(second.monthlySaving).as("2 tasks x 9.01").isEqualTo("18.02");
        assertThat(second.cpuP95Vcpu).isEqualTo("0.02");
        assertThat(second.memoryPeakMiB).isEqualTo(100);
        assertThat(second.samples).isEqualTo(4);
        assertThat(second.windowSeconds).isEqualTo(60);

        assertThat(sample(0.03, 120, second)).as("same recommendation: no new report").isSameAs(second);
        assertThat(sample(0.45, 900, second).state).as("uses most of its reservation now").isEqualTo("NoSmallerSize");
    }

    @Test
    void aRecordedRecommendationStaysWhileAFreshWindowHasTooFewSamples() {
        ServiceRightSizingStatus recorded = new ServiceRightSizingStatus();
        recorded.state = "Recommended";
        recorded.cpu = 512;
        recorded.memory = 1024;

        assertThat(sample(0.02, 100, recorded)).as("after a restart").isSameAs(recorded);
    }

    @Test
    void samplesOlderThanTheWindowNoLongerCount() {
        ServiceRightSizingStatus report = sample(0.02, 100, null);
        report = sample(0.02, 100, report);
        clock.now = clock.now.plusSeconds(120);
        assertThat(sample(0.02, 100, report)).as("too few samples again: the recommendation stays").isSameAs(report);
        assertThat(registry.scrape()).as("the first four have left the 60 s window")
                .contains("berth_service_right_sizing_samples{cluster=\"default\",namespace=\"shop\",service=\"web\",} 2.0");
    }

    @Test
    void exportsTheFiguresPerServiceAndForgetsAServiceThatIsGone() {
        ServiceRightSizingStatus report = sample(0.02, 100, null);
        sample(0.02, 100, report);
        String labels = "cluster=\"default\",namespace=\"shop\",service=\"web\"";

        assertThat(registry.scrape())
                .contains("berth_service_cpu_used_vcpu{" + labels + ",statistic=\"p95\",} 0.02")
                .contains("berth_service_cpu_used_vcpu{" + labels + ",statistic=\"peak\",} 0.02")
                .contains("berth_service_cpu_reserved_vcpu{" + labels + ",} 0.5")
                .contains("berth_service_memory_reserved_gb{" + labels + ",} 1.0")
                .contains("berth_service_right_sizing_monthly_saving{"
                        + labels.replace(",namespace", ",currency=\"USD\",namespace") + ",} 18.02")
                .contains("berth_service_right_sizing_samples{" + labels + ",} 4.0");

        sizer.retain(Set.of());
        assertThat(registry.scrape()).doesNotContain("berth_service_");
    }

    /** One sample of both tasks, each metrics-server sample 10 s after the last. */
    ServiceRightSizingStatus sample(double cpu, double memoryMiB, ServiceRightSizingStatus previous) {
        clock.now = clock.now.plusSeconds(10);
        List<TaskMeasurement> measured = new ArrayList<>();
        running.forEach(t -> measured.add(new TaskMeasurement(t.getMetadata().getName(), cpu, memoryMiB, clock.now)));
        var none = new TaskUtilization(List.of(), 2);
        return sizer.sample(web, running, new ResourceMetricsReader.Usage(none, none, measured), previous);
    }

    static RightSizer rightSizer(PrometheusMeterRegistry registry, Clock clock) {
        return new RightSizer(new BerthConfig.RightSizingSettings() {
            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public Duration window() {
                return Duration.ofSeconds(60);
            }

            @Override
            public Duration sampleInterval() {
                return Duration.ofSeconds(5);
            }

            @Override
            public BigDecimal headroom() {
                return new BigDecimal("0.2");
            }

            @Override
            public int minSamples() {
                return 4;
            }

            @Override
            public int maxSamples() {
                return 100;
            }
        }, TestingPrices.usEast1(), new TaskMeters(), clock, registry);
    }

    static Service service() {
        Service service = new Service();
        service.setMetadata(new ObjectMetaBuilder().withName("web").withNamespace("shop").withUid("uid-web").build());
        service.setSpec(new ServiceSpec());
        return service;
    }

    static Task task(String name) {
        Task task = new Task();
        task.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("shop").build());
        task.setStatus(new TaskStatus());
        task.getStatus().lastStatus = LastStatus.RUNNING;
        task.getStatus().cpu = "512";
        task.getStatus().memory = "1024";
        task.getStatus().cluster = "default";
        return task;
    }

    static final class MutableClock extends Clock {
        Instant now = T0;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
