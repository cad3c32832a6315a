package dev.berth.usage;

import java.util.Objects;

import dev.berth.api.TaskReference;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskStatus;

/**
 * What usage is summed by: the namespace (the ECS account), cluster, service (empty for a task not started by a
 * service), task definition family and capacity provider. These are the labels of the usage metrics.
 */
public record UsageKey(String namespace, String cluster, String service, String family, String capacityProvider) {

    static final String SERVICE_GROUP = "service:";

    public static UsageKey of(Task task) {
        TaskStatus status = task.getStatus() == null ? new TaskStatus() : task.getStatus();
        String cluster = status.cluster != null ? status.cluster : task.getSpec() == null ? null : task.getSpec().cluster;
        String group = status.group != null ? status.group : task.getSpec() == null ? null : task.getSpec().group;
        String service = group != null && group.startsWith(SERVICE_GROUP) ? group.substring(SERVICE_GROUP.length()) : "";
        String reference = status.taskDefinition != null ? status.taskDefinition
                : task.getSpec() == null ? null : task.getSpec().taskDefinition;
        String family = reference == null ? "" : TaskReference.parse(reference).family();
        return new UsageKey(task.getMetadata().getNamespace(), Objects.requireNonNullElse(cluster, ""), service, family,
                Objects.requireNonNullElse(status.capacityProviderName, ""));
    }
}
