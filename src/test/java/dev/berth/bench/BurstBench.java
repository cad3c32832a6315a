package dev.berth.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.Berth;
import dev.berth.api.v1alpha1.Task;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

/**
 * Issue 7, items 1 and 4 (CPU, API requests): N one-off Tasks created at once (the container exits 0 after 1 s)
 * against N Jobs with the same Pod through kube-controller-manager at its default settings, against N bare Pods
 * (the floor: no controller at all). Time until all running and all stopped, throughput ratios, CPU seconds per
 * 1000 objects of every process, and API requests per object by verb.
 */
class BurstBench extends Bench {

    static final Duration TIMEOUT = Duration.ofMinutes(30);
    static final int CREATE_THREADS = 32;
    static final List<String> SCENARIOS = List.of("berth-tasks", "k8s-jobs", "bare-pods");

    static final BenchResults results = new BenchResults("burst", "Burst: N Tasks vs N Jobs vs N bare Pods");
    static final Map<String, Map<String, List<Double>>> requests = new TreeMap<>();
    static final Map<String, List<Double>> threads = new TreeMap<>();

    @AfterAll
    static void report() {
        int n = n(1000);
        List<List<String>> rows = new ArrayList<>();
        for (String s : SCENARIOS) {
            rows.add(List.of(s, results.stats(s, "all-created-s").medianAndSpread(1),
                    results.stats(s, "all-pods-created-s").medianAndSpread(1),
                    results.stats(s, "all-running-s").medianAndSpread(1),
                    results.stats(s, "all-stopped-s").medianAndSpread(1),
                    results.stats(s, "throughput-per-s").medianAndSpread(1),
                    Integer.toString(results.stats(s, "all-stopped-s").n())));
        }
        results.table("N = " + n + ": seconds from the first create (median, min–max over runs)",
                List.of("scenario", "all created", "all Pods created", "all running", "all stopped", "objects/s to stopped",
                        "runs"),
                rows);
        double berthStop = results.stats("berth-tasks", "all-stopped-s").median();
        double berthRun = results.stats("berth-tasks", "all-running-s").median();
        results.table("Throughput ratios (median times; > 1 means Berth is faster)", List.of("ratio", "to all running",
                "to all stopped"),
                List.of(List.of("Berth / Job controller",
                        Stats.format(results.stats("k8s-jobs", "all-running-s").median() / berthRun, 2),
                        Stats.format(results.stats("k8s-jobs", "all-stopped-s").median() / berthStop, 2)),
                        List.of("Berth / bare Pods (floor)",
                                Stats.format(results.stats("bare-pods", "all-running-s").median() / berthRun, 2),
                                Stats.format(results.stats("bare-pods", "all-stopped-s").median() / berthStop, 2))));
        List<List<String>> cpu = new ArrayList<>();
        for (String component : List.of("berth-operator", "kube-apiserver", "etcd", "kube-controller-manager", "kube-scheduler",
                "kwok-controller")) {
            List<String> row = new ArrayList<>(List.of(component));
            SCENARIOS.forEach(s -> row.add(results.stats(s, "cpu-s-per-1000:" + component).medianAndSpread(2)));
            cpu.add(row);
        }
        results.table("CPU seconds per 1000 objects, by process (median, min–max)",
                List.of("process", "Berth Tasks", "Jobs", "bare Pods"), cpu);
        List<List<String>> threadRows = new ArrayList<>();
        threads.forEach((kind, values) -> threadRows.add(List.of(kind, Stats.of(values).medianAndSpread(2))));
        threadRows.sort((a, b) -> Double.compare(Double.parseDouble(b.get(1).split(" ")[0]),
                Double.parseDouble(a.get(1).split(" ")[0])));
        results.table("Where the operator's CPU goes during the Berth burst: CPU seconds per 1000 Tasks by thread "
                + "(/proc/<pid>/task; digits in thread names replaced by #)", List.of("operator threads", "CPU s / 1000 Tasks"),
                threadRows);
        TreeSet<String> keys = new TreeSet<>();
        requests.values().forEach(m -> keys.addAll(m.keySet()));
        List<List<String>> api = new ArrayList<>();
        for (String key : keys) {
            List<String> row = new ArrayList<>(List.of(key));
            SCENARIOS.forEach(s -> row.add(Stats.of(requests.getOrDefault(s, Map.of()).getOrDefault(key, List.of()))
                    .medianAndSpread(2)));
            api.add(row);
        }
        results.table("API requests per object, by verb and resource (apiserver_request_total, every client: the benchmark's "
                + "own creates (1 per object) and watches, kube-scheduler bindings, kwok status patches, controllers)",
                List.of("verb resource", "Berth Tasks", "Jobs", "bare Pods"), api);
        results.note("""
                CPU and API requests are counted from the first create until all objects stopped and the API server's
                Event writes settled (no new Event for 3 s: Berth writes Events in the background).

                Scenario details: every object runs the same Pod (Berth's Pod for a warm-up Task, reduced to spec and
                annotations), whose simulated container exits 0 one second after it runs. *All running*: the Task's
                lastStatus reached RUNNING or later (a Task whose Pod had already exited when Berth first looked goes
                straight past RUNNING) / the Pod reached phase Running or Succeeded. *All stopped*: Task STOPPED (final
                container states recorded; the ended Pod is kept for `kubectl logs` until the Task's TTL) / Job condition
                Complete / Pod phase Succeeded. Objects are
                created from %d client threads; times are measured by the benchmark's own watches.
                """.formatted(CREATE_THREADS));
        results.write();
    }

