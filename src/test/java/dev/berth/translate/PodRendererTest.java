package dev.berth.translate;

import static dev.berth.translate.TestingTaskDefinitions.fromJson;
import static dev.berth.translate.TestingTaskDefinitions.input;
import static dev.berth.translate.TestingTaskDefinitions.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.Berth;
import dev.berth.api.v1alpha1.EcsTaskDefinition;
import dev.berth.api.v1alpha1.TaskSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;

class PodRendererTest {

    private static final String NGINX = """
            {"family": "my-task", "containerDefinitions": [{"name": "my-container", "image": "nginx:alpine",
              "cpu": 256, "memory": 512, "essential": true, "portMappings": [{"containerPort": 80, "protocol": "tcp"}]}]}
            """;

    private static Pod render(String definitionJson) {
        return PodRenderer.render(input(fromJson(definitionJson)));
    }

    private static Container container(Pod pod, String name) {
        return pod.getSpec().getContainers().stream().filter(c -> c.getName().equals(name)).findFirst().orElseThrow();
    }

    private static Container initContainer(Pod pod, String name) {
        return pod.getSpec().getInitContainers().stream().filter(c -> c.getName().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void ownsThePodThroughTheTask() {
        Pod pod = render(NGINX);

        assertThat(pod.getMetadata().getName()).isEqualTo("t1");
        assertThat(pod.getMetadata().getNamespace()).isEqualTo("ns");
        assertThat(pod.getMetadata().getFinalizers()).containsExactly(Berth.POD_FINALIZER);
        OwnerReference owner = pod.getMetadata().getOwnerReferences().get(0);
        assertThat(owner.getApiVersion()).isEqualTo("berth.dev/v1alpha1");
        assertThat(owner.getKind()).isEqualTo("Task");
        assertThat(owner.getName()).isEqualTo("t1");
        assertThat(owner.getUid()).isEqualTo("uid-1");
        assertThat(owner.getController()).isTrue();
        assertThat(owner.getBlockOwnerDeletion()).isTrue();
    }

    @Test
    void runsOnceWithoutServiceLinks() {
        Pod pod = render(NGINX);

        assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
        assertThat(pod.getSpec().getEnableServiceLinks()).isFalse();
        assertThat(pod.getSpec().getTerminationGracePeriodSeconds()).isEqualTo(30L);
        assertThat(container(pod, "my-container").getImagePullPolicy()).isEqualTo("IfNotPresent");
    }

    @Test
    void labelsTheTask() {
        TaskSpec task = read("""
                {"taskDefinition": "my-task", "cluster": "prod", "startedBy": "ecs-svc/42", "group": "service:web"}
                """, TaskSpec.class);
        Pod pod = PodRenderer.render(input(fromJson(NGINX), task, new Placement("FARGATE_SPOT", null, null)));

        assertThat(pod.getMetadata().getLabels()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "berth.dev/task", "t1",
                "berth.dev/family", "my-task",
                "berth.dev/revision", "4",
                "berth.dev/cluster", "prod",
                "berth.dev/capacity-provider", "FARGATE_SPOT",
                "berth.dev/started-by", "ecs-svc.42",
                "berth.dev/group", "service.web",
                "app.kubernetes.io/managed-by", "berth"));
        assertThat(pod.getMetadata().getAnnotations()).containsOnly(entry(Berth.ANNOTATION_TASK_DEFINITION, "my-task:4"));
    }

    @Test
    void turnsValidTagsIntoLabelsAndKeepsAllInTheAnnotation() {
        TaskSpec task = read("""
                {"taskDefinition": "my-task", "startedBy": "///", "tags": [{"key": "team", "value": "a"},
                 {"key": "aws:ecs:clusterName", "value": "x"}, {"key": "berth.dev/cluster", "value": "evil"}]}
                """, TaskSpec.class);
        Pod pod = PodRenderer.render(input(fromJson(NGINX), task, Placement.NONE));

        assertThat(pod.getMetadata().getLabels())
                .containsEntry("team", "a")
                .containsEntry("berth.dev/cluster", "default")
                .doesNotContainKeys("aws:ecs:clusterName", "berth.dev/started-by", "berth.dev/capacity-provider");
        assertThat(pod.getMetadata().getAnnotations()).containsEntry(Berth.ANNOTATION_TAGS,
                "[{\"key\":\"team\",\"value\":\"a\"},{\"key\":\"aws:ecs:clusterName\",\"value\":\"x\"},"
                        + "{\"key\":\"berth.dev/cluster\",\"value\":\"evil\"}]");
    }

    @Test
    void copiesDockerLabelsToAnnotationsLaterContainersWinning() {
        Pod pod = render("""
                {"family": "f", "containerDefinitions": [
                  {"name": "a", "image": "i", "dockerLabels": {"sim.berth.dev/exit-code": "1", "only-a": "x", "bad key": "y"}},
                  {"name": "b", "image": "i", "dockerLabels": {"sim.berth.dev/exit-code": "2"}}]}
                """);

        assertThat(pod.getMetadata().getAnnotations()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "sim.berth.dev/exit-code", "2",
                "only-a", "x",
                Berth.ANNOTATION_TASK_DEFINITION, "f:4"));
    }

