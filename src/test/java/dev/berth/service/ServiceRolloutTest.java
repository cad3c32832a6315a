package dev.berth.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.berth.api.v1alpha1.ServiceDeployment.RolloutState;

/** Step-by-step ECS rolling updates in the TestingServices fake. */
class ServiceRolloutTest {

    @ParameterizedTest(name = "min {0} max {1}: upper {2}, lower {3}")
    @CsvSource({
            "100, 200, 12, 6",
            "50, 100, 6, 3",
            "0, 100, 6, 0",
            "100, 150, 9, 6"
    })
    void sixTaskRolloutStaysWithinBoundsAndEndsOnTheNewRevision(int min, int max, int upper, int lower) {
        TestingServices service = new TestingServices("web:1", 6).deployment(min, max);
        service.runToSteadyState(20);
        assertThat(service.healthy("web:1")).isEqualTo(6);

        service.target = "web:2";
        service.generation = 2;
        service.plan();
        assertThat(service.status.deployments).extracting(d -> d.id + " " + d.status + " " + d.taskDefinition)
                .containsExactly("ecs-svc/2 PRIMARY web:2", "ecs-svc/1 ACTIVE web:1");
        assertThat(service.status.rolloutState).isEqualTo(RolloutState.IN_PROGRESS);
        List<Long> liveCounts = new ArrayList<>();
        for (int i = 0; i < 40 && !RolloutState.COMPLETED.equals(service.status.rolloutState); i++) {
            assertThat(service.live()).as("RUNNING+PENDING at step %d", i).isLessThanOrEqualTo(upper);
            assertThat(service.healthy()).as("healthy at step %d", i).isGreaterThanOrEqualTo(lower);
            liveCounts.add(service.live());
            service.step();
        }

        assertThat(service.status.rolloutState).isEqualTo(RolloutState.COMPLETED);
        assertThat(service.healthy("web:2")).isEqualTo(6);
        assertThat(service.tasks.stream().filter(t -> !t.stopped())).hasSize(6)
                .allMatch(t -> t.taskDefinition().equals("web:2"));
        assertThat(service.status.deployments).extracting(d -> d.id).containsExactly("ecs-svc/2");
        assertThat(service.status.lastCompletedDeployment.id).isEqualTo("ecs-svc/2");
        assertThat(service.status.deployments.get(0).rolloutStateReason)
                .isEqualTo("ECS deployment ecs-svc/2 completed.");
        assertThat(service.status.runningCount).isEqualTo(6);
        assertThat(service.messages()).startsWith("(service web) has reached a steady state.",
                "(service web) (deployment ecs-svc/2) deployment completed.");
        assertThat(service.tasks.stream().filter(t -> t.taskDefinition().equals("web:1")))
                .allMatch(t -> "Scaling activity initiated by (deployment ecs-svc/2)".equals(t.stoppedReason())
                        && "ServiceSchedulerInitiated".equals(t.stopCode()));
        assertThat(liveCounts).as("the rollout used the room maximumPercent gives").contains((long) upper);
    }

    @Test
    void steadyStateIsReportedOncePerReach() {
        TestingServices service = new TestingServices("web:1", 2);
        service.runToSteadyState(20);
        service.step();
        service.step();
        assertThat(service.messages().stream().filter(m -> m.endsWith("has reached a steady state."))).hasSize(1);

        service.exit("web-1-0");
        service.runToSteadyStateAgain();
        assertThat(service.messages().stream().filter(m -> m.endsWith("has reached a steady state."))).hasSize(2);
        assertThat(service.messages().stream().filter(m -> m.endsWith("deployment completed."))).hasSize(1);
    }

    @Test
    void failingRevisionTripsTheBreakerAndRollsBackToTheCompletedRevision() {
        TestingServices service = new TestingServices("web:1", 4).circuitBreaker(true);
        service.runToSteadyState(20);
        service.failingRevisions.add("web:2");
        service.target = "web:2";
        service.plan();

        for (int i = 0; i < 60 && !"ecs-svc/3".equals(primaryId(service)); i++) {
            assertThat(service.healthy("web:1")).as("old tasks keep serving").isGreaterThanOrEqualTo(4);
            service.step();
        }
        assertThat(service.status.deployments).extracting(d -> d.id + " " + d.status + " " + d.rolloutState)
                .containsExactly("ecs-svc/3 PRIMARY IN_PROGRESS", "ecs-svc/2 ACTIVE FAILED", "ecs-svc/1 ACTIVE COMPLETED");
        // All four launched together failed in the same tick: 4 >= threshold 3.
        assertThat(service.status.deployments.get(1).failedTasks).isEqualTo(4);
        assertThat(service.status.deployments.get(1).rolloutStateReason)
                .isEqualTo("ECS deployment circuit breaker: tasks failed to start.");
        assertThat(service.status.deployments.get(0).taskDefinition).isEqualTo("web:1");
        assertThat(service.lastPlan.events()).extracting(e -> e.reason()).contains("DeploymentFailed", "Rollback");

        service.runToSteadyStateAgain();
        assertThat(service.status.deployments).extracting(d -> d.id + " " + d.taskDefinition)
                .containsExactly("ecs-svc/3 web:1");
        assertThat(service.healthy("web:1")).isEqualTo(4);
        assertThat(service.tasks.stream().filter(t -> t.taskDefinition().equals("web:2"))).allMatch(ServiceTask::stopped);
        assertThat(service.status.conditions).filteredOn(c -> c.getType().equals("Degraded")).singleElement()
                .satisfies(c -> assertThat(c.getReason()).isEqualTo("DeploymentRolledBack"));

        // The rollback kept the failed trigger: nothing re-triggers until the spec changes.
        service.step();
        assertThat(service.lastPlan.launches()).isEmpty();
        assertThat(primaryId(service)).isEqualTo("ecs-svc/3");
        service.failingRevisions.clear();
        service.spec.forceNewDeployment = "retry-1";
        service.plan();
        assertThat(primaryId(service)).isEqualTo("ecs-svc/4");
        assertThat(service.status.taskDefinition).isEqualTo("web:2");
    }

