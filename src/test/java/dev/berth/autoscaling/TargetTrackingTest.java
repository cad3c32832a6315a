package dev.berth.autoscaling;

import static dev.berth.autoscaling.TestingAutoScaling.MAX_AGE;
import static dev.berth.autoscaling.TestingAutoScaling.T0;
import static dev.berth.autoscaling.TestingAutoScaling.tasksAt;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.berth.api.v1alpha1.ServiceAutoScaling.Statistic;
import dev.berth.autoscaling.MetricSample.ServiceValue;
import dev.berth.autoscaling.MetricSample.TaskUsage;
import dev.berth.autoscaling.MetricSample.TaskUtilization;
import dev.berth.autoscaling.MetricSample.Unavailable;
import dev.berth.autoscaling.Proposal.Kind;

class TargetTrackingTest {

    @ParameterizedTest(name = "{0} tasks at {1} % (target {2}) -> {3} {4}")
    @CsvSource({
            // scale out: ceil(current x metric / target)
            "2, 100, 50, ScaleOut, 4",
            "2, 51, 50, ScaleOut, 3",
            "1, 300, 50, ScaleOut, 6",
            "3, 75, 50, ScaleOut, 5",
            // exactly on target, and within the 10 % band below it: hold
            "2, 50, 50, Hold, 2",
            "4, 45, 50, Hold, 4",
            "4, 46, 50, Hold, 4",
            // scale in: ceil(load / (0.9 x target)), so it lands at most at 90 % of the target
            "4, 20, 50, ScaleIn, 2",
            "10, 20, 50, ScaleIn, 5",
            "4, 1, 50, ScaleIn, 1",
            "4, 0, 50, ScaleIn, 0",
            // just under 90 %: ceil(4 x 44 / 45) = 4, no change
            "4, 44, 50, Hold, 4",
            "4, 33, 50, ScaleIn, 3" })
    void proportionalOutConservativeIn(int tasks, double percent, double target, Kind kind, int count) {
        Proposal p = TargetTracking.propose("cpu", "CPU", tasksAt(tasks, percent), target, tasks, false, T0, MAX_AGE);
        assertThat(p.kind()).isEqualTo(kind);
        assertThat(p.count()).isEqualTo(count);
    }

    @Test
    void loadIsMeasuredOnRunningTasksNotOnTheDesiredCount() {
        // desired 4, only 2 running yet at 90 %: 180 % of load needs ceil(3.6) = 4 tasks, already asked for
        Proposal p = TargetTracking.propose("cpu", "CPU", tasksAt(2, 90), 50, 4, false, T0, MAX_AGE);
        assertThat(p.kind()).isEqualTo(Kind.Hold);
    }

    @Test
    void disableScaleInAbstainsBelowTargetButStillScalesOut() {
        assertThat(TargetTracking.propose("cpu", "CPU", tasksAt(4, 10), 50, 4, true, T0, MAX_AGE).kind())
                .isEqualTo(Kind.Abstain);
        assertThat(TargetTracking.propose("cpu", "CPU", tasksAt(4, 80), 50, 4, true, T0, MAX_AGE).kind())
                .isEqualTo(Kind.ScaleOut);
    }

    @Test
    void aTaskWithoutASampleCountsAsIdleForScaleOutAndOnTargetForScaleIn() {
        // 4 RUNNING, 2 report 100 %: scale-out sees 200 % of load -> 4 tasks, no scale-out
        var half = new TaskUtilization(List.of(new TaskUsage("a", 100, T0), new TaskUsage("b", 100, T0)), 4);
        assertThat(TargetTracking.propose("cpu", "CPU", half, 50, 4, false, T0, MAX_AGE).kind()).isEqualTo(Kind.Hold);
        // 4 RUNNING, 2 report 0 %: scale-in sees 0 + 2 x 50 = 100 -> ceil(100/45) = 3
        var idle = new TaskUtilization(List.of(new TaskUsage("a", 0, T0), new TaskUsage("b", 0, T0)), 4);
        Proposal p = TargetTracking.propose("cpu", "CPU", idle, 50, 4, false, T0, MAX_AGE);
        assertThat(p.kind()).isEqualTo(Kind.ScaleIn);
        assertThat(p.count()).isEqualTo(3);
    }

    @ParameterizedTest(name = "sample {0} s old -> {1}")
    @CsvSource({ "0, ScaleOut", "119, ScaleOut", "120, ScaleOut", "121, NoData", "3600, NoData" })
    void staleSamplesAreNotUsed(long ageSeconds, Kind kind) {
        Proposal p = TargetTracking.propose("cpu", "CPU", tasksAt(2, 100, ageSeconds), 50, 2, false, T0, MAX_AGE);
        assertThat(p.kind()).isEqualTo(kind);
        if (kind == Kind.NoData) {
            assertThat(p.count()).isEqualTo(2);
            assertThat(p.reason()).isEqualTo("FailedGetResourceMetric");
            assertThat(p.message()).contains("stale");
        }
    }

    @Test
    void noSampleOrNoRunningTaskIsNoData() {
        Proposal none = TargetTracking.propose("cpu", "CPU", new TaskUtilization(List.of(), 3), 50, 3, false, T0, MAX_AGE);
        assertThat(none.kind()).isEqualTo(Kind.NoData);
        assertThat(none.message()).contains("no usage for any of the 3 RUNNING task");
        Proposal noTask = TargetTracking.propose("cpu", "CPU", new TaskUtilization(List.of(), 0), 50, 0, false, T0, MAX_AGE);
        assertThat(noTask.reason()).isEqualTo("NoRunningTasks");
        Proposal down = TargetTracking.propose("q", "Q", new Unavailable("FailedGetPrometheusMetric", "boom"), 5, 3, false,
                T0, MAX_AGE);
        assertThat(down.kind()).isEqualTo(Kind.NoData);
        assertThat(down.reason()).isEqualTo("FailedGetPrometheusMetric");
    }

    @ParameterizedTest(name = "{1} {0} with {2} running, desired {3}, target {4} -> {5} {6}")
    @CsvSource({
            // a per-task value (requests per task): load = value x running tasks
            "30, Average, 2, 2, 10, ScaleOut, 6",
            "5, Average, 4, 4, 10, ScaleIn, 3",
            // a service total (queue backlog): desired = ceil(total / target per task), even from 0 tasks
            "95, Sum, 0, 0, 10, ScaleOut, 10",
            "0, Sum, 3, 3, 10, ScaleIn, 0",
            "30, Sum, 3, 3, 10, Hold, 3" })
    void customMetricsPerTaskOrTotal(double value, Statistic statistic, int running, int desired, double target, Kind kind,
            int count) {
        Proposal p = TargetTracking.propose("q", "Q", new ServiceValue(value, statistic, running), target, desired, false, T0,
                MAX_AGE);
        assertThat(p.kind()).isEqualTo(kind);
        assertThat(p.count()).isEqualTo(count);
    }

    @Test
    void aPerTaskCustomMetricWithoutRunningTasksIsNoData() {
        Proposal p = TargetTracking.propose("q", "Q", new ServiceValue(30, Statistic.Average, 0), 10, 0, false,
                Instant.EPOCH, MAX_AGE);
        assertThat(p.kind()).isEqualTo(Kind.NoData);
        assertThat(p.reason()).isEqualTo("NoRunningTasks");
    }
}
