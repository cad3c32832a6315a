package dev.berth.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.BatchJob;
import dev.berth.api.v1alpha1.BatchJobSpec;
import dev.berth.api.v1alpha1.JobQueue;
import dev.berth.api.v1alpha1.JobQueueSpec;
import dev.berth.api.v1alpha1.JobStatus;
import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.Task;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

/**
 * Issue 18: an N-child BatchJob array (each child's container exits 0 after 1 s) on a JobQueue whose maxvCpus admits
 * exactly {@value #PARALLELISM} children of 0.25 vCPU at once, against a Kubernetes Indexed Job with completions N and
 * parallelism {@value #PARALLELISM} running the same Pod, interleaved on the same control plane. Time to completion,
 * API writes per child, CPU of the operator and of kube-controller-manager, the operator's heap after GC halfway
 * and at the end; then one larger array ({@code -Dberth.bench.batch-large}, default 10,000; 0 skips it) for the
 * operator's heap at 10× the size with the same running set.
 */
class BatchBench extends Bench {

    static final int PARALLELISM = 100;
    /** 0.25 vCPU per child (the task definition's cpu 256): 25 vCPUs hold exactly {@value #PARALLELISM} children. */
    static final int MAX_VCPUS = PARALLELISM / 4;
    static final Duration TIMEOUT = Duration.ofMinutes(40);
    static final List<String> SCENARIOS = List.of("berth-batchjob", "k8s-indexed-job");
    static final List<String> WRITES = List.of("POST", "PUT", "PATCH", "APPLY", "DELETE", "DELETECOLLECTION");

    static final BenchResults results = new BenchResults("batch",
            "Batch: a BatchJob array vs an Indexed Job of the same shape");
    static final Map<String, Map<String, List<Double>>> requests = new TreeMap<>();

