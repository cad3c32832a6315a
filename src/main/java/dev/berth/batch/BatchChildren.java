package dev.berth.batch;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskSpec;
import dev.berth.api.v1alpha1.TaskStatus;
import dev.berth.cache.LeanItemStore;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

/**
 * The store of the BatchJob controller's Task informer: each child is kept as what the job reads from it (labels,
 * where it runs, whether it is stopping, how it stopped), so the operator's memory per child stays small.
 */
public class BatchChildren extends LeanItemStore<Task> {

    public BatchChildren() {
        super(BatchChildren::summary);
    }

    static Task summary(Task task) {
        if (task == null || task.getMetadata() == null) {
            return task;
        }
        ObjectMeta meta = task.getMetadata();
        Task summary = new Task();
        summary.setMetadata(new ObjectMetaBuilder().withName(meta.getName()).withNamespace(meta.getNamespace())
                .withUid(meta.getUid()).withResourceVersion(meta.getResourceVersion()).withLabels(meta.getLabels())
                .withOwnerReferences(meta.getOwnerReferences()).withDeletionTimestamp(meta.getDeletionTimestamp())
                .build());
        TaskSpec spec = new TaskSpec();
        if (task.getSpec() != null) {
            spec.cluster = task.getSpec().cluster;
            spec.capacityProviderStrategy = task.getSpec().capacityProviderStrategy;
            spec.desiredStatus = task.getSpec().desiredStatus;
        }
        summary.setSpec(spec);
        TaskStatus from = task.getStatus();
        if (from != null) {
            TaskStatus status = new TaskStatus();
            status.lastStatus = from.lastStatus;
            status.exitCode = from.exitCode;
            status.stopCode = from.stopCode;
            status.stoppedReason = from.stoppedReason;
            status.startedAt = from.startedAt;
            status.stoppedAt = from.stoppedAt;
            status.conditions = null;
            status.containers = stoppingContainer(from);
            summary.setStatus(status);
        }
        return summary;
    }

    /**
     * Whether an update changes what {@link BatchJobLifecycle#plan} reads of a child: started (startedAt), stopped,
     * asked to stop, deleted, or its labels (index, attempt, job).
     */
    static boolean planChanged(Task before, Task after) {
        return !Objects.equals(planned(before), planned(after));
    }

    private static List<Object> planned(Task task) {
        TaskStatus status = task.getStatus() == null ? new TaskStatus() : task.getStatus();
        return Arrays.asList(status.startedAt != null, status.lastStatus == LastStatus.STOPPED,
                task.getSpec() == null ? null : task.getSpec().desiredStatus, task.getMetadata().getDeletionTimestamp(),
                task.getMetadata().getLabels());
    }

    /** The container whose reason AWS Batch reports: an essential one with a reason, kept alone. */
    private static List<TaskStatus.ContainerStatus> stoppingContainer(TaskStatus status) {
        if (status.containers == null) {
            return null;
        }
        return status.containers.stream().filter(c -> c.reason != null && !Boolean.FALSE.equals(c.essential)).limit(1)
                .toList();
    }
}
