package dev.berth.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.Service;
import dev.berth.api.v1alpha1.ServiceSpec;
import dev.berth.api.v1alpha1.Task;
import dev.berth.e2e.OperatorProcess;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

/**
 * Issue 7, items 4 and 5: the operator holding 1k, 5k and 10k running Tasks (each with its Pod; levels:
 * {@code berth.bench.levels}) — heap after a full GC and RSS, bytes per task, CPU seconds and API requests per task
 * while the tasks started; then, at {@code berth.bench.restart-at} tasks (5000), the operator is killed and started
 * again: time to ready (informers synced) and to its first reconcile.
 */
class OperatorCostBench extends Bench {

    static final BenchResults results = new BenchResults("operator-cost", "Operator cost and restart");
    static final String RECONCILES = "operator_sdk_reconciliations_started_total";
    /**
     * The JVMs a restart is measured with: the chart's {@code jvmOptions} (as shipped: C1 only and string
     * deduplication, docs/install.md) and the JVM's defaults.
     */
    static final List<Map.Entry<String, Map<String, String>>> RESTART_JVMS = List.of(
            Map.entry("the chart's jvmOptions", Map.of()), Map.entry("JVM defaults", Map.of("JDK_JAVA_OPTIONS", "")));

    /**
     * {@code -Dberth.bench.compare-app=dir}: another build of the operator (e.g. main packaged elsewhere) measured
     * against this one in the same run, interleaved (baseline, this build, baseline, ...) so both see the same machine
     * load: the idle heap and, at every level, restart → ready and heap after the restart, {@link #runs()} times each.
     */
    static final Optional<Path> COMPARE_APP = Optional.ofNullable(System.getProperty("berth.bench.compare-app"))
            .map(Path::of);
    static final String BASELINE = "baseline", THIS_BUILD = "this build";

    static List<Map.Entry<String, Path>> comparedApps() {
        return COMPARE_APP.map(base -> List.of(Map.entry(BASELINE, base), Map.entry(THIS_BUILD, OperatorProcess.APPLICATION)))
                .orElse(List.of());
    }

    @AfterAll
    static void report() {
        if (COMPARE_APP.isPresent()) {
            reportComparison();
        }
        List<List<String>> rows = new ArrayList<>();
        for (int level : levels()) {
            String s = level + " tasks";
            rows.add(List.of(s, mib(results.stats(s, "heap-after-gc-bytes").median()),
                    kib(results.stats(s, "heap-per-task-bytes").median()), mib(results.stats(s, "rss-bytes").median()),
                    kib(results.stats(s, "rss-per-task-bytes").median()),
                    Stats.format(results.stats(s, "cpu-s-per-1000-tasks").median(), 1),
                    Stats.format(results.stats(s, "start-rate").median(), 1)));
        }
        results.table("Operator with N running Tasks (each with its Pod)",
                List.of("level", "heap after GC", "heap per task (over the idle baseline)", "RSS", "RSS per task",
                        "operator CPU s per 1000 tasks started", "tasks/s reaching RUNNING"),
                rows);
        List<List<String>> restart = new ArrayList<>();
        List<String> jvms = RESTART_JVMS.stream().map(Map.Entry::getKey).toList();
        for (String metric : List.of("restart-to-ready-s", "restart-to-first-reconcile-s", "restart-to-all-reconciled-s",
                "restart-cpu-s-at-ready")) {
            List<String> row = new ArrayList<>(List.of(metric));
            jvms.forEach(jvm -> row.add(results.stats("restart " + jvm, metric).medianAndSpread(2)));
            restart.add(row);
        }
        List<String> header = new ArrayList<>(List.of("metric"));
        header.addAll(jvms);
        results.table("Restart with " + restartAt() + " tasks (seconds from starting the JVM; median, min–max over runs)",
                header, restart);
        results.note("""
                *heap after GC*: `jcmd GC.run`, then `GC.heap_info` used; *per task*: (heap at the level − heap of the
                idle operator before any task) / tasks. *RSS*: VmRSS of the operator process (JVM defaults: max heap ¼ of
                the machine's memory, so RSS includes heap the JVM has not returned). *CPU*: user+system seconds of
                the operator process while the level's tasks were created and reached RUNNING. *Ready*: the operator's
                /q/health/ready answers 200 (its informers have synced); *CPU at ready*: the new process's user+system
                seconds at that moment; *first reconcile* / *all reconciled*: the
                operator's `%s` counter (polled every 50 ms) is above 0 / at least the number of tasks.
                API requests per task by verb: see the CSV (`requests-per-task:*` rows).""".formatted(RECONCILES));
        results.write();
    }

