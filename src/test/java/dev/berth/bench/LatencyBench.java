package dev.berth.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.Berth;
import dev.berth.api.v1alpha1.Task;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

/**
 * Issue 7, item 2: Tasks created at a steady rate (5, 20 and 100 per second for {@code berth.bench.seconds}, 20 s by
 * default; each container exits 0 after 1 s) — latency from the create call to the Task's Pod appearing, and to the
 * Task reaching RUNNING, p50/p99. Side by side at the same rates: Jobs with the same Pod (Job → Pod, Job → Pod
 * Running; up to {@link #JOB_MAX_RATE}) and bare Pods (create → Running: what the scheduler and kubelet take
 * without any controller).
 */
class LatencyBench extends Bench {

    static final List<String> SCENARIOS = List.of("berth-tasks", "k8s-jobs", "bare-pods");
    /** The Job controller completes ~3 Jobs/s here (burst): 100/s for 20 s would take over 10 minutes to drain. */
    static final int JOB_MAX_RATE = 20;
    static final int SENDERS = 32;

    static final BenchResults results = new BenchResults("latency",
            "Latency at a steady rate: Task → Pod and → RUNNING, against Jobs and bare Pods");

    @AfterAll
    static void report() {
        List<List<String>> rows = new ArrayList<>();
        for (int rate : rates()) {
            for (String scenario : SCENARIOS) {
                String s = rate + "/s " + scenario;
                Stats pod = results.stats(s, "to-pod-ms");
                Stats running = results.stats(s, "to-running-ms");
                if (running.n() == 0) {
                    continue;
                }
                boolean bare = scenario.equals("bare-pods");
                rows.add(List.of(rate + "/s", scenario, Integer.toString(running.n()), bare ? "–" : Stats.format(pod.p50(), 0),
                        bare ? "–" : Stats.format(pod.p99(), 0), bare ? "–" : Stats.format(pod.max(), 0),
                        Stats.format(running.p50(), 0), Stats.format(running.p99(), 0), Stats.format(running.max(), 0),
                        results.stats(s, "achieved-rate").medianAndSpread(1)));
            }
        }
        results.table("Milliseconds from the create call (all samples of all runs)",
                List.of("rate", "scenario", "objects", "→ Pod p50", "→ Pod p99", "→ Pod max", "→ running p50",
                        "→ running p99", "→ running max", "achieved create rate/s"),
                rows);
        results.note("""
                The benchmark sends creates from a scheduler at fixed intervals (a pool of %d client threads, so one slow
                create does not delay the next). *→ Pod*: the benchmark's Pod watch first sees the Task's / Job's Pod.
                *→ running*: the Task watch first sees lastStatus RUNNING (or later) / the Pod watch sees the Job's or
                the bare Pod's phase Running (or later). Containers exit 0 after 1 s, so earlier objects are being
                stopped while new ones arrive. Jobs only up to %d/s: the Job controller (kube-controller-manager
                defaults, client QPS 20) completes ~3 Jobs/s, so a higher rate only measures its queue.""".formatted(SENDERS,
                JOB_MAX_RATE));
        results.write();
    }

    static List<Integer> rates() {
        return List.of(System.getProperty("berth.bench.rates", "5,20,100").split(",")).stream().map(Integer::parseInt).toList();
    }

    @BeforeAll
    static void warmUp() {
        warmUpOperator();
    }

    @Test
    void steadyRates() throws InterruptedException {
        int seconds = Integer.getInteger("berth.bench.seconds", 20);
        PodTemplateSpec template = null;
        for (int run = 1; run <= Math.max(1, runs() - 1); run++) {
            for (int rate : rates()) {
                if (enabled("berth-tasks")) {
                    template = tasks(run, rate, seconds);
                }
                if (template != null && enabled("k8s-jobs") && rate <= JOB_MAX_RATE) {
                    jobs(run, rate, seconds, template);
                }
                if (template != null && enabled("bare-pods")) {
                    pods(run, rate, seconds, template);
                }
            }
        }
    }

