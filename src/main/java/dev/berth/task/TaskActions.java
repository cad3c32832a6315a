package dev.berth.task;

import java.util.function.Consumer;

import dev.berth.api.v1alpha1.Berth;
import dev.berth.api.v1alpha1.Cluster;
import dev.berth.api.v1alpha1.ClusterSpec;
import dev.berth.api.v1alpha1.Task;
import dev.berth.events.BerthEvent;
import dev.berth.events.EventRecorder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;

/** Carries out a {@link TaskAction} on the API server. Every action is idempotent. */
final class TaskActions {

    private static final int BAD_REQUEST = 400;
    private static final int FORBIDDEN = 403;
    private static final int CONFLICT = 409;
    private static final int UNPROCESSABLE = 422;
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

    /**
     * Creates the Task's Pod: the observation again, with the created Pod, or with a start blocker when the API server
     * refuses it: permanent when the Pod is invalid, retried until the start timeout when it is forbidden. A none-mode
     * task's isolating NetworkPolicy is created first, so its Pod never runs unisolated; one that exists already (a
     * crash between the two) is kept, as its content is a function of the Task.
     */
    TaskObservation createPod(TaskInputs inputs) {
        TaskObservation observation = inputs.observation();
        try {
            if (inputs.desiredIsolation() != null) {
                createUnlessExists(inputs.desiredIsolation());
            }
            Pod pod = client.resource(inputs.desiredPod()).create();
            created.accept(pod);
            return observation.withPod(pod);
        } catch (KubernetesClientException e) {
            int code = e.getCode();
            if (code == CONFLICT) {
                return observation;
            }
            String message = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
                    : e.getMessage();
            if (code == FORBIDDEN) {
                return observation.withBlocker(StartBlocker.forbidden(message));
            }
            if (code == BAD_REQUEST || code == UNPROCESSABLE) {
                return observation.withBlocker(StartBlocker.invalid(message));
            }
            throw e;
        }
    }

    private void createUnlessExists(HasMetadata resource) {
        try {
            client.resource(resource).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != CONFLICT) {
                throw e;
            }
        }
    }

    /** Performs any other action (CreatePod is {@link #createPod}'s), and creates the default Cluster when it is due. */
    void perform(Task task, TaskInputs inputs, TaskAction action) {
        if (inputs.createDefaultCluster()) {
            createDefaultCluster(task);
        }
        Pod observed = inputs.observation().pod();
        String namespace = task.getMetadata().getNamespace();
        String name = task.getMetadata().getName();
        try {
            if (action instanceof TaskAction.DeletePod delete) {
                var pod = client.pods().inNamespace(namespace).withName(name);
                (delete.gracePeriodSeconds() == null ? pod : pod.withGracePeriod(delete.gracePeriodSeconds())).delete();
            } else if (action instanceof TaskAction.ReleasePod && observed != null) {
                PrimaryUpdateAndCacheUtils.removeFinalizer(client, observed, Berth.POD_FINALIZER);
            } else if (action instanceof TaskAction.DeleteTask) {
                client.resource(task).delete();
            }
        } catch (KubernetesClientException e) {
            if (e.getCode() != NOT_FOUND) {
                throw e;
            }
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
