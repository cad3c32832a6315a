package dev.berth.e2e;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.berth.api.v1alpha1.Berth;
import dev.berth.api.v1alpha1.Task;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

/**
 * Every Pod and Task a namespace ever had during a chaos scenario, seen through watches (informers, which relist after
 * a lost watch): Pod uids per Task (label {@code berth.dev/task}) and Task uids per name. A Task that ever had two
 * Pods, or a name that ever belonged to two Tasks, is a duplicate, even if one of them is gone by the end.
 */
final class Ledger implements AutoCloseable {

    private final Map<String, Set<String>> podsByTask = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> tasksByName = new ConcurrentHashMap<>();
    private final SharedIndexInformer<Pod> pods;
    private final SharedIndexInformer<Task> tasks;

    Ledger(KubernetesClient client, String namespace) {
        pods = client.pods().inNamespace(namespace).withLabel(Berth.LABEL_TASK)
                .inform(recorder(p -> record(podsByTask, p.getMetadata().getLabels().get(Berth.LABEL_TASK), p)));
        tasks = client.resources(Task.class).inNamespace(namespace)
                .inform(recorder(t -> record(tasksByName, t.getMetadata().getName(), t)));
    }

    /** Pods beyond the first of each Task. */
    int duplicatePods() {
        return podsByTask.values().stream().mapToInt(uids -> uids.size() - 1).sum();
    }

    /** Task objects beyond the first of each name. */
    int duplicateTaskNames() {
        return tasksByName.values().stream().mapToInt(uids -> uids.size() - 1).sum();
    }

    /** How many distinct Task objects were seen. */
    int tasksSeen() {
        return tasksByName.values().stream().mapToInt(Set::size).sum();
    }

    private static void record(Map<String, Set<String>> ledger, String key, HasMetadata object) {
        ledger.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(object.getMetadata().getUid());
    }

    private static <T extends HasMetadata> ResourceEventHandler<T> recorder(java.util.function.Consumer<T> record) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T object) {
                record.accept(object);
            }

            @Override
            public void onUpdate(T old, T object) {
                record.accept(object);
            }

            @Override
            public void onDelete(T object, boolean deletedFinalStateUnknown) {
                record.accept(object);
            }
        };
    }

    @Override
    public void close() {
        pods.close();
        tasks.close();
    }
}
