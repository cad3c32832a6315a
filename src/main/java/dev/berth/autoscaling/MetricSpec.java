package dev.berth.autoscaling;

import dev.berth.api.v1alpha1.ServiceAutoScaling.CustomizedMetricSpecification;
import dev.berth.api.v1alpha1.ServiceAutoScaling.PredefinedMetricSpecification;
import dev.berth.api.v1alpha1.ServiceAutoScaling.Statistic;

/** Which metric a policy reads: a task utilization from metrics.k8s.io, or a PromQL query. Equal specs are read once. */
public record MetricSpec(Source source, String query, Statistic statistic) {

    public enum Source {
        CPU,
        MEMORY,
        PROMETHEUS
    }

    public static MetricSpec of(PredefinedMetricSpecification predefined, CustomizedMetricSpecification customized) {
        if (predefined != null && predefined.predefinedMetricType != null) {
            return switch (predefined.predefinedMetricType) {
                case ECSServiceAverageCPUUtilization, ECSServiceAverageCPUUtilizationHighResolution ->
                    new MetricSpec(Source.CPU,
                            null, Statistic.Average);
                case ECSServiceAverageMemoryUtilization, ECSServiceAverageMemoryUtilizationHighResolution -> new MetricSpec(
                        Source.MEMORY, null, Statistic.Average);
            };
        }
        if (customized != null && customized.prometheusQuery != null) {
            return new MetricSpec(Source.PROMETHEUS, customized.prometheusQuery,
                    customized.statistic == null ? Statistic.Average : customized.statistic);
        }
        throw new IllegalArgumentException("a policy needs predefinedMetricSpecification or customizedMetricSpecification");
    }

    /** How status and Events name the metric. */
    public String label() {
        return switch (source) {
            case CPU -> "ECSServiceAverageCPUUtilization";
            case MEMORY -> "ECSServiceAverageMemoryUtilization";
            case PROMETHEUS -> (statistic == Statistic.Sum ? "Sum" : "Average") + "(" + query + ")";
        };
    }
}
