package dev.berth.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.BatchJob;
import dev.berth.api.v1alpha1.BatchJobSpec;
import dev.berth.api.v1alpha1.BatchJobSpec.ResourceRequirement;
import dev.berth.api.v1alpha1.BatchJobSpec.ResourceType;
import dev.berth.api.v1alpha1.Berth;
import dev.berth.api.v1alpha1.EcsTaskDefinition;
import dev.berth.api.v1alpha1.KeyValuePair;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskOverride;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;

class ChildTasksTest {

    private static final ComputeEnvironment SPOT = new ComputeEnvironment("batch", "FARGATE_SPOT");

    private static final EcsTaskDefinition DEFINITION = Serialization.unmarshal(
            """
                    {"cpu": "512", "memory": "1024", "containerDefinitions": [
                      {"name": "log_router", "image": "fluent-bit", "essential": false},
                      {"name": "main", "image": "ffmpeg", "command": ["ffmpeg", "-i", "Ref::inputfile", "-c", "Ref::codec", "x-Ref::codec"]}]}
                    """,
            EcsTaskDefinition.class);

    @Test
    void anArrayChildIsNamedOwnedLabelledAndGetsBatchVariables() {
        BatchJob job = job(array(100));
        Task task = ChildTasks.render(job, "transcode:3", DEFINITION, 512, new ChildLaunch(42, 2, SPOT));

        assertThat(task.getMetadata().getName()).isEqualTo("encode-42-2");
        assertThat(task.getMetadata().getLabels()).containsEntry(ChildTasks.LABEL_JOB, "encode")
                .containsEntry(ChildTasks.LABEL_INDEX, "42").containsEntry(ChildTasks.LABEL_ATTEMPT, "2")
                .containsEntry(ChildTasks.LABEL_VCPU_UNITS, "512");
        assertThat(task.getMetadata().getFinalizers()).containsExactly(Berth.TASK_FINALIZER);
        assertThat(task.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
            assertThat(o.getKind()).isEqualTo("BatchJob");
            assertThat(o.getUid()).isEqualTo("uid-7");
            assertThat(o.getController()).isTrue();
        });
        assertThat(task.getSpec().taskDefinition).isEqualTo("transcode:3");
        assertThat(task.getSpec().cluster).isEqualTo("batch");
        assertThat(task.getSpec().capacityProviderStrategy).singleElement()
                .satisfies(s -> assertThat(s.capacityProvider).isEqualTo("FARGATE_SPOT"));
        assertThat(task.getSpec().startedBy).isEqualTo("uid-7");
        assertThat(task.getSpec().group).isEqualTo("batch:encode");
        List<TaskOverride.ContainerOverride> overrides = task.getSpec().overrides.containerOverrides;
        assertThat(overrides).extracting(o -> o.name).containsExactly("log_router", "main");
        assertThat(overrides).allSatisfy(o -> assertThat(o.environment).extracting(e -> e.name + "=" + e.value)
                .containsExactly("CODEC_OPTS=fast", "AWS_BATCH_JOB_ID=uid-7:42", "AWS_BATCH_JOB_ATTEMPT=2",
                        "AWS_BATCH_JQ_NAME=video", "AWS_BATCH_CE_NAME=batch/FARGATE_SPOT", "AWS_BATCH_JOB_ARRAY_INDEX=42",
                        "AWS_BATCH_JOB_ARRAY_SIZE=100"));
        assertThat(overrides.get(0).command).as("only the first essential container's command").isNull();
        assertThat(overrides.get(1).command).as("whole elements substituted, a missing parameter left as written")
                .containsExactly("ffmpeg", "-i", "s3://in/42.mov", "-c", "Ref::codec", "x-Ref::codec");
        assertThat(task.getSpec().tags).isNull();
    }

    @Test
    void aPlainJobHasNoArrayVariablesAndItsRequirementsSizeTheTask() {
        BatchJobSpec spec = plain();
        spec.containerOverrides.resourceRequirements = List.of(new ResourceRequirement(ResourceType.VCPU, "0.25"),
                new ResourceRequirement(ResourceType.MEMORY, "512"));
        spec.containerOverrides.command = List.of("run", "Ref::codec");
        spec.parameters = Map.of("codec", "h264");
        spec.propagateTags = true;
        spec.tags = Map.of("team", "media");
        Task task = ChildTasks.render(job(spec), "transcode:3", DEFINITION, 256, new ChildLaunch(0, 1, SPOT));

        assertThat(task.getMetadata().getName()).isEqualTo("encode-1");
        assertThat(task.getSpec().overrides.cpu).isEqualTo(new IntOrString(256));
        assertThat(task.getSpec().overrides.memory).isEqualTo(new IntOrString(512));
        assertThat(task.getSpec().overrides.containerOverrides.get(1).command).containsExactly("run", "h264");
        assertThat(task.getSpec().overrides.containerOverrides.get(1).environment).extracting(e -> e.name)
                .doesNotContain("AWS_BATCH_JOB_ARRAY_INDEX").contains("AWS_BATCH_JOB_ID");
        assertThat(task.getSpec().tags).extracting(t -> t.key + "=" + t.value).containsExactly("team=media");
        assertThat(ChildTasks.unitsPerAttempt(spec, DEFINITION)).contains(256);
        assertThat(ChildTasks.unitsPerAttempt(plain(), DEFINITION)).as("the task definition's cpu").contains(512);
    }

    @Test
    void theCommandGoesToTheNamedContainer() {
        BatchJobSpec spec = plain();
        spec.containerOverrides.name = "log_router";
        spec.containerOverrides.command = List.of("fluent-bit", "-v");
        Task task = ChildTasks.render(job(spec), "transcode:3", DEFINITION, 512, new ChildLaunch(0, 1, SPOT));
        assertThat(task.getSpec().overrides.containerOverrides.get(0).command).containsExactly("fluent-bit", "-v");
        assertThat(task.getSpec().overrides.containerOverrides.get(1).command).as("left to the task definition").isNull();
    }

    @Test
    void labelsGiveBackIndexAndAttempt() {
        assertThat(ChildTasks.indexAndAttempt(Map.of(ChildTasks.LABEL_INDEX, "7", ChildTasks.LABEL_ATTEMPT, "2")))
                .hasValueSatisfying(ia -> assertThat(ia).containsExactly(7, 2));
        assertThat(ChildTasks.indexAndAttempt(Map.of(ChildTasks.LABEL_INDEX, "x"))).isEmpty();
    }

    private static BatchJobSpec plain() {
        BatchJobSpec spec = new BatchJobSpec();
        spec.jobQueue = "video";
        spec.taskDefinition = "transcode";
        spec.containerOverrides = new BatchJobSpec.ContainerOverrides();
        spec.containerOverrides.environment = List.of(new KeyValuePair("CODEC_OPTS", "fast"));
        return spec;
    }

    private static BatchJobSpec array(int size) {
        BatchJobSpec spec = plain();
        spec.arrayProperties = new BatchJobSpec.ArrayProperties();
        spec.arrayProperties.size = size;
        spec.parameters = Map.of("inputfile", "s3://in/42.mov");
        return spec;
    }

    private static BatchJob job(BatchJobSpec spec) {
        BatchJob job = new BatchJob();
        job.setMetadata(new ObjectMetaBuilder().withName("encode").withNamespace("media").withUid("uid-7").build());
        job.setSpec(spec);
        return job;
    }
}