    private static void reportComparison() {
        List<List<String>> rows = new ArrayList<>();
        for (int level : levels()) {
            for (String metric : List.of("restart-to-ready-s", "restart-to-all-reconciled-s", "restart-cpu-s-at-ready",
                    "heap-after-restart-bytes", "heap-per-task-after-restart-bytes")) {
                List<String> row = new ArrayList<>(List.of(level + " tasks", metric));
                for (var app : comparedApps()) {
                    Stats stats = results.stats("compare " + app.getKey() + " " + level, metric);
                    row.add(metric.endsWith("bytes")
                            ? kib(stats.median()) + " (" + kib(stats.min()) + "–" + kib(stats.max()) + ")"
                            : stats.medianAndSpread(2));
                }
                rows.add(row);
            }
        }
        List<String> header = new ArrayList<>(List.of("level", "metric"));
        comparedApps().forEach(app -> header.add(app.getKey() + " (median, min–max)"));
        results.table("A/B: " + COMPARE_APP.get() + " (baseline) against this build, restarts interleaved", header, rows);
    }

    /**
     * {@code -Dberth.bench.service-tasks=n} (default 0): the first n Tasks of the first level are a Service's (one
     * Service, desiredCount n), the rest one-off Tasks, so the Service controller's share of the Task cache is measured.
     */
    static int serviceTaskCount() {
        return Integer.getInteger("berth.bench.service-tasks", 0);
    }

    /** Starts the Service of {@link #serviceTaskCount()} tasks and waits until they run; returns how many Tasks there are. */
    private int serviceTasks(String ns, Timeline<Task> tasks) {
        int n = serviceTaskCount();
        if (n == 0) {
            return 0;
        }
        Service service = new Service();
        service.setMetadata(new ObjectMetaBuilder().withName("bench").withNamespace(ns).build());
        ServiceSpec spec = new ServiceSpec();
        spec.taskDefinition = Workloads.FAMILY;
        spec.desiredCount = n;
        service.setSpec(spec);
        progress("cost: a Service of %d tasks", n);
        client.resource(service).create();
        if (!await(Duration.ofMinutes(40), Duration.ofSeconds(1), () -> tasks.count("RUNNING") >= n + 1)) {
            throw new AssertionError("the Service's " + n + " tasks did not all run within 40 min");
        }
        return n;
    }

    static List<Integer> levels() {
        return List.of(System.getProperty("berth.bench.levels", "1000,5000,10000").split(",")).stream()
                .map(Integer::parseInt).toList();
    }

    static int restartAt() {
        return Integer.getInteger("berth.bench.restart-at", 5000);
    }

