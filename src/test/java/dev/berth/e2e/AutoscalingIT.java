package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.berth.api.v1alpha1.Service;
import dev.berth.api.v1alpha1.ServiceAutoScalingStatus;
import dev.berth.api.v1alpha1.ServiceDeployment.RolloutState;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

/**
 * Autoscaling on the real control plane: kwok reports the simulated CPU usage of the task pods
 * (sim.berth.dev/cpu-usage) through metrics-server, a real Prometheus scrapes a gauge of the test. The
 * operator evaluates every 2 s here; metrics-server samples every 15 s, so each step takes up to a minute.
 */
class AutoscalingIT extends EndToEnd {

    private static final Duration LONG = Duration.ofMinutes(6);

    private static final String TASK_DEFINITION = """
            apiVersion: berth.dev/v1alpha1
            kind: TaskDefinition
            metadata: {name: %s}
            spec:
              cpu: 256
              memory: 512
              containerDefinitions:
                - name: app
                  image: nginx:1
                  dockerLabels: {"sim.berth.dev/cpu-usage": "%s"}
            """;

    /** 1-4 tasks at 50 % CPU; scale-out every 5 s at most, scale-in 20 s after the last scaling. */
    private static final String CPU_SERVICE = """
            apiVersion: berth.dev/v1alpha1
            kind: Service
            metadata: {name: web}
            spec:
              taskDefinition: web
              autoScaling:
                minCapacity: 1
                maxCapacity: 4
                targetTrackingScalingPolicies:
                  - policyName: cpu50
                    targetValue: 50
                    predefinedMetricSpecification: {predefinedMetricType: ECSServiceAverageCPUUtilization}
                    scaleOutCooldown: 5
                    scaleInCooldown: 20
            """;

    @Test
    void raisingCpuScalesOutUpToMaxAndLoweringItScalesInAfterTheCooldown() {
        applyText(TASK_DEFINITION.formatted("web", "50m"));
        String manifest = manifestFile(CPU_SERVICE);
        apply(manifest);
        // 50m of a 256-unit (250m) task is 20 %: one task holds
        ServiceAutoScalingStatus seen = awaitAutoScaling("web",
                s -> s.policies != null && s.policies.get(0).currentValue != null);
        assertThat(seen.policies.get(0).currentValue).isBetween(19.0, 21.0);
        assertThat(desiredCount("web")).isEqualTo(1);

        List<Integer> counts;
        Sampler<Integer> sampler = Sampler.every(Duration.ofMillis(250), "desiredCount of web", () -> desiredCount("web"));
        try (Load load = new Load("225m")) {
            // 90 % per task wants ceil(n x 90 / 50): 1 -> 2 -> 4 (8, held at maxCapacity 4)
            ServiceAutoScalingStatus out = awaitAutoScaling("web",
                    s -> Integer.valueOf(4).equals(s.desiredCount) && condition(s, "ScalingLimited", "True"));
            assertThat(condition(out, "ScalingLimited").getReason()).isEqualTo("TooManyTasks");
            assertThat(out.lastScalingReason).contains("policy cpu50: ECSServiceAverageCPUUtilization")
                    .contains("above target 50");
            assertThat(desiredCount("web")).isEqualTo(4);
            assertThat(events("web")).anySatisfy(e -> {
                assertThat(e.getReason()).isEqualTo("SuccessfulRescale");
                assertThat(e.getMessage()).startsWith("desiredCount 2 -> 4");
            });

            // desiredCount belongs to the autoscaler (through /scale): re-applying the manifest keeps it
            Service web = client.resources(Service.class).inNamespace(ns).withName("web").get();
            assertThat(web.getMetadata().getManagedFields()).anySatisfy(f -> {
                assertThat(f.getManager()).isEqualTo("berth-autoscaler");
                assertThat(f.getSubresource()).isEqualTo("scale");
                assertThat(f.getFieldsV1().getAdditionalProperties().toString()).contains("f:desiredCount");
            });
            apply(manifest);
            Shell.kubectlOk("apply", "--server-side", "-n", ns, "-f", manifest);
            assertThat(desiredCount("web")).isEqualTo(4);

            Instant lastScaleOut = Instant.parse(out.lastScalingTime);
            // 4 % on 4 tasks: ceil(16 / 45) = 1, once the 20 s scale-in cooldown has passed
            load.set("10m");
            ServiceAutoScalingStatus in = awaitAutoScaling("web", s -> Integer.valueOf(1).equals(s.desiredCount));
            assertThat(Instant.parse(in.lastScaleInTime)).isAfterOrEqualTo(lastScaleOut.plusSeconds(20));
            assertThat(in.lastScalingReason).contains("below target 50");
            assertThat(events("web")).anySatisfy(e -> assertThat(e.getMessage()).startsWith("desiredCount 4 -> 1"));
            counts = sampler.stopValues();
        } finally {
            sampler.close();
        }
        assertThat(counts).isNotEmpty().allSatisfy(c -> assertThat(c).isBetween(1, 4));
        assertThat(counts).contains(2, 4);
    }

