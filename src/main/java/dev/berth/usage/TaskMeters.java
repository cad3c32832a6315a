package dev.berth.usage;

import jakarta.inject.Singleton;

import dev.berth.api.EcsNames;
import dev.berth.api.TaskReference;
import dev.berth.api.v1alpha1.Cluster;
import dev.berth.api.v1alpha1.EcsTaskDefinition;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskDefinitionRevision;
import dev.berth.translate.Overrides;
import dev.berth.translate.UnrunnableTask;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

/**
 * The billing facts of a running task, from the Task controller's caches: its revision (platform, ephemeral storage,
 * with the Task's overrides) and its cluster (whether its capacity provider is spot). Shared by the usage metrics and
 * the Service and Cluster usage totals, so every figure of a running task is computed the same way.
 */
@Singleton
public class TaskMeters {

    private volatile InformerEventSource<TaskDefinitionRevision, Task> revisions;
    private volatile InformerEventSource<Cluster, Task> clusters;

    /** Called once by the Task controller with its caches. */
    public void watch(InformerEventSource<TaskDefinitionRevision, Task> revisionCache,
            InformerEventSource<Cluster, Task> clusterCache) {
        this.revisions = revisionCache;
        this.clusters = clusterCache;
    }

    public MeteredTask of(Task task) {
        String namespace = task.getMetadata().getNamespace();
        String clusterName = task.getStatus().cluster;
        Cluster cluster = clusters == null || clusterName == null ? null
                : clusters.get(new ResourceID(EcsNames.kubernetesName(clusterName), namespace)).orElse(null);
        return MeteredTask.of(task.getStatus(), definition(task),
                FinalUsage.spot(task.getStatus().capacityProviderName, null, cluster));
    }

    /** The revision a task runs, with the Task's overrides (its ephemeral storage may be overridden), or null. */
    private EcsTaskDefinition definition(Task task) {
        if (revisions == null || task.getStatus().taskDefinition == null) {
            return null;
        }
        TaskReference ref = TaskReference.parse(task.getStatus().taskDefinition);
        if (ref.revision() == null) {
            return null;
        }
        return revisions.get(new ResourceID(TaskDefinitionRevision.name(ref.family(), ref.revision()),
                task.getMetadata().getNamespace())).map(r -> {
                    try {
                        return Overrides.apply(r.getSpec().taskDefinition,
                                task.getSpec() == null ? null : task.getSpec().overrides);
                    } catch (UnrunnableTask e) {
                        return r.getSpec().taskDefinition;
                    }
                }).orElse(null);
    }
}
