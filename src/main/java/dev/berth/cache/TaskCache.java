package dev.berth.cache;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import jakarta.inject.Singleton;

import dev.berth.api.v1alpha1.Task;
import io.javaoperatorsdk.operator.OperatorException;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.ResourceEventAware;

/**
 * The operator's one copy of the Tasks: the Task controller's primary informer cache, shared read-only with every other
 * controller that reads Tasks — those that start and stop them (Service, ScheduledTask, BatchJob, with the autoscaler
 * and right-sizing on the Service controller's view) and those that count or sum them (Cluster counts, revisions in
 * use, usage roll-ups) — so every Task is listed, parsed and held once, and no other informer of Tasks exists. JOSDK gives
 * every controller its own informers and has no way to share one; it does hand
 * every event of a controller's primary resource to that controller's event sources that are
 * {@link ResourceEventAware}. The Task controller registers {@link #announcer()}, which passes those events on to
 * the {@link SharedTaskEventSource}s of the other controllers.
 * <p>
 * The Task controller's primary informer has synced when JOSDK starts that controller's other event sources (it
 * starts them after the primary one), so the announcer's start says "synced", and a shared event source does not
 * start — nor lets its controller reconcile from an empty cache — before that.
 */
@Singleton
public class TaskCache {

    /** The Task's namespace plus what the indexed function returned, the same way on both sides of a lookup. */
    static String key(String namespace, String name) {
        return namespace + "/" + name;
    }

    /** Who is told about every Task event, with the Task before an update (null otherwise). */
    interface Listener {
        void taskChanged(Task task, Task before);
    }

    private final CountDownLatch synced = new CountDownLatch(1);
    private final RecentWrites recent;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, Function<Task, String>> indexes = new LinkedHashMap<>();
    private IndexerResourceCache<Task> tasks;

    public TaskCache(Clock clock) {
        this.recent = new RecentWrites(clock);
    }

    /** The Task controller's primary cache becomes the shared one (called once, as that controller prepares). */
    public synchronized void attach(IndexerResourceCache<Task> primaryCache) {
        if (tasks != null) {
            throw new IllegalStateException("the Task cache is attached already");
        }
        tasks = primaryCache;
        indexes.forEach(this::addIndexer);
    }

    /**
     * Indexes the Tasks by the name {@code named} returns (null: none) in the Task's namespace; an index of the same
     * name is registered once (the first function wins, so one name means one function everywhere).
     */
    public synchronized void index(String index, Function<Task, String> named) {
        if (indexes.putIfAbsent(index, named) == null && tasks != null) {
            addIndexer(index, named);
        }
    }

    private void addIndexer(String index, Function<Task, String> named) {
        tasks.addIndexer(index, t -> {
            String name = named.apply(t);
            return name == null ? List.of() : List.of(key(t.getMetadata().getNamespace(), name));
        });
    }

    /**
     * The Tasks whose {@code index} function named {@code name} in {@code namespace}: the informer's, and the ones this
     * operator has just written ({@link #created}, {@link #updated}) as it wrote them.
     */
    public List<Task> naming(String index, String namespace, String name) {
        // the writes before the index: a write the informer shows in between is then in one or the other (read the
        // other way round, a Task just created could be in neither: one attempt too few counted, one too many launched)
        var written = recent.pending();
        List<Task> indexed = cache().byIndex(index, key(namespace, name));
        if (written.isEmpty()) {
            return indexed;
        }
        Function<Task, String> function;
        synchronized (this) {
            function = indexes.get(index);
        }
        Map<ResourceID, Task> found = new LinkedHashMap<>();
        indexed.forEach(t -> found.put(ResourceID.fromResource(t), t));
        for (RecentWrites.Write write : written) {
            Task task = write.task();
            ResourceID id = ResourceID.fromResource(task);
            boolean named = namespace.equals(task.getMetadata().getNamespace()) && name.equals(function.apply(task));
            // a change shows only over the informer's copy: a Task the informer no longer holds is gone
            if (named && (write.created() || found.containsKey(id))) {
                Task shown = found.get(id);
                if (shown == null || !RecentWrites.atLeast(shown, task)) {
                    found.put(id, task);
                }
            } else {
                found.remove(id);
            }
        }
        return new ArrayList<>(found.values());
    }

    /**
     * A Task this operator has just created, as the API server returned it: {@link #naming} shows it until the informer
     * does (a reconcile woken by its own status write must not launch it again).
     */
    public void created(Task task) {
        recent.wrote(task, true);
    }

    /**
     * A Task this operator has just changed, as the API server returned it: {@link #naming} shows this version over
     * the informer's older one until the informer shows it (a quick next decision must not stop it again).
     */
    public void updated(Task task) {
        recent.wrote(task, false);
    }

    /** The shared cache itself, for the Task controller's own lookups. */
    public IndexedResourceCache<Task> cache() {
        IndexerResourceCache<Task> attached;
        synchronized (this) {
            attached = tasks;
        }
        if (attached == null) {
            throw new IllegalStateException("no Task controller has attached its cache");
        }
        return attached;
    }

    void listen(Listener listener) {
        listeners.add(listener);
    }

    /** Waits until the Task controller's informer has synced; false when it did not within {@code timeout}. */
    boolean awaitSynced(Duration timeout) throws InterruptedException {
        return synced.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The event source the Task controller registers: it passes its Task events on, and its start means synced. */
    public Announcer announcer() {
        return new Announcer();
    }

    public final class Announcer extends AbstractEventSource<Task, Task> implements ResourceEventAware<Task> {

        private Announcer() {
            super(Task.class, "task-cache-announcer");
        }

        @Override
        public void start() throws OperatorException {
            super.start();
            synced.countDown();
        }

        @Override
        public Set<Task> getSecondaryResources(Task primary) {
            return Set.of();
        }

        @Override
        public void onResourceCreated(Task task) {
            recent.shown(task);
            listeners.forEach(l -> l.taskChanged(task, null));
        }

        @Override
        public void onResourceUpdated(Task task, Task before) {
            recent.shown(task);
            listeners.forEach(l -> l.taskChanged(task, before));
        }

        @Override
        public void onResourceDeleted(Task task) {
            recent.deleted(task);
            listeners.forEach(l -> l.taskChanged(task, null));
        }
    }
}
