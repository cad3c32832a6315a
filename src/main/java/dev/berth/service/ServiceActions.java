package dev.berth.service;

import java.util.List;

import org.jboss.logging.Logger;

import dev.berth.api.v1alpha1.Service;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskSpec;
import dev.berth.cache.TaskCache;
import dev.berth.status.ApiErrors;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** Carries out a {@link ServiceDecision}'s actions on the API server. Every action is idempotent. */
final class ServiceActions {

    private static final Logger LOG = Logger.getLogger(ServiceActions.class);
    private static final int CONFLICT = 409;
    private static final int NOT_FOUND = 404;

    private final KubernetesClient client;
    private final TaskCache tasks;

    /** @param tasks the shared Task cache: what this creates or stops is shown there at once */
    ServiceActions(KubernetesClient client, TaskCache tasks) {
        this.client = client;
        this.tasks = tasks;
    }

    /**
     * Creates the Tasks in slow-start batches, and puts each in the cache at once, so a quick next decision never
     * launches them twice. A Task of the same name that this service launched (an earlier create the client saw time
     * out, committed anyway, not in the cache yet) is this launch, done: it goes in the cache too. A Task of that name
     * that is not the service's (a user's, a BatchJob's of the same name) is invisible to the observation (the cache
     * holds only the service's Tasks), so naming cannot avoid it: that one launch takes a generated name after its
     * own ({@code web-2-0-x7k2p}), as every launch did before names were deterministic.
     *
     * @return the names of the Tasks launched, and the first failure if a batch had one
     */
    SlowStart.Outcome<String> launch(Service service, List<TaskLaunch> launches) {
        return SlowStart.run(launches, launch -> {
            Task created = createOrFind(service, ServiceTasks.launch(service, launch));
            tasks.created(created);
            return created.getMetadata().getName();
        });
    }

    private Task createOrFind(Service service, Task task) {
        try {
            return client.resource(task).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != CONFLICT) {
                throw e;
            }
            Task existing = client.resources(Task.class).inNamespace(task.getMetadata().getNamespace())
                    .withName(task.getMetadata().getName()).get();
            if (existing == null) {
                throw e; // deleted meanwhile: the next reconcile launches it again
            }
            if (!ServiceTasks.launchedBy(service, existing)) {
                LOG.infof("Task %s/%s exists and is not Service %s's: launching under a generated name after it",
                        existing.getMetadata().getNamespace(), existing.getMetadata().getName(),
                        service.getMetadata().getName());
                task.getMetadata().setGenerateName(task.getMetadata().getName() + "-");
                task.getMetadata().setName(null);
                return client.resource(task).create();
            }
            LOG.infof("Task %s/%s of Service %s exists already (an earlier launch the cache did not show yet): launched once",
                    existing.getMetadata().getNamespace(), existing.getMetadata().getName(), service.getMetadata().getName());
            return existing;
        }
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
            if (e.getCode() != CONFLICT && e.getCode() != NOT_FOUND && !ApiErrors.namespaceGone(e)) {
                throw e;
            }
        }
    }

    private void delete(Service service, String name) {
        client.services().inNamespace(service.getMetadata().getNamespace()).withName(name).delete();
    }
}
