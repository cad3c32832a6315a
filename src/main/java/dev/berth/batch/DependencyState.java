package dev.berth.batch;

import dev.berth.api.v1alpha1.JobStatus;

/**
 * What a job depends on, as its own status says: null status when the BatchJob does not exist (yet).
 *
 * @param size the array size, null for a plain job; @param succeeded / failed its finished indices
 */
record DependencyState(String jobName, JobStatus status, Integer size, IndexSet succeeded, IndexSet failed) {

    static DependencyState missing(String jobName) {
        return new DependencyState(jobName, null, null, IndexSet.empty(), IndexSet.empty());
    }

    boolean exists() {
        return status != null;
    }
}
