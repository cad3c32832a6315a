package dev.berth.service;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.berth.api.v1alpha1.ServiceSpec;
import dev.berth.api.v1alpha1.ServiceStatus;

/**
 * Everything one plan depends on, read from caches by the reconciler.
 *
 * @param previous the status as last written, null for a new Service
 * @param targetTaskDefinition the spec's taskDefinition resolved to family:revision now, null when it does not
 *        resolve
 * @param tasks the service's Tasks, including STOPPED ones still visible
 * @param healthyAfterRunning how long a task without health checks must run to count as healthy (ECS: 40 s)
 * @param daemonNodes for a DAEMON service, the nodes its tasks may run on, each with the capacity provider that
 *        reaches it; empty for REPLICA
 */
public record ServiceObservation(String serviceName, ServiceSpec spec, Long generation, ServiceStatus previous,
        String targetTaskDefinition, List<ServiceTask> tasks, Set<String> availableCapacityProviders,
        boolean deleting, Instant now, Duration healthyAfterRunning, Map<String, String> daemonNodes) {

    public static final Duration ECS_HEALTHY_AFTER_RUNNING = Duration.ofSeconds(40);

    public ServiceObservation {
        tasks = List.copyOf(tasks);
        availableCapacityProviders = Set.copyOf(availableCapacityProviders);
        daemonNodes = Map.copyOf(daemonNodes);
    }
}
