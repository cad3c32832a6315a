package dev.berth.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.UsageLedger;
import dev.berth.api.v1alpha1.UsageTotals;
import dev.berth.status.StatusWriter;

/** The Cluster's ledger of deleted tasks and the totals built on it: each task counted once, in one place. */
class LedgersTest {

    static final Instant NOW = Instant.parse("2026-01-01T11:00:00Z");
    static final PriceTable PRICES = TestingPrices.usEast1();

    @Test
    void aDeletedTaskMovesFromThePresentTasksIntoTheLedgerAndTheTotalsStayTheSame() {
        Task web = stopped("a", "service:web", "0.100000");
        Task report = stopped("b", null, "0.020000");
        List<Task> tasks = List.of(web, report);
        UsageTotals before = totals(Ledgers.next(null, tasks), tasks);

        deleting(web);
        UsageLedger ledger = Ledgers.next(null, tasks);
        UsageTotals after = totals(ledger, tasks);

        assertThat(ledger.countedTasks).containsExactly("a");
        assertThat(ledger.deleted.cost).isEqualTo("0.100000");
        assertThat(ledger.deletedByService).singleElement().satisfies(s -> {
            assertThat(s.service).isEqualTo("web");
            assertThat(s.tasks).isEqualTo(1);
        });
        assertThat(before.cost).isEqualTo("0.120000");
        assertThat(after.cost).isEqualTo("0.120000");
        assertThat(after.stopped.tasks).isEqualTo(2);
    }

    @Test
    void countingAgainAddsNothingAndAGoneTaskLeavesOnlyItsFigures() {
        Task web = deleting(stopped("a", "service:web", "0.100000"));
        UsageLedger once = Ledgers.next(null, List.of(web));
        UsageLedger twice = Ledgers.next(once, List.of(web));
        UsageLedger gone = Ledgers.next(twice, List.of());

        assertThat(StatusWriter.differ(once, twice)).isFalse();
        assertThat(gone.countedTasks).isEmpty();
        assertThat(gone.deleted.cost).isEqualTo("0.100000");
        assertThat(totals(gone, List.of()).cost).isEqualTo("0.100000");
        assertThat(Ledgers.serviceTotals("web", gone, List.of(), UsageRollupTest::meterOf, PRICES, NOW).cost)
                .isEqualTo("0.100000");
        assertThat(Ledgers.serviceTotals("api", gone, List.of(), UsageRollupTest::meterOf, PRICES, NOW).cost)
                .isEqualTo("0.000000");
    }

    @Test
    void aDeletedTaskWithoutItsUsageYetIsNotCounted() {
        Task running = UsageRollupTest.running("a", "service:web", "web:1", "FARGATE", "2026-01-01T10:00:00Z");
        running.getMetadata().setUid("a");
        deleting(running);

        UsageLedger ledger = Ledgers.next(null, List.of(running));

        assertThat(ledger.countedTasks).isEmpty();
        assertThat(ledger.deleted.tasks).isZero();
        assertThat(totals(ledger, List.of(running)).costPerHour).isEqualTo("0.049370");
    }

    @Test
    void aMassDeleteIsCountedOverSeveralWritesWithBoundedUids() {
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < Ledgers.MAX_COUNTED + 10; i++) {
            tasks.add(deleting(stopped("t-%05d".formatted(i), "service:web", "0.000001")));
        }

        UsageLedger first = Ledgers.next(null, tasks);
        List<Task> afterRelease = tasks.subList(Ledgers.MAX_COUNTED, tasks.size());
        UsageLedger second = Ledgers.next(first, afterRelease);

        assertThat(first.countedTasks).hasSize(Ledgers.MAX_COUNTED);
        assertThat(totals(first, tasks).cost).isEqualTo("0.005010");
        assertThat(second.countedTasks).hasSize(10);
        assertThat(second.deleted.tasks).isEqualTo(Ledgers.MAX_COUNTED + 10L);
        assertThat(totals(second, afterRelease).cost).isEqualTo("0.005010");
    }

    @Test
    void burnRateComesFromTheRunningTasksOnly() {
        List<Task> tasks = List.of(stopped("a", "service:web", "0.100000"),
                UsageRollupTest.running("b", "service:web", "web:1", "FARGATE", "2026-01-01T10:00:00Z"));

        UsageTotals totals = totals(Ledgers.next(null, tasks), tasks);

        assertThat(totals.runningTasks).isEqualTo(1);
        assertThat(totals.runningVcpus).isEqualTo("1");
        assertThat(totals.runningMemoryGB).isEqualTo("2");
        assertThat(totals.costPerHour).isEqualTo("0.049370");
        assertThat(totals.currency).isEqualTo("USD");
        assertThat(totals.region).isEqualTo("us-east-1");
    }

    static UsageTotals totals(UsageLedger ledger, List<Task> tasks) {
        return Ledgers.clusterTotals(ledger, tasks, UsageRollupTest::meterOf, PRICES, NOW);
    }

    static Task stopped(String uid, String group, String cost) {
        Task task = UsageRollupTest.stoppedTask(uid, cost);
        task.getMetadata().setUid(uid);
        task.getStatus().group = group;
        return task;
    }

    static Task deleting(Task task) {
        task.getMetadata().setDeletionTimestamp("2026-01-01T10:59:00Z");
        return task;
    }
}
