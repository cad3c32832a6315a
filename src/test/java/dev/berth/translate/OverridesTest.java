package dev.berth.translate;

import static dev.berth.translate.TestingTaskDefinitions.fromJson;
import static dev.berth.translate.TestingTaskDefinitions.json;
import static dev.berth.translate.TestingTaskDefinitions.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.ContainerDefinition;
import dev.berth.api.v1alpha1.EcsTaskDefinition;
import dev.berth.api.v1alpha1.TaskOverride;

class OverridesTest {

    private static final String DEFINITION = """
            {"family": "batch", "cpu": "512", "memory": "1 GB",
             "taskRoleArn": "arn:aws:iam::1:role/default", "executionRoleArn": "exec-default",
             "someFutureEcsField": {"kept": true},
             "containerDefinitions": [
               {"name": "worker", "image": "w:1", "command": ["run", "--all"], "cpu": 256, "memory": 512,
                "memoryReservation": 256,
                "environment": [{"name": "MODE", "value": "full"}, {"name": "REGION", "value": "eu-west-1"}]},
               {"name": "reporter", "image": "r:1", "memory": 128}
             ]}
            """;

    @Test
    void withoutOverridesReturnsAnEqualCopy() {
        EcsTaskDefinition definition = fromJson(DEFINITION);
        EcsTaskDefinition copy = Overrides.apply(definition, null);

        assertThat(copy).isNotSameAs(definition);
        assertThat(copy.containerDefinitions.get(0)).isNotSameAs(definition.containerDefinitions.get(0));
        assertThat(json(copy)).isEqualTo(json(definition));
        assertThat(copy.unmodeledFields()).containsKey("someFutureEcsField");
    }

    @Test
    void appliesContainerOverridesByName() {
        TaskOverride overrides = read("""
                {"containerOverrides": [{"name": "worker", "command": ["run", "--only", "invoices"],
                  "environment": [{"name": "MODE", "value": "partial"}, {"name": "DRY_RUN", "value": "true"}],
                  "cpu": 768, "memory": 1536, "memoryReservation": 1024}]}
                """, TaskOverride.class);

        EcsTaskDefinition result = Overrides.apply(fromJson(DEFINITION), overrides);

        ContainerDefinition worker = result.containerDefinitions.get(0);
        assertThat(worker.command).containsExactly("run", "--only", "invoices");
        assertThat(worker.environment).extracting(v -> v.name + "=" + v.value)
                .containsExactly("MODE=partial", "REGION=eu-west-1", "DRY_RUN=true");
        assertThat(worker.cpu).isEqualTo(768);
        assertThat(worker.memory).isEqualTo(1536);
        assertThat(worker.memoryReservation).isEqualTo(1024);
        ContainerDefinition reporter = result.containerDefinitions.get(1);
        assertThat(json(reporter)).isEqualTo(json(fromJson(DEFINITION).containerDefinitions.get(1)));
    }

    @Test
    void keepsWhatAnOverrideLeavesOut() {
        TaskOverride overrides = read("""
                {"containerOverrides": [{"name": "worker", "memory": 600}]}
                """, TaskOverride.class);

        ContainerDefinition worker = Overrides.apply(fromJson(DEFINITION), overrides).containerDefinitions.get(0);

        assertThat(worker.command).containsExactly("run", "--all");
        assertThat(worker.environment).hasSize(2);
        assertThat(worker.cpu).isEqualTo(256);
        assertThat(worker.memory).isEqualTo(600);
        assertThat(worker.memoryReservation).isEqualTo(256);
    }

    @Test
    void addsEnvironmentToAContainerWithoutAny() {
        TaskOverride overrides = read("""
                {"containerOverrides": [{"name": "reporter", "environment": [{"name": "A", "value": "1"}]}]}
                """, TaskOverride.class);

        ContainerDefinition reporter = Overrides.apply(fromJson(DEFINITION), overrides).containerDefinitions.get(1);

        assertThat(reporter.environment).extracting(v -> v.name + "=" + v.value).containsExactly("A=1");
    }

    @Test
    void appliesTaskLevelOverrides() {
        TaskOverride overrides = read("""
                {"cpu": "1 vCPU", "memory": 2048, "taskRoleArn": "arn:aws:iam::1:role/elevated",
                 "executionRoleArn": "exec-other", "ephemeralStorage": {"sizeInGiB": 40}}
                """, TaskOverride.class);

        EcsTaskDefinition result = Overrides.apply(fromJson(DEFINITION), overrides);

        assertThat(result.cpu.getStrVal()).isEqualTo("1 vCPU");
        assertThat(result.memory.getIntVal()).isEqualTo(2048);
        assertThat(result.taskRoleArn).isEqualTo("arn:aws:iam::1:role/elevated");
        assertThat(result.executionRoleArn).isEqualTo("exec-other");
        assertThat(result.ephemeralStorage.sizeInGiB).isEqualTo(40);
        assertThat(result.ephemeralStorage).isNotSameAs(overrides.ephemeralStorage);
    }

    @Test
    void neverChangesTheRevisionOrTheOverride() {
        EcsTaskDefinition definition = fromJson(DEFINITION);
        String before = json(definition);
        TaskOverride overrides = read("""
                {"cpu": 1024, "containerOverrides": [{"name": "worker", "environment": [{"name": "MODE", "value": "x"}]}]}
                """, TaskOverride.class);
        String overridesBefore = json(overrides);

        EcsTaskDefinition result = Overrides.apply(definition, overrides);
        result.containerDefinitions.get(0).environment.get(0).value = "changed later";

        assertThat(json(definition)).isEqualTo(before);
        assertThat(json(overrides)).isEqualTo(overridesBefore);
    }

    @Test
    void rejectsAnOverrideForAnUnknownContainer() {
        TaskOverride overrides = read("""
                {"containerOverrides": [{"name": "wrker", "command": ["x"]}]}
                """, TaskOverride.class);

        assertThatThrownBy(() -> Overrides.apply(fromJson(DEFINITION), overrides))
                .isInstanceOf(UnrunnableTask.class)
                .hasMessage("containerOverrides names container 'wrker', which task definition batch does not have"
                        + " (containers: worker, reporter)");
    }

    /** Found by TranslationPropertyTest: the Pod asked for more memory than its limit and the API server refused it. */
    @Test
    void aReservationAboveTheHardLimitIsTheUsersError() {
        TaskOverride overrides = read("""
                {"containerOverrides": [{"name": "worker", "memoryReservation": 2048}]}
                """, TaskOverride.class);

        assertThatThrownBy(() -> Overrides.apply(fromJson(DEFINITION), overrides))
                .isInstanceOfSatisfying(UnrunnableTask.class, e -> assertThat(e.reason()).isEqualTo("InvalidOverrides"))
                .hasMessage("containerOverrides of container 'worker': memoryReservation 2048 MiB exceeds memory (the hard"
                        + " limit) 512 MiB");
    }
}
