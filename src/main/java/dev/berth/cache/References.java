package dev.berth.cache;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import dev.berth.api.EcsNames;
import dev.berth.api.TaskReference;
import dev.berth.api.v1alpha1.Task;
import io.fabric8.kubernetes.api.model.HasMetadata;
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

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }
}
