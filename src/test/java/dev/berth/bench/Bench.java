package dev.berth.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;

import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.Task;
import dev.berth.e2e.LocalControlPlane;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Base of the benchmarks ({@code make bench}): the local control plane of the end-to-end tests with the operator
 * restarted in its production configuration, the knobs ({@code -Dberth.bench.n}, {@code -Dberth.bench.runs}),
 * progress output, and the probes: the operator's CPU time, RSS and heap after GC (/proc, jcmd), and the API
 * server's request counters ({@code apiserver_request_total}). Numbers are recorded, never asserted.
 */
public abstract class Bench {

    /** Pods per kwok node: enough for 10k concurrent tasks on the 4 nodes (Kubernetes' default is 110). */
    static final int PODS_PER_NODE = 3000;
    static final long STARTED = System.nanoTime();

    protected static LocalControlPlane plane;
    protected static KubernetesClient client;

    @BeforeAll
    static void productionOperator() {
        plane = LocalControlPlane.get();
        client = plane.client;
        plane.operator.kill();
        plane.operator.environment(operatorEnvironment());
        startRetryingOnLoad("benchmark start");
        ensurePodCapacity();
    }

    /**
     * Starts the operator; on a machine loaded far beyond its cores a start can fail on the API server's timeouts (its
     * informers' lists): said in the progress, and tried again, up to three times (the time then includes the failures).
     */
    protected static void startRetryingOnLoad(String scenario) {
        for (int attempt = 1;; attempt++) {
            try {
                plane.operator.start();
                return;
            } catch (IllegalStateException e) {
                if (attempt == 3) {
                    throw e;
                }
                progress("%s: the operator failed to start (%s); starting it again",
                        scenario, e.getMessage().lines().findFirst().orElse(""));
            }
        }
    }

