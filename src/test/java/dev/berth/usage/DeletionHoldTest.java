package dev.berth.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.Cluster;
import dev.berth.api.v1alpha1.ClusterStatus;
import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.UsageLedger;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

/** A deleted Task goes only once its cluster's ledger has counted it. */
class DeletionHoldTest {

    static final Instant NOW = Instant.parse("2026-01-01T11:00:00Z");

    @Test
    void aStoppedTaskWaitsUntilItsUidIsCounted() {
        Task task = LedgersTest.deleting(LedgersTest.stopped("a", "service:web", "0.1"));

        assertThat(decide(task, cluster(List.of()))).isInstanceOf(DeletionHold.Wait.class);
        assertThat(decide(task, cluster(List.of("a")))).isInstanceOf(DeletionHold.Release.class);
    }

    @Test
    void aTaskDeletedWhileRunningRecordsItsUsageUntilNowFirst() {
        Task task = UsageRollupTest.running("a", "service:web", "web:1", "FARGATE", "2026-01-01T10:00:00Z");
        task.getMetadata().setUid("a");
        LedgersTest.deleting(task);

        DeletionHold.Decision decision = decide(task, cluster(List.of()));

        assertThat(decision).isInstanceOfSatisfying(DeletionHold.RecordUsage.class, record -> {
            assertThat(record.status().usage.billedSeconds).isEqualTo(3600);
            assertThat(record.status().usage.cost).isEqualTo("0.049370");
            assertThat(record.status().lastStatus).as("the lifecycle's fields are left alone").isEqualTo(LastStatus.RUNNING);
        });
        assertThat(task.getStatus().usage).as("the observed status is not changed").isNull();
    }

    @Test
    void nothingHoldsATaskThatNeverRanOrWhoseClusterIsGone() {
        Task neverRan = UsageRollupTest.notStarted("a");
        Task stopped = LedgersTest.deleting(LedgersTest.stopped("b", null, "0.1"));
        Cluster deletingCluster = cluster(List.of());
        deletingCluster.getMetadata().setDeletionTimestamp("2026-01-01T10:00:00Z");

        assertThat(decide(neverRan, cluster(List.of()))).isInstanceOf(DeletionHold.Release.class);
        assertThat(decide(stopped, null)).isInstanceOf(DeletionHold.Release.class);
        assertThat(decide(stopped, deletingCluster)).isInstanceOf(DeletionHold.Release.class);
    }

    static DeletionHold.Decision decide(Task task, Cluster cluster) {
        return DeletionHold.decide(task, cluster, () -> null, () -> false, TestingPrices.usEast1(), NOW);
    }

    static Cluster cluster(List<String> counted) {
        Cluster cluster = new Cluster();
        cluster.setMetadata(new ObjectMetaBuilder().withName("default").withNamespace("team-a").build());
        cluster.setStatus(new ClusterStatus());
        cluster.getStatus().usageLedger = new UsageLedger();
        cluster.getStatus().usageLedger.countedTasks = counted;
        return cluster;
    }
}
