package dev.berth.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.BatchJob;
import dev.berth.api.v1alpha1.BatchJobSpec;
import dev.berth.api.v1alpha1.BatchJobStatus;
import dev.berth.api.v1alpha1.ClusterSpec;
import dev.berth.api.v1alpha1.JobQueue;
import dev.berth.api.v1alpha1.JobQueueSpec;
import dev.berth.api.v1alpha1.JobQueueStatus;
import dev.berth.api.v1alpha1.JobQueueStatus.QueueStatus;
import dev.berth.api.v1alpha1.JobStatus;
import dev.berth.events.BerthEvent;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

class JobQueueStatusCalculatorTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void countsJobsOfItsQueueByStatusWithArrayChildrenOneEach() {
        JobQueue queue = queue("crunch", ce(1, "default", "FARGATE", 2));
        List<BatchJob> jobs = List.of(
                array("a", "crunch", JobStatus.PENDING, "0.25", Map.of("RUNNABLE", 30, "RUNNING", 6, "SUCCEEDED", 14),
                        Map.of("default/FARGATE", 7)),
                plain("b", "crunch", JobStatus.RUNNABLE, "0.5", null),
                plain("c", "crunch", null, null, null),
                plain("done", "crunch", JobStatus.SUCCEEDED, "1", null),
                plain("other", "elsewhere", JobStatus.RUNNING, "1", Map.of("default/FARGATE_SPOT", 1)));
        JobQueueStatus status = JobQueueStatusCalculator.decide(queue, Map.of(), jobs, NOW).status();
        assertEquals(Map.of("SUBMITTED", 1, "PENDING", 0, "RUNNABLE", 31, "STARTING", 0, "RUNNING", 6), status.jobSummary);
        assertEquals(List.of("SUBMITTED", "PENDING", "RUNNABLE", "STARTING", "RUNNING"),
                List.copyOf(status.jobSummary.keySet()), "every status is listed, in lifecycle order");
        assertEquals("1.75/2", status.vcpus, "7 attempts of 0.25 vCPU");
        assertEquals("1.75", status.computeEnvironments.get(0).vcpusInUse);
        assertEquals(QueueStatus.VALID, status.status);
        assertEquals(JobQueueStatusCalculator.HEALTHY, status.statusReason);
    }

    @Test
    void vcpusInUseAreSharedByEveryQueueNamingTheComputeEnvironment() {
        List<BatchJob> jobs = List.of(plain("x", "high", JobStatus.RUNNING, "1", Map.of("default/FARGATE", 1)),
                array("y", "low", JobStatus.PENDING, "0.5", Map.of("RUNNING", 3),
                        Map.of("default/FARGATE", 2, "default/FARGATE_SPOT", 1)));
        JobQueueStatus low = JobQueueStatusCalculator.decide(
                queue("low", ce(1, "default", "FARGATE_SPOT", 4), ce(2, "default", "FARGATE", 8)), Map.of(), jobs, NOW)
                .status();
        assertEquals("0.5", low.computeEnvironments.get(0).vcpusInUse);
        assertEquals("default/FARGATE_SPOT", low.computeEnvironments.get(0).name);
        assertEquals("2", low.computeEnvironments.get(1).vcpusInUse, "1 vCPU of queue high's job, 2 × 0.5 of low's");
        assertEquals("2.5/12", low.vcpus);
    }

    @Test
    void aComputeEnvironmentNamingAMissingClusterOrProviderMakesTheQueueInvalid() {
        ClusterSpec gpu = new ClusterSpec();
        ClusterSpec.CapacityProvider provider = new ClusterSpec.CapacityProvider();
        provider.name = "gpu-nodes";
        gpu.capacityProviders = List.of(provider);
        Map<String, ClusterSpec> clusters = Map.of("gpu", gpu);

        assertEquals(QueueStatus.VALID, status(queue("q", ce(1, "default", "FARGATE", 1)), clusters).status,
                "the default Cluster is created on first use with FARGATE and FARGATE_SPOT");
        assertEquals(QueueStatus.VALID, status(queue("q", ce(1, "gpu", "gpu-nodes", 1)), clusters).status);
        assertEquals(QueueStatus.VALID, status(queue("q", ce(1, "gpu", "FARGATE_SPOT", 1)), clusters).status);

        JobQueueStatus missing = status(queue("q", ce(1, "default", "FARGATE", 1), ce(2, "cpu", "FARGATE", 1)), clusters);
        assertEquals(QueueStatus.INVALID, missing.status);
        assertEquals("CLIENT_ERROR - compute environment order 2: Cluster cpu does not exist", missing.statusReason);
        assertEquals(QueueStatus.VALID, missing.computeEnvironments.get(0).status);
        assertEquals("Cluster cpu does not exist", missing.computeEnvironments.get(1).statusReason);
        assertEquals("False", missing.conditions.get(0).getStatus());
        assertEquals("Invalid", missing.conditions.get(0).getReason());

        assertEquals("CLIENT_ERROR - compute environment order 1: capacity provider spot-nodes does not exist in Cluster gpu",
                status(queue("q", ce(1, "gpu", "spot-nodes", 1)), clusters).statusReason);
        assertTrue(status(queue("q", ce(1, "default", "gpu-nodes", 1)), clusters).statusReason
                .contains("capacity provider gpu-nodes does not exist in Cluster default"));
    }

    @Test
    void eventsTellTheChangesOnceAndTheReadyConditionFollowsStateAndStatus() {
        JobQueue queue = queue("q", ce(1, "nowhere", "FARGATE", 1));
        JobQueueStatusCalculator.Decision first = JobQueueStatusCalculator.decide(queue, Map.of(), List.of(), NOW);
        assertEquals(List.of("JobQueueInvalid"), first.events().stream().map(BerthEvent::reason).toList());
        queue.setStatus(first.status());
        assertEquals(List.of(), JobQueueStatusCalculator.decide(queue, Map.of(), List.of(), NOW.plusSeconds(5)).events(),
                "nothing changed: no Event");
        JobQueueStatusCalculator.Decision valid = JobQueueStatusCalculator.decide(queue, Map.of("nowhere", new ClusterSpec()),
                List.of(), NOW.plusSeconds(10));
        assertEquals(List.of("JobQueueValid"), valid.events().stream().map(BerthEvent::reason).toList());
        assertEquals("True", valid.status().conditions.get(0).getStatus());

        queue.setStatus(valid.status());
        queue.getSpec().state = JobQueueSpec.State.DISABLED;
        JobQueueStatusCalculator.Decision disabled = JobQueueStatusCalculator.decide(queue,
                Map.of("nowhere", new ClusterSpec()), List.of(), NOW.plusSeconds(20));
        assertEquals(List.of("JobQueueDisabled"), disabled.events().stream().map(BerthEvent::reason).toList());
        assertEquals(JobQueueSpec.State.DISABLED, disabled.status().state);
        assertEquals("Disabled", disabled.status().conditions.get(0).getReason());
        assertEquals("False", disabled.status().conditions.get(0).getStatus());
        assertNull(disabled.status().computeEnvironments.get(0).statusReason);
    }

    @Test
    void aFirstValidQueueIsQuietAndItsStatusIsStableWhenNothingChanges() {
        JobQueue queue = queue("q", ce(1, "default", "FARGATE", 1));
        JobQueueStatusCalculator.Decision first = JobQueueStatusCalculator.decide(queue, Map.of(), List.of(), NOW);
        assertEquals(List.of(), first.events());
        queue.setStatus(first.status());
        JobQueueStatus again = JobQueueStatusCalculator.decide(queue, Map.of(), List.of(), NOW.plusSeconds(60)).status();
        assertTrue(!dev.berth.status.StatusWriter.differ(first.status(), again), "same inputs, same status: no write");
    }

    private static JobQueueStatus status(JobQueue queue, Map<String, ClusterSpec> clusters) {
        return JobQueueStatusCalculator.decide(queue, clusters, List.of(), NOW).status();
    }

    private static JobQueueSpec.ComputeEnvironment ce(int order, String cluster, String provider, int maxvCpus) {
        return new JobQueueSpec.ComputeEnvironment(order, cluster, provider, maxvCpus);
    }

    private static JobQueue queue(String name, JobQueueSpec.ComputeEnvironment... environments) {
        JobQueue queue = new JobQueue();
        queue.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("ns").withGeneration(1L).build());
        JobQueueSpec spec = new JobQueueSpec();
        spec.priority = 1;
        spec.computeEnvironmentOrder = List.of(environments);
        queue.setSpec(spec);
        return queue;
    }

    private static BatchJob plain(String name, String queue, JobStatus status, String vcpus, Map<String, Integer> holding) {
        BatchJob job = new BatchJob();
        job.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("ns").build());
        job.setSpec(new BatchJobSpec());
        job.getSpec().jobQueue = queue;
        if (status != null) {
            job.setStatus(new BatchJobStatus());
            job.getStatus().status = status;
            job.getStatus().vcpus = vcpus;
            job.getStatus().attemptsByComputeEnvironment = holding;
        }
        return job;
    }

    private static BatchJob array(String name, String queue, JobStatus status, String vcpus, Map<String, Integer> summary,
            Map<String, Integer> holding) {
        BatchJob job = plain(name, queue, status, vcpus, holding);
        job.getStatus().arrayProperties = new BatchJobStatus.ArrayStatus();
        job.getStatus().arrayProperties.statusSummary = new LinkedHashMap<>(summary);
        return job;
    }
}