    @AfterAll
    static void report() {
        int n = n(1000);
        List<List<String>> rows = new ArrayList<>();
        for (String s : SCENARIOS) {
            rows.add(List.of(s, results.stats(s, "completed-s").medianAndSpread(1),
                    results.stats(s, "children-per-s").medianAndSpread(1),
                    results.stats(s, "api-writes-per-child").medianAndSpread(2),
                    results.stats(s, "cpu-s-per-1000:berth-operator").medianAndSpread(1),
                    results.stats(s, "cpu-s-per-1000:kube-controller-manager").medianAndSpread(1),
                    results.stats(s, "loadavg1-at-end").medianAndSpread(1),
                    Integer.toString(results.stats(s, "completed-s").n())));
        }
        results.table("N = " + n + ", " + PARALLELISM + " at once: from the create until the job is complete (median, "
                + "min–max over interleaved runs)",
                List.of("scenario", "seconds to complete", "children/s", "API writes per child",
                        "operator CPU s / 1000 children", "kube-controller-manager CPU s / 1000", "load (1 min) at end",
                        "runs"),
                rows);
        List<List<String>> ratios = new ArrayList<>();
        List<Double> berth = results.values("berth-batchjob", "completed-s");
        List<Double> job = results.values("k8s-indexed-job", "completed-s");
        for (int i = 0; i < Math.min(berth.size(), job.size()); i++) {
            ratios.add(List.of(Integer.toString(i + 1), Stats.format(berth.get(i), 1), Stats.format(job.get(i), 1),
                    Stats.format(job.get(i) / berth.get(i), 2)));
        }
        ratios.add(List.of("median", Stats.format(Stats.of(berth).median(), 1), Stats.format(Stats.of(job).median(), 1),
                Stats.format(Stats.of(job).median() / Stats.of(berth).median(), 2)));
        results.table("Per run (each BatchJob run directly followed by its Indexed Job run); ratio > 1: Berth faster",
                List.of("run", "BatchJob s", "Indexed Job s", "Indexed Job / BatchJob"), ratios);
        List<List<String>> cpu = new ArrayList<>();
        for (String component : List.of("berth-operator", "kube-apiserver", "etcd", "kube-controller-manager",
                "kube-scheduler", "kwok-controller")) {
            List<String> row = new ArrayList<>(List.of(component));
            SCENARIOS.forEach(s -> row.add(results.stats(s, "cpu-s-per-1000:" + component).medianAndSpread(1)));
            cpu.add(row);
        }
        results.table("CPU seconds per 1000 children, by process (median, min–max)",
                List.of("process", "BatchJob", "Indexed Job"), cpu);
        List<List<String>> heap = new ArrayList<>();
        for (String s : List.of("berth-batchjob", "berth-batchjob-large")) {
            if (results.stats(s, "heap-end-mib").n() > 0) {
                heap.add(List.of(s, Stats.format(results.stats(s, "size").median(), 0),
                        results.stats(s, "heap-before-mib").medianAndSpread(1),
                        results.stats(s, "heap-half-mib").medianAndSpread(1),
                        results.stats(s, "heap-end-mib").medianAndSpread(1),
                        results.stats(s, "completed-s").medianAndSpread(1)));
            }
        }
        List<List<String>> progression = new ArrayList<>();
        for (int k = 1000; k <= 10_000; k += 1000) {
            Stats at = results.stats("berth-batchjob-large", "heap-at-" + k + "-mib");
            if (at.n() > 0) {
                progression.add(List.of(Integer.toString(k), at.medianAndSpread(1)));
            }
        }
        if (!progression.isEmpty()) {
            results.table("The large array: operator heap after a full GC (MiB) as its children succeed",
                    List.of("children succeeded", "heap MiB"), progression);
        }
        results.table("Operator heap after a full GC (jcmd GC.run; MiB): before the job, when half its children "
                + "succeeded, when it completed (children's Tasks still exist, within their TTL)",
                List.of("scenario", "array size", "before", "half done", "complete", "seconds to complete"), heap);
        TreeSet<String> keys = new TreeSet<>();
        requests.values().forEach(m -> keys.addAll(m.keySet()));
        List<List<String>> api = new ArrayList<>();
        for (String key : keys) {
            List<String> row = new ArrayList<>(List.of(key));
            SCENARIOS.forEach(s -> row.add(Stats.of(requests.getOrDefault(s, Map.of()).getOrDefault(key, List.of()))
                    .medianAndSpread(2)));
            api.add(row);
        }
        results.table("API requests per child, by verb and resource (apiserver_request_total, every client, from the "
                + "create until complete; ≥ 0.01 per child)", List.of("verb resource", "BatchJob", "Indexed Job"), api);
        results.note("""
                The BatchJob runs on a JobQueue with one compute environment (cluster `default`, FARGATE, maxvCpus %d);
                its task definition has cpu 256 (0.25 vCPU), so exactly %d children hold the budget at once. The
                Indexed Job (completionMode Indexed, backoffLimit 0) runs Berth's Pod of a warm-up Task (spec and
                annotations) with parallelism %d. Each child's simulated container exits 0 one second after it runs.
                Completion is when the benchmark's watch sees the BatchJob SUCCEEDED / the Job's condition Complete.
                API writes are POST, PUT, PATCH, APPLY and DELETE requests of every client (the benchmark's one create,
                the operator or kube-controller-manager, kube-scheduler bindings, kwok status patches, Events). The
                heap is sampled with a full GC (a pause of the operator) when half the children succeeded and at the
                end, in every BatchJob run.
                """.formatted(MAX_VCPUS, PARALLELISM, PARALLELISM));
        results.write();
    }

    @BeforeAll
    static void warmUp() {
        warmUpOperator();
    }

    @Test
    void arrayAgainstIndexedJob() {
        int n = n(1000);
        PodTemplateSpec template = null;
        for (int run = 1; run <= runs(); run++) {
            template = berth("berth-batchjob", run, n, template);
            if (enabled("k8s-indexed-job")) {
                indexedJob(run, n, template);
            }
        }
        int large = Integer.getInteger("berth.bench.batch-large", 10_000);
        if (large > 0) {
            berth("berth-batchjob-large", 1, large, template);
        }
    }

