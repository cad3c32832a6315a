package dev.berth.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

/**
 * When each object of a kind was first seen in each state, as the benchmark's own watch (an informer) saw it.
 * Times are {@link System#nanoTime()} of the event's arrival; a state is whatever the classifier derives from the
 * object (a Task's lastStatus, a Pod's phase...). Watching costs one LIST and one WATCH, not polling.
 */
final class Timeline<T extends HasMetadata> implements AutoCloseable {

    static final String SEEN = "seen";

    private final Map<String, Map<String, Long>> firstSeen = new ConcurrentHashMap<>();
    private final Function<T, List<String>> states;
    private final Function<T, String> key;
    private final SharedIndexInformer<T> informer;

    Timeline(Informable<T> source, Function<T, List<String>> states) {
        this(source, states, o -> o.getMetadata().getName());
    }

    /** Objects keyed by something else than their name, e.g. a Job's Pods by their {@code job-name} label. */
    Timeline(Informable<T> source, Function<T, List<String>> states, Function<T, String> key) {
        this.states = states;
        this.key = key;
        this.informer = source.inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                record(obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                record(newObj);
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                firstSeen.computeIfAbsent(key.apply(obj), k -> new ConcurrentHashMap<>())
                        .putIfAbsent("deleted", System.nanoTime());
            }
        });
    }

    private void record(T obj) {
        long now = System.nanoTime();
        Map<String, Long> times = firstSeen.computeIfAbsent(key.apply(obj), k -> new ConcurrentHashMap<>());
        times.putIfAbsent(SEEN, now);
        for (String state : states.apply(obj)) {
            if (state != null) {
                times.putIfAbsent(state, now);
            }
        }
    }

    /** How many objects reached the state. */
    long count(String state) {
        return firstSeen.values().stream().filter(t -> t.containsKey(state)).count();
    }

    /** When the object first reached the state, or null. */
    Long at(String name, String state) {
        Map<String, Long> times = firstSeen.get(name);
        return times == null ? null : times.get(state);
    }

    /** The latest first-arrival in the state over all objects (when the last one got there), or null. */
    Long last(String state) {
        return firstSeen.values().stream().map(t -> t.get(state)).filter(t -> t != null).max(Long::compare).orElse(null);
    }

    List<String> names() {
        return new ArrayList<>(firstSeen.keySet());
    }

    @Override
    public void close() {
        informer.close();
    }
}
