package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.berth.argocd.LuaHealth;

/**
 * Real status objects for the Argo CD health scripts: scenarios on the real control plane, each object captured
 * once it reaches the state of its case, checked against the case's expected health in the kind's
 * health_test.yaml, and written to target/argocd/ (with -Dberth.argocd.update=true into the committed
 * testdata/ that ArgoCdHealthTest runs on).
 */
class ArgoCdHealthIT extends EndToEnd {

    private static final boolean UPDATE = Boolean.getBoolean("berth.argocd.update");
    private final Map<String, JsonNode> captured = new LinkedHashMap<>();

    @Test
    void healthOfEveryKindFromRealObjects() throws Exception {
        apply("deploy/examples/nginx-taskdefinition.yaml");
        apply("deploy/examples/nginx-task.yaml");
        capture("TaskDefinition", "my-task", "registered", s -> has(s, "Ready", "True"));
        capture("TaskDefinitionRevision", "my-task-1", "active", s -> "ACTIVE".equals(s.path("status").asText()));
        capture("Task", "my-task-run", "running", s -> "RUNNING".equals(s.path("lastStatus").asText()));
        capture("Cluster", "default", "active", s -> s.path("runningTasksCount").asInt() == 1);

        applyText("""
                apiVersion: berth.dev/v1alpha1
                kind: TaskDefinition
                metadata: {name: legacy}
                spec:
                  containerDefinitions:
                    - name: app
                      image: nginx:alpine
                      memory: 128
                      logConfiguration: {logDriver: awslogs}
                """);
        capture("TaskDefinition", "legacy", "unsupported-fields", s -> has(s, "UnsupportedFields", "True"));

        apply("deploy/examples/simulated-exit.yaml");
        capture("Task", "exits-3-run", "essential-exit-3", s -> "STOPPED".equals(s.path("lastStatus").asText()));
        applyText(exiting("done", 0));
        capture("Task", "done-run", "completed-exit-0", s -> "STOPPED".equals(s.path("lastStatus").asText()));

        applyText("""
                apiVersion: berth.dev/v1alpha1
                kind: Task
                metadata: {name: stopped-by-user}
                spec: {taskDefinition: my-task}
                """);
        capture("Task", "stopped-by-user", null, s -> "RUNNING".equals(s.path("lastStatus").asText()));
        Shell.kubectlOk("patch", "task", "stopped-by-user", "-n", ns, "--type", "merge", "-p",
                "{\"spec\":{\"desiredStatus\":\"STOPPED\"}}");
        capture("Task", "stopped-by-user", "user-stopped", s -> "STOPPED".equals(s.path("lastStatus").asText()));

        applyText("""
                apiVersion: berth.dev/v1alpha1
                kind: TaskDefinition
                metadata: {name: needs-secret}
                spec:
                  containerDefinitions:
                    - name: app
                      image: nginx:alpine
                      memory: 128
                      secrets: [{name: TOKEN, valueFrom: "missing-secret:token"}]
                ---
                apiVersion: berth.dev/v1alpha1
                kind: Task
                metadata: {name: waiting-for-secret}
                spec: {taskDefinition: needs-secret}
                """);
        capture("Task", "waiting-for-secret", "waiting-for-secret",
                s -> s.path("conditions").findValuesAsText("reason").contains("SecretNotFound"));

        applyText("""
                apiVersion: berth.dev/v1alpha1
                kind: TaskDefinition
                metadata: {name: web}
                spec:
                  cpu: 256
                  memory: 512
                  containerDefinitions:
                    - {name: app, image: "nginx:1", portMappings: [{containerPort: 80}]}
                ---
                apiVersion: berth.dev/v1alpha1
                kind: Service
                metadata: {name: web}
                spec: {taskDefinition: web, desiredCount: 2}
                """);
        capture("Service", "web", "steady", s -> has(s, "Available", "True") && has(s, "Progressing", "False"));
        Shell.kubectlOk("patch", "taskdefinition", "web", "-n", ns, "--type", "json", "-p",
                "[{\"op\":\"replace\",\"path\":\"/spec/containerDefinitions/0/image\",\"value\":\"nginx:2\"}]");
        capture("Service", "web", "deploying", s -> has(s, "Progressing", "True"));
        applyText("""
                apiVersion: berth.dev/v1alpha1
                kind: Service
                metadata: {name: lost}
                spec: {taskDefinition: web, desiredCount: 1, cluster: no-such-cluster}
                """);
        capture("Service", "lost", "cluster-not-found", s -> has(s, "Degraded", "True"));

        // rate() fires first at the minute the schedule is created: these run at once
        applyText("""
                apiVersion: berth.dev/v1alpha1
                kind: ScheduledTask
                metadata: {name: every-minute}
                spec: {scheduleExpression: rate(1 minute), target: {taskDefinition: done}}
                ---
                apiVersion: berth.dev/v1alpha1
                kind: ScheduledTask
                metadata: {name: failing}
                spec: {scheduleExpression: rate(1 minute), target: {taskDefinition: exits-3}}
                ---
                apiVersion: berth.dev/v1alpha1
                kind: ScheduledTask
                metadata: {name: paused}
                spec: {scheduleExpression: "cron(0 2 * * ? *)", state: DISABLED, target: {taskDefinition: done}}
                ---
                apiVersion: berth.dev/v1alpha1
                kind: ScheduledTask
                metadata: {name: gone-by}
                spec: {scheduleExpression: at(2020-01-01T00:00:00), target: {taskDefinition: done}}
                """);
        capture("ScheduledTask", "every-minute", "last-run-succeeded", s -> "SUCCEEDED".equals(s.path("lastResult").asText()));
        capture("ScheduledTask", "failing", "last-run-failed", s -> has(s, "Degraded", "True"));
        capture("ScheduledTask", "paused", "disabled", s -> has(s, "Ready", "False"));
        capture("ScheduledTask", "gone-by", "at-in-the-past", s -> has(s, "Ready", "False"));
    }

