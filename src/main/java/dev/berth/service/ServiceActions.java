package dev.berth.service;

import java.util.List;

import dev.berth.api.v1alpha1.Service;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskSpec;
import dev.berth.cache.TaskCache;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** Carries out a {@link ServiceDecision}'s actions on the API server. Every action is idempotent. */
final class ServiceActions {

    private static final int CONFLICT = 409;
    private static final int NOT_FOUND = 404;
    private static final int FORBIDDEN = 403;

    private final KubernetesClient client;
    private final TaskCache tasks;

    /** @param tasks the shared Task cache: what this creates or stops is shown there at once */
    ServiceActions(KubernetesClient client, TaskCache tasks) {
        this.client = client;
        this.tasks = tasks;
    }

    /**
     * Creates the Tasks in slow-start batches, and puts each in the cache at once, so a quick next decision never
     * launches them twice.
     *
     * @return the names of the Tasks created, and the first failure if a batch had one
     */
    SlowStart.Outcome<String> launch(Service service, List<TaskLaunch> launches) {
        return SlowStart.run(launches, launch -> {
            Task created = client.resource(ServiceTasks.launch(service, launch)).create();
            tasks.created(created);
            return created.getMetadata().getName();
        });
    }

    /** Performs the actions other than launches (those are {@link #launch}'s), in order. */
    void perform(Service service, List<ServiceAction> actions) {
        for (ServiceAction action : actions) {
            if (action instanceof TaskStop stop) {
                stop(service, stop);
            } else if (action instanceof ServiceAction.ApplyKubernetesService apply) {
                apply(apply);
            } else if (action instanceof ServiceAction.DeleteKubernetesService delete) {
                delete(service, delete.name());
            } else {
                throw new IllegalStateException("launches are launch()'s: " + action);
            }
        }
    }

    /** Stops a Task as ECS's scheduler does (stopCode ServiceSchedulerInitiated), the cache updated at once. */
    private void stop(Service service, TaskStop stop) {
        try {
            Task updated = client.resources(Task.class).inNamespace(service.getMetadata().getNamespace())
                    .withName(stop.taskName()).edit(t -> {
                        t.getSpec().desiredStatus = TaskSpec.DesiredStatus.STOPPED;
                        t.getSpec().stopReason = stop.stoppedReason();
                        t.getSpec().stopCode = TaskSpec.StopCode.ServiceSchedulerInitiated;
                        return t;
                    });
            tasks.updated(updated);
        } catch (KubernetesClientException e) {
            if (e.getCode() != NOT_FOUND) {
                throw e;
            }
        }
    }

    /**
     * A Service of that name created meanwhile (AlreadyExists) is the next observation's to judge, from the cache; a
     * namespace being deleted refuses new objects (403) and takes the Service's owner with it: nothing to do.
     */
    private void apply(ServiceAction.ApplyKubernetesService apply) {
        var desired = apply.desired();
        var services = client.services().inNamespace(desired.getMetadata().getNamespace());
        try {
            if (apply.create()) {
                services.resource(desired).create();
                return;
            }
            services.withName(desired.getMetadata().getName()).edit(s -> {
                s.getSpec().setPorts(desired.getSpec().getPorts());
                s.getSpec().setType(desired.getSpec().getType());
                s.getSpec().setSelector(desired.getSpec().getSelector());
                return s;
            });
        } catch (KubernetesClientException e) {
            if (e.getCode() != CONFLICT && e.getCode() != NOT_FOUND && !namespaceTerminating(e)) {
                throw e;
            }
        }
    }

    private void delete(Service service, String name) {
        client.services().inNamespace(service.getMetadata().getNamespace()).withName(name).delete();
    }

    static boolean namespaceTerminating(KubernetesClientException e) {
        return e.getCode() == FORBIDDEN && e.getMessage() != null && e.getMessage().contains("because it is being terminated");
    }
}
