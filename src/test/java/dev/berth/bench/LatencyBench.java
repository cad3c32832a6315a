package dev.berth.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.Berth;
import dev.berth.api.v1alpha1.Task;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * Issue 7, item 2: Tasks created at a steady rate (20 and 100 per second for {@code berth.bench.seconds}, 20 s by
 * default; each container exits 0 after 1 s) — latency from the create call to the Task's Pod appearing, and to the
 * Task reaching RUNNING, p50/p99.
 */
class LatencyBench extends Bench {

    static final BenchResults results = new BenchResults("latency", "Latency: Task → Pod and Task → RUNNING at a steady rate");

    @AfterAll
    static void report() {
        List<List<String>> rows = new ArrayList<>();
        for (int rate : rates()) {
            String s = rate + "/s";
            Stats pod = results.stats(s, "task-to-pod-ms");
            Stats running = results.stats(s, "task-to-running-ms");
            rows.add(List.of(s, Integer.toString(running.n()), Stats.format(pod.p50(), 0), Stats.format(pod.p99(), 0),
                    Stats.format(pod.max(), 0), Stats.format(running.p50(), 0), Stats.format(running.p99(), 0),
                    Stats.format(running.max(), 0), results.stats(s, "achieved-rate").medianAndSpread(1)));
        }
        results.table("Milliseconds from the create call (all samples of all runs)",
                List.of("rate", "tasks", "→ Pod p50", "→ Pod p99", "→ Pod max", "→ RUNNING p50", "→ RUNNING p99",
                        "→ RUNNING max", "achieved create rate/s"),
                rows);
        results.note("""
                The benchmark sends creates from a scheduler at fixed intervals (a pool of client threads, so one slow
                create does not delay the next); *→ Pod* is when the benchmark's Pod watch first sees the Task's Pod,
                *→ RUNNING* when its Task watch first sees lastStatus RUNNING (or later). Containers exit 0 after 1 s, so
                the operator also stops earlier tasks while new ones arrive.""");
        results.write();
    }

    static List<Integer> rates() {
        return List.of(System.getProperty("berth.bench.rates", "20,100").split(",")).stream().map(Integer::parseInt).toList();
    }

    @BeforeAll
    static void warmUp() {
        warmUpOperator();
    }

    @Test
    void steadyRates() throws InterruptedException {
        int seconds = Integer.getInteger("berth.bench.seconds", 20);
        for (int run = 1; run <= Math.max(1, runs() - 1); run++) {
            for (int rate : rates()) {
                steady(run, rate, seconds);
            }
        }
    }

    private void steady(int run, int rate, int seconds) throws InterruptedException {
        String ns = plane.namespace("bench-latency");
        client.resource(Workloads.taskDefinition(ns, Workloads.FAMILY, "1s")).create();
        int n = rate * seconds;
        long[] sent = new long[n];
        try (var pods = new Timeline<Pod>(client.pods().inNamespace(ns).withLabel(Berth.LABEL_TASK), p -> List.of());
                var tasks = new Timeline<Task>(client.resources(Task.class).inNamespace(ns), States::task)) {
            client.resource(Workloads.task(ns, "warmup", Workloads.FAMILY)).create();
            await(Duration.ofMinutes(3), Duration.ofMillis(200), () -> tasks.at("warmup", "STOPPED") != null);
            progress("latency run %d: %d tasks/s for %d s", run, rate, seconds);
            ExecutorService senders = Executors.newFixedThreadPool(32);
            long start = System.nanoTime();
            long interval = 1_000_000_000L / rate;
            for (int i = 0; i < n; i++) {
                long due = start + i * interval;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                int index = i;
                senders.execute(() -> {
                    sent[index] = System.nanoTime();
                    client.resource(Workloads.task(ns, "t-" + index, Workloads.FAMILY)).create();
                });
            }
            senders.shutdown();
            senders.awaitTermination(5, TimeUnit.MINUTES);
            double achieved = n / ((System.nanoTime() - start) / 1e9);
            progress("latency run %d: %d sent (%.1f/s), waiting for RUNNING", run, n, achieved);
            boolean all = await(Duration.ofMinutes(15), Duration.ofMillis(500),
                    () -> tasks.count(States.PAST_RUNNING) >= n + 1);
            String s = rate + "/s";
            results.add(s, "achieved-rate", run, achieved, "tasks/s");
            for (int i = 0; i < n; i++) {
                Long pod = pods.at("t-" + i, Timeline.SEEN);
                Long running = tasks.at("t-" + i, States.PAST_RUNNING);
                if (pod != null) {
                    results.add(s, "task-to-pod-ms", i, (pod - sent[i]) / 1e6, "ms");
                }
                if (running != null) {
                    results.add(s, "task-to-running-ms", i, (running - sent[i]) / 1e6, "ms");
                }
            }
            progress("latency run %d at %d/s: %s; Task→Pod p50 %.0f ms p99 %.0f ms, →RUNNING p50 %.0f ms p99 %.0f ms", run,
                    rate, all ? "all running" : "NOT all running within 15 min", results.stats(s, "task-to-pod-ms").p50(),
                    results.stats(s, "task-to-pod-ms").p99(), results.stats(s, "task-to-running-ms").p50(),
                    results.stats(s, "task-to-running-ms").p99());
        }
        deleteNamespace(ns, Duration.ofMinutes(10));
    }
}