    @Test
    void noScalingWhileMetricsAreMissing() {
        applyText(TASK_DEFINITION.formatted("idle", "1m"));
        applyText("""
                apiVersion: berth.dev/v1alpha1
                kind: Service
                metadata: {name: idle}
                spec:
                  taskDefinition: idle
                  desiredCount: 3
                  autoScaling:
                    minCapacity: 1
                    maxCapacity: 5
                    targetTrackingScalingPolicies:
                      - policyName: cpu50
                        targetValue: 50
                        predefinedMetricSpecification: {predefinedMetricType: ECSServiceAverageCPUUtilization}
                        scaleOutCooldown: 0
                        scaleInCooldown: 0
                """);
        // RUNNING and deployed, but metrics-server has no sample yet: 3 tasks at 0.4 % stay 3
        // (an evaluation before the tasks ran says NoRunningTasks instead: wait for the missing-metrics verdict)
        ServiceAutoScalingStatus missing = awaitAutoScaling("idle", s -> condition(s, "ScalingActive", "False")
                && "FailedGetResourceMetric".equals(condition(s, "ScalingActive").getReason())
                && RolloutState.COMPLETED.equals(service("idle").getStatus().rolloutState));
        assertThat(condition(missing, "ScalingActive").getReason()).isEqualTo("FailedGetResourceMetric");
        assertThat(condition(missing, "ScalingActive").getMessage()).contains("metrics.k8s.io has no usage for any of the")
                .contains("RUNNING task");
        assertThat(desiredCount("idle")).isEqualTo(3);
        assertThat(events("idle")).anySatisfy(e -> {
            assertThat(e.getType()).isEqualTo("Warning");
            assertThat(e.getReason()).isEqualTo("FailedGetResourceMetric");
        });
        // once metrics arrive it scales in to minCapacity
        awaitAutoScaling("idle", s -> Integer.valueOf(1).equals(s.desiredCount) && condition(s, "ScalingActive", "True"));

        // metrics.k8s.io goes away (metrics-server's APIService deleted): high CPU does not scale out
        GenericKubernetesResource apiService = client.genericKubernetesResources("apiregistration.k8s.io/v1", "APIService")
                .withName("v1beta1.metrics.k8s.io").get();
        client.resource(apiService).delete();
        boolean restored = false;
        try {
            // the aggregator stops proxying a moment after the deletion
            await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(this::metricsApiGone);
            ServiceAutoScalingStatus outage = awaitAutoScaling("idle", s -> condition(s, "ScalingActive", "False"));
            // the aggregator answers an error or an empty list while the APIService is gone, by timing
            assertThat(condition(outage, "ScalingActive").getMessage()).containsAnyOf("metrics.k8s.io could not be read",
                    "metrics.k8s.io has no usage");
            try (Load load = new Load("250m")) {
                load.awaitApplied();
                holdsFor(Duration.ofSeconds(20), "the scale of idle while metrics.k8s.io is gone",
                        () -> List.of(desiredCount("idle"), service("idle").getStatus().autoScaling.desiredCount),
                        counts -> assertThat(counts).as("desiredCount, autoScaling.desiredCount").containsOnly(1));
                restore(apiService);
                restored = true;
                Shell.kubectlOk("wait", "--for=condition=Available", "--timeout=90s", "apiservice/v1beta1.metrics.k8s.io");
                // metrics back: the 100 % task scales out
                awaitAutoScaling("idle", s -> s.desiredCount != null && s.desiredCount >= 2);
            }
        } finally {
            if (!restored) {
                restore(apiService);
            }
        }
    }

