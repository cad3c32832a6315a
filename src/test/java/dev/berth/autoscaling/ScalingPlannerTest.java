package dev.berth.autoscaling;

import static dev.berth.autoscaling.TestingAutoScaling.CPU;
import static dev.berth.autoscaling.TestingAutoScaling.MAX_AGE;
import static dev.berth.autoscaling.TestingAutoScaling.MEMORY;
import static dev.berth.autoscaling.TestingAutoScaling.T0;
import static dev.berth.autoscaling.TestingAutoScaling.adjust;
import static dev.berth.autoscaling.TestingAutoScaling.cpu;
import static dev.berth.autoscaling.TestingAutoScaling.input;
import static dev.berth.autoscaling.TestingAutoScaling.memory;
import static dev.berth.autoscaling.TestingAutoScaling.prometheus;
import static dev.berth.autoscaling.TestingAutoScaling.range;
import static dev.berth.autoscaling.TestingAutoScaling.sampledAt;
import static dev.berth.autoscaling.TestingAutoScaling.scheduled;
import static dev.berth.autoscaling.TestingAutoScaling.step;
import static dev.berth.autoscaling.TestingAutoScaling.tasksAt;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.berth.api.v1alpha1.ServiceAutoScaling;
import dev.berth.api.v1alpha1.ServiceAutoScaling.AdjustmentType;
import dev.berth.api.v1alpha1.ServiceAutoScaling.ComparisonOperator;
import dev.berth.api.v1alpha1.ServiceAutoScaling.CooldownProfile;
import dev.berth.api.v1alpha1.ServiceAutoScaling.Statistic;
import dev.berth.api.v1alpha1.ServiceAutoScalingStatus;
import dev.berth.autoscaling.MetricSample.Unavailable;
import dev.berth.events.BerthEvent;
import dev.berth.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;

class ScalingPlannerTest {

    static final MetricSpec QUEUE = new MetricSpec(MetricSpec.Source.PROMETHEUS, "sum(queue)", Statistic.Sum);

    static ServiceAutoScaling cpuAndMemory(boolean memoryScaleIn) {
        ServiceAutoScaling spec = range(1, 20);
        spec.targetTrackingScalingPolicies.add(cpu("cpu", 50));
        var mem = memory("mem", 50);
        mem.disableScaleIn = !memoryScaleIn;
        spec.targetTrackingScalingPolicies.add(mem);
        return spec;
    }

    @ParameterizedTest(name = "4 tasks, cpu {0} %, memory {1} % -> {2}")
    @CsvSource({
            // scale out if any policy asks, the largest count wins
            "100, 10, 8",
            "10, 100, 8",
            "100, 75, 8",
            "75, 100, 8",
            "60, 75, 6",
            // scale in only if all agree, the largest of their counts wins
            "10, 10, 1",
            "10, 20, 2",
            "20, 10, 2",
            // one at target vetoes the other's scale-in
            "10, 50, 4",
            "50, 10, 4" })
    void policiesCombineAsApplicationAutoScaling(double cpu, double memory, int desired) {
        var plan = ScalingPlanner.plan(input(cpuAndMemory(true), 4, Map.of(CPU, tasksAt(4, cpu), MEMORY, tasksAt(4, memory)),
                null, T0));
        assertThat(plan.desired()).isEqualTo(desired);
        assertThat(plan.scale()).isEqualTo(desired != 4);
    }

    @Test
    void aPolicyWithScaleInDisabledHasNoSayInScaleIn() {
        var plan = ScalingPlanner.plan(input(cpuAndMemory(false), 4, Map.of(CPU, tasksAt(4, 10), MEMORY, tasksAt(4, 10)),
                null, T0));
        assertThat(plan.desired()).isEqualTo(1);
        assertThat(plan.status().policies).extracting(p -> p.proposal).containsExactly("ScaleIn", "Abstain");
    }

    @Test
    void missingMetricsNeverScaleInAndSayWhy() {
        ServiceAutoScaling spec = cpuAndMemory(true);
        var plan = ScalingPlanner.plan(input(spec, 4,
                Map.of(CPU, tasksAt(4, 10), MEMORY, tasksAt(4, 10, 3600)), null, T0));
        assertThat(plan.desired()).isEqualTo(4);
        assertThat(plan.scale()).isFalse();
        Condition active = Conditions.find(plan.status().conditions, ScalingPlanner.SCALING_ACTIVE).orElseThrow();
        assertThat(active.getStatus()).isEqualTo("False");
        assertThat(active.getReason()).isEqualTo("FailedGetResourceMetric");
        assertThat(active.getMessage()).contains("policy mem").contains("stale");
        assertThat(plan.events()).extracting(BerthEvent::type, BerthEvent::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(BerthEvent.Type.Warning, "FailedGetResourceMetric"));

        // the same outage at the next evaluation: no second Warning event
        var again = ScalingPlanner.plan(input(spec, 4,
                Map.of(CPU, tasksAt(4, 10), MEMORY, tasksAt(4, 10, 3600)), plan.status(), T0.plusSeconds(15)));
        assertThat(again.events()).isEmpty();
    }

