package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskStatus;

/**
 * Tasks that cannot start end STOPPED with TaskFailedToStart when the start timeout (15 s here, from LocalControlPlane)
 * expires: not before (a missing Secret may still be created), not much after, never Pending forever.
 */
class StartFailureIT extends EndToEnd {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    /** Reconcile latency on a loaded machine, plus the second the creationTimestamp drops. */
    private static final Duration LATENCY = Duration.ofSeconds(10);

    @Test
    void anUnpullableImageFailsToStart() {
        applyText(
                """
                        apiVersion: berth.dev/v1alpha1
                        kind: TaskDefinition
                        metadata: {name: unpullable}
                        spec:
                          cpu: 256
                          memory: 512
                          containerDefinitions:
                            - name: app
                              image: registry.example/does-not-exist:1
                              dockerLabels:
                                sim.berth.dev/image-pull-error: 'failed to resolve reference "registry.example/does-not-exist:1": not found'
                        ---
                        apiVersion: berth.dev/v1alpha1
                        kind: Task
                        metadata: {name: pull-fails}
                        spec: {taskDefinition: unpullable}
                        """);

        TaskStatus stopped = awaitLastStatus("pull-fails", LastStatus.STOPPED);

        assertThat(stopped.stopCode).isEqualTo("TaskFailedToStart");
        assertFailedAtTheStartTimeout("pull-fails", stopped);
        assertThat(stopped.stoppedReason).startsWith("CannotPullContainerError: ")
                .contains("failed to resolve reference \"registry.example/does-not-exist:1\": not found");
        assertThat(stopped.containers).singleElement()
                .satisfies(c -> assertThat(c.reason).startsWith("CannotPullContainerError"));
        assertThat(taskPods()).isEmpty();
    }

    @Test
    void aMissingTaskDefinitionOrSecretFailsToStart() {
        applyText("""
                apiVersion: berth.dev/v1alpha1
                kind: Task
                metadata: {name: no-taskdef}
                spec: {taskDefinition: "nope:4"}
                ---
                apiVersion: berth.dev/v1alpha1
                kind: TaskDefinition
                metadata: {name: needs-secret}
                spec:
                  cpu: 256
                  memory: 512
                  containerDefinitions:
                    - name: app
                      image: nginx:alpine
                      secrets: [{name: PASSWORD, valueFrom: "db:password"}]
                ---
                apiVersion: berth.dev/v1alpha1
                kind: Task
                metadata: {name: no-secret}
                spec: {taskDefinition: needs-secret}
                """);

        TaskStatus noTaskDefinition = awaitLastStatus("no-taskdef", LastStatus.STOPPED);
        TaskStatus noSecret = awaitLastStatus("no-secret", LastStatus.STOPPED);

        assertThat(noTaskDefinition.stopCode).isEqualTo("TaskFailedToStart");
        assertThat(noTaskDefinition.stoppedReason).isEqualTo("ClientException: Unable to describe task definition nope:4.");
        assertFailedAtTheStartTimeout("no-taskdef", noTaskDefinition);
        assertThat(noSecret.stopCode).isEqualTo("TaskFailedToStart");
        assertFailedAtTheStartTimeout("no-secret", noSecret);
        assertThat(noSecret.stoppedReason)
                .isEqualTo("ResourceInitializationError: unable to pull secrets or registry auth: secret \"db\" not found");
        assertThat(taskPods()).isEmpty();
    }

    /**
     * stoppedAt is at least the start timeout after the clock started, and at most latency more: the clock starts at the
     * scheduler's verdict on the Pod (pullStartedAt, when it was bound: a kube-scheduler restarted by an earlier test
     * can take ~15 s to judge it), or at the Task's creation while something blocked its Pod.
     */
    private void assertFailedAtTheStartTimeout(String task, TaskStatus stopped) {
        Instant since = Instant.parse(stopped.pullStartedAt != null ? stopped.pullStartedAt
                : client.resources(Task.class).inNamespace(ns).withName(task).get().getMetadata().getCreationTimestamp());
        Duration took = Duration.between(since, Instant.parse(stopped.stoppedAt));
        assertThat(took).as("%s failed %s after its start clock started", task, took).isBetween(START_TIMEOUT,
                START_TIMEOUT.plus(LATENCY));
    }
}
