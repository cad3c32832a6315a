package dev.berth.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskSpec;
import dev.berth.api.v1alpha1.TaskStatus;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;

class TaskSummariesTest {

    @Test
    void keepsOnlyWhatTheCountingControllersRead() {
        TaskSummaries store = new TaskSummaries();
        Task full = task("RUNNING", "web:2");
        full.getStatus().podName = "t1";
        full.getStatus().containers = List.of(new TaskStatus.ContainerStatus());
        store.put("ns/t1", full);

        Task kept = store.get("ns/t1");
        assertThat(kept.getMetadata().getName()).isEqualTo("t1");
        assertThat(kept.getMetadata().getResourceVersion()).isEqualTo("7");
        assertThat(kept.getMetadata().getManagedFields()).isNullOrEmpty();
        assertThat(kept.getSpec().cluster).isEqualTo("prod");
        assertThat(kept.getSpec().taskDefinition).isEqualTo("web");
        assertThat(kept.getStatus().lastStatus).isEqualTo(LastStatus.RUNNING);
        assertThat(kept.getStatus().taskDefinition).isEqualTo("web:2");
        assertThat(kept.getStatus().podName).isNull();
        assertThat(kept.getStatus().containers).isNull();
    }

    @Test
    void onlySummarisedChangesWakeTheCountingControllers() {
        assertThat(TaskSummaries.summaryChanged(task("PENDING", "web:2"), task("RUNNING", "web:2"))).isTrue();
        assertThat(TaskSummaries.summaryChanged(task("PENDING", null), task("PENDING", "web:2"))).isTrue();
        Task deleting = task("RUNNING", "web:2");
        deleting.getMetadata().setDeletionTimestamp("2026-01-01T00:00:00Z");
        assertThat(TaskSummaries.summaryChanged(task("RUNNING", "web:2"), deleting)).isTrue();
        Task otherDetail = task("RUNNING", "web:2");
        otherDetail.getStatus().healthStatus = "HEALTHY";
        assertThat(TaskSummaries.summaryChanged(task("RUNNING", "web:2"), otherDetail)).isFalse();
        assertThat(TaskSummaries.summaryChanged(TaskSummaries.summary(task("RUNNING", "web:2")), otherDetail)).isFalse();
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
