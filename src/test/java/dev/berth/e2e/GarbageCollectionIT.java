package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskDefinition;
import dev.berth.api.v1alpha1.TaskDefinitionRevision;

/**
 * Owner references let the real garbage collector remove children: revisions with their TaskDefinition, a Pod with its Task.
 */
class GarbageCollectionIT extends EndToEnd {

    @Test
    void deletingATaskDefinitionDeletesItsRevisions() {
        apply("deploy/examples/nginx-taskdefinition.yaml");
        await().atMost(WAIT).until(
                () -> client.resources(TaskDefinitionRevision.class).inNamespace(ns).withName("my-task-1").get() != null);

        client.resources(TaskDefinition.class).inNamespace(ns).withName("my-task").delete();

        await().atMost(WAIT).untilAsserted(
                () -> assertThat(client.resources(TaskDefinitionRevision.class).inNamespace(ns).list().getItems()).isEmpty());
    }

    @Test
    void deletingATaskDeletesItsPod() {
        apply("deploy/examples/nginx-taskdefinition.yaml");
        apply("deploy/examples/nginx-task.yaml");
        awaitLastStatus("my-task-run", LastStatus.RUNNING);

        client.resources(Task.class).inNamespace(ns).withName("my-task-run").delete();

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(client.resources(Task.class).inNamespace(ns).withName("my-task-run").get()).isNull();
            assertThat(taskPods()).as("no Pod stays behind, no finalizer is stuck").isEmpty();
        });
    }
}