    @Test
    void aPrometheusMetricTracksATargetPerTaskAndAPromQLErrorStopsScaling() {
        GaugeTarget gauge = GaugeTarget.get();
        PrometheusServer.scraping(gauge.address());
        gauge.set(ns, 0);
        applyText(TASK_DEFINITION.formatted("worker", "1m"));
        String service = """
                apiVersion: berth.dev/v1alpha1
                kind: Service
                metadata: {name: worker}
                spec:
                  taskDefinition: worker
                  autoScaling:
                    minCapacity: 0
                    maxCapacity: 5
                    targetTrackingScalingPolicies:
                      - policyName: backlog
                        targetValue: 10
                        customizedMetricSpecification:
                          prometheusQuery: sum(berth_e2e_queue_backlog{queue="%s"})
                          statistic: Sum
                        scaleOutCooldown: 0
                        scaleInCooldown: 0
                %s""";
        applyText(service.formatted(ns, ""));
        // an empty queue needs no task: from the default 1 to 0 (after the first deployment completed)
        awaitAutoScaling("worker", s -> Integer.valueOf(0).equals(s.desiredCount));
        gauge.set(ns, 35);
        ServiceAutoScalingStatus four = awaitAutoScaling("worker", s -> Integer.valueOf(4).equals(s.desiredCount));
        assertThat(four.policies.get(0).currentValue).isEqualTo(35.0);
        assertThat(four.lastScalingReason).contains("above target 10");
        awaitServiceRunning("worker", 4);
        gauge.set(ns, 100);
        awaitAutoScaling("worker", s -> Integer.valueOf(5).equals(s.desiredCount) && condition(s, "ScalingLimited", "True"));

        // a second policy whose query does not parse: condition and Warning event, and no scale-in
        applyText(service.formatted(ns, """
                      - policyName: broken
                        targetValue: 1
                        customizedMetricSpecification: {prometheusQuery: "sum(rate("}
                """));
        gauge.set(ns, 0);
        ServiceAutoScalingStatus broken = awaitAutoScaling("worker", s -> condition(s, "ScalingActive", "False"));
        assertThat(condition(broken, "ScalingActive").getReason()).isEqualTo("FailedGetPrometheusMetric");
        assertThat(condition(broken, "ScalingActive").getMessage()).contains("policy broken: PromQL error (bad_data)");
        assertThat(events("worker")).anySatisfy(e -> {
            assertThat(e.getType()).isEqualTo("Warning");
            assertThat(e.getMessage()).contains("PromQL error");
        });
        await().atMost(Duration.ofSeconds(60)).until(
                () -> service("worker").getStatus().autoScaling.policies.get(0).currentValue,
                v -> v != null && v == 0.0);
        holdsFor(Duration.ofSeconds(10), "the scale of worker while a policy's query fails", () -> desiredCount("worker"),
                count -> assertThat(count).as("no scale-in").isEqualTo(5));
    }