    @Test
    void levelsAndRestart() {
        String ns = plane.namespace("bench-cost");
        client.resource(Workloads.taskDefinition(ns, Workloads.FAMILY, null)).create();
        try (var tasks = new Timeline<Task>(client.resources(Task.class).inNamespace(ns), States::task)) {
            client.resource(Workloads.task(ns, "warmup", Workloads.FAMILY)).create();
            await(Duration.ofMinutes(3), Duration.ofMillis(200), () -> tasks.at("warmup", "RUNNING") != null);
            sleep(Duration.ofSeconds(5));
            double baseline = operatorHeapAfterGc();
            results.add("idle", "heap-after-gc-bytes", 1, baseline, "bytes");
            Map<String, Double> idle = compareIdle();
            results.add("idle", "rss-bytes", 1, operatorRssBytes(), "bytes");
            progress("cost: idle operator heap after GC %.1f MiB", baseline / 1048576);
            int have = serviceTasks(ns, tasks);
            boolean restarted = false;
            for (int level : levels()) {
                String s = level + " tasks";
                double cpu0 = operatorCpuSeconds();
                Map<String, Double> requests0 = apiRequests();
                long t0 = System.nanoTime();
                progress("cost: creating tasks %d..%d", have, level);
                createAll(Workloads.tasks(ns, "t", have, level), 16);
                int target = level;
                boolean all = await(Duration.ofMinutes(40), Duration.ofSeconds(1),
                        () -> tasks.count("RUNNING") >= target + 1);
                double seconds = (System.nanoTime() - t0) / 1e9;
                double cpu = operatorCpuSeconds() - cpu0;
                Map<String, Double> requests = delta(requests0, apiRequests());
                if (!all) {
                    progress("cost: only %d of %d running after 40 min; stopping here", tasks.count("RUNNING") - 1, level);
                    break;
                }
                int added = level - have;
                have = level;
                results.add(s, "start-rate", 1, added / seconds, "tasks/s");
                results.add(s, "cpu-s-per-1000-tasks", 1, cpu * 1000 / added, "s");
                requests.forEach((k, v) -> {
                    if (v / added >= 0.01) {
                        results.add(s, "requests-per-task:" + k, 1, v / added, "requests");
                    }
                });
                sleep(Duration.ofSeconds(5));
                long heap = operatorHeapAfterGc();
                long rss = operatorRssBytes();
                writeText(Path.of("target/bench/heap-histogram-" + level + ".txt"), operatorHeapHistogram());
                results.add(s, "heap-after-gc-bytes", 1, heap, "bytes");
                results.add(s, "heap-per-task-bytes", 1, (heap - baseline) / level, "bytes");
                results.add(s, "rss-bytes", 1, rss, "bytes");
                results.add(s, "rss-per-task-bytes", 1, rss / (double) level, "bytes");
                progress("cost: %d running after %.0f s: heap %.1f MiB (%.1f KiB/task), RSS %.1f MiB, CPU %.1f s/1000 tasks",
                        level, seconds, heap / 1048576.0, (heap - baseline) / level / 1024, rss / 1048576.0,
                        cpu * 1000 / added);
                compareRestarts(level, idle);
                if (!restarted && level >= restartAt() && COMPARE_APP.isEmpty()) {
                    restart(level);
                    restarted = true;
                }
            }
        } finally {
            results.write();
        }
        deleteNamespace(ns, Duration.ofMinutes(20));
    }

    /**
     * The idle heap of each compared build (one run each: its spread is small against 1000s of Tasks), with only the warm-up
     * task.
     */
    private Map<String, Double> compareIdle() {
        Map<String, Double> idle = new TreeMap<>();
        for (int run = 1; run <= (COMPARE_APP.isPresent() ? 1 : 0); run++) {
            for (var app : comparedApps()) {
                plane.operator.application(app.getValue());
                restartOnce(1, "compare " + app.getKey() + " idle", run);
                sleep(Duration.ofSeconds(5));
                long heap = operatorHeapAfterGc();
                results.add("compare " + app.getKey() + " idle", "heap-after-gc-bytes", run, heap, "bytes");
                progress("compare: %s idle, run %d: heap %.1f MiB", app.getKey(), run, heap / 1048576.0);
            }
        }
        comparedApps().forEach(app -> idle.put(app.getKey(),
                results.stats("compare " + app.getKey() + " idle", "heap-after-gc-bytes").median()));
        plane.operator.application(OperatorProcess.APPLICATION);
        return idle;
    }

