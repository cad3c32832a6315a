package dev.berth.task;

import java.util.Optional;

import dev.berth.api.v1alpha1.Berth;
import dev.berth.api.v1alpha1.Task;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

/**
 * The Task controller's Pod informer, which also releases the status finalizer of a Pod whose Task is gone. A Task
 * known to the controller releases its Pod itself when it is deleted ({@link TaskReconciler}); this covers the Task
 * the controller never saw deleted: deleted while the operator was away, between its Pod's creation and its own
 * finalizer ({@link TaskFinalizer}). Garbage collection then deletes the Pod, which would wait on its finalizer
 * forever. Whether the Task is gone is asked of the API server (a cache that is still filling proves nothing), and
 * only for a Pod being deleted whose Task the cache does not hold: rare, so it is done on the informer's thread.
 */
final class TaskPodSource extends InformerEventSource<Pod, Task> {

    private static final int NOT_FOUND = 404;

    private final IndexerResourceCache<Task> tasks;
    private final KubernetesClient client;

    TaskPodSource(InformerEventSourceConfiguration<Pod> configuration, EventSourceContext<Task> context,
            IndexerResourceCache<Task> tasks) {
        super(configuration, context);
        this.tasks = tasks;
        this.client = context.getClient();
    }

    @Override
    public void onAdd(Pod pod) {
        super.onAdd(pod);
        releaseIfOrphaned(pod);
    }

    @Override
    public void onUpdate(Pod old, Pod pod) {
        super.onUpdate(old, pod);
        releaseIfOrphaned(pod);
    }

    /** Removes the status finalizer: nobody will record this Pod's final state. A Pod already gone counts as done. */
    static void release(KubernetesClient client, Pod pod) {
        if (!pod.hasFinalizer(Berth.POD_FINALIZER)) {
            return;
        }
        try {
            PrimaryUpdateAndCacheUtils.removeFinalizer(client, pod, Berth.POD_FINALIZER);
        } catch (KubernetesClientException e) {
            if (e.getCode() != NOT_FOUND) {
                throw e;
            }
        }
    }

    private void releaseIfOrphaned(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() == null || !pod.hasFinalizer(Berth.POD_FINALIZER)) {
            return;
        }
        Optional<OwnerReference> owner = pod.getMetadata().getOwnerReferences().stream()
                .filter(o -> Task.class.getSimpleName().equals(o.getKind())).findFirst();
        if (owner.isEmpty()) {
            return;
        }
        String namespace = pod.getMetadata().getNamespace();
        String uid = owner.get().getUid();
        boolean cached = tasks.get(new ResourceID(owner.get().getName(), namespace))
                .filter(t -> uid.equals(t.getMetadata().getUid())).isPresent();
        if (cached) {
            return;
        }
        try {
            Task live = client.resources(Task.class).inNamespace(namespace).withName(owner.get().getName()).get();
            if (live == null || !uid.equals(live.getMetadata().getUid())) {
                release(client, pod);
            }
        } catch (KubernetesClientException e) {
            // Best effort on the informer's thread: the Pod's next update (or the operator's next start) tries again.
        }
    }
}
