package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.Cluster;
import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.TaskDefinition;
import dev.berth.api.v1alpha1.TaskDefinitionRevision;
import dev.berth.api.v1alpha1.TaskStatus;

/** The ECS documentation's task definition, applied unchanged with kubectl, runs; StopTask stops it. */
class EcsDocsExampleIT extends EndToEnd {

    @Test
    void registersRunsAndStopsTheEcsDocsExample() {
        apply("deploy/examples/nginx-taskdefinition.yaml");
        apply("deploy/examples/nginx-task.yaml");

        TaskStatus running = awaitLastStatus("my-task-run", LastStatus.RUNNING);
        assertThat(running.taskDefinition).isEqualTo("my-task:1");
        assertThat(running.containers).singleElement().satisfies(c -> {
            assertThat(c.name).isEqualTo("my-container");
            assertThat(c.lastStatus).isEqualTo("RUNNING");
        });
        assertThat(running.startedAt).isNotNull();
        assertThat(client.pods().inNamespace(ns).withName("my-task-run").get().getSpec().getContainers().get(0).getPorts())
                .singleElement().satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(80));
        TaskDefinition td = client.resources(TaskDefinition.class).inNamespace(ns).withName("my-task").get();
        assertThat(td.getStatus().latestRevision).isEqualTo(1);
        assertThat(
                client.resources(TaskDefinitionRevision.class).inNamespace(ns).withName("my-task-1").get().getStatus().status)
                .isEqualTo("ACTIVE");
        await().atMost(WAIT).untilAsserted(() -> assertThat(
                client.resources(Cluster.class).inNamespace(ns).withName("default").get().getStatus().runningTasksCount)
                .isEqualTo(1));
        assertThat(Shell.kubectlOk("get", "berth", "-n", ns)).contains("my-task-run", "RUNNING", "my-task:1", "default");

        Shell.kubectlOk("patch", "task", "my-task-run", "-n", ns, "--type", "merge", "-p",
                "{\"spec\":{\"desiredStatus\":\"STOPPED\"}}");

        TaskStatus stopped = awaitLastStatus("my-task-run", LastStatus.STOPPED);
        assertThat(stopped.stopCode).isEqualTo("UserInitiated");
        assertThat(stopped.stoppedReason).isEqualTo("Task stopped by user");
        assertThat(stopped.stoppedAt).isNotNull();
        assertThat(stopped.containers).singleElement().as("nginx handles SIGTERM: the kubelet reports exit 0")
                .satisfies(c -> {
                    assertThat(c.lastStatus).isEqualTo("STOPPED");
                    assertThat(c.exitCode).isZero();
                });
        await().atMost(WAIT).until(() -> client.pods().inNamespace(ns).withName("my-task-run").get() == null);
    }
}
