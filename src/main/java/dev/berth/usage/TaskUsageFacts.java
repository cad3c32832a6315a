package dev.berth.usage;

import java.util.Objects;

import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskSpec;
import dev.berth.api.v1alpha1.TaskStatus;
import dev.berth.cache.LeanItemStore;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

/**
 * The store of the usage controllers' Task informers: each Task kept with what it is metered and grouped by —
 * identity and deletion, cluster, group, overrides, size, capacity provider, Pod, timestamps and final usage — and
 * without its containers and conditions.
 */
public class TaskUsageFacts extends LeanItemStore<Task> {

    public TaskUsageFacts() {
        super(TaskUsageFacts::facts);
    }

    static Task facts(Task task) {
        ObjectMeta meta = task.getMetadata();
        Task facts = new Task();
        facts.setMetadata(new ObjectMetaBuilder().withName(meta.getName()).withNamespace(meta.getNamespace())
                .withUid(meta.getUid()).withResourceVersion(meta.getResourceVersion())
                .withDeletionTimestamp(meta.getDeletionTimestamp()).build());
        TaskSpec spec = new TaskSpec();
        if (task.getSpec() != null) {
            spec.cluster = task.getSpec().cluster;
            spec.group = task.getSpec().group;
            spec.taskDefinition = task.getSpec().taskDefinition;
            spec.overrides = task.getSpec().overrides;
        }
        facts.setSpec(spec);
        TaskStatus s = task.getStatus();
        if (s != null) {
            TaskStatus status = new TaskStatus();
            status.lastStatus = s.lastStatus;
            status.taskDefinition = s.taskDefinition;
            status.cluster = s.cluster;
            status.group = s.group;
            status.capacityProviderName = s.capacityProviderName;
            status.cpu = s.cpu;
            status.memory = s.memory;
            status.podName = s.podName;
            status.createdAt = s.createdAt;
            status.pullStartedAt = s.pullStartedAt;
            status.stoppedAt = s.stoppedAt;
            status.usage = s.usage;
            status.conditions = null;
            facts.setStatus(status);
        }
        return facts;
    }

    /** Whether an update changes a figure (other updates, such as container states, need not wake the usage controllers). */
    public static boolean changed(Task before, Task after) {
        TaskStatus b = before.getStatus() == null ? new TaskStatus() : before.getStatus();
        TaskStatus a = after.getStatus() == null ? new TaskStatus() : after.getStatus();
        return !Objects.equals(b.lastStatus, a.lastStatus) || !Objects.equals(b.podName, a.podName)
                || !Objects.equals(b.pullStartedAt, a.pullStartedAt) || !Objects.equals(b.cpu, a.cpu)
                || !Objects.equals(b.memory, a.memory) || !Objects.equals(b.capacityProviderName, a.capacityProviderName)
                || (b.usage == null) != (a.usage == null)
                || (before.getMetadata().getDeletionTimestamp() == null) != (after.getMetadata()
                        .getDeletionTimestamp() == null);
    }
}
