package dev.berth.batch;

import java.time.Instant;

import dev.berth.api.v1alpha1.LastStatus;

/**
 * One attempt of one child, as its Task shows it.
 *
 * @param lastStatus the Task's ECS lastStatus (PROVISIONING until the Task controller reports one)
 * @param stopping whether a stop was already asked for (its spec says STOPPED)
 * @param environment the compute environment the attempt was admitted to
 * @param deleting whether the Task is being deleted already
 */
record ChildTask(int index, int attempt, String name, LastStatus lastStatus, boolean stopping, AttemptExit exit,
        Instant startedAt, Instant stoppedAt, ComputeEnvironment environment, boolean deleting) {

    boolean stopped() {
        return lastStatus == LastStatus.STOPPED;
    }

    /** Batch's RUNNING: the task's containers started (it stays RUNNING while it stops). */
    boolean running() {
        return startedAt != null;
    }
}
