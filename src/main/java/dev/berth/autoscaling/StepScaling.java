package dev.berth.autoscaling;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.DoubleStream;

import dev.berth.api.v1alpha1.ServiceAutoScaling.AdjustmentType;
import dev.berth.api.v1alpha1.ServiceAutoScaling.ComparisonOperator;
import dev.berth.api.v1alpha1.ServiceAutoScaling.MetricAggregationType;
import dev.berth.api.v1alpha1.ServiceAutoScaling.StepAdjustment;
import dev.berth.autoscaling.MetricSample.ServiceValue;
import dev.berth.autoscaling.MetricSample.TaskUsage;
import dev.berth.autoscaling.MetricSample.TaskUtilization;
import dev.berth.autoscaling.MetricSample.Unavailable;
import dev.berth.autoscaling.Proposal.Kind;

/**
 * Step scaling as Application Auto Scaling does it: when the alarm fires, the step whose interval contains the
 * breach (metric - threshold) gives the adjustment. Above the threshold a step's lower bound is inclusive and its
 * upper bound exclusive, below it the other way round. Percent changes round as AWS documents (between 0 and 1 →
 * 1, above 1 down; the same towards zero for negative ones), then grow to minAdjustmentMagnitude.
 */
public final class StepScaling {

    private StepScaling() {
    }

    public record Policy(String name, String metric, ComparisonOperator operator, double threshold,
            MetricAggregationType aggregation, AdjustmentType adjustmentType, List<StepAdjustment> steps,
            Integer minAdjustmentMagnitude) {
    }

    public static Proposal propose(Policy p, MetricSample sample, int current, Instant now, Duration maxAge) {
        double value;
        if (sample instanceof Unavailable u) {
            return Proposal.noData(p.name(), p.metric(), p.threshold(), current, u.reason(), u.message());
        } else if (sample instanceof TaskUtilization t) {
            List<TaskUsage> fresh = MetricValues.fresh(t.reported(), now, maxAge);
            if (fresh.isEmpty()) {
                return Proposal.noData(p.name(), p.metric(), p.threshold(), current,
                        t.runningTasks() == 0 ? "NoRunningTasks" : "FailedGetResourceMetric",
                        MetricValues.noFreshData(t, maxAge));
            }
            DoubleStream values = fresh.stream().mapToDouble(TaskUsage::percent);
            MetricAggregationType aggregation = p.aggregation() == null ? MetricAggregationType.Average : p.aggregation();
            value = switch (aggregation) {
                case Average -> values.average().orElseThrow();
                case Minimum -> values.min().orElseThrow();
                case Maximum -> values.max().orElseThrow();
            };
        } else {
            value = ((ServiceValue) sample).value();
        }
        String shown = p.metric() + " " + MetricValues.format(value);
        if (!breached(p.operator(), value, p.threshold())) {
            return Proposal.of(p.name(), p.metric(), value, p.threshold(), Kind.Abstain, current,
                    "alarm OK: " + shown + " vs threshold " + MetricValues.format(p.threshold()));
        }
        double breach = value - p.threshold();
        Optional<StepAdjustment> step = p.steps().stream().filter(s -> contains(s, breach)).findFirst();
        if (step.isEmpty()) {
            return Proposal.of(p.name(), p.metric(), value, p.threshold(), Kind.Abstain, current,
                    "alarm, but no step adjustment covers a breach of " + MetricValues.format(breach));
        }
        int wanted = Math.max(0, adjusted(p, current, step.get().scalingAdjustment));
        Kind kind = wanted > current ? Kind.ScaleOut : wanted < current ? Kind.ScaleIn : Kind.Hold;
        return Proposal.of(p.name(), p.metric(), value, p.threshold(), kind, wanted,
                "alarm: " + shown + " breaches threshold " + MetricValues.format(p.threshold()) + " by "
                        + MetricValues.format(breach));
    }

    static boolean breached(ComparisonOperator operator, double value, double threshold) {
        return switch (operator) {
            case GreaterThanOrEqualToThreshold -> value >= threshold;
            case GreaterThanThreshold -> value > threshold;
            case LessThanThreshold -> value < threshold;
            case LessThanOrEqualToThreshold -> value <= threshold;
        };
    }

    static boolean contains(StepAdjustment s, double breach) {
        double lower = s.metricIntervalLowerBound == null ? Double.NEGATIVE_INFINITY : s.metricIntervalLowerBound;
        double upper = s.metricIntervalUpperBound == null ? Double.POSITIVE_INFINITY : s.metricIntervalUpperBound;
        return breach >= 0 ? lower <= breach && breach < upper : lower < breach && breach <= upper;
    }

    static int adjusted(Policy p, int current, int adjustment) {
        return switch (p.adjustmentType()) {
            case ChangeInCapacity -> current + adjustment;
            case ExactCapacity -> adjustment;
            case PercentChangeInCapacity -> current + percentChange(current, adjustment, p.minAdjustmentMagnitude());
        };
    }

    static int percentChange(int current, int percent, Integer minMagnitude) {
        double change = current * percent / 100.0;
        int rounded;
        if (change == 0) {
            rounded = 0;
        } else if (change > 0) {
            rounded = change < 1 ? 1 : (int) Math.floor(change);
        } else {
            rounded = change > -1 ? -1 : (int) Math.ceil(change);
        }
        if (percent != 0 && minMagnitude != null && Math.abs(rounded) < minMagnitude) {
            rounded = Integer.signum(percent) * minMagnitude;
        }
        return rounded;
    }
}
