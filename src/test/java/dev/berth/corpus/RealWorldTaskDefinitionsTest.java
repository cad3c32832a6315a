package dev.berth.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.berth.api.EcsNames;
import dev.berth.api.v1alpha1.EcsTaskDefinition;
import dev.berth.api.v1alpha1.TaskDefinition;
import dev.berth.api.v1alpha1.TaskSpec;
import dev.berth.corpus.TaskDefinitionCorpus.Fixture;
import dev.berth.status.Conditions;
import dev.berth.taskdef.RevisionPlan;
import dev.berth.taskdef.RevisionPlanner;
import dev.berth.translate.Labels;
import dev.berth.translate.Overrides;
import dev.berth.translate.Placement;
import dev.berth.translate.PodInput;
import dev.berth.translate.PodRenderer;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * Every valid task definition of the corpus registers a revision and renders to a Pod the API server would accept (the
 * naming rules it checks, reproduced here), and every field of those real-world definitions is one Berth knows. The
 * API server's own verdict, on the CRD and on the Pod, is {@code RealWorldTaskDefinitionsIT}'s.
 */
class RealWorldTaskDefinitionsTest {

    private static final String UNKNOWN_FIELD = "not an ECS field Berth knows";

    static Stream<Fixture> valid() {
        return TaskDefinitionCorpus.valid().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void registersARevisionUnderTheEcsFamily(Fixture fixture) {
        TaskDefinition td = Serialization.unmarshal(fixture.manifest(), TaskDefinition.class);
        td.getMetadata().setNamespace("team-a");
        td.getMetadata().setGeneration(1L);

        RevisionPlan plan = RevisionPlanner.plan(td, List.of(), Set.of(), Instant.EPOCH);

        assertThat(plan.register()).as("registers family:1").isNotNull();
        assertThat(plan.register().familyRevision()).isEqualTo(fixture.family() + ":1");
        assertThat(plan.register().getMetadata().getName()).isEqualTo(fixture.kubernetesName() + "-1");
        assertThat(Conditions.find(plan.status().conditions, "Ready")).hasValueSatisfying(
                c -> assertThat(c.getStatus()).isEqualTo("True"));
        assertThat(Objects.requireNonNullElse(plan.status().unsupportedFields, List.<String> of()))
                .as("fields reported for %s", fixture)
                .noneMatch(field -> field.contains(UNKNOWN_FIELD));
        assertThat(plan.register().getSpec().taskDefinition.unmodeledFields()).as("output-only fields are not registered")
                .doesNotContainKeys("taskDefinitionArn", "revision", "status", "registeredAt", "requiresAttributes");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void rendersAPodTheApiServerAccepts(Fixture fixture) {
        TaskDefinition td = Serialization.unmarshal(fixture.manifest(), TaskDefinition.class);
        EcsTaskDefinition registered = RevisionPlanner.plan(withNamespace(td), List.of(), Set.of(), Instant.EPOCH)
                .register().getSpec().taskDefinition;
        TaskSpec task = new TaskSpec();
        task.taskDefinition = fixture.family();

        Pod pod = PodRenderer.render(new PodInput("run-1", "team-a", "uid-1", task, fixture.family(), 1,
                Overrides.apply(registered, null), new Placement("FARGATE", null, null), fixture.cluster()));

        List<Container> containers = Stream.concat(
                pod.getSpec().getInitContainers() == null ? Stream.empty() : pod.getSpec().getInitContainers().stream(),
                pod.getSpec().getContainers() == null ? Stream.empty() : pod.getSpec().getContainers().stream()).toList();
        assertThat(containers).extracting(Container::getName)
                .as("one container per ECS container, under its Kubernetes name")
                .containsExactlyInAnyOrderElementsOf(registered.containerDefinitions.stream()
                        .map(c -> EcsNames.kubernetesName(c.name)).toList())
                .allMatch(EcsNames::isKubernetesName)
                .doesNotHaveDuplicates();
        List<Volume> volumes = pod.getSpec().getVolumes() == null ? List.of() : pod.getSpec().getVolumes();
        Set<String> volumeNames = new HashSet<>();
        for (Volume volume : volumes) {
            assertThat(EcsNames.isKubernetesName(volume.getName())).as("volume name %s", volume.getName()).isTrue();
            assertThat(volumeNames.add(volume.getName())).as("volume %s once", volume.getName()).isTrue();
            assertThat(volume.getEmptyDir() != null || volume.getHostPath() != null
                    || volume.getPersistentVolumeClaim() != null || volume.getCsi() != null)
                    .as("volume %s has a source", volume.getName()).isTrue();
        }
        for (Container container : containers) {
            List<VolumeMount> mounts = container.getVolumeMounts() == null ? List.of() : container.getVolumeMounts();
            assertThat(mounts).extracting(VolumeMount::getName).as("mounts of %s", container.getName())
                    .allMatch(volumeNames::contains);
            assertThat(mounts).extracting(VolumeMount::getMountPath).doesNotHaveDuplicates();
            if (container.getPorts() != null) {
                container.getPorts().forEach(port -> assertThat(port.getName() == null || port.getName().length() <= 15)
                        .isTrue());
            }
        }
        pod.getMetadata().getLabels().forEach((key, value) -> {
            assertThat(Labels.isValidKey(key)).as("label key %s", key).isTrue();
            assertThat(Labels.isValidValue(value)).as("label %s=%s", key, value).isTrue();
        });
        pod.getMetadata().getAnnotations().keySet()
                .forEach(key -> assertThat(Labels.isValidKey(key)).as("annotation key %s", key).isTrue());
    }

    static Stream<Fixture> notJson() {
        return TaskDefinitionCorpus.invalid().stream().filter(f -> !TaskDefinitionCorpus.isJson(f));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notJson")
    void invalidJsonIsRefusedWhereItIsRead(Fixture fixture) {
        assertThatThrownBy(() -> new ObjectMapper().readTree(fixture.rawJson()))
                .hasMessageContaining(fixture.expectedRefusal());
    }

    private static TaskDefinition withNamespace(TaskDefinition td) {
        td.getMetadata().setNamespace("team-a");
        return td;
    }
}
