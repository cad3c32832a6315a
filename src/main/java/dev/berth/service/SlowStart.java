package dev.berth.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Launches a Service's Tasks as the ReplicaSet controller creates Pods ({@code slowStartBatch}): batches of 1, 2, 4, ...
 * up to {@link #MAX_BATCH}, each batch's creates in parallel. A batch with a failure ends the launch, so an API server
 * that refuses every create (quota, admission, RBAC) is asked once or twice, not hundreds of times; the next reconcile
 * launches the rest.
 */
public final class SlowStart {

    static final int MAX_BATCH = 64;

    private static final Executor CREATORS = Executors.newCachedThreadPool(daemonThreads());

    /** @param done the results of the creates that succeeded, in launch order; failure the first that did not */
    public record Outcome<R>(List<R> done, Optional<RuntimeException> failure) {
        static <R> Outcome<R> none() {
            return new Outcome<>(List.of(), Optional.empty());
        }
    }

    private SlowStart() {
    }

    public static <T, R> Outcome<R> run(List<T> launches, Function<T, R> create) {
        return run(launches, create, 1, CREATORS);
    }

    /**
     * The same, starting with batches of {@code firstBatch}: for a controller whose every reconcile creates a few
     * children (a batch job refilling its queue's budget), where doubling from 1 each time would cost a round trip
     * per doubling in every reconcile. A refusing API server is then asked up to {@code firstBatch} times.
     */
    public static <T, R> Outcome<R> run(List<T> launches, Function<T, R> create, int firstBatch) {
        return run(launches, create, firstBatch, CREATORS);
    }

    static <T, R> Outcome<R> run(List<T> launches, Function<T, R> create, Executor executor) {
        return run(launches, create, 1, executor);
    }

    static <T, R> Outcome<R> run(List<T> launches, Function<T, R> create, int firstBatch, Executor executor) {
        List<R> done = new ArrayList<>();
        int next = 0;
        for (int size : batches(launches.size(), firstBatch)) {
            List<CompletableFuture<R>> creates = launches.subList(next, next + size).stream()
                    .map(launch -> CompletableFuture.supplyAsync(() -> create.apply(launch), executor)).toList();
            next += size;
            Optional<RuntimeException> failure = Optional.empty();
            for (CompletableFuture<R> created : creates) {
                try {
                    done.add(created.join());
                } catch (CompletionException e) {
                    failure = failure.or(() -> Optional.of(unwrap(e)));
                }
            }
            if (failure.isPresent()) {
                return new Outcome<>(done, failure);
            }
        }
        return new Outcome<>(done, Optional.empty());
    }

    /** The sizes of the batches that launch {@code count} Tasks: 1, 2, 4, ... up to {@link #MAX_BATCH}. */
    static List<Integer> batches(int count) {
        return batches(count, 1);
    }

    /** The sizes of the batches that launch {@code count} Tasks: {@code first}, twice that, ... up to {@link #MAX_BATCH}. */
    static List<Integer> batches(int count, int first) {
        List<Integer> sizes = new ArrayList<>();
        int launched = 0;
        for (int batch = Math.max(1, Math.min(first, MAX_BATCH)); launched < count; batch = Math.min(2 * batch, MAX_BATCH)) {
            int size = Math.min(batch, count - launched);
            sizes.add(size);
            launched += size;
        }
        return sizes;
    }

    private static RuntimeException unwrap(CompletionException e) {
        return e.getCause() instanceof RuntimeException cause ? cause : e;
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "berth-launch-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
