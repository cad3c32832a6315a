package dev.berth.batch;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.berth.api.v1alpha1.Task;

/**
 * Expectations, as the ReplicaSet controller keeps them: the Tasks this operator created that its informer has not
 * listed yet. An informer's list does not include the objects a reconciler just created, so without these the next
 * admission would count their vCPUs as free and a job would plan their indices again.
 */
final class CreatedTasks {

    /** A create the informer never shows (the Task was deleted at once) stops counting after this long. */
    private static final Duration FORGET_AFTER = Duration.ofMinutes(2);

    private record Created(Task task, Instant at) {
    }

    private final Map<String, Created> created = new ConcurrentHashMap<>();

    void add(Task task, Instant now) {
        created.put(key(task.getMetadata().getNamespace(), task.getMetadata().getName()), new Created(task, now));
    }

    /**
     * The Tasks of {@code namespace} created here and not in {@code listed} (the names the informer holds); those it
     * holds, and those too old, are forgotten.
     */
    List<Task> unseen(String namespace, Set<String> listed, Instant now) {
        created.entrySet().removeIf(e -> e.getValue().task().getMetadata().getNamespace().equals(namespace)
                && (listed.contains(e.getValue().task().getMetadata().getName())
                        || e.getValue().at().plus(FORGET_AFTER).isBefore(now)));
        return created.values().stream().map(Created::task).filter(t -> t.getMetadata().getNamespace().equals(namespace))
                .toList();
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }
}
