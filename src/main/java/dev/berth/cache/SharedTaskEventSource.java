package dev.berth.cache;

import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

import dev.berth.api.v1alpha1.Task;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.OperatorException;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;

/**
 * A controller's view of the shared {@link TaskCache}: the Tasks that name one of its primary resources (by the
 * function given, in the Task's namespace) are that primary's secondary Tasks, and a Task created, deleted or changed
 * in a way {@code relevant} accepts wakes the primary it names (before and after the change). It keeps no copy of
 * its own; readers must treat the Tasks as read-only, as every informer cache.
 *
 * @param <P> the controller's primary resource
 */
public class SharedTaskEventSource<P extends HasMetadata> extends AbstractEventSource<Task, P> {

    private final TaskCache tasks;
    private final String index;
    private final Function<Task, String> primaryNamed;
    private final OnUpdateFilter<Task> relevant;
    private final Duration syncTimeout;

    /**
     * @param index the name of the index by {@code primaryNamed} (one name, one function)
     * @param primaryNamed the name of the primary a Task belongs to, in the Task's namespace (null: none)
     * @param relevant which updates of a Task wake its primary (creations and deletions always do)
     * @param syncTimeout how long the start waits for the Task controller's informer to sync
     */
    public SharedTaskEventSource(TaskCache tasks, String index, Function<Task, String> primaryNamed,
            OnUpdateFilter<Task> relevant, Duration syncTimeout) {
        super(Task.class, "shared-tasks-" + index);
        this.tasks = tasks;
        this.index = index;
        this.primaryNamed = primaryNamed;
        this.relevant = relevant;
        this.syncTimeout = syncTimeout;
        tasks.index(index, primaryNamed);
        tasks.listen(this::taskChanged);
    }

    /** Starts once the shared Tasks are all there: a controller must never decide from a cache still filling. */
    @Override
    public void start() throws OperatorException {
        try {
            if (!tasks.awaitSynced(syncTimeout)) {
                throw new OperatorException("the Task controller's informer did not sync within " + syncTimeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperatorException(e);
        }
        super.start();
    }

    @Override
    public Set<Task> getSecondaryResources(P primary) {
        return new HashSet<>(tasks.naming(index, primary.getMetadata().getNamespace(), primary.getMetadata().getName()));
    }

    private void taskChanged(Task task, Task before) {
        if (!isRunning() || before != null && !relevant.accept(task, before)) {
            return;
        }
        String namespace = task.getMetadata().getNamespace();
        String now = primaryNamed.apply(task);
        String then = before == null ? null : primaryNamed.apply(before);
        if (now != null) {
            getEventHandler().handleEvent(new Event(new ResourceID(now, namespace)));
        }
        if (then != null && !Objects.equals(then, now)) {
            getEventHandler().handleEvent(new Event(new ResourceID(then, namespace)));
        }
    }
}
