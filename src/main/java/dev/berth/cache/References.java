package dev.berth.cache;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import dev.berth.api.EcsNames;
import dev.berth.api.TaskReference;
import dev.berth.api.v1alpha1.Berth;
import dev.berth.api.v1alpha1.Task;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;

/**
 * Indexes of a primary cache by what its resources name in their own namespace (their task definition family, their
 * cluster), so a TaskDefinitionRevision or a Cluster finds the Tasks and Services that name it without a scan.
 */
public final class References {

    public static final String FAMILY = "by-family";
    public static final String CLUSTER = "by-cluster";
    /** Tasks by the Kubernetes name of their TaskDefinition (their family's). */
    public static final String TASK_DEFINITION = "by-taskdefinition";
    /** Tasks by the Service that owns them (the Service controller's tasks). */
    public static final String SERVICE = "by-service";
    /** Tasks by the ScheduledTask that owns them (its runs). */
    public static final String SCHEDULED_TASK = "by-scheduled-task";

    private References() {
    }

    /** Indexes {@code cache} under {@code index} by the name {@code named} returns, in the resource's namespace. */
    public static <P extends HasMetadata> void index(IndexerResourceCache<P> cache, String index, Function<P, String> named) {
        cache.addIndexer(index, p -> List.of(key(p.getMetadata().getNamespace(), named.apply(p))));
    }

    /** The resources of {@code cache} that name {@code name} in {@code namespace}. */
    public static <P extends HasMetadata> Stream<P> naming(IndexedResourceCache<P> cache, String index, String namespace,
            String name) {
        return cache.byIndex(index, key(namespace, name)).stream();
    }

    /** The ECS family a Task runs (the {@link #FAMILY} of a Task). */
    public static String family(Task task) {
        return TaskReference.parse(task.getSpec().taskDefinition).family();
    }

    /** The Kubernetes name of the Cluster a Task names (the {@link #CLUSTER} of a Task). */
    public static String cluster(Task task) {
        return EcsNames.kubernetesName(task.getSpec().cluster);
    }

    /** The Kubernetes name of the TaskDefinition a Task names (the {@link #TASK_DEFINITION} of a Task). */
    public static String taskDefinition(Task task) {
        return EcsNames.kubernetesName(family(task));
    }

    /** The name of the Service that owns a Task (the {@link #SERVICE} of a Task), or null. */
    public static String service(Task task) {
        return owner(task, "Service");
    }

    /** The name of the ScheduledTask that owns a Task (the {@link #SCHEDULED_TASK} of a Task), or null. */
    public static String scheduledTask(Task task) {
        return owner(task, "ScheduledTask");
    }

    /** The name of the Berth resource of {@code kind} that controls {@code task}, or null. */
    private static String owner(Task task, String kind) {
        List<OwnerReference> owners = task.getMetadata().getOwnerReferences();
        return owners == null ? null
                : owners.stream().filter(o -> kind.equals(o.getKind()) && Berth.API_VERSION.equals(o.getApiVersion()))
                        .map(OwnerReference::getName).findFirst().orElse(null);
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }
}