    @Test
    void aMetricsOutageNeverScalesToZeroOrToTheMinimum() {
        ServiceAutoScaling spec = range(0, 10);
        spec.targetTrackingScalingPolicies.add(prometheus("queue", "sum(queue)", Statistic.Sum, 10));
        var plan = ScalingPlanner.plan(input(spec, 6,
                Map.of(QUEUE, new Unavailable("FailedGetPrometheusMetric", "the query returned no series")), null, T0));
        assertThat(plan.desired()).isEqualTo(6);
        assertThat(plan.events()).extracting(BerthEvent::reason).containsExactly("FailedGetPrometheusMetric");
    }

    @Test
    void anotherPolicyStillScalesOutWhileOneMetricIsMissing() {
        var plan = ScalingPlanner.plan(input(cpuAndMemory(true), 4,
                Map.of(CPU, tasksAt(4, 100), MEMORY, new Unavailable("FailedGetResourceMetric", "down")), null, T0));
        assertThat(plan.desired()).isEqualTo(8);
    }

    @ParameterizedTest(name = "{0} s after a scale-out -> {1}")
    @CsvSource({ "0, 4", "299, 4", "300, 8", "301, 8" })
    void scaleOutCooldownCountsFromTheLastScaleOut(long seconds, int desired) {
        ServiceAutoScaling spec = range(1, 20);
        spec.targetTrackingScalingPolicies.add(cpu("cpu", 50));
        var plan = ScalingPlanner.plan(input(spec, 4, Map.of(CPU, sampledAt(4, 100, T0.plusSeconds(seconds))),
                scaledAt(T0, true), T0.plusSeconds(seconds)));
        assertThat(plan.desired()).isEqualTo(desired);
        if (desired == 4) {
            assertThat(plan.status().policies.get(0).proposal).isEqualTo("Hold");
            assertThat(plan.status().policies.get(0).message).contains("scale-out cooldown until 2026-03-02T10:05:00Z");
            assertThat(Conditions.find(plan.status().conditions, ScalingPlanner.ABLE_TO_SCALE).orElseThrow().getReason())
                    .isEqualTo("Cooldown");
        }
    }

    @ParameterizedTest(name = "{0} s after a {1} -> {2}")
    @CsvSource({ "59, true, 4", "60, true, 1", "59, false, 4", "60, false, 1" })
    void scaleInCooldownCountsFromAnyScalingActivity(long seconds, boolean lastWasOut, int desired) {
        ServiceAutoScaling spec = range(1, 20);
        var p = cpu("cpu", 50);
        p.scaleInCooldown = 60;
        spec.targetTrackingScalingPolicies.add(p);
        var plan = ScalingPlanner.plan(input(spec, 4, Map.of(CPU, sampledAt(4, 5, T0.plusSeconds(seconds))),
                scaledAt(T0, lastWasOut), T0.plusSeconds(seconds)));
        assertThat(plan.desired()).isEqualTo(desired);
    }

    @Test
    void aScaleInDoesNotDelayAScaleOut() {
        ServiceAutoScaling spec = range(1, 20);
        spec.targetTrackingScalingPolicies.add(cpu("cpu", 50));
        var plan = ScalingPlanner.plan(input(spec, 2, Map.of(CPU, tasksAt(2, 100)), scaledAt(T0, false), T0.plusSeconds(1)));
        assertThat(plan.desired()).isEqualTo(4);
    }

    @ParameterizedTest(name = "{0}: out {1} s, in {2} s")
    @CsvSource({ "ECS, 300, 300", "Responsive, 15, 60" })
    void cooldownProfiles(CooldownProfile profile, long out, long in) {
        ScalingPlanner.Cooldowns c = ScalingPlanner.Cooldowns.of(profile);
        assertThat(c.scaleOut().toSeconds()).isEqualTo(out);
        assertThat(c.scaleIn().toSeconds()).isEqualTo(in);
        ServiceAutoScaling spec = range(1, 20);
        spec.cooldownProfile = profile;
        spec.targetTrackingScalingPolicies.add(cpu("cpu", 50));
        var cooling = ScalingPlanner.plan(input(spec, 4, Map.of(CPU, sampledAt(4, 100, T0.plusSeconds(out - 1))),
                scaledAt(T0, true), T0.plusSeconds(out - 1)));
        var ready = ScalingPlanner.plan(input(spec, 4, Map.of(CPU, sampledAt(4, 100, T0.plusSeconds(out))),
                scaledAt(T0, true), T0.plusSeconds(out)));
        assertThat(cooling.scale()).isFalse();
        assertThat(ready.scale()).isTrue();
    }

