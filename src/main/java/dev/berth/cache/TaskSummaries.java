package dev.berth.cache;

import java.util.Objects;

import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskSpec;
import dev.berth.api.v1alpha1.TaskStatus;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

/**
 * The store of the Task informers of controllers that only count or group Tasks (Cluster counts, TaskDefinition
 * revisions in use): each Task is kept as a summary — identity, {@code spec.cluster}, {@code spec.taskDefinition},
 * {@code status.lastStatus} and {@code status.taskDefinition} — instead of a full copy (the Task controller holds
 * the full Tasks once). Readers of such a cache see only these fields.
 */
public class TaskSummaries extends LeanItemStore<Task> {

    public TaskSummaries() {
        super(TaskSummaries::summary);
    }

    static Task summary(Task task) {
        ObjectMeta meta = task.getMetadata();
        Task summary = new Task();
        summary.setMetadata(new ObjectMetaBuilder().withName(meta.getName()).withNamespace(meta.getNamespace())
                .withUid(meta.getUid()).withResourceVersion(meta.getResourceVersion()).withGeneration(meta.getGeneration())
                .withDeletionTimestamp(meta.getDeletionTimestamp()).build());
        TaskSpec spec = new TaskSpec();
        if (task.getSpec() != null) {
            spec.cluster = task.getSpec().cluster;
            spec.taskDefinition = task.getSpec().taskDefinition;
        }
        summary.setSpec(spec);
        if (task.getStatus() != null) {
            TaskStatus status = new TaskStatus();
            status.lastStatus = task.getStatus().lastStatus;
            status.taskDefinition = task.getStatus().taskDefinition;
            status.conditions = null;
            summary.setStatus(status);
        }
        return summary;
    }

    /** Whether an update changes what a summary holds (other updates need not wake the counting controllers). */
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