    @Test
    void mapsContainerSizesToRequestsAndLimits() {
        Pod pod = render("""
                {"family": "f", "containerDefinitions": [
                  {"name": "hard", "image": "i", "cpu": 512, "memory": 1024},
                  {"name": "soft", "image": "i", "memoryReservation": 300},
                  {"name": "both", "image": "i", "cpu": 0, "memory": 700, "memoryReservation": 200},
                  {"name": "none", "image": "i"}]}
                """);

        Container hard = container(pod, "hard");
        assertThat(hard.getResources().getRequests())
                .isEqualTo(Map.of("cpu", new Quantity("500m"), "memory", new Quantity("1024Mi")));
        assertThat(hard.getResources().getLimits()).isEqualTo(Map.of("memory", new Quantity("1024Mi")));
        Container soft = container(pod, "soft");
        assertThat(soft.getResources().getRequests()).isEqualTo(Map.of("memory", new Quantity("300Mi")));
        assertThat(soft.getResources().getLimits()).isNull();
        Container both = container(pod, "both");
        assertThat(both.getResources().getRequests()).isEqualTo(Map.of("memory", new Quantity("200Mi")));
        assertThat(both.getResources().getLimits()).isEqualTo(Map.of("memory", new Quantity("700Mi")));
        assertThat(container(pod, "none").getResources()).isNull();
        assertThat(pod.getSpec().getResources()).isNull();
    }

    @Test
    void capsThePodWithTheTaskSize() {
        Pod pod = render("""
                {"family": "f", "cpu": "0.5 vCPU", "memory": "1GB", "containerDefinitions": [{"name": "a", "image": "i"}]}
                """);

        Map<String, Quantity> size = Map.of("cpu", new Quantity("500m"), "memory", new Quantity("1024Mi"));
        assertThat(pod.getSpec().getResources().getRequests()).isEqualTo(size);
        assertThat(pod.getSpec().getResources().getLimits()).isEqualTo(size);
    }

    @Test
    void rejectsATaskSizeThatIsNotAnEcsValue() {
        assertThatThrownBy(() -> render("""
                {"family": "f", "cpu": "lots", "containerDefinitions": [{"name": "a", "image": "i"}]}
                """)).isInstanceOf(UnrunnableTask.class).hasMessage("task cpu 'lots' is not a valid ECS cpu value");
    }

    @Test
    void putsGpusAndEphemeralStorageOnContainers() {
        Pod pod = render("""
                {"family": "f", "ephemeralStorage": {"sizeInGiB": 30}, "containerDefinitions": [
                  {"name": "helper", "image": "i", "essential": false},
                  {"name": "main", "image": "i", "resourceRequirements": [{"type": "GPU", "value": "2"}]},
                  {"name": "second", "image": "i", "essential": true}]}
                """);

        Container main = container(pod, "main");
        assertThat(main.getResources().getLimits()).isEqualTo(Map.of(
                "nvidia.com/gpu", new Quantity("2"), "ephemeral-storage", new Quantity("30Gi")));
        assertThat(main.getResources().getRequests()).isEqualTo(Map.of("ephemeral-storage", new Quantity("30Gi")));
        assertThat(container(pod, "helper").getResources()).isNull();
        assertThat(container(pod, "second").getResources()).isNull();
    }

    @Test
    void waitsForTheLongestStopTimeout() {
        assertThat(render("""
                {"family": "f", "containerDefinitions": [{"name": "a", "image": "i", "stopTimeout": 10},
                  {"name": "b", "image": "i", "stopTimeout": 20}]}
                """).getSpec().getTerminationGracePeriodSeconds()).isEqualTo(20L);
        assertThat(render("""
                {"family": "f", "containerDefinitions": [{"name": "a", "image": "i", "stopTimeout": 10},
                  {"name": "b", "image": "i"}]}
                """).getSpec().getTerminationGracePeriodSeconds()).isEqualTo(30L);
    }

