package dev.berth.batch;

import java.util.List;

import dev.berth.api.v1alpha1.BatchJob;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskSpec;
import dev.berth.cache.TaskCache;
import dev.berth.service.SlowStart;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Creates, stops and deletes a job's Tasks; every write is idempotent and lands in the cache at once (a delete with
 * the informer's next event).
 */
final class BatchActions {

    private static final int CONFLICT = 409;
    private static final int NOT_FOUND = 404;

    private final KubernetesClient client;
    private final TaskCache tasks;

    /** @param tasks the shared Task cache: what this creates or stops is shown there at once */
    BatchActions(KubernetesClient client, TaskCache tasks) {
        this.client = client;
        this.tasks = tasks;
    }

    /** Stops attempts as TerminateJob and the attempt timeout do: desiredStatus STOPPED with Batch's reason. */
    void stop(String namespace, List<ChildStop> stops) {
        for (ChildStop stop : stops) {
            try {
                Task updated = client.resources(Task.class).inNamespace(namespace).withName(stop.taskName()).edit(t -> {
                    t.getSpec().desiredStatus = TaskSpec.DesiredStatus.STOPPED;
                    t.getSpec().stopReason = stop.reason();
                    t.getSpec().stopCode = TaskSpec.StopCode.UserInitiated;
                    return t;
                });
                tasks.updated(updated);
            } catch (KubernetesClientException e) {
                if (e.getCode() != NOT_FOUND) {
                    throw e;
                }
            }
        }
    }

    /** Deletes succeeded attempts the written status records (their Pods go with them: owner references). */
    void delete(String namespace, List<String> names) {
        for (String name : names) {
            client.resources(Task.class).inNamespace(namespace).withName(name).delete();
        }
    }

    /**
     * Attempts created at once first: a job refills its budget a few slots per reconcile, and a slow start from 1 would
     * cost a round trip per doubling in each of them (measured by BatchBench); a refusing API server is asked this
     * many times per reconcile, not thousands.
     */
    static final int FIRST_BATCH = 16;

    /**
     * Creates the admitted attempts in slow-start batches (16, 32, 64 at once). An attempt whose Task exists already
     * (a create the cache had not shown) is done.
     */
    void launch(BatchJob job, BatchObserver.Inputs inputs, List<ChildLaunch> launches) {
        if (launches.isEmpty()) {
            return;
        }
        BatchObservation observation = inputs.observation();
        SlowStart.Outcome<String> outcome = SlowStart.run(launches, launch -> {
            Task task = ChildTasks.render(job, observation.taskDefinition(), inputs.definition(),
                    observation.unitsPerAttempt(), launch);
            try {
                Task made = client.resource(task).create();
                tasks.created(made);
                return made.getMetadata().getName();
            } catch (KubernetesClientException e) {
                if (e.getCode() == CONFLICT) {
                    return task.getMetadata().getName();
                }
                throw e;
            }
        }, FIRST_BATCH);
        outcome.failure().ifPresent(failure -> {
            throw failure;
        });
    }
}
