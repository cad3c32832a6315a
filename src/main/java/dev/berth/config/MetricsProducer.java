package dev.berth.config;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * JOSDK's reconcile metrics per controller, not per resource. quarkus-operator-sdk's default keeps timers and counters
 * for every Task it ever reconciled (about 20 KB of heap per Task, HdrHistogram buffers mostly, and a series per Task
 * in {@code /q/metrics}): with thousands of short-lived Tasks that is most of the operator's memory and a cardinality
 * problem for Prometheus.
 */
public class MetricsProducer {

    @Produces
    @Singleton
    Metrics metrics(MeterRegistry registry) {
        return MicrometerMetrics.withoutPerResourceMetrics(registry);
    }
}