    /** The Task scenario; returns Berth's Pod for the warm-up Task, the template of the other scenarios. */
    private PodTemplateSpec tasks(int run, int rate, int seconds) throws InterruptedException {
        String ns = plane.namespace("bench-latency");
        client.resource(Workloads.taskDefinition(ns, Workloads.FAMILY, "1s")).create();
        PodTemplateSpec template;
        try (var pods = new Timeline<Pod>(client.pods().inNamespace(ns).withLabel(Berth.LABEL_TASK), p -> List.of());
                var tasks = new Timeline<Task>(client.resources(Task.class).inNamespace(ns), States::task)) {
            client.resource(Workloads.task(ns, "warmup", Workloads.FAMILY)).create();
            await(Duration.ofMinutes(3), Duration.ofMillis(200), () -> tasks.at("warmup", "STOPPED") != null);
            template = Workloads.template(client.pods().inNamespace(ns).withName("warmup").get(), "bench");
            steady("berth-tasks", run, rate, seconds,
                    i -> client.resource(Workloads.task(ns, "t-" + i, Workloads.FAMILY)).create(), "t-",
                    pods, tasks, States.PAST_RUNNING);
        }
        deleteNamespace(ns, Duration.ofMinutes(10));
        return template;
    }

    private void jobs(int run, int rate, int seconds, PodTemplateSpec template) throws InterruptedException {
        String ns = plane.namespace("bench-latency-jobs");
        List<Job> jobs = Workloads.jobs(ns, template, rate * seconds);
        try (var pods = new Timeline<Pod>(client.pods().inNamespace(ns), States::pod,
                p -> p.getMetadata().getLabels().get("job-name"))) {
            steady("k8s-jobs", run, rate, seconds, i -> client.resource(jobs.get(i)).create(), "job-", pods, pods,
                    States.RUNNING);
        }
        deleteNamespace(ns, Duration.ofMinutes(10));
    }

    private void pods(int run, int rate, int seconds, PodTemplateSpec template) throws InterruptedException {
        String ns = plane.namespace("bench-latency-pods");
        List<Pod> objects = Workloads.pods(ns, template, rate * seconds);
        try (var pods = new Timeline<Pod>(client.pods().inNamespace(ns), States::pod)) {
            steady("bare-pods", run, rate, seconds, i -> client.resource(objects.get(i)).create(), "pod-", pods, pods,
                    States.RUNNING);
        }
        deleteNamespace(ns, Duration.ofMinutes(10));
    }

    /**
     * Creates object {@code i} at {@code start + i / rate}, then waits until all of them are running and records each
     * one's time to its Pod and to running ({@code prefix + i} is its key in the timelines).
     */
    private void steady(String scenario, int run, int rate, int seconds, IntConsumer create, String prefix,
            Timeline<Pod> pods, Timeline<?> running, String runningState) throws InterruptedException {
        int n = rate * seconds;
        long[] sent = new long[n];
        progress("latency run %d: %s, %d/s for %d s", run, scenario, rate, seconds);
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        long start = System.nanoTime();
        long interval = 1_000_000_000L / rate;
        for (int i = 0; i < n; i++) {
            long wait = start + i * interval - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            int index = i;
            senders.execute(() -> {
                sent[index] = System.nanoTime();
                create.accept(index);
            });
        }
        senders.shutdown();
        senders.awaitTermination(5, TimeUnit.MINUTES);
        double achieved = n / ((System.nanoTime() - start) / 1e9);
        progress("latency run %d: %s, %d sent (%.1f/s), waiting until running", run, scenario, n, achieved);
        boolean all = await(Duration.ofMinutes(15), Duration.ofMillis(500),
                () -> IntStream.range(0, n).allMatch(i -> running.at(prefix + i, runningState) != null));
        String s = rate + "/s " + scenario;
        results.add(s, "achieved-rate", run, achieved, "objects/s");
        for (int i = 0; i < n; i++) {
            Long pod = pods.at(prefix + i, Timeline.SEEN);
            Long at = running.at(prefix + i, runningState);
            if (pod != null) {
                results.add(s, "to-pod-ms", i, (pod - sent[i]) / 1e6, "ms");
            }
            if (at != null) {
                results.add(s, "to-running-ms", i, (at - sent[i]) / 1e6, "ms");
            }
        }
        progress("latency run %d: %s at %d/s: %s; → Pod p50 %.0f ms p99 %.0f ms, → running p50 %.0f ms p99 %.0f ms", run,
                scenario, rate, all ? "all running" : "NOT all running within 15 min", results.stats(s, "to-pod-ms").p50(),
                results.stats(s, "to-pod-ms").p99(), results.stats(s, "to-running-ms").p50(),
                results.stats(s, "to-running-ms").p99());
    }
}
