package dev.berth.cache;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

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
 * in a way {@code relevant} accepts wakes the primary it names (before and after the change), and any other primaries
 * the controller asks for. It keeps no copy of its own; readers must treat the Tasks as read-only, as every informer
 * cache. What the controller writes it tells the {@link TaskCache} ({@link TaskCache#created}, {@link TaskCache#updated}),
 * so its next reads see it.
 *
 * @param <P> the controller's primary resource
 */
public class SharedTaskEventSource<P extends HasMetadata> extends AbstractEventSource<Task, P> {

    private final TaskCache tasks;
    private final String index;
    private final Function<Task, String> primaryNamed;
    private final OnUpdateFilter<Task> relevant;
    private final Function<Task, Stream<ResourceID>> alsoWakes;
    private final Duration syncTimeout;

    /**
     * @param index the name of the index by {@code primaryNamed} (one name, one function)
     * @param primaryNamed the name of the primary a Task belongs to, in the Task's namespace (null: none)
     * @param relevant which updates of a Task wake its primary (creations and deletions always do)
     * @param syncTimeout how long the start waits for the Task controller's informer to sync
     */
    public SharedTaskEventSource(TaskCache tasks, String index, Function<Task, String> primaryNamed,
            OnUpdateFilter<Task> relevant, Duration syncTimeout) {
        this(tasks, index, primaryNamed, relevant, task -> Stream.empty(), syncTimeout);
    }

    /**
     * @param alsoWakes the other primaries a Task's creation, deletion or relevant update wakes (after the change)
     */
    public SharedTaskEventSource(TaskCache tasks, String index, Function<Task, String> primaryNamed,
            OnUpdateFilter<Task> relevant, Function<Task, Stream<ResourceID>> alsoWakes, Duration syncTimeout) {
        super(Task.class, "shared-tasks-" + index);
        this.tasks = tasks;
        this.index = index;
        this.primaryNamed = primaryNamed;
        this.relevant = relevant;
        this.alsoWakes = alsoWakes;
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
        Set<ResourceID> woken = new LinkedHashSet<>();
        Optional.ofNullable(primaryNamed.apply(task)).ifPresent(name -> woken.add(new ResourceID(name, namespace)));
        Optional.ofNullable(before).map(primaryNamed).ifPresent(name -> woken.add(new ResourceID(name, namespace)));
        alsoWakes.apply(task).forEach(woken::add);
        woken.forEach(id -> getEventHandler().handleEvent(new Event(id)));
    }
}