    @Test
    void scaleInWaitsForAnInProgressDeploymentButScaleOutDoesNot() {
        ServiceAutoScaling spec = range(1, 20);
        spec.targetTrackingScalingPolicies.add(cpu("cpu", 50));
        var in = ScalingPlanner
                .plan(new ScalingPlanner.Input(spec, 4, true, Map.of(CPU, tasksAt(4, 5)), null, 1L, T0, MAX_AGE));
        assertThat(in.desired()).isEqualTo(4);
        Condition able = Conditions.find(in.status().conditions, ScalingPlanner.ABLE_TO_SCALE).orElseThrow();
        assertThat(able.getStatus()).isEqualTo("False");
        assertThat(able.getReason()).isEqualTo("DeploymentInProgress");
        var out = ScalingPlanner.plan(new ScalingPlanner.Input(spec, 4, true, Map.of(CPU, tasksAt(4, 100)), null, 1L, T0,
                MAX_AGE));
        assertThat(out.desired()).isEqualTo(8);
    }

    @ParameterizedTest(name = "cpu {0} % on {1} tasks, range [2, 6] -> {2} ({3})")
    @CsvSource({ "100, 4, 6, TooManyTasks", "1, 4, 2, TooFewTasks", "50, 1, 2, TooFewTasks", "50, 9, 6, TooManyTasks",
            "50, 4, 4, DesiredWithinRange" })
    void theResultIsClampedToTheRange(double cpu, int current, int desired, String limited) {
        ServiceAutoScaling spec = range(2, 6);
        spec.targetTrackingScalingPolicies.add(cpu("cpu", 50));
        var plan = ScalingPlanner.plan(input(spec, current, Map.of(CPU, tasksAt(current, cpu)), null, T0));
        assertThat(plan.desired()).isEqualTo(desired);
        assertThat(Conditions.find(plan.status().conditions, ScalingPlanner.SCALING_LIMITED).orElseThrow().getReason())
                .isEqualTo(limited);
    }

    @Test
    void theRangeAppliesEvenWithoutMetrics() {
        ServiceAutoScaling spec = range(3, 6);
        spec.targetTrackingScalingPolicies.add(cpu("cpu", 50));
        var plan = ScalingPlanner.plan(input(spec, 1, Map.of(CPU, new Unavailable("FailedGetResourceMetric", "down")), null,
                T0));
        assertThat(plan.desired()).isEqualTo(3);
        assertThat(plan.reason()).isEqualTo("held at minCapacity 3");
    }

    @Test
    void suspendedDirectionsDoNotScale() {
        ServiceAutoScaling spec = range(1, 20);
        spec.targetTrackingScalingPolicies.add(cpu("cpu", 50));
        spec.suspendedState = new ServiceAutoScaling.SuspendedState();
        spec.suspendedState.dynamicScalingOutSuspended = true;
        spec.suspendedState.dynamicScalingInSuspended = true;
        assertThat(ScalingPlanner.plan(input(spec, 4, Map.of(CPU, tasksAt(4, 100)), null, T0)).desired()).isEqualTo(4);
        assertThat(ScalingPlanner.plan(input(spec, 4, Map.of(CPU, tasksAt(4, 5)), null, T0)).desired()).isEqualTo(4);
    }

    @Test
    void stepAndTargetTrackingPoliciesCombineTheSameWay() {
        ServiceAutoScaling spec = range(1, 20);
        spec.targetTrackingScalingPolicies.add(cpu("cpu", 50));
        spec.stepScalingPolicies.add(step("burst", ComparisonOperator.GreaterThanOrEqualToThreshold, 90,
                AdjustmentType.ChangeInCapacity, adjust(0.0, null, 10)));
        // 95 %: target tracking wants ceil(4 x 95 / 50) = 8, the step +10 = 14: the largest wins
        assertThat(ScalingPlanner.plan(input(spec, 4, Map.of(CPU, tasksAt(4, 95)), null, T0)).desired()).isEqualTo(14);
        // 10 %: the step alarm is OK (no say), target tracking scales in
        assertThat(ScalingPlanner.plan(input(spec, 4, Map.of(CPU, tasksAt(4, 10)), null, T0)).desired()).isEqualTo(1);
    }

