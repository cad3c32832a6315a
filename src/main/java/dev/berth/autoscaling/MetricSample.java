package dev.berth.autoscaling;

import java.time.Instant;
import java.util.List;

import dev.berth.api.v1alpha1.ServiceAutoScaling.Statistic;

/** One policy's metric as the adapters read it at one evaluation: values in, no client inside. */
public sealed interface MetricSample {

    /**
     * Utilization (percent of the task's cpu or memory) of the service's RUNNING tasks that metrics.k8s.io reported,
     * each with the time of its sample; {@code runningTasks} counts every RUNNING task, reported or not.
     */
    record TaskUtilization(List<TaskUsage> reported, int runningTasks) implements MetricSample {
    }

    /** One task's utilization in percent, sampled at {@code timestamp}. */
    record TaskUsage(String task, double percent, Instant timestamp) {
    }

    /** A value for the whole service (Prometheus): per task (Average) or the total (Sum), with its running tasks. */
    record ServiceValue(double value, Statistic statistic, int runningTasks) implements MetricSample {
    }

    /** The metric could not be read: {@code reason} is an Event/condition reason, {@code message} says why. */
    record Unavailable(String reason, String message) implements MetricSample {
    }
}