    @Test
    void breakerWithoutRollbackFailsTheDeploymentAndKeepsTheOldTasks() {
        TestingServices service = failedDeploymentWithoutRollback();
        assertThat(service.status.rolloutState).isEqualTo(RolloutState.FAILED);
        for (int i = 0; i < 5; i++) {
            service.step();
            assertThat(service.lastPlan.launches()).isEmpty();
        }
        assertThat(service.healthy("web:1")).isEqualTo(2);
        assertThat(service.status.conditions).filteredOn(c -> c.getType().equals("Degraded")).singleElement()
                .satisfies(c -> assertThat(c.getReason()).isEqualTo("DeploymentFailed"));
    }

    @Test
    void afterAFailedDeploymentWithoutRollbackDyingOldTasksAreReplaced() {
        TestingServices service = failedDeploymentWithoutRollback();
        String oldTask = service.tasks.stream().filter(t -> t.taskDefinition().equals("web:1") && t.running())
                .findFirst().orElseThrow().name();

        service.exit(oldTask);
        ServiceDecision plan = service.plan();

        assertThat(plan.launches()).singleElement()
                .satisfies(l -> assertThat(l.taskDefinition() + " " + l.deploymentId()).isEqualTo("web:1 ecs-svc/1"));
        service.step();
        service.step();
        assertThat(service.status.deployments.get(1).desiredCount).isEqualTo(2);
        assertThat(service.lastPlan.launches()).isEmpty();
    }

    @Test
    void daemonRunsOneTaskPerEligibleNodeAndFollowsTheNodes() {
        TestingServices service = daemon("node-a", "node-b", "node-c");

        ServiceDecision first = service.plan();
        assertThat(first.launches()).extracting(TaskLaunch::node).containsExactly("node-a", "node-b", "node-c");
        service.runToSteadyState(20);
        assertThat(service.status.desiredCount).isEqualTo(3);

        service.daemonNodes.remove("node-b");
        service.daemonNodes.put("node-d", "FARGATE");
        ServiceDecision plan = service.plan();
        assertThat(plan.stops()).extracting(TaskStop::taskName)
                .containsExactly(taskOn(service, "node-b"));
        assertThat(plan.launches()).extracting(TaskLaunch::node).containsExactly("node-d");
        service.runToSteadyState(20);
        assertThat(service.status.runningCount).isEqualTo(3);
    }

    @Test
    void daemonDeploymentReplacesTaskByTaskOnEachNode() {
        TestingServices service = daemon("node-a", "node-b");
        service.runToSteadyState(20);
        service.target = "web:2";

        ServiceDecision plan = service.plan();

        // ECS DAEMON defaults: minimumHealthyPercent 0, maximumPercent 100: stop first, then start on the freed node
        assertThat(plan.stops()).hasSize(2);
        assertThat(plan.launches()).extracting(l -> l.taskDefinition() + "@" + l.node())
                .containsExactly("web:2@node-a", "web:2@node-b");
        service.runToSteadyState(20);
        assertThat(service.status.rolloutState).isEqualTo(RolloutState.COMPLETED);
        assertThat(service.tasks.stream().filter(t -> !t.stopped())).extracting(ServiceTask::node)
                .containsExactlyInAnyOrder("node-a", "node-b");
    }

    @Test
    void daemonWithMinimumHealthyKeepsTasksWhileReplacing() {
        TestingServices service = daemon("node-a", "node-b");
        service.deployment(50, 100);
        service.runToSteadyState(20);
        service.target = "web:2";

        ServiceDecision plan = service.plan();

        assertThat(plan.stops()).hasSize(1);
        assertThat(plan.launches()).hasSize(1);
        service.runToSteadyState(30);
        assertThat(service.healthy("web:2")).isEqualTo(2);
    }

    /** web:1 x2 steady, then web:2 (which cannot start) until the breaker fails it; no rollback. */
    private static TestingServices failedDeploymentWithoutRollback() {
        TestingServices service = new TestingServices("web:1", 2).circuitBreaker(false);
        service.runToSteadyState(20);
        service.failingRevisions.add("web:2");
        service.target = "web:2";
        for (int i = 0; i < 60 && !RolloutState.FAILED.equals(service.status.rolloutState); i++) {
            service.step();
        }
        return service;
    }

    private static TestingServices daemon(String... nodes) {
        TestingServices service = new TestingServices("web:1", 0);
        service.spec.desiredCount = null;
        service.spec.schedulingStrategy = dev.berth.api.v1alpha1.ServiceSpec.SchedulingStrategy.DAEMON;
        for (String node : nodes) {
            service.daemonNodes.put(node, "FARGATE");
        }
        return service;
    }

    private static String taskOn(TestingServices service, String node) {
        return service.tasks.stream().filter(t -> node.equals(t.node()) && !t.stopped()).findFirst().orElseThrow()
                .name();
    }

    private static String primaryId(TestingServices service) {
        return service.status.deployments.get(0).id;
    }
}
