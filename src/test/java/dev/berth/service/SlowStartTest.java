package dev.berth.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class SlowStartTest {

    @Test
    void batchesDoubleFromOneUpToTheCap() {
        assertThat(SlowStart.batches(0)).isEmpty();
        assertThat(SlowStart.batches(1)).containsExactly(1);
        assertThat(SlowStart.batches(10)).containsExactly(1, 2, 4, 3);
        assertThat(SlowStart.batches(300)).containsExactly(1, 2, 4, 8, 16, 32, 64, 64, 64, 45);
        assertThat(SlowStart.batches(10, 16)).containsExactly(10);
        assertThat(SlowStart.batches(100, 16)).containsExactly(16, 32, 52);
        assertThat(SlowStart.batches(3, 0)).containsExactly(1, 2);
    }

    /**
     * The creates of each batch meet at a barrier as large as the batch: sequential creates would time out on it. And no
     * create of the next batch starts before its batch is done.
     */
    @Test
    void theCreatesOfABatchRunConcurrentlyAndResultsKeepLaunchOrder() {
        List<Integer> sizes = SlowStart.batches(15);
        assertThat(sizes).containsExactly(1, 2, 4, 8);
        List<CyclicBarrier> barriers = sizes.stream().map(CyclicBarrier::new).toList();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        List<Integer> launches = IntStream.range(0, 15).boxed().toList();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            SlowStart.Outcome<String> outcome = SlowStart.run(launches, i -> {
                mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                try {
                    barriers.get(batchOf(i, sizes)).await(10, TimeUnit.SECONDS);
                } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
                    throw new IllegalStateException("create " + i + " did not meet the rest of its batch", e);
                } finally {
                    inFlight.decrementAndGet();
                }
                return "task-" + i + "@" + Thread.currentThread().getName();
            }, pool);

            assertThat(outcome.failure()).isEmpty();
            assertThat(outcome.done()).hasSize(15).allSatisfy(done -> assertThat(done).doesNotContain(
                    "@" + Thread.currentThread().getName()));
            assertThat(outcome.done()).extracting(done -> done.substring(0, done.indexOf('@')))
                    .containsExactlyElementsOf(launches.stream().map(i -> "task-" + i).toList());
            assertThat(mostInFlight.get()).as("the largest batch at once, never two batches").isEqualTo(8);
        } finally {
            pool.shutdownNow();
        }
    }

    private static int batchOf(int launch, List<Integer> sizes) {
        int end = 0;
        for (int batch = 0; batch < sizes.size(); batch++) {
            end += sizes.get(batch);
            if (launch < end) {
                return batch;
            }
        }
        throw new IllegalArgumentException("launch " + launch);
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
