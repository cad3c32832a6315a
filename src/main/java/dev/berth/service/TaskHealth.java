package dev.berth.service;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a service task counts as healthy for minimumHealthyPercent (ECS 6.1): RUNNING and HEALTHY with a container
 * health check, RUNNING for {@code healthyAfterRunning} without one. During the health check grace period an
 * unhealthy status is ignored, so the task counts as healthy once it has run for {@code healthyAfterRunning}.
 */
record TaskHealth(Instant now, Duration healthyAfterRunning, Duration gracePeriod) {

    static final String FAILED_HEALTH_CHECKS = "Task failed container health checks";

    boolean healthy(ServiceTask task) {
        if (!task.live() || !task.running() || task.startedAt() == null) {
            return false;
        }
        boolean ranLongEnough = !now.isBefore(task.startedAt().plus(healthyAfterRunning));
        if (!task.hasHealthCheck()) {
            return ranLongEnough;
        }
        return "HEALTHY".equals(task.healthStatus()) || (inGracePeriod(task) && ranLongEnough);
    }

    /** RUNNING, past its grace period, and its health check says UNHEALTHY: the scheduler replaces it. */
    boolean failingHealthChecks(ServiceTask task) {
        return task.live() && task.running() && task.hasHealthCheck() && "UNHEALTHY".equals(task.healthStatus())
                && !inGracePeriod(task);
    }

    /** The next moment this task's health changes by time alone, so the reconciler can look again then. */
    Optional<Instant> nextChange(ServiceTask task) {
        if (!task.live() || !task.running() || task.startedAt() == null) {
            return Optional.empty();
        }
        Instant healthyAt = task.startedAt().plus(healthyAfterRunning);
        Instant graceEnds = task.startedAt().plus(gracePeriod);
        if (!task.hasHealthCheck() || inGracePeriod(task)) {
            if (now.isBefore(healthyAt)) {
                return Optional.of(healthyAt);
            }
        }
        if (task.hasHealthCheck() && !"HEALTHY".equals(task.healthStatus()) && now.isBefore(graceEnds)) {
            return Optional.of(graceEnds);
        }
        return Optional.empty();
    }

    private boolean inGracePeriod(ServiceTask task) {
        return task.startedAt() != null && now.isBefore(task.startedAt().plus(gracePeriod));
    }
}
