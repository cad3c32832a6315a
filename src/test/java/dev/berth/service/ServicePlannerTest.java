package dev.berth.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.berth.api.v1alpha1.CapacityProviderStrategyItem;
import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.ServiceDeployment.DeploymentStatus;
import dev.berth.api.v1alpha1.ServiceDeployment.RolloutState;
import io.fabric8.kubernetes.api.model.Condition;

/** Single plans on crafted observations: what the ECS scheduler starts, stops and reports. */
class ServicePlannerTest {

    static final String UNABLE = "(service web) was unable to stop or start tasks during a deployment because of the"
            + " service deployment configuration. Update the minimumHealthyPercent or maximumPercent value and try"
            + " again.";

    @ParameterizedTest(name = "desired {0}, min {1}%, max {2}%: stop {3}, start {4}")
    @CsvSource({
            "4, 50, 100, 2, 2, false",
            "4, 50, 200, 2, 4, false",
            "2, 75, 100, 0, 0, true",
            "3, 100, 125, 0, 0, true",
            "4, 100, 200, 0, 4, false",
            "6, 0, 100, 6, 6, false",
            "6, 100, 150, 0, 3, false",
            "5, 100, 110, 0, 0, true",
            "5, 90, 110, 0, 0, true",
            "10, 90, 110, 1, 2, false"
    })
    void firstStepOfARolloutFollowsTheEcsRounding(int desired, int min, int max, int stops, int launches,
            boolean unable) {
        TestingServices service = new TestingServices("web:1", desired).deployment(min, max);
        service.runToSteadyState(20);
        service.target = "web:2";

        ServiceDecision plan = service.plan();

        assertThat(plan.stops()).hasSize(stops);
        assertThat(plan.launches()).hasSize(launches).allMatch(l -> l.taskDefinition().equals("web:2"))
                .allMatch(l -> l.deploymentId().equals("ecs-svc/2"));
        assertThat(service.messages().contains(UNABLE)).isEqualTo(unable);
        assertThat(condition(service, "Degraded").getReason())
                .isEqualTo(unable ? "UnableToStartOrStopTasks" : "AsExpected");
        if (unable) {
            service.step();
            service.step();
            assertThat(service.messages().stream().filter(UNABLE::equals)).as("reported once").hasSize(1);
        }
    }

    @Test
    void scaleInStopsPendingThenUnhealthyThenNewest() {
        TestingServices service = new TestingServices("web:1", 4);
        service.runToSteadyState(20);
        service.spec.desiredCount = 5;
        service.plan();
        service.tick(TestingServices.TICK);
        service.tick(TestingServices.TICK);
        service.spec.desiredCount = 6;
        service.plan();
        assertThat(service.task("web-1-4").running()).isTrue();
        assertThat(service.task("web-1-5").pending()).isTrue();

        service.spec.desiredCount = 2;
        ServiceDecision plan = service.plan();

        assertThat(plan.stops()).extracting(TaskStop::taskName).containsExactly("web-1-5", "web-1-4", "web-1-3", "web-1-2");
        assertThat(plan.stops()).allMatch(s -> s.stopCode().equals("ServiceSchedulerInitiated")
                && s.stoppedReason().equals("Scaling activity initiated by (deployment ecs-svc/1)"));
        assertThat(plan.launches()).isEmpty();
        assertThat(service.messages().get(0))
                .isEqualTo(
                        "(service web) has stopped 4 running tasks: (task web-1-5) (task web-1-4) (task web-1-3) (task web-1-2).");
        assertThat(service.status.deployments).extracting(d -> d.id).containsExactly("ecs-svc/1");
        assertThat(service.status.desiredCount).isEqualTo(2);
    }

    @Test
    void desiredCountChangeAloneStartsNoDeployment() {
        TestingServices service = new TestingServices("web:1", 2);
        service.runToSteadyState(20);
        service.spec.desiredCount = 4;

        ServiceDecision plan = service.plan();

        assertThat(plan.launches()).hasSize(2).allMatch(l -> l.deploymentId().equals("ecs-svc/1"));
        assertThat(service.status.deployments).singleElement()
                .satisfies(d -> assertThat(d.desiredCount).isEqualTo(4));
    }