    @Test
    void aScalingActionIsRecordedWithItsReasonAndAnEvent() {
        ServiceAutoScaling spec = range(1, 20);
        spec.targetTrackingScalingPolicies.add(cpu("cpu", 50));
        var plan = ScalingPlanner.plan(input(spec, 2, Map.of(CPU, tasksAt(2, 100)), null, T0));
        assertThat(plan.status().desiredCount).isEqualTo(4);
        assertThat(plan.status().lastScalingTime).isEqualTo(T0.toString());
        assertThat(plan.status().lastScaleOutTime).isEqualTo(T0.toString());
        assertThat(plan.status().lastScalingReason)
                .isEqualTo("policy cpu: ECSServiceAverageCPUUtilization 100 above target 50");
        assertThat(plan.status().policies.get(0).currentValue).isEqualTo(100.0);
        assertThat(plan.events()).extracting(BerthEvent::reason, BerthEvent::message)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("SuccessfulRescale",
                        "desiredCount 2 -> 4: policy cpu: ECSServiceAverageCPUUtilization 100 above target 50"));
    }

    @Test
    void aRefusedScaleKeepsTheCooldownTimesAndReplacesTheRescaleEvent() {
        ServiceAutoScaling spec = range(1, 20);
        spec.targetTrackingScalingPolicies.add(cpu("cpu", 50));
        ServiceAutoScalingStatus previous = new ServiceAutoScalingStatus();
        previous.lastScalingTime = T0.minusSeconds(3600).toString();
        previous.lastScaleOutTime = previous.lastScalingTime;
        previous.lastScalingReason = "earlier";
        var plan = ScalingPlanner.plan(input(spec, 2, Map.of(CPU, tasksAt(2, 100)), previous, T0));

        var failed = plan.failedToScale("HTTP 403: forbidden", previous, T0);

        assertThat(failed.desired()).isEqualTo(4);
        assertThat(failed.status().lastScalingTime).isEqualTo(previous.lastScalingTime);
        assertThat(failed.status().lastScaleOutTime).isEqualTo(previous.lastScaleOutTime);
        assertThat(failed.status().lastScalingReason).isEqualTo("earlier");
        Condition able = Conditions.find(failed.status().conditions, ScalingPlanner.ABLE_TO_SCALE).orElseThrow();
        assertThat(able.getStatus()).isEqualTo("False");
        assertThat(able.getReason()).isEqualTo("FailedUpdateScale");
        assertThat(able.getMessage()).isEqualTo("could not set desiredCount to 4: HTTP 403: forbidden");
        assertThat(failed.events()).extracting(BerthEvent::type, BerthEvent::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple(BerthEvent.Type.Warning, "FailedRescale"));
        assertThat(plan.status().lastScalingTime).isEqualTo(T0.toString());
    }

    @Test
    void aScheduledActionMovesTheRangeAndTheCountWithIt() {
        ServiceAutoScaling spec = range(1, 4);
        spec.scheduledActions = List.of(scheduled("peak", "at(2026-03-02T10:01:00)", null, 6, 10));
        var before = ScalingPlanner.plan(input(spec, 2, Map.of(), null, T0));
        assertThat(before.desired()).isEqualTo(2);
        var peak = ScalingPlanner.plan(input(spec, 2, Map.of(), before.status(), Instant.parse("2026-03-02T10:01:10Z")));
        assertThat(peak.desired()).isEqualTo(6);
        assertThat(peak.status().capacitySource).isEqualTo("scheduledAction/peak");
        assertThat(peak.events()).extracting(BerthEvent::reason).containsExactly("ScheduledActionRun", "SuccessfulRescale");
        assertThat(Conditions.find(peak.status().conditions, ScalingPlanner.SCALING_ACTIVE).orElseThrow().getReason())
                .isEqualTo("NoPolicies");
    }

    @Test
    void nothingChangesWhenNothingIsWanted() {
        ServiceAutoScaling spec = range(1, 20);
        spec.targetTrackingScalingPolicies.add(cpu("cpu", 50));
        var first = ScalingPlanner.plan(input(spec, 4, Map.of(CPU, tasksAt(4, 50)), null, T0));
        var second = ScalingPlanner.plan(input(spec, 4, Map.of(CPU, tasksAt(4, 50)), first.status(), T0.plusSeconds(15)));
        assertThat(second.scale()).isFalse();
        assertThat(second.events()).isEmpty();
        assertThat(second.status().conditions).isEqualTo(first.status().conditions);
    }

    private static ServiceAutoScalingStatus scaledAt(Instant at, boolean out) {
        ServiceAutoScalingStatus s = new ServiceAutoScalingStatus();
        s.lastScalingTime = at.toString();
        if (out) {
            s.lastScaleOutTime = at.toString();
        } else {
            s.lastScaleInTime = at.toString();
        }
        return s;
    }
}
