package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.Berth;
import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskDefinition;
import dev.berth.api.v1alpha1.TaskDefinitionRevision;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * Owner references let the real garbage collector remove children: revisions with their TaskDefinition, a Pod with its Task;
 * the Task finalizer, set by the chart's admission policy when the Task is created, lets the operator release the Pod.
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

    @Test
    void aTaskIsCreatedHoldingItsFinalizer() {
        apply("deploy/examples/nginx-taskdefinition.yaml");
        apply("deploy/examples/nginx-task.yaml");
        awaitLastStatus("my-task-run", LastStatus.RUNNING);

        Task task = client.resources(Task.class).inNamespace(ns).withName("my-task-run").get();
        assertThat(task.getMetadata().getFinalizers()).contains(Berth.TASK_FINALIZER);
        assertThat(managersOwning(task, "f:finalizers"))
                .as("added in the create by the chart's admission policy, which no field manager owns; the operator's"
                        + " own finalizer write (server-side apply, before the Pod) would own it")
                .isEmpty();
    }

    private static Set<String> managersOwning(Task task, String field) {
        return task.getMetadata().getManagedFields().stream()
                .filter(entry -> Serialization.asJson(entry.getFieldsV1()).contains("\"" + field + "\""))
                .map(entry -> entry.getManager()).collect(Collectors.toSet());
    }
}
