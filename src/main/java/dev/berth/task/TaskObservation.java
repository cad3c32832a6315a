package dev.berth.task;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.berth.api.v1alpha1.EcsTaskDefinition;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskStatus;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * Everything {@link TaskLifecycle#decide} needs, gathered by the reconciler from its caches.
 *
 * @param task the Task: spec, previous status (may be null), creationTimestamp, generation
 * @param pinnedTaskDefinition "family:revision", or null while unresolved
 * @param taskDefinition the pinned revision with the Task's overrides applied, or null while unresolved
 * @param pod the Task's own Pod from the cache, or null
 * @param blocker why the Pod cannot be created yet, or null
 * @param now the time of the observation
 * @param startTimeout how long a task may take to reach RUNNING before it fails with TaskFailedToStart
 * @param notApplied fields of the Task its Cluster cannot apply (subnets without the Cluster's subnet map), as
 *        UnsupportedFields lines
 * @param apiServerLostAt the last moment the operator could not reach the API server, or null: the start timeout counts
 *        from no earlier than this (nothing moved the Pod on while the API server was down)
 */
public record TaskObservation(Task task, String pinnedTaskDefinition, EcsTaskDefinition taskDefinition, Pod pod,
        StartBlocker blocker, Instant now, Duration startTimeout, List<String> notApplied, Instant apiServerLostAt) {

    public TaskObservation {
        notApplied = notApplied == null ? List.of() : List.copyOf(notApplied);
    }

    /** An observation while the API server was always reachable. */
    public TaskObservation(Task task, String pinnedTaskDefinition, EcsTaskDefinition taskDefinition, Pod pod,
            StartBlocker blocker, Instant now, Duration startTimeout, List<String> notApplied) {
        this(task, pinnedTaskDefinition, taskDefinition, pod, blocker, now, startTimeout, notApplied, null);
    }

    /** The status recorded by the previous decision, or null for a new Task. */
    public TaskStatus previousStatus() {
        return task.getStatus();
    }

    /** The same observation of a Task whose Pod has just been created. */
    public TaskObservation withPod(Pod created) {
        return new TaskObservation(task, pinnedTaskDefinition, taskDefinition, created, blocker, now, startTimeout, notApplied,
                apiServerLostAt);
    }

    /** The same observation of a Task whose Pod the API server refused. */
    public TaskObservation withBlocker(StartBlocker refusal) {
        return new TaskObservation(task, pinnedTaskDefinition, taskDefinition, pod, refusal, now, startTimeout, notApplied,
                apiServerLostAt);
    }
}
