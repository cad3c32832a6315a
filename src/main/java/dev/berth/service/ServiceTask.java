package dev.berth.service;

import java.time.Instant;

import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.TaskSpec;

/**
 * What the service scheduler needs to know about one of its Tasks.
 *
 * @param deploymentId the deployment that started it (the Task's startedBy)
 * @param desiredStatus RUNNING, or STOPPED once someone asked it to stop
 * @param startedAt when it reached RUNNING, null if it never did
 * @param node the node a DAEMON service pinned it to (its containerInstance), else null
 */
public record ServiceTask(String name, String deploymentId, String taskDefinition, LastStatus lastStatus,
        TaskSpec.DesiredStatus desiredStatus, String healthStatus, boolean hasHealthCheck, Instant createdAt, Instant startedAt,
        Instant stoppedAt, String stopCode, String stoppedReason, String capacityProvider, String node) {

    static final String TASK_FAILED_TO_START = "TaskFailedToStart";
    static final String SERVICE_SCHEDULER_INITIATED = TaskSpec.StopCode.ServiceSchedulerInitiated.name();
    static final String USER_INITIATED = TaskSpec.StopCode.UserInitiated.name();

    /** A task not pinned to a node (REPLICA services). */
    public ServiceTask(String name, String deploymentId, String taskDefinition, LastStatus lastStatus,
            TaskSpec.DesiredStatus desiredStatus,
            String healthStatus, boolean hasHealthCheck, Instant createdAt, Instant startedAt, Instant stoppedAt,
            String stopCode, String stoppedReason, String capacityProvider) {
        this(name, deploymentId, taskDefinition, lastStatus, desiredStatus, healthStatus, hasHealthCheck, createdAt,
                startedAt, stoppedAt, stopCode, stoppedReason, capacityProvider, null);
    }

    public boolean stopped() {
        return lastStatus == LastStatus.STOPPED;
    }

    /** Counts toward maximumPercent: on its way to RUNNING or RUNNING, and nobody asked it to stop. */
    public boolean live() {
        return desiredStatus != TaskSpec.DesiredStatus.STOPPED && (running() || pending());
    }

    public boolean running() {
        return lastStatus == LastStatus.RUNNING;
    }

    public boolean pending() {
        return lastStatus.isPending();
    }

    /** Stopped without ever running, for a reason of its own (not because the scheduler or a user stopped it). */
    public boolean failedToStart() {
        if (!stopped()) {
            return false;
        }
        if (TASK_FAILED_TO_START.equals(stopCode)) {
            return true;
        }
        return startedAt == null && !SERVICE_SCHEDULER_INITIATED.equals(stopCode) && !USER_INITIATED.equals(stopCode);
    }

    public boolean failedHealthChecks() {
        return stopped() && TaskHealth.FAILED_HEALTH_CHECKS.equals(stoppedReason);
    }

    public boolean belongsTo(String deployment) {
        return deployment != null && deployment.equals(deploymentId);
    }
}