    @BeforeAll
    static void warmUp() {
        warmUpOperator();
    }

    @Test
    void burst() {
        int n = n(1000);
        PodTemplateSpec template = null;
        for (int run = 1; run <= runs(); run++) {
            template = berth(run, n);
            if (enabled("k8s-jobs")) {
                jobs(run, n, template);
            }
            if (enabled("bare-pods")) {
                pods(run, n, template);
            }
        }
    }

    private PodTemplateSpec berth(int run, int n) {
        String ns = plane.namespace("bench-burst");
        client.resource(Workloads.taskDefinition(ns, Workloads.FAMILY, "1s")).create();
        // warm-up: the default Cluster is created on first use, the revision exists, the JIT has seen a task
        PodTemplateSpec template;
        try (var pods = new Timeline<Pod>(client.pods().inNamespace(ns).withLabel(Berth.LABEL_TASK), p -> List.of());
                var tasks = new Timeline<Task>(client.resources(Task.class).inNamespace(ns),
                        t -> t.getStatus() == null || t.getStatus().lastStatus == null ? List.of()
                                : List.of(t.getStatus().lastStatus.name()))) {
            client.resource(Workloads.task(ns, "warmup", Workloads.FAMILY)).create();
            Pod[] seen = new Pod[1];
            await(Duration.ofMinutes(3), Duration.ofMillis(100), () -> {
                seen[0] = client.pods().inNamespace(ns).withName("warmup").get();
                return seen[0] != null;
            });
            template = Workloads.template(seen[0], "bench");
            await(Duration.ofMinutes(3), Duration.ofMillis(200), () -> tasks.count("STOPPED") == 1);
        }
        try (var pods = new Timeline<Pod>(client.pods().inNamespace(ns).withLabel(Berth.LABEL_TASK), States::pod);
                var tasks = new Timeline<Task>(client.resources(Task.class).inNamespace(ns), States::task)) {
            profileStart("burst-berth-" + run);
            measure("berth-tasks", run, n, () -> createAll(Workloads.tasks(ns, "t", 0, n), CREATE_THREADS),
                    () -> tasks.count("STOPPED") >= n + 1, pods, tasks, States.PAST_RUNNING, tasks, "STOPPED");
            profileStop("burst-berth-" + run);
        }
        deleteNamespace(ns, Duration.ofMinutes(10));
        return template;
    }

    private void jobs(int run, int n, PodTemplateSpec template) {
        String ns = plane.namespace("bench-jobs");
        try (var pods = new Timeline<Pod>(client.pods().inNamespace(ns), States::pod);
                var jobs = new Timeline<Job>(client.batch().v1().jobs().inNamespace(ns), States::job)) {
            List<Job> objects = Workloads.jobs(ns, template, n);
            measure("k8s-jobs", run, n, () -> createAll(objects, CREATE_THREADS), () -> jobs.count("Complete") >= n, pods, pods,
                    States.RUNNING, jobs, "Complete");
        }
        deleteNamespace(ns, Duration.ofMinutes(10));
    }

