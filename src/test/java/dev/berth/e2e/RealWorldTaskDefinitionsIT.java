package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.berth.api.EcsNames;
import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.TaskDefinition;
import dev.berth.api.v1alpha1.TaskSpec;
import dev.berth.api.v1alpha1.TaskStatus;
import dev.berth.corpus.TaskDefinitionCorpus;
import dev.berth.corpus.TaskDefinitionCorpus.Fixture;
import dev.berth.status.Conditions;
import dev.berth.taskdef.RevisionPlanner;
import dev.berth.taskdef.TaskRoles;
import dev.berth.translate.Overrides;
import dev.berth.translate.Placement;
import dev.berth.translate.PodInput;
import dev.berth.translate.PodRenderer;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * The corpus of real-world task definitions on the real API server: every valid one applies unchanged (CRD schema and
 * CEL) and its Pod passes the API server's own validation (a dry-run create); every invalid one is refused naming the
 * field; a representative subset runs to RUNNING with ECS names in status, and the start failures that are the user's
 * (an unmapped EFS file system, a secret reference that names no Secret) end in TaskFailedToStart, never in silence.
 */
class RealWorldTaskDefinitionsIT extends EndToEnd {

    static Stream<Fixture> valid() {
        return TaskDefinitionCorpus.valid().stream();
    }