    /** Runs one array to SUCCEEDED; returns the Pod of a warm-up Task as a template (the Indexed Job's Pod). */
    private PodTemplateSpec berth(String scenario, int run, int n, PodTemplateSpec known) {
        String ns = plane.namespace("bench-batch");
        client.resource(Workloads.taskDefinition(ns, Workloads.FAMILY, "1s")).create();
        client.resource(queue(ns)).create();
        PodTemplateSpec template = known;
        if (template == null) {
            client.resource(Workloads.task(ns, "warmup", Workloads.FAMILY)).create();
            Pod[] seen = new Pod[1];
            await(Duration.ofMinutes(3), Duration.ofMillis(100), () -> {
                seen[0] = client.pods().inNamespace(ns).withName("warmup").get();
                return seen[0] != null;
            });
            template = Workloads.template(seen[0], "bench");
            await(Duration.ofMinutes(3), Duration.ofMillis(200), () -> {
                Task warmup = client.resources(Task.class).inNamespace(ns).withName("warmup").get();
                return warmup.getStatus() != null && warmup.getStatus().lastStatus == LastStatus.STOPPED;
            });
        }
        AtomicInteger succeeded = new AtomicInteger();
        AtomicLong doneAt = new AtomicLong();
        SharedIndexInformer<BatchJob> watch = client.resources(BatchJob.class).inNamespace(ns)
                .inform(handler(job -> {
                    if (job.getStatus() == null) {
                        return;
                    }
                    if (job.getStatus().arrayProperties != null) {
                        succeeded.set(job.getStatus().arrayProperties.statusSummary
                                .getOrDefault(JobStatus.SUCCEEDED.name(), 0));
                    }
                    if (job.getStatus().status == JobStatus.SUCCEEDED) {
                        doneAt.compareAndSet(0, System.nanoTime());
                    }
                }));
        try {
            profileStart("batch-" + scenario + "-" + run);
            measure(scenario, run, n, () -> client.resource(batchJob(ns, n)).create(), succeeded::get, doneAt, true);
            profileStop("batch-" + scenario + "-" + run);
        } finally {
            watch.close();
        }
        // the large array's thousands of Tasks are garbage-collected long after: the report need not wait for them
        deleteNamespace(ns, scenario.endsWith("-large") ? Duration.ofMinutes(2) : Duration.ofMinutes(15));
        return template;
    }

    private void indexedJob(int run, int n, PodTemplateSpec template) {
        String ns = plane.namespace("bench-indexed");
        AtomicInteger succeeded = new AtomicInteger();
        AtomicLong doneAt = new AtomicLong();
        SharedIndexInformer<Job> watch = client.batch().v1().jobs().inNamespace(ns).inform(handler(job -> {
            if (job.getStatus() == null) {
                return;
            }
            succeeded.set(job.getStatus().getSucceeded() == null ? 0 : job.getStatus().getSucceeded());
            if (!States.job(job).isEmpty()) {
                doneAt.compareAndSet(0, System.nanoTime());
            }
        }));
        try {
            measure("k8s-indexed-job", run, n, () -> client.resource(indexedJob(ns, template, n)).create(), succeeded::get,
                    doneAt, false);
        } finally {
            watch.close();
        }
        deleteNamespace(ns, Duration.ofMinutes(15));
    }

