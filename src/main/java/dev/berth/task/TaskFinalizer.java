package dev.berth.task;

import dev.berth.api.v1alpha1.Berth;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;

/**
 * The Task's own finalizer, {@link Berth#TASK_FINALIZER}. What it holds back is the usage a Task has once it has a Pod
 * ({@link dev.berth.usage.DeletionHold}: a deleted Task goes only once its cluster's ledger counted it). A Task without a
 * Pod has nothing to count, so it needs no finalizer: the finalizer is added with the first status that names the Pod
 * (in the same reconcile, after the Pod is created and before that status is written), never in a round trip of its own
 * before the Pod. Whatever names a Pod in a Task's status therefore holds the finalizer, as when JOSDK added it first.
 * Tasks the operator creates (Services, BatchJobs, ScheduledTasks) carry it from their creation.
 */
final class TaskFinalizer {

    private static final int NOT_FOUND = 404;

    private TaskFinalizer() {
    }

    static boolean holds(Task task) {
        return task.hasFinalizer(Berth.TASK_FINALIZER);
    }

    /** The Task as it is to be written: with the finalizer (added now, one patch) once {@code next} names its Pod. */
    static Task addWithPod(Task task, TaskStatus next, KubernetesClient client) {
        if (next.podName == null || holds(task)) {
            return task;
        }
        return PrimaryUpdateAndCacheUtils.addFinalizer(client, task, Berth.TASK_FINALIZER);
    }

    /** Lets a deleted Task go; already gone counts as done. */
    static void remove(Task task, KubernetesClient client) {
        try {
            PrimaryUpdateAndCacheUtils.removeFinalizer(client, task, Berth.TASK_FINALIZER);
        } catch (KubernetesClientException e) {
            if (e.getCode() != NOT_FOUND) {
                throw e;
            }
        }
    }
}
