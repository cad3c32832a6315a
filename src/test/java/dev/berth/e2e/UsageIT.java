package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.Berth;
import dev.berth.api.v1alpha1.Cluster;
import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.Service;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskStatus;
import dev.berth.api.v1alpha1.UsageTotals;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * Usage and cost on the real control plane (docs/usage-and-cost.md): a stopped task's usage against figures computed
 * by hand from its own timestamps, final through operator kills; Service and Cluster roll-ups through scale-in, TTL
 * deletion, deletion while the operator is down and kills at random points; the metrics, scraped by a real
 * Prometheus and queried per service.
 */
class UsageIT extends EndToEnd {

    /** 0.5 vCPU, 1 GB: 0.5 x 0.04048 + 1 x 0.004445 = $0.024685 an hour on demand, 30 % of it on FARGATE_SPOT. */
    private static final String TASK_DEFINITION = """
            apiVersion: berth.dev/v1alpha1
            kind: TaskDefinition
            metadata: {name: %s}
            spec:
              cpu: 512
              memory: 1024
              containerDefinitions:
                - name: job
                  image: busybox:1.36
                  dockerLabels: {%s}
            ---
            """;
    private static final String EXITS_AFTER_3S = "sim.berth.dev/exit-code: \"0\", sim.berth.dev/exit-after: 3s";
    private static final String EXITS_AFTER_1S = "sim.berth.dev/exit-code: \"0\", sim.berth.dev/exit-after: 1s";