    @Test
    void forceNewDeploymentStartsTheNextIdWithTheSameRevision() {
        TestingServices service = new TestingServices("web:1", 2);
        service.runToSteadyState(20);
        service.spec.forceNewDeployment = "2026-01-01";

        ServiceDecision plan = service.plan();

        assertThat(service.status.deployments).extracting(d -> d.id + " " + d.trigger)
                .containsExactly("ecs-svc/2 web:1|2026-01-01", "ecs-svc/1 web:1|");
        assertThat(plan.launches()).hasSize(2).allMatch(l -> l.deploymentId().equals("ecs-svc/2"));
    }

    @Test
    void stoppedTaskIsReplaced() {
        TestingServices service = new TestingServices("web:1", 3);
        service.runToSteadyState(20);
        service.exit("web-1-1");

        ServiceDecision plan = service.plan();

        assertThat(plan.launches()).as("the stopped task still holds its name")
                .containsExactly(new TaskLaunch("ecs-svc/1", "web:1", "FARGATE", null, "web-1-3"));
        assertThat(plan.stops()).isEmpty();
        assertThat(service.status.runningCount).isEqualTo(2);
        assertThat(service.messages().get(0)).isEqualTo("(service web) has started 1 tasks: (task web-1-3).");
        assertThat(service.plan().launches()).isEmpty();
        assertThat(service.status.pendingCount).as("the status counts what it observed").isEqualTo(1);
        assertThat(condition(service, "Available").getStatus()).isEqualTo("False");
        service.runToSteadyStateAgain();
        assertThat(service.healthy("web:1")).isEqualTo(3);
    }

    @Test
    void planningTwiceLaunchesOnce() {
        TestingServices service = new TestingServices("web:1", 3);
        ServiceObservation first = service.observe();

        assertThat(ServicePlanner.plan(first)).usingRecursiveComparison().isEqualTo(ServicePlanner.plan(first));
        assertThat(service.plan().launches()).hasSize(3);
        assertThat(service.tasks).allMatch(t -> t.lastStatus() == LastStatus.PROVISIONING);
        assertThat(service.plan().launches()).isEmpty();
        assertThat(service.plan().launches()).isEmpty();
        assertThat(service.tasks).hasSize(3);
        assertThat(service.status.deployments).extracting(d -> d.id).containsExactly("ecs-svc/1");
        assertThat(service.status.pendingCount).isEqualTo(3);
    }

    /**
     * The status is lost mid-rollout (an operator killed between its launches and its status write loses just the
     * newest deployment): the tasks already launched for web:2 are adopted into their deployment, ecs-svc/2, instead
     * of a new deployment launching a second set of web:2 tasks (found by OperatorKillChaosIT: 6 extra tasks).
     */
    @Test
    void lostStatusAdoptsTheLaunchesOfItsNewestDeploymentAndKeepsTheBounds() {
        TestingServices service = new TestingServices("web:1", 4);
        service.runToSteadyState(20);
        service.target = "web:2";
        service.plan();
        service.step();
        long launchedForWeb2 = service.tasks.stream().filter(t -> t.deploymentId().equals("ecs-svc/2")).count();
        service.status = null;

        ServiceDecision plan = service.plan();

        assertThat(launchedForWeb2).isPositive();
        assertThat(service.status.deployments).extracting(d -> d.id).containsExactly("ecs-svc/2");
        assertThat(plan.launches()).allMatch(l -> l.deploymentId().equals("ecs-svc/2"));
        assertThat(service.tasks.stream().filter(t -> t.deploymentId().equals("ecs-svc/2")).count() + plan.launches().size())
                .as("no second set of web:2 tasks").isLessThanOrEqualTo(4 + launchedForWeb2);
        assertThat(service.live()).isLessThanOrEqualTo(8);
        assertThat(service.healthy()).isGreaterThanOrEqualTo(4);
    }

    @Test
    void newServiceStartsEcsSvc1InProgress() {
        TestingServices service = new TestingServices("web:1", 2);

        ServiceDecision plan = service.plan();

        assertThat(plan.launches()).hasSize(2);
        assertThat(service.status.deployments).singleElement().satisfies(d -> {
            assertThat(d.id).isEqualTo("ecs-svc/1");
            assertThat(d.status).isEqualTo(DeploymentStatus.PRIMARY);
            assertThat(d.rolloutState).isEqualTo(RolloutState.IN_PROGRESS);
            assertThat(d.rolloutStateReason).isEqualTo("ECS deployment ecs-svc/1 in progress.");
            assertThat(d.createdAt).isEqualTo("2026-01-01T00:00:00Z");
        });
        assertThat(service.status.status).isEqualTo("ACTIVE");
        assertThat(service.status.observedGeneration).isEqualTo(1L);
        assertThat(condition(service, "Progressing").getStatus()).isEqualTo("True");
        assertThat(condition(service, "Available").getStatus()).isEqualTo("False");
        assertThat(service.messages()).containsExactly("(service web) has started 2 tasks: (task web-1-0) (task web-1-1).");
    }