    /** The operator's production defaults, plus -Dberth.bench.operator-env=NAME=value,... for experiments. */
    static Map<String, String> operatorEnvironment() {
        Map<String, String> env = new TreeMap<>();
        for (String pair : System.getProperty("berth.bench.operator-env", "").split(",")) {
            if (pair.contains("=")) {
                env.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
        }
        return env;
    }

    /**
     * Runs {@code -Dberth.bench.warmup} one-off Tasks (default 300) to STOPPED, in a namespace of their own, before a
     * throughput or latency measurement. Berth is a long-running process: a JVM that has just started spends a large
     * share of its first minutes compiling (JIT), CPU the control plane then lacks, which Go controllers never pay.
     * {@code -Dberth.bench.warmup=0} measures a cold operator.
     */
    protected static void warmUpOperator() {
        int count = Integer.getInteger("berth.bench.warmup", 300);
        if (count == 0) {
            return;
        }
        String ns = plane.namespace("bench-warmup");
        progress("warm-up: %d Tasks to STOPPED (a long-running operator's JIT; -Dberth.bench.warmup=0 for a cold one)",
                count);
        client.resource(Workloads.taskDefinition(ns, Workloads.FAMILY, "1s")).create();
        createAll(Workloads.tasks(ns, "warmup", 0, count), 8);
        await(Duration.ofMinutes(10), Duration.ofSeconds(1), () -> client.resources(Task.class).inNamespace(ns).list()
                .getItems().stream().filter(t -> t.getStatus() != null && LastStatus.STOPPED.equals(t.getStatus().lastStatus))
                .count() >= count);
        deleteNamespace(ns, Duration.ofMinutes(5));
    }

    /** N of the benchmark ({@code make bench BENCH_N=...}). */
    protected static int n(int fallback) {
        return Integer.getInteger("berth.bench.n", fallback);
    }

    /** Repetitions ({@code make bench BENCH_RUNS=...}). */
    protected static int runs() {
        return Integer.getInteger("berth.bench.runs", 3);
    }

    protected static void progress(String format, Object... args) {
        System.out.printf("[bench %5.0fs] %s (load %s)%n", (System.nanoTime() - STARTED) / 1e9, String.format(format, args),
                BenchEnvironment.loadAverage());
        System.out.flush();
    }

    /**
     * kwok nodes are created with 110 pods, 32 CPUs and 256Gi each; 10k running tasks of 0.25 vCPU / 512 MiB need more
     * (a status patch, as a kubelet on a bigger machine would report). Pods are never run, so nothing is overcommitted.
     */
    static void ensurePodCapacity() {
        ensurePodCapacity(client);
    }

    /** {@link #ensurePodCapacity()} with the given client (the chaos suite's bursts of 500 tasks need it too). */
    public static void ensurePodCapacity(KubernetesClient client) {
        Map<String, String> capacity = Map.of("pods", Integer.toString(PODS_PER_NODE), "cpu", "4000", "memory", "8Ti");
        for (Node node : client.nodes().withLabel("berth.dev/simulated", "true").list().getItems()) {
            var allocatable = node.getStatus().getAllocatable().get("pods");
            if (allocatable != null && allocatable.getNumericalAmount().intValue() >= PODS_PER_NODE
                    && node.getStatus().getAllocatable().get("cpu").getNumericalAmount().intValue() >= 4000) {
                continue;
            }
            client.nodes().withName(node.getMetadata().getName()).subresource("status").edit(n -> {
                capacity.forEach((k, v) -> {
                    n.getStatus().getAllocatable().put(k, new io.fabric8.kubernetes.api.model.Quantity(v));
                    n.getStatus().getCapacity().put(k, new io.fabric8.kubernetes.api.model.Quantity(v));
                });
                return n;
            });
        }
    }

    /** Creates the objects from {@code threads} client threads, as fast as the API server accepts them. */
    protected static void createAll(List<? extends HasMetadata> objects, int threads) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (HasMetadata object : objects) {
                futures.add(pool.submit(() -> client.resource(object).create()));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("creating objects failed: " + e.getMessage(), e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Polls until the condition holds; false when the deadline passed first. */
    protected static boolean await(Duration timeout, Duration interval, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            sleep(interval);
        }
        return condition.getAsBoolean();
    }

    protected static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Deletes a namespace and waits until it is gone (the operator releases its Pods' finalizers meanwhile). */
    protected static void deleteNamespace(String ns, Duration timeout) {
        progress("deleting namespace %s", ns);
        client.namespaces().withName(ns).delete();
        if (!await(timeout, Duration.ofSeconds(2), () -> client.namespaces().withName(ns).get() == null)) {
            progress("namespace %s still terminating after %s; continuing", ns, timeout);
        }
    }

    // ---- operator process probes ------------------------------------------------------------------------------

    /** User + system CPU seconds the operator process has used so far. */
    protected static double operatorCpuSeconds() {
        return cpuSeconds(Long.toString(plane.operator.pid()));
    }

    /** CPU seconds used so far by the operator ("berth-operator") and each control-plane process of the cluster. */
    protected static Map<String, Double> processCpuSeconds() {
        Map<String, Double> cpu = new TreeMap<>();
        cpu.put("berth-operator", operatorCpuSeconds());
        Path pids = Path.of("build/cluster/kwok/clusters", System.getenv().getOrDefault("BERTH_CLUSTER_NAME", "berth"),
                "pids");
        try (var files = Files.list(pids)) {
            files.filter(f -> f.toString().endsWith(".pid")).forEach(f -> BenchEnvironment.read(f)
                    .ifPresent(pid -> cpu.put(f.getFileName().toString().replace(".pid", ""), cpuSeconds(pid.trim()))));
        } catch (IOException | RuntimeException e) {
            // the control plane's pid files are optional: only the operator is measured then
        }
        return cpu;
    }

    /** The operator's CPU seconds by thread kind (thread names without digits: JIT compiler, GC, event loop...). */
    protected static Map<String, Double> operatorThreadCpu() {
        Map<String, Double> byKind = new TreeMap<>();
        Path tasks = Path.of("/proc", Long.toString(plane.operator.pid()), "task");
        try (var threads = Files.list(tasks)) {
            threads.forEach(t -> BenchEnvironment.read(t.resolve("stat")).ifPresent(stat -> {
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                String kind = name.replaceAll("\\d+", "#").replaceAll("#(-#)*$", "#");
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                byKind.merge(kind, (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0, Double::sum);
            }));
        } catch (IOException | RuntimeException e) {
            // threads come and go while listing: a partial picture is still a picture
        }
        return byKind;
    }

    private static double cpuSeconds(String pid) {
        String stat = BenchEnvironment.read(Path.of("/proc", pid, "stat")).orElseThrow();
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0; // utime, stime in USER_HZ (100)
    }

    /** Resident set size of the operator process in bytes. */
    protected static long operatorRssBytes() {
        String status = BenchEnvironment.read(Path.of("/proc", Long.toString(plane.operator.pid()), "status")).orElseThrow();
        return status.lines().filter(l -> l.startsWith("VmRSS:")).findFirst()
                .map(l -> Long.parseLong(l.replaceAll("\\D", "")) * 1024).orElseThrow();
    }

    /** Heap in use right after a full GC ({@code jcmd GC.run}, then {@code GC.heap_info}), in bytes. */
    protected static long operatorHeapAfterGc() {
        String pid = Long.toString(plane.operator.pid());
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        Matcher m = Pattern.compile("total \\d+K, used (\\d+)K").matcher(info);
        if (!m.find()) {
            throw new IllegalStateException("unexpected GC.heap_info output: " + info);
        }
        return Long.parseLong(m.group(1)) * 1024;
    }

    /** The operator's live objects by class ({@code jcmd GC.class_histogram}): where the heap per task goes. */
    protected static String operatorHeapHistogram() {
        return jcmd(Long.toString(plane.operator.pid()), "GC.class_histogram");
    }

    /** With -Dberth.bench.jfr=true: a Java Flight Recorder profile of the operator to target/bench/{name}.jfr. */
    protected static void profileStart(String name) {
        if (Boolean.getBoolean("berth.bench.jfr")) {
            jcmd(Long.toString(plane.operator.pid()), "JFR.start", "name=" + name, "settings=profile");
        }
    }

    protected static void profileStop(String name) {
        if (Boolean.getBoolean("berth.bench.jfr")) {
            Path file = Path.of("target/bench", name + ".jfr").toAbsolutePath();
            try {
                Files.createDirectories(file.getParent());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            jcmd(Long.toString(plane.operator.pid()), "JFR.stop", "name=" + name, "filename=" + file);
            progress("operator profile: %s (jfr print --events jdk.ExecutionSample %s)", file, file);
        }
    }

    /** Whether a scenario runs: -Dberth.bench.scenarios=a,b limits them (all by default). */
    protected static boolean enabled(String scenario) {
        String only = System.getProperty("berth.bench.scenarios", "");
        return only.isBlank() || List.of(only.split(",")).contains(scenario);
    }

    private static String jcmd(String pid, String... command) {
        try {
            List<String> args = new ArrayList<>(List.of("jcmd", pid));
            args.addAll(List.of(command));
            Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor(60, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The operator's Prometheus metrics (/q/metrics), or "" while it does not answer. */
    protected static String operatorMetrics() {
        try {
            var http = java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            return http.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + plane.operator.port() + "/q/metrics"))
                    .timeout(Duration.ofSeconds(5)).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** Sum of a Prometheus counter over the series whose labels contain every given fragment. */
    protected static double metricSum(String metrics, String name, String... labelFragments) {
        double sum = 0;
        for (String line : metrics.split("\n")) {
            if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
                continue;
            }
            boolean all = true;
            for (String fragment : labelFragments) {
                all &= line.contains(fragment);
            }
            if (all) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    // ---- API server request counters ---------------------------------------------------------------------------

    private static final Pattern REQUEST = Pattern.compile("^apiserver_request_total\\{(.*)} (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    /** {@code apiserver_request_total} summed by "VERB resource[/subresource]" (all clients, all codes). */
    protected static Map<String, Double> apiRequests() {
        String metrics = client.raw("/metrics");
        Map<String, Double> byVerb = new TreeMap<>();
        for (String line : metrics.split("\n")) {
            Matcher m = REQUEST.matcher(line);
            if (!m.matches()) {
                continue;
            }
            Map<String, String> labels = new HashMap<>();
            Matcher l = LABEL.matcher(m.group(1));
            while (l.find()) {
                labels.put(l.group(1), l.group(2));
            }
            String resource = labels.getOrDefault("resource", "")
                    + (labels.getOrDefault("subresource", "").isEmpty() ? "" : "/" + labels.get("subresource"));
            byVerb.merge(labels.get("verb") + " " + resource, Double.parseDouble(m.group(2)), Double::sum);
        }
        return byVerb;
    }

    /** after − before, only the keys that grew. */
    protected static Map<String, Double> delta(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> delta = new TreeMap<>();
        after.forEach((k, v) -> {
            double d = v - before.getOrDefault(k, 0.0);
            if (d > 0) {
                delta.put(k, d);
            }
        });
        return delta;
    }

    static void writeText(Path file, String text) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
