package dev.berth.reconcilers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.BatchJob;
import dev.berth.api.v1alpha1.JobStatus;
import dev.berth.api.v1alpha1.Task;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/**
 * A BatchJob's succeeded children go once the job's status records them and their TTL (0 s here) has run out; a
 * failed child stays for its logs (mock API server, the kubelet played by the test as in BatchJobReconcilerTest).
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@TestProfile(BatchChildTtlTest.NoSucceededChildTtl.class)
class BatchChildTtlTest {

    public static class NoSucceededChildTtl implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("berth.batch.succeeded-child-ttl", "0s", "berth.task.start-timeout", "120s");
        }
    }

    @Inject
    KubernetesClient client;

    @Test
    void succeededChildrenAreDeletedOnceRecordedAndAFailedOneStays() {
        String ns = Namespaces.create(client);
        client.resource(TaskDefinitionReconcilerTest.taskDefinition(ns, "work", "busybox:1")).create();
        BatchJobReconcilerTest.create(client, ns, """
                {"apiVersion": "berth.dev/v1alpha1", "kind": "JobQueue", "metadata": {"name": "q"},
                 "spec": {"priority": 1, "computeEnvironmentOrder": [{"order": 1, "maxvCpus": 4}]}}""");
        BatchJobReconcilerTest.create(client, ns, """
                {"apiVersion": "berth.dev/v1alpha1", "kind": "BatchJob", "metadata": {"name": "sim"},
                 "spec": {"jobQueue": "q", "taskDefinition": "work", "arrayProperties": {"size": 4},
                  "containerOverrides": {"resourceRequirements": [{"type": "VCPU", "value": "0.25"},
                                                                   {"type": "MEMORY", "value": "512"}]}}}""");

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            BatchJobReconcilerTest.kubelet(client, ns, (index, attempt) -> index == 3 ? 1 : 0);
            BatchJob job = client.resources(BatchJob.class).inNamespace(ns).withName("sim").get();
            assertThat(job.getStatus()).isNotNull();
            assertThat(job.getStatus().status).as(job.getStatus().statusReason).isEqualTo(JobStatus.FAILED);
            assertThat(client.resources(Task.class).inNamespace(ns).list().getItems())
                    .extracting(t -> t.getMetadata().getName()).containsExactly("sim-3-1");
        });
        BatchJob job = client.resources(BatchJob.class).inNamespace(ns).withName("sim").get();
        assertThat(job.getStatus().succeededIndexes).as("the ledger keeps what the deleted Tasks did").isEqualTo("0-2");
        assertThat(job.getStatus().failedIndexes).isEqualTo("3");
    }
}
