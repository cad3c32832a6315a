package dev.berth.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskStatus;
import io.fabric8.kubernetes.client.utils.Serialization;

class BatchChildrenTest {

    @Test
    void keepsWhatTheJobReadsAndLittleElse() {
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
        Task kept = BatchChildren.summary(task);

        assertThat(kept.getMetadata().getLabels()).containsEntry("berth.dev/array-index", "3");
        assertThat(kept.getMetadata().getAnnotations()).isNullOrEmpty();
        assertThat(kept.getMetadata().getManagedFields()).isNullOrEmpty();
        assertThat(kept.getSpec().overrides).isNull();
        assertThat(kept.getSpec().cluster).isEqualTo("c");
        TaskStatus status = kept.getStatus();
        assertThat(List.of(status.lastStatus, status.exitCode, status.stopCode, status.stoppedReason)).containsExactly(
                LastStatus.STOPPED, 137, "EssentialContainerExited", "Essential container in task exited");
        assertThat(status.containers).singleElement()
                .satisfies(c -> assertThat(c.reason).isEqualTo("OutOfMemoryError: Container killed due to memory usage"));
        assertThat(status.conditions).isNull();
        assertThat(status.podName).isNull();
        assertThat(Serialization.asJson(kept).length()).isLessThan(Serialization.asJson(task).length());
    }
}
