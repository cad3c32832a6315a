package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;

/**
 * The API server refuses a Pod for a while when its ServiceAccount does not exist yet: a new namespace's
 * {@code default} account is made asynchronously by kube-controller-manager, a task role's account may be applied
 * after the Task. Such a task waits in PROVISIONING, says what for, and starts once the account exists.
 */
class TransientRejectionIT extends EndToEnd {

    static final String TASK_DEFINITION = """
            apiVersion: berth.dev/v1alpha1
            kind: TaskDefinition
            metadata: {name: web, namespace: %1$s}
            spec:
              taskRoleArn: %2$s
              cpu: 256
              memory: 512
              containerDefinitions:
                - {name: app, image: nginx:alpine}
            ---
            apiVersion: berth.dev/v1alpha1
            kind: Task
            metadata: {name: run-1, namespace: %1$s}
            spec: {taskDefinition: web}
            """;

    @Test
    void aTaskAppliedWithItsBrandNewNamespaceStarts() {
        String namespace = "gitops-" + UUID.randomUUID().toString().substring(0, 6);
        Shell.kubectlOk("apply", "-f", manifestFile("""
                apiVersion: v1
                kind: Namespace
                metadata: {name: %s}
                ---
                """.formatted(namespace) + TASK_DEFINITION.formatted(namespace, "arn:aws:iam::123456789012:role/default")));
        try {
            TaskStatus running = await().atMost(WAIT).pollInterval(Duration.ofMillis(250))
                    .until(() -> statusIn(namespace, "run-1"),
                            s -> LastStatus.RUNNING.equals(s.lastStatus) || s.stopCode != null);
            assertThat(running.lastStatus).as("stoppedReason: %s", running.stoppedReason).isEqualTo(LastStatus.RUNNING);
        } finally {
            client.namespaces().withName(namespace).delete();
        }
    }

    @Test
    void aTaskWaitsForItsTaskRoleServiceAccountAndStartsWhenItArrives() {
        applyText(TASK_DEFINITION.formatted(ns, "arn:aws:iam::123456789012:role/web-role"));

        TaskStatus waiting = awaitTask("run-1", s -> s.conditions.stream().anyMatch(this::waitsForServiceAccount));
        assertThat(waiting.lastStatus).isEqualTo(LastStatus.PROVISIONING);
        assertThat(waiting.stopCode).isNull();
        assertThat(waiting.conditions).filteredOn(this::waitsForServiceAccount).singleElement()
                .satisfies(c -> assertThat(c.getMessage()).contains("web-role"));

        client.resource(new ServiceAccountBuilder().withNewMetadata().withName("web-role").withNamespace(ns).endMetadata()
                .build()).create();

        TaskStatus running = awaitTask("run-1", s -> LastStatus.RUNNING.equals(s.lastStatus) || s.stopCode != null);
        assertThat(running.lastStatus).as("stoppedReason: %s", running.stoppedReason).isEqualTo(LastStatus.RUNNING);
        assertThat(taskPods()).singleElement()
                .satisfies(pod -> assertThat(pod.getSpec().getServiceAccountName()).isEqualTo("web-role"));
    }

    @Test
    void aTaskWhoseServiceAccountNeverArrivesFailsAtTheStartTimeout() {
        applyText(TASK_DEFINITION.formatted(ns, "arn:aws:iam::123456789012:role/never-role"));

        TaskStatus stopped = awaitLastStatus("run-1", LastStatus.STOPPED);

        assertThat(stopped.stopCode).isEqualTo("TaskFailedToStart");
        assertThat(stopped.stoppedReason).startsWith("ResourceInitializationError: ").contains("never-role");
        Duration waited = Duration.between(java.time.Instant.parse(stopped.createdAt),
                java.time.Instant.parse(stopped.stoppedAt));
        assertThat(waited).as("failed at the 15 s start timeout, not at once").isBetween(Duration.ofSeconds(15),
                Duration.ofSeconds(30));
        assertThat(taskPods()).isEmpty();
    }

    private boolean waitsForServiceAccount(Condition condition) {
        return "Ready".equals(condition.getType()) && "ServiceAccountNotFound".equals(condition.getReason());
    }

    private TaskStatus statusIn(String namespace, String name) {
        Task task = client.resources(Task.class).inNamespace(namespace).withName(name).get();
        return task == null || task.getStatus() == null ? new TaskStatus() : task.getStatus();
    }
}
