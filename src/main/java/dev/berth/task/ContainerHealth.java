package dev.berth.task;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.berth.api.v1alpha1.ContainerDefinition.HealthCheck;
import dev.berth.api.v1alpha1.TaskStatus;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateRunning;
import io.fabric8.kubernetes.api.model.ContainerStatus;

/**
 * ECS health from Kubernetes readiness: a health check is the container's readiness probe, so a ready container
 * is HEALTHY, and one still not ready after startPeriod + interval * retries has failed its checks.
 */
final class ContainerHealth {

    static final String HEALTHY = "HEALTHY";
    static final String UNHEALTHY = "UNHEALTHY";
    static final String UNKNOWN = "UNKNOWN";

    private static final int DEFAULT_INTERVAL = 30;
    private static final int DEFAULT_RETRIES = 3;
    private static final int DEFAULT_START_PERIOD = 0;

    private ContainerHealth() {
    }

    /** Health of a running container; healthCheck is null when the container has none. */
    static String of(HealthCheck healthCheck, ContainerStatus status, Instant now) {
        if (healthCheck == null) {
            return UNKNOWN;
        }
        if (Boolean.TRUE.equals(status.getReady())) {
            return HEALTHY;
        }
        return unhealthyAt(healthCheck, status).filter(at -> !now.isBefore(at)).isPresent() ? UNHEALTHY : UNKNOWN;
    }

    /** When a running, not ready container counts as UNHEALTHY; empty when it is ready or not running. */
    static Optional<Instant> unhealthyAt(HealthCheck healthCheck, ContainerStatus status) {
        if (healthCheck == null || Boolean.TRUE.equals(status.getReady())) {
            return Optional.empty();
        }
        int grace = or(healthCheck.startPeriod, DEFAULT_START_PERIOD)
                + or(healthCheck.interval, DEFAULT_INTERVAL) * or(healthCheck.retries, DEFAULT_RETRIES);
        return Optional.ofNullable(status.getState()).map(ContainerState::getRunning)
                .map(ContainerStateRunning::getStartedAt).flatMap(Times::parse).map(started -> started.plusSeconds(grace));
    }

    /** Task health from the essential containers only: UNHEALTHY over UNKNOWN over HEALTHY. */
    static String task(List<TaskStatus.ContainerStatus> containers) {
        List<String> essential = containers.stream().filter(c -> !Boolean.FALSE.equals(c.essential))
                .map(c -> Objects.requireNonNullElse(c.healthStatus, UNKNOWN)).toList();
        if (essential.contains(UNHEALTHY)) {
            return UNHEALTHY;
        }
        return essential.isEmpty() || essential.contains(UNKNOWN) ? UNKNOWN : HEALTHY;
    }

    private static int or(Integer value, int fallback) {
        return value == null ? fallback : value;
    }
}