    @Test
    void aStoppedTaskCarriesItsFinalUsageWhichNeitherTimeNorRestartsChange() throws InterruptedException {
        PrometheusServer.scraping(GaugeTarget.get().address());
        applyText(TASK_DEFINITION.formatted("meter", EXITS_AFTER_3S) + task("meter-1", "meter", "default", "")
                + "---\n" + task("meter-spot", "meter", "default",
                        "  capacityProviderStrategy: [{capacityProvider: FARGATE_SPOT, weight: 1}]\n"));

        TaskStatus onDemand = awaitTask("meter-1", s -> s.usage != null);
        TaskStatus spot = awaitTask("meter-spot", s -> s.usage != null);

        assertThat(onDemand.lastStatus).as("written with the STOPPED status").isEqualTo(LastStatus.STOPPED);
        long run = ceilSeconds(onDemand.pullStartedAt, onDemand.stoppedAt);
        assertThat(onDemand.usage.runSeconds).as("pullStartedAt to stoppedAt, rounded up").isEqualTo(run);
        assertThat(run).as("the container ran 3 s").isBetween(3L, 20L);
        assertThat(onDemand.usage.billedSeconds).as("Fargate's 1-minute minimum").isEqualTo(60);
        assertThat(onDemand.usage.vcpuSeconds).isEqualTo("30");
        assertThat(onDemand.usage.gbSeconds).isEqualTo("60");
        assertThat(onDemand.usage.cost).as("0.024685 / 60").isEqualTo("0.000411");
        assertThat(onDemand.usage.pricing).isEqualTo("ON_DEMAND");
        assertThat(onDemand.usage.currency).isEqualTo("USD");
        assertThat(onDemand.usage.region).isEqualTo("us-east-1");
        assertThat(spot.capacityProviderName).isEqualTo("FARGATE_SPOT");
        assertThat(spot.usage.pricing).isEqualTo("SPOT");
        assertThat(spot.usage.cost).as("0.024685 x 0.3 / 60").isEqualTo("0.000123");
        assertThat(Shell.kubectlOk("get", "tasks.berth.dev", "-n", ns, "meter-1")).contains("COST").contains("0.000411");

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(metric("berth_task_cost_total", "family", "meter", "capacity_provider", "FARGATE"))
                    .hasValueSatisfying(v -> assertThat(v).isCloseTo(0.000411, org.assertj.core.data.Offset.offset(1e-9)));
            assertThat(metric("berth_task_vcpu_seconds_total", "family", "meter", "capacity_provider", "FARGATE_SPOT"))
                    .contains(30.0);
            assertThat(metric("berth_task_billed_seconds_total", "family", "meter", "capacity_provider", "FARGATE"))
                    .contains(60.0);
        });

        String recorded = Serialization.asJson(onDemand.usage);
        plane.operator.kill();
        plane.operator.start();
        Thread.sleep(3000);
        TaskStatus later = status("meter-1");
        assertThat(Serialization.asJson(later.usage)).as("final: unchanged after time and a restart").isEqualTo(recorded);
        assertThat(later.stoppedAt).isEqualTo(onDemand.stoppedAt);
    }

    @Test
    void serviceAndClusterRollUpsCountEveryTaskOnceThroughScaleInTtlDeletionAndKills() throws InterruptedException {
        PrometheusServer.scraping(GaugeTarget.get().address());
        applyText("apiVersion: berth.dev/v1alpha1\nkind: Cluster\nmetadata: {name: metered}\n---\n"
                + TASK_DEFINITION.formatted("web", "") + TASK_DEFINITION.formatted("batch", EXITS_AFTER_1S) + """
                        apiVersion: berth.dev/v1alpha1
                        kind: Service
                        metadata: {name: web}
                        spec: {cluster: metered, taskDefinition: web, desiredCount: 2}
                        """);

        UsageTotals two = awaitServiceUsage(u -> u.runningTasks == 2);
        assertThat(two.costPerHour).as("2 x 0.024685").isEqualTo("0.049370");
        assertThat(Shell.kubectlOk("get", "ecsservice", "-n", ns, "web")).contains("COST/H").contains("0.049370");
        await().atMost(WAIT).untilAsserted(() -> assertThat(PrometheusServer.query(
                "sum by (service) (berth_running_cost_per_hour{namespace=\"" + ns + "\"})"))
                .contains("\"service\":\"web\"").contains("\"0.04937\""));

        // scale-in: one task stops with its usage, and stays counted after its TTL deletes it
        Shell.kubectlOk("scale", "-n", ns, "services.berth.dev/web", "--replicas", "1");
        Task scaledIn = await().atMost(WAIT).until(() -> serviceTasks().stream()
                .filter(t -> t.getStatus() != null && t.getStatus().usage != null).findFirst(), Optional::isPresent).get();
        BigDecimal expected = new BigDecimal(scaledIn.getStatus().usage.cost);
        UsageTotals one = awaitServiceUsage(u -> u.runningTasks == 1 && u.stopped.tasks == 1);
        assertThat(one.cost).isEqualTo(scaledIn.getStatus().usage.cost);
        assertThat(one.costPerHour).isEqualTo("0.024685");
        await().atMost(WAIT).untilAsserted(() -> assertThat(PrometheusServer.query(
                "sum by (service) (berth_task_cost_total{namespace=\"" + ns + "\"})"))
                .contains("\"service\":\"web\"").contains("\"" + new BigDecimal(one.cost).stripTrailingZeros() + "\""));
        Shell.kubectlOk("patch", "-n", ns, "tasks.berth.dev", scaledIn.getMetadata().getName(), "--type", "merge", "-p",
                "{\"spec\":{\"ttlSecondsAfterStopped\":1}}");
        await().atMost(WAIT).until(() -> task(scaledIn.getMetadata().getName()) == null);
        await().atMost(WAIT).until(() -> {
            Cluster cluster = client.resources(Cluster.class).inNamespace(ns).withName("metered").get();
            return cluster.getStatus().usageLedger.deleted.tasks == 1 && cluster.getStatus().usageLedger.countedTasks.isEmpty();
        });
        await().atMost(WAIT).untilAsserted(() -> assertThat(service().getStatus().usage.cost)
                .as("its deleted task is still counted").isEqualTo(scaledIn.getStatus().usage.cost));

        // standalone tasks that stop and are deleted by their TTL while the operator is killed at random points
        Map<String, String> costs = new ConcurrentHashMap<>();
        Random random = new Random();
        for (int i = 0; i < 4; i++) {
            applyText(task("batch-" + i, "batch", "metered", "  ttlSecondsAfterStopped: 10\n"));
        }
        Instant until = Instant.now().plus(WAIT);
        int kills = 0;
        while (costs.size() < 4 || client.resources(Task.class).inNamespace(ns).list().getItems().stream()
                .anyMatch(t -> t.getMetadata().getName().startsWith("batch-"))) {
            assertThat(Instant.now()).as("batch tasks counted and gone, costs seen: %s", costs).isBefore(until);
            for (int i = 0; i < 4; i++) {
                Task t = task("batch-" + i);
                if (t != null && t.getStatus() != null && t.getStatus().usage != null) {
                    costs.putIfAbsent(t.getMetadata().getName(), t.getStatus().usage.cost);
                }
            }
            if (kills < 3 && random.nextInt(4) == 0) {
                plane.operator.kill();
                Thread.sleep(random.nextInt(1500));
                plane.operator.start();
                kills++;
            }
            Thread.sleep(100);
        }
        expected = costs.values().stream().map(BigDecimal::new).reduce(expected, BigDecimal::add);

        // a stopped task deleted while the operator is down waits for it and is counted
        applyText(task("late", "batch", "metered", ""));
        TaskStatus late = awaitTask("late", s -> s.usage != null);
        expected = expected.add(new BigDecimal(late.usage.cost));
        plane.operator.kill();
        Shell.kubectlOk("delete", "-n", ns, "tasks.berth.dev", "late", "--wait=false");
        Thread.sleep(1000);
        assertThat(task("late")).as("its finalizer holds it while the operator is down").isNotNull();
        plane.operator.start();
        await().atMost(WAIT).until(() -> task("late") == null);

        BigDecimal total = expected;
        await().atMost(WAIT).untilAsserted(() -> {
            Cluster cluster = client.resources(Cluster.class).inNamespace(ns).withName("metered").get();
            UsageTotals usage = cluster.getStatus().usage;
            assertThat(usage.stopped.tasks).as("1 scaled in, 4 batch, 1 late").isEqualTo(6);
            assertThat(new BigDecimal(usage.cost)).isEqualByComparingTo(total);
            assertThat(usage.runningTasks).isEqualTo(1);
            assertThat(cluster.getStatus().usageLedger.deleted.tasks).isEqualTo(6);
            assertThat(cluster.getStatus().usageLedger.countedTasks).as("uids leave once their Task is gone").isEmpty();
        });
        assertThat(service().getStatus().usage.cost).as("standalone tasks are not the service's")
                .isEqualTo(scaledIn.getStatus().usage.cost);
        // the counters restarted with each kill; over the test, the service's stopped task was counted once
        await().atMost(WAIT).untilAsserted(() -> assertThat(PrometheusServer.query(
                "sum by (service) (max_over_time(berth_task_cost_total{namespace=\"" + ns + "\", service=\"web\"}[1h]))"))
                .contains("\"service\":\"web\"").contains("\"" + new BigDecimal(one.cost).stripTrailingZeros() + "\""));
    }

    private static String task(String name, String family, String cluster, String extra) {
        return """
                apiVersion: berth.dev/v1alpha1
                kind: Task
                metadata: {name: %s}
                spec:
                  taskDefinition: %s
                  cluster: %s
                %s""".formatted(name, family, cluster, extra);
    }

    private Task task(String name) {
        return client.resources(Task.class).inNamespace(ns).withName(name).get();
    }

    private Service service() {
        return client.resources(Service.class).inNamespace(ns).withName("web").get();
    }

    private List<Task> serviceTasks() {
        return client.resources(Task.class).inNamespace(ns).withLabel(Berth.LABEL_SERVICE, "web").list().getItems();
    }

    private UsageTotals awaitServiceUsage(java.util.function.Predicate<UsageTotals> condition) {
        return await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() -> {
            Service service = service();
            return service == null || service.getStatus() == null ? null : service.getStatus().usage;
        }, u -> u != null && condition.test(u));
    }

    private static long ceilSeconds(String from, String to) {
        Duration run = Duration.between(Instant.parse(from), Instant.parse(to));
        return run.getSeconds() + (run.getNano() > 0 ? 1 : 0);
    }

    /** The value of a series of the operator's /q/metrics in this test's namespace, matched by label values. */
    private Optional<Double> metric(String name, String... labels) throws IOException, InterruptedException {
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + plane.operator.port() + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return body.lines().filter(l -> l.startsWith(name + "{")).filter(l -> l.contains("namespace=\"" + ns + "\""))
                .filter(l -> {
                    for (int i = 0; i < labels.length; i += 2) {
                        if (!l.contains(labels[i] + "=\"" + labels[i + 1] + "\"")) {
                            return false;
                        }
                    }
                    return true;
                }).map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst();
    }
}