    /**
     * Interleaved restarts of the compared builds with {@code level} tasks: time to ready and to all reconciled, then
     * the heap after a full GC (every Task freshly listed, as after any restart). This build runs on afterwards.
     */
    private void compareRestarts(int level, Map<String, Double> idle) {
        for (int run = 1; run <= (COMPARE_APP.isPresent() ? runs() : 0); run++) {
            for (var app : comparedApps()) {
                String scenario = "compare " + app.getKey() + " " + level;
                plane.operator.application(app.getValue());
                restartOnce(level, scenario, run);
                sleep(Duration.ofSeconds(5));
                long heap = operatorHeapAfterGc();
                results.add(scenario, "heap-after-restart-bytes", run, heap, "bytes");
                results.add(scenario, "heap-per-task-after-restart-bytes", run, (heap - idle.get(app.getKey())) / level,
                        "bytes");
                progress("compare: %s with %d tasks, run %d: heap %.1f MiB (%.1f KiB/task)", app.getKey(), level, run,
                        heap / 1048576.0, (heap - idle.get(app.getKey())) / level / 1024);
            }
        }
        plane.operator.application(OperatorProcess.APPLICATION);
    }

    /**
     * Kill (SIGKILL) and start, with each JVM of {@link #RESTART_JVMS}: time to ready and to the first and the level-th
     * reconcile, polled from /q/metrics. The operator is left running with the benchmark's own environment.
     */
    private void restart(int level) {
        for (var jvm : RESTART_JVMS) {
            Map<String, String> env = new TreeMap<>(operatorEnvironment());
            env.putAll(jvm.getValue());
            plane.operator.environment(env);
            for (int run = 1; run <= runs(); run++) {
                restartOnce(level, "restart " + jvm.getKey(), run);
            }
        }
        plane.operator.environment(operatorEnvironment());
        plane.operator.kill();
        plane.operator.start();
    }

    private void restartOnce(int level, String scenario, int run) {
        progress("%s, run %d, with %d tasks", scenario, run, level);
        plane.operator.kill();
        AtomicLong first = new AtomicLong();
        AtomicLong all = new AtomicLong();
        long t0 = System.nanoTime();
        Thread poller = new Thread(() -> {
            while (all.get() == 0 && System.nanoTime() - t0 < Duration.ofMinutes(10).toNanos()) {
                double started = metricSum(operatorMetrics(), RECONCILES);
                if (started > 0) {
                    first.compareAndSet(0, System.nanoTime());
                }
                if (started >= level) {
                    all.compareAndSet(0, System.nanoTime());
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        poller.start();
        startRetryingOnLoad(scenario);
        long ready = System.nanoTime();
        double cpu = operatorCpuSeconds();
        await(Duration.ofMinutes(10), Duration.ofMillis(200), () -> all.get() != 0);
        poller.interrupt();
        results.add(scenario, "restart-to-ready-s", run, (ready - t0) / 1e9, "s");
        results.add(scenario, "restart-cpu-s-at-ready", run, cpu, "s");
        if (first.get() != 0) {
            results.add(scenario, "restart-to-first-reconcile-s", run, (first.get() - t0) / 1e9, "s");
        }
        if (all.get() != 0) {
            results.add(scenario, "restart-to-all-reconciled-s", run, (all.get() - t0) / 1e9, "s");
        }
        progress("%s, run %d: ready after %.2f s (%.1f CPU s), first reconcile %.2f s, %d reconciled %.2f s", scenario, run,
                (ready - t0) / 1e9, cpu, first.get() == 0 ? Double.NaN : (first.get() - t0) / 1e9, level,
                all.get() == 0 ? Double.NaN : (all.get() - t0) / 1e9);
    }

    private static String mib(double bytes) {
        return Stats.format(bytes / 1048576, 1) + " MiB";
    }

    private static String kib(double bytes) {
        return Stats.format(bytes / 1024, 1) + " KiB";
    }
}
