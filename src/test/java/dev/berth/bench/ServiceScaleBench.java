package dev.berth.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.Berth;
import dev.berth.api.v1alpha1.Service;
import dev.berth.api.v1alpha1.ServiceSpec;
import dev.berth.api.v1alpha1.Task;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * Issue 7, item 3: a Service scaled from 0 to {@code berth.bench.service-n} (500) tasks against a Deployment
 * (ReplicaSet controller at kube-controller-manager's defaults) scaled from 0 to as many replicas of the same Pod: time
 * until all are running.
 */
class ServiceScaleBench extends Bench {

    static final BenchResults results = new BenchResults("service-scale", "Service 0 → N against Deployment 0 → N");

    @AfterAll
    static void report() {
        int n = Integer.getInteger("berth.bench.service-n", 500);
        List<List<String>> rows = new ArrayList<>();
        for (String s : List.of("berth-service", "k8s-deployment")) {
            rows.add(List.of(s, results.stats(s, "all-pods-created-s").medianAndSpread(1),
                    results.stats(s, "all-running-s").medianAndSpread(1),
                    Integer.toString(results.stats(s, "all-running-s").n())));
        }
        double ratio = results.stats("k8s-deployment", "all-running-s").median()
                / results.stats("berth-service", "all-running-s").median();
        results.table("N = " + n + ": seconds from the scale-out (median, min–max over runs)",
                List.of("scenario", "all Pods created", "all running", "runs"), rows);
        results.note("Ratio Deployment time / Service time to all running: **" + Stats.format(ratio, 2)
                + "** (> 1: the Service is faster). *All running*: Service status.runningCount = N / Deployment "
                + "status.readyReplicas = N; the Pods are the same (Berth's Pod for the Service's task definition, "
                + "restartPolicy Always for the Deployment).");
        results.write();
    }

    @BeforeAll
    static void warmUp() {
        warmUpOperator();
    }

    @Test
    void scaleOut() {
        int n = Integer.getInteger("berth.bench.service-n", 500);
        for (int run = 1; run <= runs(); run++) {
            PodTemplateSpec template = service(run, n);
            deployment(run, n, template);
        }
    }

    private PodTemplateSpec service(int run, int n) {
        String ns = plane.namespace("bench-service");
        client.resource(Workloads.taskDefinition(ns, Workloads.FAMILY, null)).create();
        Service service = new Service();
        service.setMetadata(new ObjectMetaBuilder().withName("bench").withNamespace(ns).build());
        ServiceSpec spec = new ServiceSpec();
        spec.taskDefinition = Workloads.FAMILY;
        spec.desiredCount = 1;
        service.setSpec(spec);
        client.resource(service).create();
        var services = client.resources(Service.class).inNamespace(ns).withName("bench");
        await(Duration.ofMinutes(3), Duration.ofMillis(200), () -> running(services.get()) == 1);
        Pod pod = client.pods().inNamespace(ns).withLabel(Berth.LABEL_TASK).list().getItems().get(0);
        PodTemplateSpec template = Workloads.template(pod, "bench");
        services.edit(s -> {
            s.getSpec().desiredCount = 0;
            return s;
        });
        await(Duration.ofMinutes(3), Duration.ofMillis(200), () -> running(services.get()) == 0
                && client.pods().inNamespace(ns).withLabel(Berth.LABEL_TASK).list().getItems().isEmpty());
        try (var pods = new Timeline<Pod>(client.pods().inNamespace(ns).withLabel(Berth.LABEL_TASK), p -> List.of());
                var tasks = new Timeline<Task>(client.resources(Task.class).inNamespace(ns), States::task)) {
            progress("service run %d: scaling 0 → %d", run, n);
            long t0 = System.nanoTime();
            services.edit(s -> {
                s.getSpec().desiredCount = n;
                return s;
            });
            boolean done = await(Duration.ofMinutes(30), Duration.ofMillis(200), () -> running(services.get()) >= n);
            long t1 = System.nanoTime();
            if (done) {
                results.add("berth-service", "all-running-s", run, (t1 - t0) / 1e9, "s");
                results.add("berth-service", "all-pods-created-s", run, (pods.last(Timeline.SEEN) - t0) / 1e9, "s");
            }
            progress("service run %d: %s in %.1f s", run, done ? "all running" : "NOT all running", (t1 - t0) / 1e9);
        }
        deleteNamespace(ns, Duration.ofMinutes(15));
        return template;
    }

    private void deployment(int run, int n, PodTemplateSpec template) {
        String ns = plane.namespace("bench-deployment");
        client.resource(Workloads.deployment(ns, template, 0)).create();
        var deployment = client.apps().deployments().inNamespace(ns).withName("bench");
        await(Duration.ofMinutes(1), Duration.ofMillis(200), () -> deployment.get().getStatus() != null);
        try (var pods = new Timeline<Pod>(client.pods().inNamespace(ns), p -> List.of())) {
            progress("deployment run %d: scaling 0 → %d", run, n);
            long t0 = System.nanoTime();
            deployment.scale(n);
            boolean done = await(Duration.ofMinutes(30), Duration.ofMillis(200), () -> ready(deployment.get()) >= n);
            long t1 = System.nanoTime();
            if (done) {
                results.add("k8s-deployment", "all-running-s", run, (t1 - t0) / 1e9, "s");
                results.add("k8s-deployment", "all-pods-created-s", run, (pods.last(Timeline.SEEN) - t0) / 1e9, "s");
            }
            progress("deployment run %d: %s in %.1f s", run, done ? "all ready" : "NOT all ready", (t1 - t0) / 1e9);
        }
        deleteNamespace(ns, Duration.ofMinutes(10));
    }

    private static int running(Service service) {
        return service == null || service.getStatus() == null || service.getStatus().runningCount == null ? 0
                : service.getStatus().runningCount;
    }

    private static int ready(Deployment deployment) {
        return deployment == null || deployment.getStatus() == null || deployment.getStatus().getReadyReplicas() == null ? 0
                : deployment.getStatus().getReadyReplicas();
    }
}
