package dev.berth.api.v1alpha1;

/** AWS Batch JobStatus, in lifecycle order. */
public enum JobStatus {
    SUBMITTED,
    PENDING,
    RUNNABLE,
    STARTING,
    RUNNING,
    SUCCEEDED,
    FAILED;

    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED;
    }
}
