package dev.berth.service;

import java.time.Instant;
import java.util.List;

/** The ECS deployment circuit breaker (6.3): a deployment fails once enough of its tasks fail. */
public final class CircuitBreaker {

    static final String FAILED_REASON = "ECS deployment circuit breaker: tasks failed to start.";

    private CircuitBreaker() {
    }

    /** clamp(ceil(0.5 × desiredCount), 3, 200), the current ECS API documentation. */
    public static int threshold(int desiredCount) {
        int half = (desiredCount + 1) / 2;
        return Math.max(3, Math.min(200, half));
    }

    /**
     * The deployment's tasks that failed to start or were stopped for failing health checks, counted from the last
     * time one of its tasks ran healthy (resetOnHealthyTask).
     */
    static int failedTasks(List<ServiceTask> deploymentTasks, TaskHealth health) {
        Instant resetAt = Instant.MIN;
        for (ServiceTask task : deploymentTasks) {
            Instant healthySince = healthySince(task, health);
            if (healthySince != null && healthySince.isAfter(resetAt)) {
                resetAt = healthySince;
            }
        }
        int failed = 0;
        for (ServiceTask task : deploymentTasks) {
            if ((task.failedToStart() || task.failedHealthChecks()) && stoppedAfter(task, resetAt)) {
                failed++;
            }
        }
        return failed;
    }

    private static Instant healthySince(ServiceTask task, TaskHealth health) {
        if (task.startedAt() == null) {
            return null;
        }
        if (health.healthy(task)) {
            return task.hasHealthCheck() ? task.startedAt() : task.startedAt().plus(health.healthyAfterRunning());
        }
        boolean ranHealthyBeforeStopping = task.stopped() && !task.hasHealthCheck() && task.stoppedAt() != null
                && !task.stoppedAt().isBefore(task.startedAt().plus(health.healthyAfterRunning()));
        return ranHealthyBeforeStopping ? task.startedAt().plus(health.healthyAfterRunning()) : null;
    }

    private static boolean stoppedAfter(ServiceTask task, Instant resetAt) {
        return task.stoppedAt() == null || task.stoppedAt().isAfter(resetAt);
    }
}
