package dev.berth.cache;

import java.util.Objects;

import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.Task;

/**
 * Which Task updates concern the controllers that count or group Tasks (Cluster counts, TaskDefinition revisions in
 * use): every status write and Pod change updates a Task, and only a few of them change what those controllers read.
 */
public final class TaskChanges {

    private TaskChanges() {
    }

    /**
     * Whether an update changes what the counting controllers read: {@code spec.cluster}, {@code spec.taskDefinition},
     * {@code status.lastStatus}, {@code status.taskDefinition} or whether the Task is being deleted.
     */
    public static boolean summaryChanged(Task before, Task after) {
        return !Objects.equals(lastStatus(before), lastStatus(after))
                || !Objects.equals(revision(before), revision(after))
                || !Objects.equals(before.getSpec() == null ? null : before.getSpec().cluster,
                        after.getSpec() == null ? null : after.getSpec().cluster)
                || !Objects.equals(before.getSpec() == null ? null : before.getSpec().taskDefinition,
                        after.getSpec() == null ? null : after.getSpec().taskDefinition)
                || (before.getMetadata().getDeletionTimestamp() == null) != (after.getMetadata()
                        .getDeletionTimestamp() == null);
    }

    private static LastStatus lastStatus(Task task) {
        return task.getStatus() == null ? null : task.getStatus().lastStatus;
    }

    private static String revision(Task task) {
        return task.getStatus() == null ? null : task.getStatus().taskDefinition;
    }
}