    @Test
    void unresolvedTaskDefinitionStopsNothingAndIsReportedOnce() {
        TestingServices service = new TestingServices("web:1", 2);
        service.runToSteadyState(20);
        service.spec.taskDefinition = "web:9";
        service.target = null;

        ServiceDecision plan = service.plan();
        service.step();

        assertThat(plan.launches()).isEmpty();
        assertThat(plan.stops()).isEmpty();
        assertThat(service.status.deployments).extracting(d -> d.id).containsExactly("ecs-svc/1");
        assertThat(condition(service, "Degraded").getReason()).isEqualTo("TaskDefinitionNotFound");
        assertThat(condition(service, "Available").getStatus()).isEqualTo("True");
        assertThat(service.messages().stream().filter(m -> m.contains("failed to resolve task definition web:9")))
                .hasSize(1);
    }

    @Test
    void unknownCapacityProviderBlocksLaunches() {
        TestingServices service = new TestingServices("web:1", 2);
        service.spec.capacityProviderStrategy = List.of(new CapacityProviderStrategyItem("FARGATE_SPOT", 1, 0));
        service.capacityProviders = Set.of("FARGATE");

        ServiceDecision plan = service.plan();

        assertThat(plan.launches()).isEmpty();
        assertThat(condition(service, "Degraded").getReason()).isEqualTo("CapacityProviderNotFound");
        assertThat(plan.events()).extracting(e -> e.type() + " " + e.reason())
                .contains("Warning CapacityProviderNotFound");
    }

    @Test
    void placementBerthCannotExpressBlocksLaunchesWithAMessage() {
        TestingServices service = new TestingServices("web:1", 2);
        service.spec.placementConstraints = List.of(new dev.berth.api.v1alpha1.PlacementConstraint(
                dev.berth.api.v1alpha1.PlacementConstraint.Type.memberOf, "task:group == a or attribute:b exists"));

        ServiceDecision plan = service.plan();

        assertThat(plan.launches()).isEmpty();
        assertThat(condition(service, "Degraded").getReason()).isEqualTo("InvalidPlacement");
        assertThat(condition(service, "Degraded").getMessage()).contains("cannot be combined with 'or'");
    }

    @Test
    void tasksAreSplitOverTheCapacityProviderStrategy() {
        TestingServices service = new TestingServices("web:1", 10);
        service.spec.capacityProviderStrategy = CapacitySplitterTest.BASE_2_THEN_1_TO_3;

        ServiceDecision plan = service.plan();
        service.runToSteadyState(20);

        assertThat(plan.launches()).filteredOn(l -> l.capacityProvider().equals("FARGATE")).hasSize(4);
        assertThat(service.status.capacityProviderTasks).isEqualTo(Map.of("FARGATE", 4, "FARGATE_SPOT", 6));
    }

    @Test
    void unhealthyTaskIsStoppedAndReplaced() {
        TestingServices service = new TestingServices("web:1", 2);
        service.healthCheck = true;
        service.plan();
        service.tick(TestingServices.TICK);
        service.tick(TestingServices.TICK);
        service.health("web-1-0", "HEALTHY");
        service.health("web-1-1", "HEALTHY");
        service.runToSteadyState(5);
        service.health("web-1-0", "UNHEALTHY");

        ServiceDecision plan = service.plan();

        assertThat(plan.stops()).containsExactly(
                new TaskStop("web-1-0", "ServiceSchedulerInitiated", "Task failed container health checks"));
        assertThat(plan.launches()).hasSize(1);
        assertThat(service.messages()).contains("(service web) (task web-1-0) failed container health checks.");
    }

