package dev.berth.autoscaling;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.berth.api.v1alpha1.ServiceAutoScaling.Statistic;
import dev.berth.autoscaling.MetricSample.ServiceValue;
import dev.berth.autoscaling.MetricSample.TaskUsage;
import dev.berth.autoscaling.MetricSample.TaskUtilization;
import dev.berth.autoscaling.MetricSample.Unavailable;
import dev.berth.autoscaling.Proposal.Kind;

/**
 * Target tracking as Application Auto Scaling does it, with a published formula. The load L is the metric summed
 * over the service (utilization: the sum over reporting tasks; a per-task custom value: value x RUNNING tasks; a Sum
 * custom value: the value itself). Scale out to {@code ceil(L / target)} when that is above the current count; scale
 * in, more conservatively, to {@code ceil(L / (0.9 x target))} when that is below it (so the metric must be under
 * 90 % of the target, and lands at most there). RUNNING tasks without a sample count as 0 for scaling out and as
 * exactly on target for scaling in (as a HorizontalPodAutoscaler does), so a missing sample never causes either.
 */
public final class TargetTracking {

    /** The scale-in threshold and landing point, as a fraction of the target. */
    public static final double SCALE_IN_FRACTION = 0.9;
    private static final double EPSILON = 1e-9;

    private TargetTracking() {
    }

    public static Proposal propose(String policy, String metric, MetricSample sample, double target, int current,
            boolean disableScaleIn, Instant now, Duration maxAge) {
        double loadOut;
        double loadIn;
        double value;
        if (sample instanceof Unavailable u) {
            return Proposal.noData(policy, metric, target, current, u.reason(), u.message());
        } else if (sample instanceof TaskUtilization t) {
            List<TaskUsage> fresh = MetricValues.fresh(t.reported(), now, maxAge);
            if (fresh.isEmpty()) {
                return Proposal.noData(policy, metric, target, current,
                        t.runningTasks() == 0 ? "NoRunningTasks" : "FailedGetResourceMetric",
                        MetricValues.noFreshData(t, maxAge));
            }
            double sum = fresh.stream().mapToDouble(TaskUsage::percent).sum();
            int missing = Math.max(0, t.runningTasks() - fresh.size());
            value = sum / fresh.size();
            loadOut = sum;
            loadIn = sum + missing * target;
        } else {
            ServiceValue v = (ServiceValue) sample;
            if (v.statistic() == Statistic.Sum) {
                value = v.value();
                loadOut = v.value();
            } else {
                if (v.runningTasks() == 0) {
                    return Proposal.noData(policy, metric, target, current, "NoRunningTasks",
                            "no RUNNING task: a per-task (Average) metric needs one (use statistic Sum to scale from 0)");
                }
                value = v.value();
                loadOut = v.value() * v.runningTasks();
            }
            loadIn = loadOut;
        }
        int out = (int) Math.min(Integer.MAX_VALUE, Math.ceil(loadOut / target - EPSILON));
        if (out > current) {
            return Proposal.of(policy, metric, value, target, Kind.ScaleOut, out,
                    metric + " " + MetricValues.format(value) + " above target " + MetricValues.format(target));
        }
        int in = (int) Math.ceil(loadIn / (SCALE_IN_FRACTION * target) - EPSILON);
        if (in < current) {
            return disableScaleIn
                    ? Proposal.of(policy, metric, value, target, Kind.Abstain, current, "below target, scale-in disabled")
                    : Proposal.of(policy, metric, value, target, Kind.ScaleIn, in,
                            metric + " " + MetricValues.format(value) + " below target " + MetricValues.format(target));
        }
        return Proposal.of(policy, metric, value, target, Kind.Hold, current, "on target");
    }
}
