package dev.berth.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class SlowStartTest {

    @Test
    void batchesDoubleFromOneUpToTheCap() {
        assertThat(SlowStart.batches(0)).isEmpty();
        assertThat(SlowStart.batches(1)).containsExactly(1);
        assertThat(SlowStart.batches(10)).containsExactly(1, 2, 4, 3);
        assertThat(SlowStart.batches(300)).containsExactly(1, 2, 4, 8, 16, 32, 64, 64, 64, 45);
    }

    @Test
    void createsRunConcurrentlyAndResultsKeepLaunchOrder() {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        List<Integer> launches = IntStream.range(0, 200).boxed().toList();

        SlowStart.Outcome<String> outcome = SlowStart.run(launches, i -> {
            threads.add(Thread.currentThread().getName());
            return "task-" + i;
        }, Executors.newFixedThreadPool(8));

        assertThat(outcome.failure()).isEmpty();
        assertThat(outcome.done()).hasSize(200).startsWith("task-0", "task-1").endsWith("task-199");
        assertThat(threads).as("not on the reconcile thread").doesNotContain(Thread.currentThread().getName());
    }

    @Test
    void aFailedBatchEndsTheLaunchWithWhatSucceeded() {
        List<Integer> attempted = Collections.synchronizedList(new ArrayList<>());
        List<Integer> launches = IntStream.range(0, 100).boxed().toList();

        SlowStart.Outcome<Integer> outcome = SlowStart.run(launches, i -> {
            attempted.add(i);
            if (i == 4) {
                throw new IllegalStateException("exceeded quota");
            }
            return i;
        }, Runnable::run);

        assertThat(attempted).as("batches of 1, 2 and 4: the failing batch runs to its end, nothing after it")
                .containsExactly(0, 1, 2, 3, 4, 5, 6);
        assertThat(outcome.done()).containsExactly(0, 1, 2, 3, 5, 6);
        assertThat(outcome.failure()).get().extracting(Throwable::getMessage).isEqualTo("exceeded quota");
    }
}