    @Test
    void unhealthyTaskInGracePeriodIsKept() {
        TestingServices service = new TestingServices("web:1", 1);
        service.healthCheck = true;
        service.spec.healthCheckGracePeriodSeconds = 120;
        service.plan();
        service.tick(TestingServices.TICK);
        service.tick(TestingServices.TICK);
        service.health("web-1-0", "UNHEALTHY");

        ServiceDecision plan = service.plan();

        assertThat(plan.stops()).isEmpty();
        assertThat(plan.recheckAfter()).contains(Duration.ofSeconds(40));
        service.tick(Duration.ofSeconds(40));
        service.plan();
        assertThat(service.status.rolloutState).as("healthy once it ran 40 s in its grace period")
                .isEqualTo(RolloutState.COMPLETED);
        service.tick(Duration.ofSeconds(80));
        assertThat(service.plan().stops()).extracting(TaskStop::stoppedReason)
                .containsExactly("Task failed container health checks");
    }

    @Test
    void throttleBacksOffAfterConsecutiveStartFailures() {
        TestingServices service = new TestingServices("web:1", 1);
        service.failingRevisions.add("web:1");
        List<Long> launchSeconds = new ArrayList<>();
        Optional<Duration> recheckAfterSecondFailure = Optional.empty();
        for (int i = 0; i <= 50; i++) {
            ServiceDecision plan = service.plan();
            long at = Duration.between(TestingServices.T0, service.now).toSeconds();
            if (!plan.launches().isEmpty()) {
                launchSeconds.add(at);
            }
            if (at == 20) {
                recheckAfterSecondFailure = plan.recheckAfter();
            }
            service.tick(Duration.ofSeconds(5));
        }

        assertThat(launchSeconds).containsExactly(0L, 10L, 30L, 60L, 110L, 200L);
        assertThat(recheckAfterSecondFailure).contains(Duration.ofSeconds(10));
        assertThat(service.messages().stream()
                .filter("(service web) is unable to consistently start tasks successfully."::equals)).hasSize(1);

        service.failingRevisions.clear();
        service.target = "web:2";
        assertThat(service.plan().launches()).as("a new deployment is not throttled").hasSize(1);
    }

    @ParameterizedTest(name = "{0} failures -> wait {1} s")
    @CsvSource({ "0, 0", "1, 0", "2, 10", "3, 20", "4, 40", "5, 80", "6, 160", "7, 320", "8, 640", "9, 900",
            "40, 900" })
    void throttleDelayDoublesUpTo15Minutes(int failures, long seconds) {
        assertThat(LaunchThrottle.delay(failures)).isEqualTo(Duration.ofSeconds(seconds));
    }

    @Test
    void deletingDrainsEveryTask() {
        TestingServices service = new TestingServices("web:1", 3);
        service.runToSteadyState(20);
        service.deleting = true;

        ServiceDecision plan = service.plan();

        assertThat(plan.stops()).extracting(TaskStop::taskName).containsExactlyInAnyOrder("web-1-0", "web-1-1", "web-1-2");
        assertThat(plan.stops()).allMatch(s -> s.stopCode().equals("ServiceSchedulerInitiated"));
        assertThat(plan.launches()).isEmpty();
        assertThat(service.status.status).isEqualTo("DRAINING");
        assertThat(service.status.desiredCount).isZero();
        service.step();
        assertThat(service.lastPlan.stops()).isEmpty();
        assertThat(service.lastPlan.launches()).isEmpty();
        assertThat(service.tasks).allMatch(ServiceTask::stopped);
        assertThat(service.status.runningCount).isZero();
    }

    @Test
    void eventsKeepTheNewest100NewestFirstWithStableIds() {
        var events = ServiceEvents.record(null, List.of("a", "b"), Instant.parse("2026-01-01T00:00:00Z"));
        for (int i = 0; i < 120; i++) {
            events = ServiceEvents.record(events, List.of("m" + i), Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i));
        }

        assertThat(events).hasSize(100);
        assertThat(events.get(0).message).isEqualTo("m119");
        assertThat(events.get(99).message).isEqualTo("m20");
        assertThat(events.get(0).id).isEqualTo(ServiceEvents.id("m119", "2026-01-01T00:01:59Z"));
        assertThat(ServiceEvents.record(null, List.of("a", "b"), Instant.parse("2026-01-01T00:00:00Z")))
                .extracting(e -> e.message).containsExactly("b", "a");
    }

    private static Condition condition(TestingServices service, String type) {
        return service.status.conditions.stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
    }
}
