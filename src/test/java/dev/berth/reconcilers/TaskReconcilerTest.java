package dev.berth.reconcilers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.Berth;
import dev.berth.api.v1alpha1.Cluster;
import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskDefinitionRevision;
import dev.berth.api.v1alpha1.TaskOverride;
import dev.berth.api.v1alpha1.TaskSpec;
import dev.berth.api.v1alpha1.TaskStatus;
import dev.berth.status.ReconcileErrors;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/**
 * The Task reconciler against the fabric8 mock API server (CRUD mode). The test plays the kubelet:
 * it writes the Pod status a node would report.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class TaskReconcilerTest {

    /** Generous: a loaded 2-core machine (parallel builds) has taken over 20 s for a mock-server round of reconciles. */
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    KubernetesClient client;

    @Test
    void runsTheTaskAsOnePodAndStopsWhenTheEssentialContainerExits() {
        String ns = Namespaces.create(client);
        client.resource(TaskDefinitionReconcilerTest.taskDefinition(ns, "web", "nginx:1")).create();
        client.resource(task(ns, "run-1", "web")).create();

        Pod pod = await().atMost(WAIT).until(() -> client.pods().inNamespace(ns).withName("run-1").get(), p -> p != null);
        assertThat(pod.getMetadata().getFinalizers()).contains(Berth.POD_FINALIZER);
        assertThat(pod.getMetadata().getLabels()).containsEntry(Berth.LABEL_REVISION, "1").containsEntry(Berth.LABEL_TASK,
                "run-1");
        assertThat(pod.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getKind()).isEqualTo("Task"));
        assertThat(status(ns, "run-1").taskDefinition).isEqualTo("web:1");

        kubeletReports(ns, "run-1", running());
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(status(ns, "run-1").lastStatus).isEqualTo(LastStatus.RUNNING);
            Cluster cluster = client.resources(Cluster.class).inNamespace(ns).withName("default").get();
            assertThat(cluster).as("the default cluster is created on first use").isNotNull();
            assertThat(cluster.getStatus().runningTasksCount).isEqualTo(1);
        });

        kubeletReports(ns, "run-1", exited(3));
        await().atMost(WAIT).untilAsserted(() -> {
            TaskStatus status = status(ns, "run-1");
            assertThat(status.lastStatus).isEqualTo(LastStatus.STOPPED);
            assertThat(status.stopCode).isEqualTo("EssentialContainerExited");
            assertThat(status.stoppedReason).isEqualTo("Essential container in task exited");
            assertThat(status.exitCode).isEqualTo(3);
            assertThat(status.containers).singleElement().satisfies(c -> assertThat(c.exitCode).isEqualTo(3));
            Pod ended = client.pods().inNamespace(ns).withName("run-1").get();
            assertThat(ended.getMetadata().getFinalizers()).as("the ended Pod is kept for its logs, released")
                    .doesNotContain(Berth.POD_FINALIZER);
            assertThat(ended.getMetadata().getDeletionTimestamp()).isNull();
            assertThat(status.usage).as("written with the STOPPED status").isNotNull();
            assertThat(status.usage.billedSeconds).as("a short run pays Fargate's minute").isEqualTo(60);
            // (0.25 x 0.04048 + 0.5 x 0.004445) / 60
            assertThat(status.usage.cost).isEqualTo("0.000206");
            assertThat(status.usage.currency).isEqualTo("USD");
        });
        assertThat(client.v1().events().inNamespace(ns).list().getItems())
                .filteredOn(e -> e.getInvolvedObject().getName().equals("run-1"))
                .extracting(e -> e.getReason()).contains("Provisioning", "Running", "Stopped")
                .as("the exit is told in the Stopped event").doesNotContain("ContainerExited");
    }

    @Test
    void aMissingTaskDefinitionFailsToStartWithinTheStartTimeout() {
        String ns = Namespaces.create(client);
        client.resource(task(ns, "orphan", "nope:3")).create();

        await().atMost(WAIT).untilAsserted(() -> {
            TaskStatus status = status(ns, "orphan");
            assertThat(status.lastStatus).isEqualTo(LastStatus.STOPPED);
            assertThat(status.stopCode).isEqualTo("TaskFailedToStart");
            assertThat(status.stoppedReason).isEqualTo("ClientException: Unable to describe task definition nope:3.");
            assertThat(status.usage.billedSeconds).as("never got a Pod: nothing billed").isZero();
            assertThat(status.usage.cost).isEqualTo("0.000000");
        });
        assertThat(client.pods().inNamespace(ns).list().getItems()).isEmpty();
    }

    @Test
    void aUserStopEndsTheTask() {
        String ns = Namespaces.create(client);
        client.resource(TaskDefinitionReconcilerTest.taskDefinition(ns, "web", "nginx:1")).create();
        client.resource(task(ns, "run-2", "web:1")).create();
        await().atMost(WAIT).until(() -> client.pods().inNamespace(ns).withName("run-2").get(), p -> p != null);
        kubeletReports(ns, "run-2", running());
        await().atMost(WAIT).until(() -> LastStatus.RUNNING.equals(status(ns, "run-2").lastStatus));

        client.resources(Task.class).inNamespace(ns).withName("run-2").edit(t -> {
            t.getSpec().desiredStatus = dev.berth.api.v1alpha1.TaskSpec.DesiredStatus.STOPPED;
            return t;
        });

        await().atMost(WAIT).untilAsserted(() -> {
            TaskStatus status = status(ns, "run-2");
            assertThat(status.lastStatus).as("SIGTERM sent, container still running").isEqualTo(LastStatus.STOPPING);
            assertThat(status.desiredStatus).isEqualTo(TaskSpec.DesiredStatus.STOPPED);
            assertThat(status.stoppingAt).isNotNull();
            assertThat(client.pods().inNamespace(ns).withName("run-2").get().getMetadata().getDeletionTimestamp()).isNotNull();
        });

        kubeletReports(ns, "run-2", exited(143));
        await().atMost(WAIT).untilAsserted(() -> {
            TaskStatus status = status(ns, "run-2");
            assertThat(status.lastStatus).isEqualTo(LastStatus.STOPPED);
            assertThat(status.stopCode).isEqualTo("UserInitiated");
            assertThat(status.stoppedReason).isEqualTo("Task stopped by user");
            assertThat(status.containers).singleElement().satisfies(c -> assertThat(c.exitCode).isEqualTo(143));
            assertThat(client.pods().inNamespace(ns).withName("run-2").get()).isNull();
        });
    }

    /** A user's mistake (overrides naming no container of the task definition) stops the task, naming the mistake. */
    @Test
    void aUsersMistakeStopsTheTaskAsFailedToStart() {
        String ns = Namespaces.create(client);
        client.resource(TaskDefinitionReconcilerTest.taskDefinition(ns, "web", "nginx:1")).create();
        Task task = task(ns, "run-typo", "web:1");
        task.getSpec().overrides = Serialization.unmarshal("""
                {"containerOverrides": [{"name": "ap", "command": ["true"]}]}""", TaskOverride.class);
        client.resource(task).create();

        await().atMost(WAIT).untilAsserted(() -> {
            TaskStatus status = status(ns, "run-typo");
            assertThat(status.lastStatus).isEqualTo(LastStatus.STOPPED);
            assertThat(status.stopCode).isEqualTo("TaskFailedToStart");
            assertThat(status.stoppedReason).startsWith("ClientException: containerOverrides names container 'ap'");
        });
        assertThat(client.pods().inNamespace(ns).list().getItems()).isEmpty();
    }

    /**
     * A bug (here: a revision the operator could never have written, without containers) is not the user's fault: the
     * reconcile fails and is retried, the task is not stopped, and once the retries are exhausted its Ready condition
     * says so.
     */
    @Test
    void aBugIsAReconcileErrorNotAStoppedTask() {
        String ns = Namespaces.create(client);
        client.resource(Serialization.unmarshal(
                """
                        {"apiVersion": "berth.dev/v1alpha1", "kind": "TaskDefinitionRevision",
                         "metadata": {"name": "broken-1", "namespace": "%s", "labels": {"app.kubernetes.io/managed-by": "berth"}},
                         "spec": {"family": "broken", "revision": 1, "taskDefinition": {"family": "broken", "cpu": "256", "memory": "512"}}}
                        """
                        .formatted(ns),
                TaskDefinitionRevision.class)).create();
        client.resource(task(ns, "run-bug", "broken:1")).create();

        await().atMost(WAIT).untilAsserted(() -> {
            TaskStatus status = status(ns, "run-bug");
            assertThat(status.conditions).anySatisfy(c -> {
                assertThat(c.getType()).isEqualTo("Ready");
                assertThat(c.getStatus()).isEqualTo("False");
                assertThat(c.getReason()).isEqualTo(ReconcileErrors.REASON);
                assertThat(c.getMessage()).contains("NullPointerException");
            });
            assertThat(status.lastStatus).isNotEqualTo("STOPPED");
            assertThat(status.stopCode).isNull();
        });
    }

    /** Kept for its TTL after stoppedAt (watched every 100 ms), deleted right after: not before, not never. */
    @Test
    void aStoppedTaskStaysForItsTtlAndIsDeletedWhenItExpires() {
        String ns = Namespaces.create(client);
        Task task = task(ns, "short-lived", "web");
        task.getSpec().desiredStatus = dev.berth.api.v1alpha1.TaskSpec.DesiredStatus.STOPPED;
        Duration ttl = Duration.ofSeconds(3);
        task.getSpec().ttlSecondsAfterStopped = ttl.toSeconds();
        client.resource(task).create();

        Instant stoppedAt = Instant.parse(await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> status(ns, "short-lived"), s -> s.stoppedAt != null).stoppedAt);
        AtomicReference<Instant> lastSeen = new AtomicReference<>();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
            Instant now = Instant.now();
            boolean present = client.resources(Task.class).inNamespace(ns).withName("short-lived").get() != null;
            if (present) {
                lastSeen.set(now);
            }
            return !present;
        });
        Instant firstGone = Instant.now();

        assertThat(lastSeen.get()).as("still there shortly before its TTL ran out").isAfterOrEqualTo(
                stoppedAt.plus(ttl).minusSeconds(1));
        assertThat(firstGone).as("deleted only once its TTL ran out").isAfterOrEqualTo(stoppedAt.plus(ttl));
    }

    @Test
    void aClusterThatRequiresFargateSizesRefusesATaskWithoutOne() {
        String ns = Namespaces.create(client);
        client.resource(Serialization.unmarshal("""
                {"apiVersion": "berth.dev/v1alpha1", "kind": "Cluster", "metadata": {"name": "strict", "namespace": "%s"},
                 "spec": {"requireFargateTaskSizes": true}}
                """.formatted(ns), Cluster.class)).create();
        client.resource(TaskDefinitionReconcilerTest.taskDefinition(ns, "web", "nginx:1")).create();
        Task task = task(ns, "sized", "web");
        task.getSpec().cluster = "strict";
        client.resource(task).create();

        await().atMost(WAIT).untilAsserted(() -> {
            TaskStatus status = status(ns, "sized");
            assertThat(status.lastStatus).isEqualTo(LastStatus.STOPPED);
            assertThat(status.stopCode).isEqualTo("TaskFailedToStart");
            assertThat(status.stoppedReason).isEqualTo(
                    "ClientException: Invalid 'cpu' setting for task. Cluster strict requires a Fargate cpu/memory pair.");
        });
        assertThat(client.pods().inNamespace(ns).list().getItems()).isEmpty();
    }

    private TaskStatus status(String ns, String name) {
        Task task = client.resources(Task.class).inNamespace(ns).withName(name).get();
        return task.getStatus() == null ? new TaskStatus() : task.getStatus();
    }

    private void kubeletReports(String ns, String name, io.fabric8.kubernetes.api.model.ContainerStatus container) {
        client.pods().inNamespace(ns).withName(name).editStatus(p -> {
            if (p.getStatus() == null) {
                p.setStatus(new io.fabric8.kubernetes.api.model.PodStatus());
            }
            p.getStatus().setPhase(container.getState().getTerminated() == null ? "Running" : "Failed");
            p.getStatus().setPodIP("10.0.0.7");
            p.getStatus().setConditions(java.util.List.of(new PodConditionBuilder().withType("PodScheduled")
                    .withStatus("True").withLastTransitionTime(Instant.now().toString()).build()));
            p.getStatus().setContainerStatuses(java.util.List.of(container));
            return p;
        });
    }

    private static io.fabric8.kubernetes.api.model.ContainerStatus running() {
        return new ContainerStatusBuilder().withName("app").withImage("nginx:1").withReady(true).withStarted(true)
                .withNewState().withNewRunning().withStartedAt(Instant.now().toString()).endRunning().endState().build();
    }

    private static io.fabric8.kubernetes.api.model.ContainerStatus exited(int code) {
        return new ContainerStatusBuilder().withName("app").withImage("nginx:1").withReady(false).withStarted(false)
                .withNewState().withNewTerminated().withExitCode(code).withReason("Error")
                .withStartedAt(Instant.now().minusSeconds(5).toString()).withFinishedAt(Instant.now().toString())
                .endTerminated().endState().build();
    }

    static Task task(String ns, String name, String taskDefinition) {
        return Serialization.unmarshal("""
                {"apiVersion": "berth.dev/v1alpha1", "kind": "Task", "metadata": {"name": "%s", "namespace": "%s"},
                 "spec": {"taskDefinition": "%s"}}
                """.formatted(name, ns, taskDefinition), Task.class);
    }
}