    @Test
    void turnsHealthChecksIntoReadinessProbes() {
        Pod pod = render("""
                {"family": "f", "containerDefinitions": [
                  {"name": "exec", "image": "i", "healthCheck": {"command": ["CMD", "curl", "-f", "http://localhost/"],
                   "interval": 10, "timeout": 4, "retries": 5, "startPeriod": 60}},
                  {"name": "shell", "image": "i", "healthCheck": {"command": ["CMD-SHELL", "pgrep nginx || exit 1"]}}]}
                """);

        Container exec = container(pod, "exec");
        assertThat(exec.getReadinessProbe().getExec().getCommand()).containsExactly("curl", "-f", "http://localhost/");
        assertThat(exec.getReadinessProbe().getPeriodSeconds()).isEqualTo(10);
        assertThat(exec.getReadinessProbe().getTimeoutSeconds()).isEqualTo(4);
        assertThat(exec.getReadinessProbe().getFailureThreshold()).isEqualTo(5);
        assertThat(exec.getReadinessProbe().getSuccessThreshold()).isEqualTo(1);
        assertThat(exec.getReadinessProbe().getInitialDelaySeconds()).isZero();
        assertThat(exec.getLivenessProbe()).isNull();
        assertThat(exec.getStartupProbe()).isNull();
        Container shell = container(pod, "shell");
        assertThat(shell.getReadinessProbe().getExec().getCommand()).containsExactly("/bin/sh", "-c", "pgrep nginx || exit 1");
        assertThat(shell.getReadinessProbe().getPeriodSeconds()).isEqualTo(30);
        assertThat(shell.getReadinessProbe().getTimeoutSeconds()).isEqualTo(5);
        assertThat(shell.getReadinessProbe().getFailureThreshold()).isEqualTo(3);
    }

    @Test
    void makesDependenciesInitContainersAndSidecars() {
        Pod pod = render("""
                {"family": "f", "containerDefinitions": [
                  {"name": "app", "image": "i", "dependsOn": [{"containerName": "proxy", "condition": "HEALTHY"},
                    {"containerName": "migrate", "condition": "COMPLETE"}, {"containerName": "logs", "condition": "START"}]},
                  {"name": "migrate", "image": "i", "essential": false, "healthCheck": {"command": ["CMD", "true"]}},
                  {"name": "proxy", "image": "i", "healthCheck": {"command": ["CMD", "ready"], "interval": 10,
                    "retries": 2, "startPeriod": 25}},
                  {"name": "logs", "image": "i"}]}
                """);

        assertThat(pod.getSpec().getContainers()).extracting(Container::getName).containsExactly("app");
        assertThat(pod.getSpec().getInitContainers()).extracting(Container::getName).containsExactly("migrate", "proxy",
                "logs");
        Container migrate = initContainer(pod, "migrate");
        assertThat(migrate.getRestartPolicy()).isNull();
        assertThat(migrate.getReadinessProbe()).isNull();
        Container proxy = initContainer(pod, "proxy");
        assertThat(proxy.getRestartPolicy()).isEqualTo("Always");
        assertThat(proxy.getStartupProbe().getExec().getCommand()).containsExactly("ready");
        assertThat(proxy.getStartupProbe().getPeriodSeconds()).isEqualTo(10);
        // 25 s start period = 3 checks at 10 s, plus the 2 retries ECS allows afterwards
        assertThat(proxy.getStartupProbe().getFailureThreshold()).isEqualTo(5);
        assertThat(proxy.getReadinessProbe().getFailureThreshold()).isEqualTo(2);
        Container logs = initContainer(pod, "logs");
        assertThat(logs.getRestartPolicy()).isEqualTo("Always");
        assertThat(logs.getStartupProbe()).isNull();
    }

    @Test
    void mapsTheRuntimePlatformAndPlacementToNodeSelection() {
        Toleration spot = new TolerationBuilder().withKey("spot").withOperator("Exists").withEffect("NoSchedule").build();
        EcsTaskDefinition definition = fromJson("""
                {"family": "f", "runtimePlatform": {"cpuArchitecture": "ARM64", "operatingSystemFamily": "LINUX"},
                 "containerDefinitions": [{"name": "a", "image": "i"}]}
                """);
        Pod pod = PodRenderer.render(input(definition, new TaskSpec(),
                new Placement("spot", Map.of("pool", "spot", "kubernetes.io/arch", "amd64"), List.of(spot))));

        assertThat(pod.getSpec().getNodeSelector()).isEqualTo(Map.of(
                "pool", "spot", "kubernetes.io/arch", "arm64", "kubernetes.io/os", "linux"));
        assertThat(pod.getSpec().getTolerations()).containsExactly(spot);
    }