    @Test
    void aScheduledActionRaisesTheMinimum() {
        applyText(TASK_DEFINITION.formatted("batch", "1m"));
        String at = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC)
                .format(Instant.now().plusSeconds(20).truncatedTo(ChronoUnit.SECONDS));
        applyText("""
                apiVersion: berth.dev/v1alpha1
                kind: Service
                metadata: {name: batch}
                spec:
                  taskDefinition: batch
                  autoScaling:
                    minCapacity: 1
                    maxCapacity: 5
                    scheduledActions:
                      - scheduledActionName: morning
                        schedule: at(%s)
                        timezone: UTC
                        scalableTargetAction: {minCapacity: 3}
                """.formatted(at));
        ServiceAutoScalingStatus before = awaitAutoScaling("batch", s -> s.scheduledActions != null);
        assertThat(before.scheduledActions.get(0).nextRunTime).isEqualTo(at + "Z");
        ServiceAutoScalingStatus after = awaitAutoScaling("batch", s -> Integer.valueOf(3).equals(s.desiredCount));
        assertThat(after.capacitySource).isEqualTo("scheduledAction/morning");
        assertThat(after.minCapacity).isEqualTo(3);
        assertThat(Instant.parse(after.lastScalingTime)).isAfterOrEqualTo(Instant.parse(at + "Z"));
        assertThat(events("batch")).extracting(Event::getReason).contains("ScheduledActionRun", "SuccessfulRescale");
        awaitServiceRunning("batch", 3);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "maxCapacity below minCapacity | minCapacity: 5, maxCapacity: 2 | spec.autoScaling.maxCapacity: Invalid value"
                    + " | must be greater than or equal to autoScaling.minCapacity",
            "target value 0 | minCapacity: 1, maxCapacity: 2, targetTrackingScalingPolicies: [{policyName: cpu, targetValue: 0,"
                    + " predefinedMetricSpecification: {predefinedMetricType: ECSServiceAverageCPUUtilization}}]"
                    + " | targetTrackingScalingPolicies[0].targetValue | must be greater than 0",
            "unknown metric type | minCapacity: 1, maxCapacity: 2, targetTrackingScalingPolicies: [{policyName: alb,"
                    + " targetValue: 100, predefinedMetricSpecification: {predefinedMetricType: ALBRequestCountPerTarget}}]"
                    + " | predefinedMetricSpecification.predefinedMetricType: Unsupported value: \"ALBRequestCountPerTarget\""
                    + " | supported values",
            "invalid schedule | minCapacity: 1, maxCapacity: 2, scheduledActions: [{scheduledActionName: a,"
                    + " schedule: 'cron(0 10 * * *)', scalableTargetAction: {minCapacity: 2}}]"
                    + " | scheduledActions[0].schedule | should match",
            "rate with a plural unit for 1 | minCapacity: 1, maxCapacity: 2, scheduledActions: [{scheduledActionName: a,"
                    + " schedule: 'rate(1 minutes)', scalableTargetAction: {minCapacity: 2}}]"
                    + " | scheduledActions[0].schedule | should match",
            "cron with both day fields | minCapacity: 1, maxCapacity: 2, scheduledActions: [{scheduledActionName: a,"
                    + " schedule: 'cron(0 10 * * MON *)', scalableTargetAction: {minCapacity: 2}}]"
                    + " | scheduledActions[0].schedule | exactly one of day-of-month and day-of-week must be '?'" })
    void badInputIsRejectedAtApplyTimeNamingTheField(String name, String autoScaling, String field, String message) {
        Shell.Result result = Shell.kubectl("apply", "-n", ns, "-f", manifestFile("""
                apiVersion: berth.dev/v1alpha1
                kind: Service
                metadata: {name: bad}
                spec:
                  taskDefinition: web
                  autoScaling: {%s}
                """.formatted(autoScaling)));
        assertThat(result.exitCode()).as(result.output()).isNotZero();
        assertThat(result.output()).contains(field).contains(message);
    }

    /** Keeps the simulated CPU usage of every task pod in the namespace at one level (an evenly spread load). */
    private final class Load implements AutoCloseable {
        private volatile String cpu;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final Thread thread;

        Load(String cpu) {
            this.cpu = cpu;
            thread = new Thread(() -> {
                try {
                    while (running.get()) {
                        for (Pod pod : taskPods()) {
                            String level = this.cpu;
                            if (!level.equals(level(pod))) {
                                client.pods().inNamespace(ns).withName(pod.getMetadata().getName()).patch(
                                        PatchContext.of(PatchType.JSON_MERGE),
                                        "{\"metadata\":{\"annotations\":{\"sim.berth.dev/cpu-usage\":\"" + level + "\"}}}");
                            }
                        }
                        sleepQuietly(500);
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            }, "load-" + ns);
            thread.setDaemon(true);
            thread.start();
        }

        void set(String cpu) {
            this.cpu = cpu;
        }

        /** Waits until every task pod carries the load: a window that depends on it starts only then. */
        void awaitApplied() {
            await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() -> {
                assertAlive();
                List<Pod> pods = taskPods();
                return !pods.isEmpty() && pods.stream().allMatch(p -> cpu.equals(level(p)));
            });
        }

        /** The load that dies silently would turn "no scale-out under load" into a test without load. */
        private void assertAlive() {
            if (failure.get() != null) {
                throw new AssertionError("the load thread died: " + failure.get(), failure.get());
            }
        }

        private static String level(Pod pod) {
            var annotations = pod.getMetadata().getAnnotations();
            return annotations == null ? null : annotations.get("sim.berth.dev/cpu-usage");
        }

        @Override
        public void close() {
            running.set(false);
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            assertAlive();
        }
    }

    private boolean metricsApiGone() {
        try {
            client.top().pods().inNamespace(ns).metrics();
            return false;
        } catch (KubernetesClientException e) {
            return e.getCode() == 404;
        }
    }

    private void restore(GenericKubernetesResource apiService) {
        apiService.getMetadata().setResourceVersion(null);
        apiService.getMetadata().setUid(null);
        apiService.getMetadata().setCreationTimestamp(null);
        apiService.getMetadata().setManagedFields(null);
        apiService.getAdditionalProperties().remove("status");
        client.resource(apiService).create();
    }

    private ServiceAutoScalingStatus awaitAutoScaling(String name, Predicate<ServiceAutoScalingStatus> p) {
        return await().atMost(LONG).pollInterval(Duration.ofMillis(500)).until(() -> {
            Service s = service(name);
            return s == null || s.getStatus() == null || s.getStatus().autoScaling == null ? new ServiceAutoScalingStatus()
                    : s.getStatus().autoScaling;
        }, p);
    }

    private void awaitServiceRunning(String name, int count) {
        await().atMost(LONG).pollInterval(Duration.ofMillis(500))
                .until(() -> service(name).getStatus().runningCount, r -> r != null && r == count);
    }

    private Service service(String name) {
        return client.resources(Service.class).inNamespace(ns).withName(name).get();
    }

    private Integer desiredCount(String name) {
        Integer d = service(name).getSpec().desiredCount;
        return d == null ? 1 : d;
    }

    private List<Event> events(String name) {
        return client.v1().events().inNamespace(ns).list().getItems().stream()
                .filter(e -> name.equals(e.getInvolvedObject().getName()) && "Service".equals(e.getInvolvedObject().getKind()))
                .toList();
    }

    private static boolean condition(ServiceAutoScalingStatus s, String type, String status) {
        return s.conditions != null
                && s.conditions.stream().anyMatch(c -> type.equals(c.getType()) && status.equals(c.getStatus()));
    }

    private static Condition condition(ServiceAutoScalingStatus s, String type) {
        return s.conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
