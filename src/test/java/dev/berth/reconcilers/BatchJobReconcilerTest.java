package dev.berth.reconcilers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import dev.berth.api.v1alpha1.BatchJob;
import dev.berth.api.v1alpha1.BatchJobStatus;
import dev.berth.api.v1alpha1.JobQueue;
import dev.berth.api.v1alpha1.JobStatus;
import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskDefinition;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/**
 * The BatchJob reconciler against the fabric8 mock API server (CRD mode), with the examples of deploy/examples
 * applied as they are and the kubelet played by the test: each child's Pod exits with the code the test picks from
 * its AWS_BATCH_JOB_ARRAY_INDEX and AWS_BATCH_JOB_ATTEMPT.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@TestProfile(BatchJobReconcilerTest.PatientKubelet.class)
class BatchJobReconcilerTest {

    /**
     * The test plays the kubelet by polling, slower than a kubelet when the whole suite shares the machine: the
     * test profile's 3 s start timeout would fail children the test had not reached yet (TaskFailedToStart).
     */
    public static class PatientKubelet implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("berth.task.start-timeout", "120s");
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    KubernetesClient client;

    @Test
    void theArrayExampleRunsEveryChildWithinTheQueueBudget() throws IOException {
        String ns = Namespaces.create(client);
        apply(ns, "deploy/examples/batch-array-retries.yaml");
        // 4 vCPUs of 0.25-vCPU children: at most 16 unfinished at any sample
        int[] mostAtOnce = { 0 };
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            mostAtOnce[0] = Math.max(mostAtOnce[0], unfinished(ns));
            kubelet(client, ns, (index, attempt) -> 0);
            assertThat(status(ns, "render-frames").status).as(() -> failures(ns, "render-frames"))
                    .isEqualTo(JobStatus.SUCCEEDED);
        });
        BatchJobStatus status = status(ns, "render-frames");
        assertThat(status.arrayProperties.statusSummary).containsExactly(Map.entry("SUCCEEDED", 100));
        assertThat(status.succeededIndexes).isEqualTo("0-99");
        assertThat(mostAtOnce[0]).as("most children unfinished at one sample").isBetween(2, 16);
        Task child = client.resources(Task.class).inNamespace(ns).withName("render-frames-42-1").get();
        assertThat(child.getSpec().overrides.containerOverrides).singleElement().satisfies(o -> {
            assertThat(o.environment).extracting(e -> e.name + "=" + e.value).contains("AWS_BATCH_JOB_ARRAY_INDEX=42",
                    "AWS_BATCH_JOB_ATTEMPT=1", "AWS_BATCH_JQ_NAME=render",
                    "AWS_BATCH_JOB_ID=" + status.jobId + ":42");
            assertThat(o.command).containsExactly("sh", "-c", "echo rendering frame $AWS_BATCH_JOB_ARRAY_INDEX of Ref::scene");
        });
        assertThat(child.getSpec().capacityProviderStrategy.get(0).capacityProvider).isEqualTo("FARGATE_SPOT");
        assertThat(child.getSpec().tags).extracting(t -> t.key + "=" + t.value).containsExactly("project=film");
        assertThat(child.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getKind()).isEqualTo("BatchJob"));
    }

    @Test
    void retriesByRuleAndTheN2NPipelineExampleFollowsItsFirstStage() throws IOException {
        String ns = Namespaces.create(client);
        apply(ns, "deploy/examples/batch-pipeline.yaml");
        // retries: the example has none, so index 3's first failure fails it, and encode index 3 with it
        BiFunction<Integer, Integer, Integer> exits = (index, attempt) -> index == 3 ? 2 : 0;
        int[] mostAtOnce = { 0 };
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            mostAtOnce[0] = Math.max(mostAtOnce[0], unfinished(ns));
            kubelet(client, ns, exits);
            assertThat(status(ns, "encode").status).isEqualTo(JobStatus.FAILED);
        });
        assertThat(mostAtOnce[0]).as("2 vCPUs of 0.5-vCPU children, shared by both stages").isBetween(1, 4);
        BatchJobStatus extract = status(ns, "extract");
        assertThat(extract.status).isEqualTo(JobStatus.FAILED);
        assertThat(extract.failedIndexes).as(() -> failures(ns, "extract")).isEqualTo("3");
        assertThat(extract.statusReason).isEqualTo("1 of 10 child jobs failed (indices 3)");
        BatchJobStatus encode = status(ns, "encode");
        assertThat(encode.failedIndexes).isEqualTo("3");
        assertThat(encode.arrayProperties.failures).singleElement()
                .satisfies(f -> assertThat(f.statusReason).isEqualTo("Dependent Job failed: extract index 3"));
        assertThat(client.resources(Task.class).inNamespace(ns).withName("encode-3-1").get())
                .as("a child whose dependency failed never runs").isNull();
        Task extract0 = client.resources(Task.class).inNamespace(ns).withName("extract-0-1").get();
        assertThat(extract0.getSpec().overrides.containerOverrides.get(0).command).containsExactly("sh", "-c",
                "echo extract $0", "s3://bucket/raw");
        Task encode0 = client.resources(Task.class).inNamespace(ns).withName("encode-0-1").get();
        assertThat(encode0.getSpec().overrides.containerOverrides.get(0).environment).extracting(e -> e.name)
                .contains("CODEC");
    }

    @Test
    void aFailingIndexIsRetriedByItsRuleAndAnExitRuleEndsAnother() {
        String ns = Namespaces.create(client);
        client.resource(TaskDefinitionReconcilerTest.taskDefinition(ns, "work", "busybox:1")).create();
        create(client, ns, """
                {"apiVersion": "berth.dev/v1alpha1", "kind": "JobQueue", "metadata": {"name": "q"},
                 "spec": {"priority": 1, "computeEnvironmentOrder": [{"order": 1, "maxvCpus": 1}]}}""");
        create(client, ns, """
                {"apiVersion": "berth.dev/v1alpha1", "kind": "BatchJob", "metadata": {"name": "sim"},
                 "spec": {"jobQueue": "q", "taskDefinition": "work", "arrayProperties": {"size": 8},
                  "containerOverrides": {"resourceRequirements": [{"type": "VCPU", "value": "0.25"},
                                                                   {"type": "MEMORY", "value": "512"}]},
                  "retryStrategy": {"attempts": 3, "evaluateOnExit": [{"onExitCode": "2", "action": "EXIT"}]}}}""");
        // index 2 fails once then succeeds; index 5 always exits 2
        BiFunction<Integer, Integer, Integer> exits = (index, attempt) -> index == 2 && attempt == 1 ? 1
                : index == 5 ? 2 : 0;
        int[] mostAtOnce = { 0 };
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            mostAtOnce[0] = Math.max(mostAtOnce[0], unfinished(ns));
            kubelet(client, ns, exits);
            assertThat(status(ns, "sim").status).isEqualTo(JobStatus.FAILED);
        });
        assertThat(mostAtOnce[0]).as("1 vCPU of 0.25-vCPU children").isBetween(1, 4);
        BatchJobStatus status = status(ns, "sim");
        assertThat(status.succeededIndexes).isEqualTo("0-4,6-7");
        assertThat(status.failedIndexes).isEqualTo("5");
        assertThat(status.retries).isNull();
        assertThat(status.arrayProperties.failures).singleElement().satisfies(f -> {
            assertThat(f.index).isEqualTo(5);
            assertThat(f.attempts).isEqualTo(1);
            assertThat(f.exitCode).isEqualTo(2);
        });
        Set<String> names = client.resources(Task.class).inNamespace(ns).list().getItems().stream()
                .map(t -> t.getMetadata().getName()).collect(Collectors.toSet());
        assertThat(names).contains("sim-2-1", "sim-2-2").doesNotContain("sim-2-3", "sim-5-2");
        assertThat(client.v1().events().inNamespace(ns).list().getItems())
                .filteredOn(e -> "sim".equals(e.getInvolvedObject().getName()))
                .extracting(e -> e.getType() + " " + e.getReason() + ": " + e.getMessage())
                .contains("Normal AttemptRetried: Job sim index 2 attempt 1 failed (exit code 1, EssentialContainerExited,"
                        + " Essential container in task exited): starting attempt 2 of 3",
                        "Warning ChildFailed: Job sim index 5 failed after 1 attempt(s): exit code 2, EssentialContainerExited,"
                                + " Essential container in task exited",
                        "Warning Failed: Job sim is FAILED: 1 of 8 child jobs failed (indices 5)");
        assertThat(client.resources(Task.class).inNamespace(ns).withName("sim-0-1").get().getSpec().overrides.cpu
                .getIntVal()).isEqualTo(256);
    }

    /** Why children failed, for a failing assertion's message. */
    private String failures(String ns, String job) {
        BatchJobStatus status = status(ns, job);
        return status.arrayProperties == null || status.arrayProperties.failures == null ? String.valueOf(status.statusReason)
                : status.arrayProperties.failures.stream().map(f -> f.index + ": " + f.statusReason)
                        .collect(Collectors.joining("; "));
    }

    private int unfinished(String ns) {
        return (int) client.resources(Task.class).inNamespace(ns).list().getItems().stream()
                .filter(t -> t.getStatus() == null || !LastStatus.STOPPED.equals(t.getStatus().lastStatus)).count();
    }

    /** The kubelet: every Pod not yet reported runs and exits at once with the code {@code exits} gives it. */
    static void kubelet(KubernetesClient client, String ns, BiFunction<Integer, Integer, Integer> exits) {
        for (Pod pod : client.pods().inNamespace(ns).list().getItems()) {
            if (pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null
                    && !pod.getStatus().getContainerStatuses().isEmpty()) {
                continue;
            }
            Map<String, String> env = new HashMap<>();
            for (EnvVar var : pod.getSpec().getContainers().get(0).getEnv()) {
                env.put(var.getName(), var.getValue());
            }
            int code = exits.apply(Integer.parseInt(env.get("AWS_BATCH_JOB_ARRAY_INDEX")),
                    Integer.parseInt(env.get("AWS_BATCH_JOB_ATTEMPT")));
            String container = pod.getSpec().getContainers().get(0).getName();
            try {
                client.pods().inNamespace(ns).withName(pod.getMetadata().getName()).editStatus(p -> {
                    p.setStatus(new PodStatus());
                    p.getStatus().setPhase(code == 0 ? "Succeeded" : "Failed");
                    p.getStatus().setConditions(List.of(new PodConditionBuilder().withType("PodScheduled")
                            .withStatus("True").withLastTransitionTime(Instant.now().toString()).build()));
                    p.getStatus().setContainerStatuses(List.of(new ContainerStatusBuilder().withName(container)
                            .withImage("busybox:1").withReady(false).withStarted(false).withNewState().withNewTerminated()
                            .withExitCode(code).withReason(code == 0 ? "Completed" : "Error")
                            .withStartedAt(Instant.now().minusSeconds(1).toString())
                            .withFinishedAt(Instant.now().toString()).endTerminated().endState().build()));
                    return p;
                });
            } catch (KubernetesClientException e) {
                // the pod went away meanwhile
            }
        }
    }

    private BatchJobStatus status(String ns, String name) {
        BatchJob job = client.resources(BatchJob.class).inNamespace(ns).withName(name).get();
        return job.getStatus() == null ? new BatchJobStatus() : job.getStatus();
    }

    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of("TaskDefinition", TaskDefinition.class,
            "JobQueue", JobQueue.class, "BatchJob", BatchJob.class);

    /** Creates every document of an example file in {@code ns}. */
    private void apply(String ns, String file) throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        try (InputStream in = Files.newInputStream(Path.of(file)); var parser = yaml.getFactory().createParser(in)) {
            for (JsonNode doc : yaml.readValues(parser, JsonNode.class).readAll()) {
                create(client, ns, doc.toString());
            }
        }
    }

    static void create(KubernetesClient client, String ns, String json) {
        try {
            JsonNode doc = new ObjectMapper().readTree(json);
            HasMetadata resource = Serialization.unmarshal(json, KINDS.get(doc.get("kind").asText()));
            resource.getMetadata().setNamespace(ns);
            client.resource(resource).create();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

}
