package dev.berth.cache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.berth.api.v1alpha1.Task;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

/**
 * Expectations, as the ReplicaSet controller keeps them: the Tasks this operator created or changed that the shared
 * informer has not shown yet. An informer's index does not hold what a reconciler has just written, so without these
 * a quick next decision would launch a created task again, or stop a stopped one again. A write is forgotten when the
 * informer shows that version of the Task or a later one, when it shows the Task deleted, or after
 * {@link #FORGET_AFTER} (a Task created and deleted before the informer listed it is never shown).
 */
final class RecentWrites {

    static final Duration FORGET_AFTER = Duration.ofMinutes(2);

    /** A write: the Task as the API server returned it, whether it was a creation, and when. */
    record Write(Task task, boolean created, Instant at) {
    }

    private final Clock clock;
    private final Map<ResourceID, Write> writes = new ConcurrentHashMap<>();

    RecentWrites(Clock clock) {
        this.clock = clock;
    }

    void wrote(Task task, boolean created) {
        writes.merge(ResourceID.fromResource(task), new Write(task, created, clock.instant()),
                (older, newer) -> new Write(newer.task(), older.created() || newer.created(), newer.at()));
    }

    /** The informer showed {@code task} (created or updated): a write of that version or an older one is done. */
    void shown(Task task) {
        writes.computeIfPresent(ResourceID.fromResource(task),
                (id, write) -> atLeast(task, write.task()) ? null : write);
    }

    /** The informer showed {@code task} deleted. */
    void deleted(Task task) {
        writes.remove(ResourceID.fromResource(task));
    }

    /** The writes not shown yet, the expired ones forgotten. */
    Collection<Write> pending() {
        if (writes.isEmpty()) {
            return List.of();
        }
        Instant now = clock.instant();
        writes.values().removeIf(w -> w.at().plus(FORGET_AFTER).isBefore(now));
        return List.copyOf(writes.values());
    }

    /**
     * Whether {@code shown} is the version {@code written} or a later one. Kubernetes resource versions are opaque
     * strings; the API server's are etcd revisions, compared as numbers. When one is not a number, any version shown
     * settles the write (the informer has the Task; at worst a decision reads the version just before its own write).
     */
    static boolean atLeast(Task shown, Task written) {
        String s = shown.getMetadata().getResourceVersion();
        String w = written.getMetadata().getResourceVersion();
        if (s == null || w == null || s.equals(w)) {
            return true;
        }
        try {
            return Long.parseLong(s) >= Long.parseLong(w);
        } catch (NumberFormatException e) {
            return true;
        }
    }
}
