package dev.berth.batch;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.berth.api.v1alpha1.BatchJobSpec;
import dev.berth.api.v1alpha1.BatchJobStatus;

/**
 * Everything {@link BatchJobLifecycle} decides from, read from the caches.
 *
 * @param previous the status written last (null before the first write)
 * @param blocker why the job cannot be evaluated or start children now, or null
 * @param taskDefinition the pinned revision (family:revision), null while unresolved
 * @param unitsPerAttempt CPU units one attempt holds, 0 while unknown
 * @param children the Tasks of the job, every attempt of every index that still exists
 * @param dependencies the state of each job named in dependsOn, by name (absent: does not exist)
 * @param succeededChildTtl how long a succeeded attempt's Task is kept once the status records its index
 */
record BatchObservation(String jobName, String jobId, String queueName, Instant createdAt, Long generation,
        BatchJobSpec spec, BatchJobStatus previous, Blocker blocker, String taskDefinition, int unitsPerAttempt,
        List<ChildTask> children, Map<String, DependencyState> dependencies, Instant now, Duration succeededChildTtl) {

    /**
     * Why the job waits before it can start anything (a status condition of type {@code reason} and a Warning Event).
     *
     * @param failsJob whether the job fails for it instead (a submission the queue refuses)
     */
    record Blocker(String reason, String message, boolean failsJob) {
        static final String QUEUE_NOT_FOUND = "JobQueueNotFound";
        static final String QUEUE_DISABLED = "QueueDisabled";
        static final String TASK_DEFINITION_NOT_FOUND = "TaskDefinitionNotFound";
        static final String RESOURCE_REQUIREMENT = "JobResourceRequirement";
        static final String DEPENDENCY_CYCLE = "DependencyCycle";
        /** Every blocker's condition type: a condition of one of them is removed when its blocker is gone. */
        static final List<String> TYPES = List.of(QUEUE_NOT_FOUND, QUEUE_DISABLED, TASK_DEFINITION_NOT_FOUND,
                RESOURCE_REQUIREMENT, DEPENDENCY_CYCLE);
    }

    int size() {
        return isArray() ? spec.arrayProperties.size : 1;
    }

    boolean isArray() {
        return spec.arrayProperties != null && spec.arrayProperties.size != null;
    }
}