    @Test
    void runsWindowsTasksOnWindowsNodesWithoutPodLevelResources() {
        Pod pod = render("""
                {"family": "f", "cpu": 1024, "memory": 2048,
                 "runtimePlatform": {"operatingSystemFamily": "WINDOWS_SERVER_2019_CORE"},
                 "containerDefinitions": [{"name": "a", "image": "i", "healthCheck": {"command": ["CMD-SHELL", "exit 0"]}}]}
                """);

        assertThat(pod.getSpec().getNodeSelector()).isEqualTo(Map.of("kubernetes.io/os", "windows"));
        assertThat(pod.getSpec().getResources()).isNull();
        assertThat(container(pod, "a").getReadinessProbe().getExec().getCommand()).containsExactly("cmd", "/S", "/C", "exit 0");
    }

    @Test
    void mapsRolesToServiceAccountAndPullSecrets() {
        Pod pod = render(
                """
                        {"family": "f", "taskRoleArn": "arn:aws:iam::1:role/team/app", "executionRoleArn": "arn:aws:iam::1:role/pull",
                         "containerDefinitions": [
                           {"name": "a", "image": "i", "repositoryCredentials": {"credentialsParameter": "arn:aws:secretsmanager:r:1:secret:reg"}},
                           {"name": "b", "image": "i", "repositoryCredentials": {"credentialsParameter": "pull"}}]}
                        """);

        assertThat(pod.getSpec().getServiceAccountName()).isEqualTo("app");
        assertThat(pod.getSpec().getImagePullSecrets()).extracting(r -> r.getName()).containsExactly("pull", "reg");
    }

    @Test
    void mapsSecretsToSecretKeyRefsAfterPlainVariables() {
        Container container = container(render("""
                {"family": "f", "containerDefinitions": [{"name": "a", "image": "i",
                  "secrets": [{"name": "S", "valueFrom": "arn:aws:ssm:r:1:parameter/prod/db"}],
                  "environment": [{"name": "E", "value": "1"}]}]}
                """), "a");

        assertThat(container.getEnv()).extracting(e -> e.getName()).containsExactly("E", "S");
        assertThat(container.getEnv().get(1).getValueFrom().getSecretKeyRef().getName()).isEqualTo("prod-db");
        assertThat(container.getEnv().get(1).getValueFrom().getSecretKeyRef().getKey()).isEqualTo("value");
    }

    @Test
    void mapsUsersOnlyWhenNumeric() {
        Pod pod = render("""
                {"family": "f", "containerDefinitions": [
                  {"name": "uid", "image": "i", "user": "1000"},
                  {"name": "uidgid", "image": "i", "user": "1000:50"},
                  {"name": "named", "image": "i", "user": "nginx"},
                  {"name": "namedgid", "image": "i", "user": "nginx:50"}]}
                """);

        assertThat(container(pod, "uid").getSecurityContext().getRunAsUser()).isEqualTo(1000L);
        assertThat(container(pod, "uid").getSecurityContext().getRunAsGroup()).isNull();
        assertThat(container(pod, "uidgid").getSecurityContext().getRunAsGroup()).isEqualTo(50L);
        assertThat(container(pod, "named").getSecurityContext()).isNull();
        assertThat(container(pod, "namedgid").getSecurityContext().getRunAsUser()).isNull();
        assertThat(container(pod, "namedgid").getSecurityContext().getRunAsGroup()).isEqualTo(50L);
    }

    @Test
    void namesPortsOnlyWithKubernetesPortNames() {
        Container container = container(render("""
                {"family": "f", "containerDefinitions": [{"name": "a", "image": "i", "portMappings": [
                  {"containerPort": 80, "name": "http"}, {"containerPort": 53, "protocol": "udp", "name": "dns_udp"},
                  {"containerPort": 9000, "name": "9000"}]}]}
                """), "a");

        assertThat(container.getPorts()).extracting(p -> p.getContainerPort() + "/" + p.getProtocol() + "/" + p.getName())
                .containsExactly("80/TCP/http", "53/UDP/null", "9000/TCP/null");
    }

