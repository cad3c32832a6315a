package dev.berth.autoscaling;

import static dev.berth.autoscaling.TestingAutoScaling.MAX_AGE;
import static dev.berth.autoscaling.TestingAutoScaling.T0;
import static dev.berth.autoscaling.TestingAutoScaling.adjust;
import static dev.berth.autoscaling.TestingAutoScaling.tasksAt;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.berth.api.v1alpha1.ServiceAutoScaling.AdjustmentType;
import dev.berth.api.v1alpha1.ServiceAutoScaling.ComparisonOperator;
import dev.berth.api.v1alpha1.ServiceAutoScaling.MetricAggregationType;
import dev.berth.api.v1alpha1.ServiceAutoScaling.StepAdjustment;
import dev.berth.autoscaling.MetricSample.TaskUsage;
import dev.berth.autoscaling.MetricSample.TaskUtilization;
import dev.berth.autoscaling.Proposal.Kind;

class StepScalingTest {

    /** The AWS documentation's example: threshold 50, +10 % between 50 and 60, +30 % from 60 (as +1 / +3 here). */
    static final List<StepAdjustment> OUT = List.of(adjust(0.0, 10.0, 1), adjust(10.0, null, 3));
    static final List<StepAdjustment> IN = List.of(adjust(-10.0, 0.0, -1), adjust(null, -10.0, -2));

    @ParameterizedTest(name = "cpu {0} % -> {1} {2}")
    @CsvSource({ "40, Abstain, 4", "49.9, Abstain, 4", "50, ScaleOut, 5", "59.9, ScaleOut, 5", "60, ScaleOut, 7",
            "100, ScaleOut, 7" })
    void upperStepsIncludeTheirLowerBound(double cpu, Kind kind, int count) {
        var p = policy(ComparisonOperator.GreaterThanOrEqualToThreshold, 50, AdjustmentType.ChangeInCapacity, OUT, null);
        Proposal proposal = StepScaling.propose(p, tasksAt(4, cpu), 4, T0, MAX_AGE);
        assertThat(proposal.kind()).isEqualTo(kind);
        assertThat(proposal.count()).isEqualTo(count);
    }

    @ParameterizedTest(name = "cpu {0} % -> {1} {2}")
    @CsvSource({ "30, Abstain, 4", "29.9, ScaleIn, 3", "20.1, ScaleIn, 3", "20, ScaleIn, 2", "19.9, ScaleIn, 2",
            "0, ScaleIn, 2" })
    void lowerStepsIncludeTheirUpperBound(double cpu, Kind kind, int count) {
        var p = policy(ComparisonOperator.LessThanThreshold, 30, AdjustmentType.ChangeInCapacity, IN, null);
        Proposal proposal = StepScaling.propose(p, tasksAt(4, cpu), 4, T0, MAX_AGE);
        assertThat(proposal.kind()).isEqualTo(kind);
        assertThat(proposal.count()).isEqualTo(count);
    }

    @ParameterizedTest(name = "{0} % of {1} (min magnitude {2}) -> {3}")
    @CsvSource(nullValues = "-", value = {
            // AWS rounding: (0,1) -> 1, above 1 down; (-1,0) -> -1, below -1 up
            "10, 4, -, 1", "10, 10, -, 1", "10, 19, -, 1", "10, 20, -, 2", "50, 5, -, 2", "200, 3, -, 6",
            "-10, 4, -, -1", "-50, 5, -, -2", "-100, 5, -, -5", "0, 5, -, 0",
            // MinAdjustmentMagnitude
            "10, 4, 2, 2", "10, 100, 2, 10", "-10, 4, 2, -2" })
    void percentChangesRoundAsApplicationAutoScaling(int percent, int current, Integer minMagnitude, int change) {
        assertThat(StepScaling.percentChange(current, percent, minMagnitude)).isEqualTo(change);
    }

    @Test
    void exactCapacitySetsTheCount() {
        var p = policy(ComparisonOperator.GreaterThanThreshold, 80, AdjustmentType.ExactCapacity,
                List.of(adjust(0.0, null, 10)), null);
        assertThat(StepScaling.propose(p, tasksAt(3, 90), 3, T0, MAX_AGE).count()).isEqualTo(10);
        // the same count as now: Hold
        assertThat(StepScaling.propose(p, tasksAt(10, 90), 10, T0, MAX_AGE).kind()).isEqualTo(Kind.Hold);
    }

    @Test
    void aggregationPicksAverageMinimumOrMaximumOfTheTasks() {
        var usages = new TaskUtilization(List.of(new TaskUsage("a", 10, T0), new TaskUsage("b", 90, T0)), 2);
        var out = List.of(adjust(0.0, null, 1));
        var avg = policy(ComparisonOperator.GreaterThanThreshold, 60, AdjustmentType.ChangeInCapacity, out, null);
        var max = policy(ComparisonOperator.GreaterThanThreshold, 60, AdjustmentType.ChangeInCapacity, out,
                MetricAggregationType.Maximum);
        var min = policy(ComparisonOperator.GreaterThanThreshold, 5, AdjustmentType.ChangeInCapacity, out,
                MetricAggregationType.Minimum);
        assertThat(StepScaling.propose(avg, usages, 2, T0, MAX_AGE).kind()).isEqualTo(Kind.Abstain);
        assertThat(StepScaling.propose(max, usages, 2, T0, MAX_AGE).kind()).isEqualTo(Kind.ScaleOut);
        assertThat(StepScaling.propose(min, usages, 2, T0, MAX_AGE).value()).isEqualTo(10);
    }

    @Test
    void noStepForTheBreachAbstainsAndACountNeverGoesNegative() {
        var gap = policy(ComparisonOperator.GreaterThanThreshold, 50, AdjustmentType.ChangeInCapacity,
                List.of(adjust(20.0, null, 2)), null);
        assertThat(StepScaling.propose(gap, tasksAt(2, 60), 2, T0, MAX_AGE).kind()).isEqualTo(Kind.Abstain);
        var big = policy(ComparisonOperator.LessThanThreshold, 50, AdjustmentType.ChangeInCapacity,
                List.of(adjust(null, 0.0, -10)), null);
        assertThat(StepScaling.propose(big, tasksAt(2, 10), 2, T0, MAX_AGE).count()).isZero();
    }

    @Test
    void staleMetricsAreNoData() {
        var p = policy(ComparisonOperator.GreaterThanThreshold, 50, AdjustmentType.ChangeInCapacity, OUT, null);
        assertThat(StepScaling.propose(p, tasksAt(2, 99, 600), 2, T0, MAX_AGE).kind()).isEqualTo(Kind.NoData);
    }

    private static StepScaling.Policy policy(ComparisonOperator op, double threshold, AdjustmentType type,
            List<StepAdjustment> steps, MetricAggregationType aggregation) {
        return new StepScaling.Policy("step", "CPU", op, threshold, aggregation, type, steps, null);
    }
}
