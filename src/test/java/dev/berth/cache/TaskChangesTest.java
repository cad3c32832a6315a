package dev.berth.cache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskSpec;
import dev.berth.api.v1alpha1.TaskStatus;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;

class TaskChangesTest {

    @Test
    void onlySummarisedChangesWakeTheCountingControllers() {
        assertThat(TaskChanges.summaryChanged(task("PENDING", "web:2"), task("RUNNING", "web:2"))).isTrue();
        assertThat(TaskChanges.summaryChanged(task("PENDING", null), task("PENDING", "web:2"))).isTrue();
        Task deleting = task("RUNNING", "web:2");
        deleting.getMetadata().setDeletionTimestamp("2026-01-01T00:00:00Z");
        assertThat(TaskChanges.summaryChanged(task("RUNNING", "web:2"), deleting)).isTrue();
        Task otherDetail = task("RUNNING", "web:2");
        otherDetail.getStatus().healthStatus = "HEALTHY";
        assertThat(TaskChanges.summaryChanged(task("RUNNING", "web:2"), otherDetail)).isFalse();
    }

    @Test
    void leanStoreDropsManagedFields() {
        LeanItemStore<Pod> store = new LeanItemStore<>();
        Pod pod = new PodBuilder().withNewMetadata().withName("p").withNamespace("ns")
                .withManagedFields(new ManagedFieldsEntry()).endMetadata().build();
        store.put(store.getKey(pod), pod);
        assertThat(store.get("ns/p").getMetadata().getManagedFields()).isNullOrEmpty();
    }

    private static Task task(String lastStatus, String pinned) {
        Task task = new Task();
        task.setMetadata(new ObjectMetaBuilder().withName("t1").withNamespace("ns").withResourceVersion("7")
                .withManagedFields(new ManagedFieldsEntry()).build());
        TaskSpec spec = new TaskSpec();
        spec.cluster = "prod";
        spec.taskDefinition = "web";
        task.setSpec(spec);
        TaskStatus status = new TaskStatus();
        status.lastStatus = LastStatus.valueOf(lastStatus);
        status.taskDefinition = pinned;
        task.setStatus(status);
        return task;
    }
}