    /** Waits until the object's status matches, checks its health against health_test.yaml, and keeps it. */
    private void capture(String kind, String name, String fixture, Predicate<JsonNode> ready) throws Exception {
        String plural = kind.toLowerCase() + "s.berth.dev";
        JsonNode object = await().atMost(WAIT).until(
                () -> LuaHealth.YAML.readTree(Shell.kubectlOk("get", plural, name, "-n", ns, "-o", "yaml")),
                o -> ready.test(o.path("status")));
        if (fixture == null) {
            return;
        }
        ObjectNode metadata = (ObjectNode) object.get("metadata");
        metadata.remove("managedFields");
        JsonNode expected = expectation(kind, fixture);
        assertThat(expected).as("a case testdata/%s.yaml in %s/health_test.yaml", fixture, kind).isNotNull();
        LuaHealth.Health health = LuaHealth.evaluate(kind, object);
        assertThat(health.status()).as(kind + " " + fixture + ": " + health.message())
                .isEqualTo(expected.get("status").asText());
        String yaml = LuaHealth.YAML.writeValueAsString(object);
        Path target = LocalControlPlane.ROOT.resolve("target/argocd").resolve(kind).resolve(fixture + ".yaml");
        Files.createDirectories(target.getParent());
        Files.writeString(target, yaml);
        if (UPDATE) {
            Path committed = LuaHealth.CUSTOMIZATIONS.resolve(kind).resolve("testdata").resolve(fixture + ".yaml");
            Files.createDirectories(committed.getParent());
            Files.writeString(committed, "# Captured by ArgoCdHealthIT from an end-to-end run (-Dberth.argocd.update=true).\n"
                    + yaml);
        }
        captured.put(kind + "/" + fixture, object);
    }

    private static JsonNode expectation(String kind, String fixture) throws java.io.IOException {
        JsonNode tests = LuaHealth.YAML.readTree(LuaHealth.CUSTOMIZATIONS.resolve(kind).resolve("health_test.yaml").toFile());
        for (JsonNode test : tests.get("tests")) {
            if (test.get("inputPath").asText().equals("testdata/" + fixture + ".yaml")) {
                return test.get("healthStatus");
            }
        }
        return null;
    }

    private static boolean has(JsonNode status, String type, String value) {
        for (JsonNode condition : status.path("conditions")) {
            if (type.equals(condition.path("type").asText()) && value.equals(condition.path("status").asText())) {
                return true;
            }
        }
        return false;
    }

    private static String exiting(String name, int code) {
        return """
                apiVersion: berth.dev/v1alpha1
                kind: TaskDefinition
                metadata: {name: %1$s}
                spec:
                  containerDefinitions:
                    - name: job
                      image: busybox:1.36
                      memory: 128
                      dockerLabels: {sim.berth.dev/exit-code: "%2$d", sim.berth.dev/exit-after: "2s"}
                ---
                apiVersion: berth.dev/v1alpha1
                kind: Task
                metadata: {name: %1$s-run}
                spec: {taskDefinition: %1$s}
                """.formatted(name, code);
    }
}
