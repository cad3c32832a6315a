package dev.berth.batch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskStatus;
import io.fabric8.kubernetes.client.utils.Serialization;

class BatchChildrenTest {

    @Test
    void aChildStoppedForTheReasonOfItsFirstEssentialContainerThatHasOne() {
        Task task = Serialization.unmarshal("""
                {"apiVersion": "berth.dev/v1alpha1", "kind": "Task",
                 "metadata": {"name": "job-3-1", "namespace": "ns", "uid": "u", "resourceVersion": "9",
                   "labels": {"berth.dev/batch-job": "job", "berth.dev/array-index": "3", "berth.dev/attempt": "1"},
                   "annotations": {"big": "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"},
                   "managedFields": [{"manager": "berth"}]},
                 "spec": {"taskDefinition": "work:1", "cluster": "c", "desiredStatus": "STOPPED",
                   "capacityProviderStrategy": [{"capacityProvider": "FARGATE"}],
                   "overrides": {"containerOverrides": [{"name": "app", "environment": [{"name": "A", "value": "b"}]}]}},
                 "status": {"lastStatus": "STOPPED", "exitCode": 137, "stopCode": "EssentialContainerExited",
                   "stoppedReason": "Essential container in task exited", "startedAt": "2026-01-01T00:00:00Z",
                   "stoppedAt": "2026-01-01T00:00:09Z", "podName": "job-3-1",
                   "containers": [{"name": "sidecar", "essential": false, "reason": "ignored"},
                                  {"name": "app", "essential": true, "exitCode": 137,
                                   "reason": "OutOfMemoryError: Container killed due to memory usage"}],
                   "conditions": [{"type": "Ready", "status": "False"}]}}
                """, Task.class);
        assertThat(BatchChildren.containerReason(task.getStatus()))
                .as("the first essential container's reason, not the sidecar's")
                .isEqualTo("OutOfMemoryError: Container killed due to memory usage");
        assertThat(BatchChildren.containerReason(new TaskStatus())).isNull();
    }

    @Test
    void onlyUpdatesThePlanReadsWakeTheJob() {
        Task provisioning = child("PROVISIONING", null);
        assertThat(BatchChildren.planChanged(provisioning, child("PENDING", null)))
                .as("PROVISIONING → PENDING: STARTING either way").isFalse();
        assertThat(BatchChildren.planChanged(child("ACTIVATING", null), child("RUNNING", "2026-01-01T00:00:00Z")))
                .as("started: RUNNING, the timeout counts from now").isTrue();
        assertThat(BatchChildren.planChanged(child("RUNNING", "2026-01-01T00:00:00Z"),
                child("DEACTIVATING", "2026-01-01T00:00:00Z"))).isFalse();
        assertThat(BatchChildren.planChanged(child("DEACTIVATING", "2026-01-01T00:00:00Z"),
                child("STOPPED", "2026-01-01T00:00:00Z"))).as("stopped: frees vCPUs, has an exit").isTrue();
        Task stopping = child("RUNNING", "2026-01-01T00:00:00Z");
        stopping.getSpec().desiredStatus = dev.berth.api.v1alpha1.TaskSpec.DesiredStatus.STOPPED;
        assertThat(BatchChildren.planChanged(child("RUNNING", "2026-01-01T00:00:00Z"), stopping)).isTrue();
        Task deleting = child("STOPPED", "2026-01-01T00:00:00Z");
        deleting.getMetadata().setDeletionTimestamp("2026-01-01T01:00:00Z");
        assertThat(BatchChildren.planChanged(child("STOPPED", "2026-01-01T00:00:00Z"), deleting)).isTrue();
    }

    private static Task child(String lastStatus, String startedAt) {
        Task task = new Task();
        task.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("job-1-1")
                .addToLabels("berth.dev/array-index", "1").build());
        task.setSpec(new dev.berth.api.v1alpha1.TaskSpec());
        task.setStatus(new TaskStatus());
        task.getStatus().lastStatus = LastStatus.valueOf(lastStatus);
        task.getStatus().startedAt = startedAt;
        return task;
    }
}