    private void pods(int run, int n, PodTemplateSpec template) {
        String ns = plane.namespace("bench-pods");
        try (var pods = new Timeline<Pod>(client.pods().inNamespace(ns), States::pod)) {
            List<Pod> objects = Workloads.pods(ns, template, n);
            measure("bare-pods", run, n, () -> createAll(objects, CREATE_THREADS), () -> pods.count("Succeeded") >= n, pods,
                    pods, States.RUNNING, pods, "Succeeded");
        }
        deleteNamespace(ns, Duration.ofMinutes(10));
    }

    /** Waits (at most 60 s) until the API server's request counters stop growing: Events are written asynchronously. */
    private static void settle() {
        double[] last = { -1 };
        long[] stableSince = { System.nanoTime() };
        await(Duration.ofSeconds(60), Duration.ofSeconds(1), () -> {
            double total = apiRequests().entrySet().stream().filter(e -> e.getKey().startsWith("POST events"))
                    .mapToDouble(Map.Entry::getValue).sum();
            if (total != last[0]) {
                last[0] = total;
                stableSince[0] = System.nanoTime();
            }
            return System.nanoTime() - stableSince[0] > Duration.ofSeconds(3).toNanos();
        });
    }

    private void measure(String scenario, int run, int n, Runnable create, java.util.function.BooleanSupplier done,
            Timeline<Pod> pods, Timeline<?> runningSource, String running, Timeline<?> objects, String stopped) {
        progress("%s run %d: creating %d", scenario, run, n);
        Map<String, Double> cpuBefore = processCpuSeconds();
        Map<String, Double> threadsBefore = operatorThreadCpu();
        Map<String, Double> requestsBefore = apiRequests();
        long t0 = System.nanoTime();
        create.run();
        long created = System.nanoTime();
        progress("%s run %d: %d created in %.1f s, waiting until all stopped", scenario, run, n, (created - t0) / 1e9);
        boolean finished = await(TIMEOUT, Duration.ofMillis(200), done);
        settle();
        Map<String, Double> cpuAfter = processCpuSeconds();
        Map<String, Double> threadsAfter = operatorThreadCpu();
        Map<String, Double> requestsAfter = apiRequests();
        if (!finished) {
            progress("%s run %d: NOT finished within %s (%d stopped); recorded as missing", scenario, run, TIMEOUT,
                    objects.count(stopped));
            return;
        }
        results.add(scenario, "all-created-s", run, (created - t0) / 1e9, "s");
        results.add(scenario, "all-pods-created-s", run, (pods.last(Timeline.SEEN) - t0) / 1e9, "s");
        results.add(scenario, "all-running-s", run, (runningSource.last(running) - t0) / 1e9, "s");
        double stoppedS = (objects.last(stopped) - t0) / 1e9;
        results.add(scenario, "all-stopped-s", run, stoppedS, "s");
        results.add(scenario, "throughput-per-s", run, n / stoppedS, "objects/s");
        cpuAfter.forEach((component, after) -> {
            if (cpuBefore.containsKey(component)) {
                results.add(scenario, "cpu-s-per-1000:" + component, run, (after - cpuBefore.get(component)) * 1000 / n, "s");
            }
        });
        if (scenario.equals("berth-tasks")) {
            delta(threadsBefore, threadsAfter).forEach((kind, seconds) -> {
                if (seconds * 1000 / n >= 0.5) {
                    results.add(scenario, "operator-thread-cpu-s-per-1000:" + kind, run, seconds * 1000 / n, "s");
                    threads.computeIfAbsent(kind, k -> new ArrayList<>()).add(seconds * 1000 / n);
                }
            });
        }
        delta(requestsBefore, requestsAfter).forEach((key, count) -> {
            if (count / n >= 0.01) {
                results.add(scenario, "requests-per-object:" + key, run, count / n, "requests");
                requests.computeIfAbsent(scenario, k -> new TreeMap<>()).computeIfAbsent(key, k -> new ArrayList<>())
                        .add(count / n);
            }
        });
        progress("%s run %d: all running %.1f s, all stopped %.1f s (%.1f/s)", scenario, run,
                (runningSource.last(running) - t0) / 1e9,
                stoppedS, n / stoppedS);
    }
}
