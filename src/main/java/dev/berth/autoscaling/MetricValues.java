package dev.berth.autoscaling;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.berth.autoscaling.MetricSample.TaskUsage;

/** Which reported task samples are fresh enough to act on. */
final class MetricValues {

    private MetricValues() {
    }

    static List<TaskUsage> fresh(List<TaskUsage> reported, Instant now, Duration maxAge) {
        return reported.stream().filter(u -> !u.timestamp().plus(maxAge).isBefore(now)).toList();
    }

    /** Why no task sample can be used: none reported, or all older than the maximum age. */
    static String noFreshData(MetricSample.TaskUtilization sample, Duration maxAge) {
        if (sample.runningTasks() == 0) {
            return "no RUNNING task to measure";
        }
        if (sample.reported().isEmpty()) {
            return "metrics.k8s.io has no usage for any of the " + sample.runningTasks() + " RUNNING task(s) yet";
        }
        return "the usage of every RUNNING task is older than " + maxAge.toSeconds() + " s (stale metrics)";
    }

    static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? String.valueOf((long) value)
                : String.format(java.util.Locale.ROOT, "%.2f", value);
    }
}