    private void measure(String scenario, int run, int n, Runnable create, IntSupplier succeeded, AtomicLong doneAt,
            boolean heap) {
        progress("%s run %d: %d children, %d at once", scenario, run, n, PARALLELISM);
        if (heap) {
            results.add(scenario, "heap-before-mib", run, operatorHeapAfterGc() / 1048576.0, "MiB");
        }
        Map<String, Double> cpuBefore = processCpuSeconds();
        Map<String, Double> requestsBefore = apiRequests();
        long t0 = System.nanoTime();
        create.run();
        boolean[] halfSampled = { !heap };
        int[] lastReported = { 0 };
        long[] lastProgress = { t0 };
        boolean large = scenario.endsWith("-large");
        int[] nextThousand = { 1000 };
        Duration timeout = large ? Duration.ofMinutes(Integer.getInteger("berth.bench.batch-large-minutes", 40)) : TIMEOUT;
        boolean finished = await(timeout, Duration.ofMillis(200), () -> {
            int done = succeeded.getAsInt();
            if (large && done >= nextThousand[0]) {
                // the heap as the array advances: what grows with the children done, what stays with the running set
                results.add(scenario, "heap-at-" + nextThousand[0] + "-mib", run, operatorHeapAfterGc() / 1048576.0, "MiB");
                progress("%s run %d: %d succeeded, heap after GC sampled", scenario, run, done);
                nextThousand[0] += 1000;
            }
            if (!halfSampled[0] && done >= n / 2) {
                halfSampled[0] = true;
                results.add(scenario, "heap-half-mib", run, operatorHeapAfterGc() / 1048576.0, "MiB");
            }
            if (System.nanoTime() - lastProgress[0] > Duration.ofSeconds(30).toNanos() && done != lastReported[0]) {
                lastProgress[0] = System.nanoTime();
                lastReported[0] = done;
                progress("%s run %d: %d of %d succeeded after %.0f s", scenario, run, done, n,
                        (System.nanoTime() - t0) / 1e9);
            }
            return doneAt.get() != 0;
        });
        Map<String, Double> cpuAfter = processCpuSeconds();
        Map<String, Double> requestsAfter = apiRequests();
        if (!finished) {
            progress("%s run %d: NOT complete within %s (%d succeeded); recorded as missing", scenario, run, timeout,
                    succeeded.getAsInt());
            return;
        }
        double seconds = (doneAt.get() - t0) / 1e9;
        results.add(scenario, "size", run, n, "children");
        results.add(scenario, "completed-s", run, seconds, "s");
        results.add(scenario, "children-per-s", run, n / seconds, "children/s");
        results.add(scenario, "loadavg1-at-end", run, Double.parseDouble(BenchEnvironment.loadAverage().split(" ")[0]),
                "load");
        cpuAfter.forEach((component, after) -> {
            if (cpuBefore.containsKey(component)) {
                results.add(scenario, "cpu-s-per-1000:" + component, run, (after - cpuBefore.get(component)) * 1000 / n,
                        "s");
            }
        });
        Map<String, Double> delta = delta(requestsBefore, requestsAfter);
        double writes = delta.entrySet().stream().filter(e -> WRITES.contains(e.getKey().split(" ")[0]))
                .mapToDouble(Map.Entry::getValue).sum();
        results.add(scenario, "api-writes-per-child", run, writes / n, "requests");
        if (!scenario.endsWith("-large")) {
            delta.forEach((key, count) -> {
                if (count / n >= 0.01) {
                    results.add(scenario, "requests-per-child:" + key, run, count / n, "requests");
                    requests.computeIfAbsent(scenario, k -> new TreeMap<>())
                            .computeIfAbsent(key, k -> new ArrayList<>()).add(count / n);
                }
            });
        }
        if (heap) {
            results.add(scenario, "heap-end-mib", run, operatorHeapAfterGc() / 1048576.0, "MiB");
        }
        progress("%s run %d: complete in %.1f s (%.1f children/s), %.2f API writes per child", scenario, run, seconds,
                n / seconds, writes / n);
    }

    static JobQueue queue(String ns) {
        JobQueue queue = new JobQueue();
        queue.setMetadata(new ObjectMetaBuilder().withName("bench").withNamespace(ns).build());
        JobQueueSpec spec = new JobQueueSpec();
        spec.priority = 1;
        spec.computeEnvironmentOrder = List.of(new JobQueueSpec.ComputeEnvironment(1, "default", "FARGATE", MAX_VCPUS));
        queue.setSpec(spec);
        return queue;
    }

    static BatchJob batchJob(String ns, int size) {
        BatchJob job = new BatchJob();
        job.setMetadata(new ObjectMetaBuilder().withName("array").withNamespace(ns).build());
        BatchJobSpec spec = new BatchJobSpec();
        spec.jobQueue = "bench";
        spec.taskDefinition = Workloads.FAMILY;
        spec.arrayProperties = new BatchJobSpec.ArrayProperties();
        spec.arrayProperties.size = size;
        job.setSpec(spec);
        return job;
    }

    static Job indexedJob(String ns, PodTemplateSpec template, int n) {
        return new JobBuilder().withNewMetadata().withName("indexed").withNamespace(ns).endMetadata().withNewSpec()
                .withCompletionMode("Indexed").withCompletions(n).withParallelism(PARALLELISM).withBackoffLimit(0)
                .withTemplate(template).endSpec().build();
    }

    private static <T> ResourceEventHandler<T> handler(java.util.function.Consumer<T> onChange) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                onChange.accept(obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                onChange.accept(newObj);
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
            }
        };
    }
}
