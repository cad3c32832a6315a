package dev.berth.task;

import java.util.Optional;
import java.util.function.Consumer;

import dev.berth.api.v1alpha1.Berth;
import dev.berth.api.v1alpha1.Cluster;
import dev.berth.api.v1alpha1.ClusterSpec;
import dev.berth.api.v1alpha1.Task;
import dev.berth.events.BerthEvent;
import dev.berth.events.EventRecorder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;

/** Carries out a {@link TaskAction} on the API server. Every action is idempotent. */
final class TaskActions {

    private static final int CONFLICT = 409;
    private static final int NOT_FOUND = 404;

    private final KubernetesClient client;
    private final EventRecorder events;
    private final Consumer<Pod> created;

    /** @param created told about each Pod the API server created (to put it in the reconciler's cache) */
    TaskActions(KubernetesClient client, EventRecorder events, Consumer<Pod> created) {
        this.client = client;
        this.events = events;
        this.created = created;
    }

    /** Performs the action; a Pod the API server refuses comes back as a permanent start blocker. */
    Optional<StartBlocker> perform(Task task, TaskInputs inputs, TaskAction action) {
        if (inputs.createDefaultCluster()) {
            createDefaultCluster(task);
        }
        String namespace = task.getMetadata().getNamespace();
        String name = task.getMetadata().getName();
        if (action instanceof TaskAction.CreatePod) {
            return createPod(inputs.desiredPod());
        }
        try {
            if (action instanceof TaskAction.DeletePod delete) {
                var pod = client.pods().inNamespace(namespace).withName(name);
                (delete.gracePeriodSeconds() == null ? pod : pod.withGracePeriod(delete.gracePeriodSeconds())).delete();
            } else if (action instanceof TaskAction.ReleasePod && inputs.observation().pod() != null) {
                PrimaryUpdateAndCacheUtils.removeFinalizer(client, inputs.observation().pod(), Berth.POD_FINALIZER);
            } else if (action instanceof TaskAction.DeleteTask) {
                client.resource(task).delete();
            }
        } catch (KubernetesClientException e) {
            if (e.getCode() != NOT_FOUND) {
                throw e;
            }
        }
        return Optional.empty();
    }

    private Optional<StartBlocker> createPod(Pod pod) {
        try {
            created.accept(client.resource(pod).create());
            return Optional.empty();
        } catch (KubernetesClientException e) {
            int code = e.getCode();
            if (code == CONFLICT) {
                return Optional.empty();
            }
            if (code == 400 || code == 403 || code == 422) {
                String message = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
                        : e.getMessage();
                return Optional.of(new StartBlocker("PodRejected", "ResourceInitializationError: " + message, true));
            }
            throw e;
        }
    }

    private void createDefaultCluster(Task task) {
        Cluster cluster = new Cluster();
        cluster.setMetadata(new ObjectMetaBuilder().withName(Cluster.DEFAULT).withNamespace(task.getMetadata().getNamespace())
                .addToLabels(Berth.LABEL_MANAGED_BY, Berth.MANAGED_BY).build());
        cluster.setSpec(new ClusterSpec());
        try {
            Cluster created = client.resource(cluster).create();
            events.record(created, BerthEvent.normal("ClusterCreated",
                    "Created on first use by Task " + task.getMetadata().getName() + ", as ECS creates its default cluster"));
        } catch (KubernetesClientException e) {
            if (e.getCode() != CONFLICT) {
                throw e;
            }
        }
    }
}
