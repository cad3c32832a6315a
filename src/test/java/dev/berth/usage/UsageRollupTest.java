package dev.berth.usage;

import static dev.berth.usage.TestingTaskStatus.stopped;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskSpec;
import dev.berth.api.v1alpha1.TaskStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

/** Sums per namespace, cluster, service, family and capacity provider: nothing lost, nothing counted twice. */
class UsageRollupTest {

    static final Instant NOW = Instant.parse("2026-01-01T11:00:00Z");
    static final PriceTable PRICES = TestingPrices.usEast1();

    static final UsageKey WEB = new UsageKey("team-a", "default", "web", "web", "FARGATE");
    static final UsageKey BATCH = new UsageKey("team-a", "default", "", "report", "FARGATE_SPOT");

    @Test
    void runningTasksAreGroupedWithTheirReservationBurnRateAndCostSoFar() {
        List<Task> tasks = List.of(running("web-1", "service:web", "web:1", "FARGATE", "2026-01-01T10:00:00Z"),
                running("web-2", "service:web", "web:2", "FARGATE", "2026-01-01T10:30:00Z"),
                running("report-1", null, "report:4", "FARGATE_SPOT", "2026-01-01T10:00:00Z"));

        Map<UsageKey, UsageRollup.Running> running = UsageRollup.running(tasks, UsageRollupTest::meterOf, PRICES, NOW);

        assertThat(running).containsOnlyKeys(WEB, BATCH);
        UsageRollup.Running web = running.get(WEB);
        assertThat(web.tasks()).isEqualTo(2);
        assertThat(web.vcpus()).isEqualByComparingTo("2");
        assertThat(web.memoryGB()).isEqualByComparingTo("4");
        // per task 0.04048 + 2 x 0.004445 = 0.04937 an hour; one ran 1 h, the other 30 min
        assertThat(web.costPerHour()).isEqualByComparingTo("0.09874");
        assertThat(web.cost()).isEqualByComparingTo("0.074055");
        assertThat(running.get(BATCH).costPerHour()).isEqualByComparingTo("0.014811");
    }

    @Test
    void stoppedTasksCountWithTheirRecordedUsageAndRunningOnesDoNot() {
        Task stoppedTask = stoppedTask("web-0", "0.500000");
        List<Task> tasks = List.of(stoppedTask, running("web-1", "service:web", "web:1", "FARGATE", "2026-01-01T10:00:00Z"),
                notStarted("web-9"));

        Map<UsageKey, UsageRollup.Stopped> stoppedGroups = UsageRollup.stopped(tasks);
        Map<UsageKey, UsageRollup.Running> running = UsageRollup.running(tasks, UsageRollupTest::meterOf, PRICES, NOW);

        assertThat(stoppedGroups).containsOnlyKeys(WEB);
        assertThat(stoppedGroups.get(WEB).tasks()).isEqualTo(1);
        assertThat(stoppedGroups.get(WEB).cost()).isEqualByComparingTo("0.5");
        assertThat(running.get(WEB).tasks()).as("the stopped task and the one without a Pod are not running").isEqualTo(1);
    }

    @Test
    void rollingUpAgainOrInAnotherOrderGivesTheSameTotals() {
        List<Task> tasks = new ArrayList<>(List.of(stoppedTask("web-0", "0.100001"), stoppedTask("web-1", "0.200002"),
                running("web-2", "service:web", "web:1", "FARGATE", "2026-01-01T10:00:00Z")));

        var first = UsageRollup.stopped(tasks);
        var firstRunning = UsageRollup.running(tasks, UsageRollupTest::meterOf, PRICES, NOW);
        Collections.reverse(tasks);

        assertThat(UsageRollup.stopped(tasks)).isEqualTo(first);
        assertThat(UsageRollup.running(tasks, UsageRollupTest::meterOf, PRICES, NOW)).isEqualTo(firstRunning);
        assertThat(first.get(WEB).cost()).isEqualByComparingTo("0.300003");
    }

    static MeteredTask meterOf(Task task) {
        return MeteredTask.of(task.getStatus(), null, "FARGATE_SPOT".equals(task.getStatus().capacityProviderName));
    }

    static Task running(String name, String group, String taskDefinition, String provider, String pulled) {
        TaskStatus status = stopped("1024", "2048", pulled, null);
        status.lastStatus = LastStatus.RUNNING;
        status.group = group;
        status.taskDefinition = taskDefinition;
        status.capacityProviderName = provider;
        return task(name, status);
    }

    static Task stoppedTask(String name, String cost) {
        Task task = running(name, "service:web", "web:1", "FARGATE", "2026-01-01T10:00:00Z");
        task.getStatus().lastStatus = LastStatus.STOPPED;
        task.getStatus().stoppedAt = "2026-01-01T10:10:00Z";
        FinalUsage.stamp(task.getStatus(), null, () -> false, PRICES);
        task.getStatus().usage.cost = cost;
        return task;
    }

    static Task notStarted(String name) {
        Task task = running(name, "service:web", "web:1", "FARGATE", null);
        task.getStatus().podName = null;
        task.getStatus().lastStatus = LastStatus.PROVISIONING;
        return task;
    }

    static Task task(String name, TaskStatus status) {
        Task task = new Task();
        task.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("team-a").build());
        task.setSpec(new TaskSpec());
        task.getSpec().cluster = "default";
        task.setStatus(status);
        return task;
    }
}
