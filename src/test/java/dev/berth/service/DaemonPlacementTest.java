package dev.berth.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.ServiceDeployment;
import dev.berth.api.v1alpha1.TaskSpec.DesiredStatus;

/** One task per eligible node, and the scale-in ranking it keeps by. */
class DaemonPlacementTest {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    final TaskHealth health = new TaskHealth(T0.plusSeconds(600), Duration.ofSeconds(40), Duration.ZERO);

    @Test
    void tasksOffEligibleNodesAndSecondTasksOnANodeStopTheHealthyOneStays() {
        ServiceTask healthyOnA = running("a-old", "node-a", T0);
        ServiceTask pendingOnA = pending("a-new", "node-a");
        ServiceTask onGone = running("gone", "node-x", T0);
        List<ServiceTask> keepFirst = List.of(healthyOnA, pendingOnA, onGone).stream()
                .sorted(StopOrder.of(health).reversed()).toList();

        List<ServiceTask> surplus = DaemonPlacement.surplus(keepFirst, Map.of("node-a", "FARGATE"), t -> true);

        assertThat(surplus).extracting(ServiceTask::name).containsExactlyInAnyOrder("a-new", "gone");
    }

    @Test
    void launchesGoToFreeNodesInNameOrderUpToTheCount() {
        ServiceDeployment primary = Deployments.start("ecs-svc/1", "web:1", "web:1|", T0);
        List<TaskLaunch> launches = DaemonPlacement.launches(primary, List.of(running("b", "node-b", T0)),
                Map.of("node-c", "spot", "node-a", "FARGATE", "node-b", "FARGATE", "node-d", "FARGATE"), 2);

        assertThat(launches).containsExactly(new TaskLaunch("ecs-svc/1", "web:1", "FARGATE", "node-a"),
                new TaskLaunch("ecs-svc/1", "web:1", "spot", "node-c"));
    }

    @Test
    void theStopOrderIsPendingThenUnhealthyThenHealthyNewestFirst() {
        ServiceTask healthyOld = running("h-old", "n", T0);
        ServiceTask healthyNew = running("h-new", "n", T0.plusSeconds(10));
        ServiceTask young = running("young", "n", T0.plusSeconds(590));
        ServiceTask pending = pending("p", "n");

        assertThat(List.of(healthyOld, young, healthyNew, pending).stream().sorted(StopOrder.of(health)))
                .extracting(ServiceTask::name).containsExactly("p", "young", "h-new", "h-old");
    }

    private static ServiceTask running(String name, String node, Instant startedAt) {
        return new ServiceTask(name, "ecs-svc/1", "web:1", LastStatus.RUNNING, DesiredStatus.RUNNING, "UNKNOWN", false,
                startedAt, startedAt,
                null, null, null, "FARGATE", node);
    }

    private static ServiceTask pending(String name, String node) {
        return new ServiceTask(name, "ecs-svc/1", "web:1", LastStatus.PENDING, DesiredStatus.RUNNING, "UNKNOWN", false,
                T0.plusSeconds(599), null,
                null, null, null, "FARGATE", node);
    }
}