    @Test
    void appliesContainerSettingsToTheWholePod() {
        Pod pod = render("""
                {"family": "f", "pidMode": "task",
                 "volumes": [{"name": "scratch"}, {"name": "logs", "host": {"sourcePath": "/var/log/app"}}],
                 "containerDefinitions": [
                  {"name": "a", "image": "i", "extraHosts": [{"hostname": "db", "ipAddress": "10.0.0.1"},
                    {"hostname": "cache", "ipAddress": "10.0.0.2"}],
                   "systemControls": [{"namespace": "net.core.somaxconn", "value": "1024"}]},
                  {"name": "b", "image": "i", "extraHosts": [{"hostname": "db-replica", "ipAddress": "10.0.0.1"}],
                   "systemControls": [{"namespace": "net.core.somaxconn", "value": "4096"}]}]}
                """);

        assertThat(pod.getSpec().getShareProcessNamespace()).isTrue();
        assertThat(pod.getSpec().getHostAliases()).extracting(a -> a.getIp() + "=" + a.getHostnames())
                .containsExactly("10.0.0.1=[db, db-replica]", "10.0.0.2=[cache]");
        assertThat(pod.getSpec().getSecurityContext().getSysctls()).extracting(c -> c.getName() + "=" + c.getValue())
                .containsExactly("net.core.somaxconn=4096");
        assertThat(pod.getSpec().getVolumes().get(0).getEmptyDir()).isNotNull();
        assertThat(pod.getSpec().getVolumes().get(1).getHostPath().getPath()).isEqualTo("/var/log/app");
    }

    @Test
    void ecsContainerNamesBecomeKubernetesNamesDependenciesIncluded() {
        Pod pod = render("""
                {"family": "firelens", "containerDefinitions": [
                  {"name": "log_router", "image": "fluent-bit", "memoryReservation": 50},
                  {"name": "consulServer", "image": "consul", "memory": 128,
                   "dependsOn": [{"containerName": "log_router", "condition": "START"}]}]}
                """);

        assertThat(pod.getSpec().getInitContainers()).extracting(Container::getName)
                .containsExactly(dev.berth.api.EcsNames.kubernetesName("log_router"));
        assertThat(pod.getSpec().getInitContainers().get(0).getName()).matches("log-router-[0-9a-f]{8}");
        assertThat(pod.getSpec().getContainers()).extracting(Container::getName)
                .containsExactly(dev.berth.api.EcsNames.kubernetesName("consulServer"));
        assertThat(pod.getMetadata().getLabels()).containsEntry(Berth.LABEL_FAMILY, "firelens");
    }

    @Test
    void aFamilyThatIsNoDnsLabelLabelsThePodWithItsKubernetesNameAndAnnotatesTheEcsName() {
        Pod pod = render("""
                {"family": "web_app_task", "containerDefinitions": [{"name": "web", "image": "i", "memory": 64}]}
                """);

        assertThat(pod.getMetadata().getLabels()).containsEntry(Berth.LABEL_FAMILY,
                dev.berth.api.EcsNames.kubernetesName("web_app_task"));
        assertThat(pod.getMetadata().getAnnotations()).containsEntry(Berth.ANNOTATION_TASK_DEFINITION, "web_app_task:4");
    }

    @Test
    void aBareHealthCheckRunsAsTheExecFormAndNoneDisablesIt() {
        Pod pod = render("""
                {"family": "otel", "containerDefinitions": [
                  {"name": "collector", "image": "otel", "memory": 64, "healthCheck": {"command": ["/healthcheck"]}},
                  {"name": "win", "image": "iis", "memory": 64,
                   "healthCheck": {"command": ["powershell", "-Command", "exit 0"]}},
                  {"name": "off", "image": "i", "memory": 64, "healthCheck": {"command": ["NONE"]}}]}
                """);

        assertThat(container(pod, "collector").getReadinessProbe().getExec().getCommand()).containsExactly("/healthcheck");
        assertThat(container(pod, "win").getReadinessProbe().getExec().getCommand())
                .containsExactly("powershell", "-Command", "exit 0");
        assertThat(container(pod, "off").getReadinessProbe()).isNull();
    }

    @Test
    void initProcessEnabledSharesTheProcessNamespaceWhosePauseProcessReaps() {
        Pod pod = render("""
                {"family": "f", "containerDefinitions": [{"name": "app", "image": "i", "memory": 64,
                  "linuxParameters": {"initProcessEnabled": true}}]}
                """);

        assertThat(pod.getSpec().getShareProcessNamespace()).isTrue();
        assertThat(render(NGINX).getSpec().getShareProcessNamespace()).isNull();
    }
}