    static Stream<Fixture> refusedByTheApiServer() {
        return TaskDefinitionCorpus.invalid().stream().filter(TaskDefinitionCorpus::isJson);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void appliesUnchangedAndItsPodIsValid(Fixture fixture) {
        Shell.Result applied = Shell.kubectl("apply", "-n", ns, "-f", jsonFile(fixture.manifest()));
        assertThat(applied.exitCode()).as(applied.output()).isZero();

        TaskDefinition td = await().atMost(WAIT).until(
                () -> client.resources(TaskDefinition.class).inNamespace(ns).withName(fixture.kubernetesName()).get(),
                t -> t.getStatus() != null && Integer.valueOf(1).equals(t.getStatus().latestRevision));
        assertThat(td.getStatus().family).isEqualTo(fixture.family());
        assertThat(Conditions.find(td.getStatus().conditions, "Ready")).hasValueSatisfying(
                c -> assertThat(c.getStatus()).isEqualTo("True"));

        createServiceAccountOfTheTaskRole(fixture);
        td.getMetadata().setGeneration(1L);
        var registered = RevisionPlanner.plan(td, List.of(), Set.of(), Instant.EPOCH).register().getSpec().taskDefinition;
        TaskSpec task = new TaskSpec();
        task.taskDefinition = fixture.family();
        Pod pod = PodRenderer.render(new PodInput("dry-run", ns,
                "00000000-0000-0000-0000-000000000001", task, fixture.family(), 1, Overrides.apply(registered, null),
                new Placement("FARGATE", null, null), fixture.cluster()));
        pod.getMetadata().setOwnerReferences(null);
        client.pods().inNamespace(ns).resource(pod).dryRun().create();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedByTheApiServer")
    void invalidDefinitionsAreRefusedNamingTheField(Fixture fixture) {
        Shell.Result applied = Shell.kubectl("apply", "-n", ns, "-f", jsonFile(fixture.manifest()));

        assertThat(applied.exitCode()).as(applied.output()).isNotZero();
        assertThat(applied.output()).contains("is invalid").contains(fixture.expectedRefusal());
    }

    @Test
    void ecsNamesRunUnderTheirKubernetesNamesAndStayEcsNamesInStatus() {
        apply(fixture("firelens-fluent-bit"));
        apply(fixture("console-export-web_app_task"));
        apply(fixture("aws-otel-EC2"));
        apply(fixture("terraform-container-definitions"));
        applyText("""
                apiVersion: berth.dev/v1alpha1
                kind: Cluster
                metadata: {name: %s}
                spec: {clusterName: ECS-Cluster}
                """.formatted(EcsNames.kubernetesName("ECS-Cluster")));
        applyText("""
                apiVersion: berth.dev/v1alpha1
                kind: Task
                metadata: {name: firelens}
                spec: {taskDefinition: firelens-example-cloudwatch}
                ---
                apiVersion: berth.dev/v1alpha1
                kind: Task
                metadata: {name: web-app}
                spec: {taskDefinition: "web_app_task:1", cluster: ECS-Cluster}
                ---
                apiVersion: berth.dev/v1alpha1
                kind: Task
                metadata: {name: otel}
                spec: {taskDefinition: "arn:aws:ecs:us-west-2:123456789012:task-definition/aws-otel-EC2:1"}
                ---
                apiVersion: berth.dev/v1alpha1
                kind: Task
                metadata: {name: ghost}
                spec: {taskDefinition: terraform-container-definitions}
                """);

        TaskStatus firelens = awaitLastStatus("firelens", LastStatus.RUNNING);
        assertThat(firelens.containers).extracting(c -> c.name + "=" + c.lastStatus)
                .containsExactlyInAnyOrder("log_router=RUNNING", "app=RUNNING");
        Pod firelensPod = client.pods().inNamespace(ns).withName("firelens").get();
        assertThat(firelensPod.getSpec().getInitContainers()).extracting(c -> c.getName())
                .containsExactly(EcsNames.kubernetesName("log_router"));

        TaskStatus webApp = awaitLastStatus("web-app", LastStatus.RUNNING);
        assertThat(webApp.taskDefinition).isEqualTo("web_app_task:1");
        assertThat(webApp.cluster).isEqualTo("ECS-Cluster");
        assertThat(webApp.containers).extracting(c -> c.name).containsExactly("web_app");
        Pod webAppPod = client.pods().inNamespace(ns).withName("web-app").get();
        assertThat(webAppPod.getMetadata().getLabels()).containsEntry("berth.dev/family",
                EcsNames.kubernetesName("web_app_task")).containsEntry("berth.dev/cluster",
                        EcsNames.kubernetesName("ECS-Cluster"));
        assertThat(webAppPod.getMetadata().getAnnotations()).containsEntry("berth.dev/task-definition", "web_app_task:1");

        TaskStatus otel = awaitLastStatus("otel", LastStatus.RUNNING);
        assertThat(otel.taskDefinition).isEqualTo("aws-otel-EC2:1");
        Pod otelPod = client.pods().inNamespace(ns).withName("otel").get();
        assertThat(otelPod.getSpec().getResources().getLimits()).containsEntry("cpu",
                new io.fabric8.kubernetes.api.model.Quantity("250m"));
        assertThat(otelPod.getSpec().getInitContainers().get(0).getReadinessProbe().getExec().getCommand())
                .as("a bare health check command runs as the exec form").containsExactly("/healthcheck");

        TaskStatus ghost = awaitLastStatus("ghost", LastStatus.RUNNING);
        assertThat(ghost.containers).extracting(c -> c.name).containsExactlyInAnyOrder("container_1", "container_2");
        assertThat(Shell.kubectlOk("get", "tasks", "-n", ns)).contains("web_app_task:1", "aws-otel-EC2:1");
    }

    @Test
    void theEcsNamesExampleRuns() {
        apply("deploy/examples/ecs-names.yaml");

        TaskStatus running = awaitLastStatus("web-app-run", LastStatus.RUNNING);
        assertThat(running.taskDefinition).isEqualTo("web_app_task:1");
        assertThat(running.containers).extracting(c -> c.name).containsExactlyInAnyOrder("log_router", "web_app");
        assertThat(EcsNames.kubernetesName("web_app_task")).as("the name the example's comment explains")
                .isEqualTo("web-app-task-a174d1a8");
    }

    @Test
    void anEc2DaemonAndAnEfsTaskRunWhereTheClusterProvidesWhatTheyNeed() {
        apply(fixture("datadog-agent-daemon"));
        apply(fixture("efs-wordpress"));
        applyText("""
                apiVersion: v1
                kind: Secret
                metadata: {name: datadog-api-key}
                stringData: {value: "0123456789abcdef"}
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: wordpress-db}
                stringData: {password: "s3cret"}
                ---
                apiVersion: v1
                kind: PersistentVolume
                metadata: {name: %s-wp-content}
                spec:
                  capacity: {storage: 1Gi}
                  accessModes: [ReadWriteMany]
                  storageClassName: ""
                  hostPath: {path: /tmp/wp-content}
                  claimRef: {namespace: %s, name: wp-content}
                ---
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata: {name: wp-content}
                spec:
                  accessModes: [ReadWriteMany]
                  storageClassName: ""
                  volumeName: %s-wp-content
                  resources: {requests: {storage: 1Gi}}
                """.formatted(ns, ns, ns));
        applyText("""
                apiVersion: berth.dev/v1alpha1
                kind: Task
                metadata: {name: unmapped-efs}
                spec: {taskDefinition: wordpress_efs}
                """);

        TaskStatus unmapped = awaitLastStatus("unmapped-efs", LastStatus.STOPPED);
        assertThat(unmapped.stopCode).isEqualTo("TaskFailedToStart");
        assertThat(unmapped.stoppedReason).contains("fs-0a1b2c3d4e5f67890").contains("spec.fileSystems");

        applyText("""
                apiVersion: berth.dev/v1alpha1
                kind: Cluster
                metadata: {name: efs}
                spec:
                  fileSystems:
                  - fileSystemId: fs-0a1b2c3d4e5f67890
                    persistentVolumeClaim: {claimName: wp-content}
                ---
                apiVersion: berth.dev/v1alpha1
                kind: Task
                metadata: {name: wordpress}
                spec: {taskDefinition: wordpress_efs, cluster: efs}
                ---
                apiVersion: berth.dev/v1alpha1
                kind: Task
                metadata: {name: datadog}
                spec: {taskDefinition: datadog-agent-task, launchType: EC2}
                """);

        awaitLastStatus("wordpress", LastStatus.RUNNING);
        Pod wordpress = client.pods().inNamespace(ns).withName("wordpress").get();
        String volume = EcsNames.kubernetesName("efs_wp_content");
        assertThat(wordpress.getSpec().getVolumes()).filteredOn(v -> v.getName().equals(volume)).singleElement()
                .satisfies(v -> assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo("wp-content"));
        assertThat(wordpress.getSpec().getContainers().get(0).getVolumeMounts()).filteredOn(m -> m.getName().equals(volume))
                .singleElement().satisfies(m -> assertThat(m.getSubPath()).isEqualTo("wp-content"));
        TaskStatus datadog = awaitLastStatus("datadog", LastStatus.RUNNING);
        assertThat(datadog.taskDefinition).isEqualTo("datadog-agent-task:1");
        assertThat(client.pods().inNamespace(ns).withName("datadog").get().getSpec().getResources().getLimits())
                .containsEntry("memory", new io.fabric8.kubernetes.api.model.Quantity("64Mi"));
    }

    @Test
    void aSecretReferenceThatNamesNoSecretStopsTheTaskNamingTheField() {
        applyText("""
                apiVersion: berth.dev/v1alpha1
                kind: TaskDefinition
                metadata: {name: jwt}
                spec:
                  containerDefinitions:
                  - name: api
                    image: example/api:1
                    memory: 128
                    secrets:
                    - {name: JWT_SECRET, valueFrom: "JWT_SECRET_ARN"}
                ---
                apiVersion: berth.dev/v1alpha1
                kind: Task
                metadata: {name: jwt-run}
                spec: {taskDefinition: jwt}
                """);

        TaskStatus stopped = awaitLastStatus("jwt-run", LastStatus.STOPPED);
        assertThat(stopped.stopCode).isEqualTo("TaskFailedToStart");
        assertThat(stopped.stoppedReason).contains("containerDefinitions[0].secrets[0].valueFrom")
                .contains("JWT_SECRET_ARN");
    }

    @Test
    void aTaskDefinitionNotNamedAfterItsFamilyIsToldWhichNameItNeeds() {
        Shell.Result applied = Shell.kubectl("apply", "-n", ns, "-f", manifestFile("""
                apiVersion: berth.dev/v1alpha1
                kind: TaskDefinition
                metadata: {name: web-app-00000000}
                spec:
                  family: web_app
                  containerDefinitions: [{name: app, image: nginx, memory: 128}]
                """));
        assertThat(applied.exitCode()).as(applied.output()).isZero();

        await().atMost(WAIT).untilAsserted(() -> {
            TaskDefinition td = client.resources(TaskDefinition.class).inNamespace(ns).withName("web-app-00000000").get();
            assertThat(td.getStatus()).isNotNull();
            assertThat(Conditions.find(td.getStatus().conditions, "Ready")).hasValueSatisfying(c -> {
                assertThat(c.getStatus()).isEqualTo("False");
                assertThat(c.getReason()).isEqualTo(RevisionPlanner.FAMILY_NAME_MISMATCH);
                assertThat(c.getMessage()).contains(EcsNames.kubernetesName("web_app"));
            });
        });
        Shell.Result wrongFamily = Shell.kubectl("apply", "-n", ns, "-f", manifestFile("""
                apiVersion: berth.dev/v1alpha1
                kind: TaskDefinition
                metadata: {name: other}
                spec:
                  family: web-app
                  containerDefinitions: [{name: app, image: nginx, memory: 128}]
                """));
        assertThat(wrongFamily.exitCode()).isNotZero();
        assertThat(wrongFamily.output()).contains("metadata.name must be the Kubernetes name of spec.family");
    }

    /** The task role's ServiceAccount, as berth.task.create-service-accounts (or the user) would create it. */
    private void createServiceAccountOfTheTaskRole(Fixture fixture) {
        TaskDefinition td = Serialization.unmarshal(fixture.manifest(), TaskDefinition.class);
        TaskRoles.serviceAccount(td.getSpec(), ns).ifPresent(account -> client.resource(account).serverSideApply());
    }

    private String fixture(String name) {
        Fixture fixture = TaskDefinitionCorpus.valid().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
        createServiceAccountOfTheTaskRole(fixture);
        return jsonFile(fixture.manifest());
    }

    private static String jsonFile(String json) {
        try {
            java.nio.file.Path file = java.nio.file.Files.createTempFile("berth-corpus-", ".json");
            java.nio.file.Files.writeString(file, json);
            file.toFile().deleteOnExit();
            return file.toString();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
