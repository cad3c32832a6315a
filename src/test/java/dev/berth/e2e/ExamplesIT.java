package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.Berth;
import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.SecurityGroup;
import dev.berth.api.v1alpha1.Service;
import dev.berth.api.v1alpha1.ServiceStatus;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskDefinitionRevision;
import dev.berth.api.v1alpha1.TaskSpec;
import dev.berth.api.v1alpha1.TaskStatus;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * Every file in deploy/examples/ applied with kubectl and reconciled to the state its comments promise (README: "each
 * tested"). Examples another end-to-end test already drives are listed in {@link #RECONCILED_ELSEWHERE}.
 */
class ExamplesIT extends EndToEnd {

    private static final Path EXAMPLES = Path.of("deploy/examples");
    private static final Map<String, String> RECONCILED_ELSEWHERE = Map.ofEntries(
            Map.entry("nginx-taskdefinition.yaml", "EcsDocsExampleIT"), Map.entry("nginx-task.yaml", "EcsDocsExampleIT"),
            Map.entry("simulated-exit.yaml", "ContainerExitIT"), Map.entry("ecs-names.yaml", "RealWorldTaskDefinitionsIT"),
            Map.entry("scheduled-tasks.yaml", "ScheduledTaskIT"), Map.entry("batch-pipeline.yaml", "BatchJobIT"),
            Map.entry("batch-array-retries.yaml", "BatchJobReconcilerTest (mock server)"),
            Map.entry("network-host.yaml", "NetworkModesIT"), Map.entry("network-bridge.yaml", "NetworkModesIT"),
            Map.entry("network-none.yaml", "NetworkModesIT"), Map.entry("network-subnets.yaml", "NetworkModesIT"));
    private static final Set<String> RECONCILED_HERE = Set.of("cluster-capacity-providers.yaml", "dependson-sidecar.yaml",
            "fargate-task-sizes.yaml", "secrets.yaml", "security-groups.yaml", "service-autoscaling.yaml",
            "service-daemon.yaml",
            "service-placement.yaml", "service-web.yaml", "task-overrides.yaml");

    @Test
    void everyExampleIsReconciledByATest() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            assertThat(files.map(f -> f.getFileName().toString()).collect(Collectors.toSet()))
                    .as("a new example needs a test here that reconciles it").containsExactlyInAnyOrderElementsOf(
                            Stream.concat(RECONCILED_HERE.stream(), RECONCILED_ELSEWHERE.keySet().stream()).toList());
        }
    }

    /** Runs on the nodes labelled pool=batch and tainted batch=true (a worker made so for the test). */
    @Test
    void clusterCapacityProviders() {
        String node = "berth-worker-3";
        apply("deploy/examples/nginx-taskdefinition.yaml");
        try {
            Shell.kubectlOk("label", "node", node, "pool=batch", "--overwrite");
            Shell.kubectlOk("taint", "node", node, "batch=true:NoSchedule", "--overwrite");
            apply(example("cluster-capacity-providers.yaml"));

            TaskStatus running = awaitLastStatus("nightly-report", LastStatus.RUNNING);
            assertThat(running.cluster).isEqualTo("batch");
            assertThat(running.capacityProviderName).isEqualTo("batch-nodes");
            assertThat(pod("nightly-report").getSpec().getNodeName()).isEqualTo(node);
        } finally {
            Shell.kubectl("taint", "node", node, "batch=true:NoSchedule-");
            Shell.kubectl("label", "node", node, "pool-");
        }
    }

    /** migrate runs to completion before app starts; the non-essential log shipper runs beside it. */
    @Test
    void dependsOnSidecar() {
        apply(example("dependson-sidecar.yaml"));
        runTask("sidecars", "app-with-sidecars");

        TaskStatus running = awaitLastStatus("sidecars", LastStatus.RUNNING);
        assertThat(running.containers).extracting(c -> c.name + " " + c.lastStatus).contains("migrate STOPPED",
                "proxy RUNNING", "app RUNNING", "logs RUNNING");
        assertThat(running.containers).filteredOn(c -> c.name.equals("migrate")).singleElement()
                .satisfies(c -> assertThat(c.exitCode).isZero());
    }

    /** "0.25 vCPU" / "1 GB" register as 256 CPU units and 1024 MiB and run. */
    @Test
    void fargateTaskSizes() {
        apply(example("fargate-task-sizes.yaml"));
        await().atMost(WAIT).until(() -> revisionStatus("fargate-web-1"), "ACTIVE"::equals);
        runTask("sized", "fargate-web");

        TaskStatus running = awaitLastStatus("sized", LastStatus.RUNNING);
        assertThat(running.cpu).isEqualTo("256");
        assertThat(running.memory).isEqualTo("1024");
    }

    /** Both valueFrom forms name the Kubernetes Secret db, key password. */
    @Test
    void secrets() {
        apply(example("secrets.yaml"));
        runTask("db-client-run", "db-client");

        awaitLastStatus("db-client-run", LastStatus.RUNNING);
        List<EnvVar> env = container(pod("db-client-run"), "client").getEnv();
        assertThat(env).filteredOn(e -> e.getName().startsWith("DB_PASSWORD")).hasSize(2).allSatisfy(e -> {
            assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("db");
            assertThat(e.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("password");
        });
    }

    /** At least minCapacity (2) tasks run, every policy and scheduled action is evaluated, desiredCount is the autoscaler's. */
    @Test
    void serviceAutoscaling() {
        apply(example("service-autoscaling.yaml"));

        ServiceStatus status = await().atMost(Duration.ofMinutes(3)).until(() -> serviceStatus("api"),
                s -> s.runningCount != null && s.runningCount >= 2 && s.autoScaling != null
                        && s.autoScaling.scheduledActions != null && s.autoScaling.desiredCount != null
                        && s.runningCount.equals(s.autoScaling.desiredCount));
        assertThat(status.autoScaling.minCapacity).isBetween(2, 4);
        assertThat(status.autoScaling.scheduledActions).extracting(a -> a.scheduledActionName).containsExactly("business-hours",
                "night");
        assertThat(status.autoScaling.scheduledActions).allSatisfy(a -> assertThat(a.nextRunTime).isNotNull());
    }

    /** One task on every Ready, schedulable node. */
    @Test
    void serviceDaemon() {
        apply(example("service-daemon.yaml"));
        Set<String> nodes = client.nodes().list().getItems().stream().filter(ExamplesIT::readyAndSchedulable)
                .map(n -> n.getMetadata().getName()).collect(Collectors.toSet());

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(serviceStatus("log-agent").runningCount).isEqualTo(nodes.size());
            assertThat(runningTasks("log-agent").stream().map(t -> t.getSpec().containerInstance)
                    .collect(Collectors.toSet())).isEqualTo(nodes);
        });
    }

    /** 3 tasks, each on its own x86_64 node. */
    @Test
    void servicePlacement() {
        apply(example("service-placement.yaml"));

        await().atMost(WAIT).untilAsserted(() -> assertThat(serviceStatus("api").runningCount).isEqualTo(3));
        Set<String> nodes = runningTasks("api").stream().map(t -> pod(t.getMetadata().getName()).getSpec().getNodeName())
                .collect(Collectors.toSet());
        assertThat(nodes).hasSize(3).allSatisfy(node -> assertThat(client.nodes().withName(node).get().getMetadata()
                .getLabels()).containsEntry("kubernetes.io/arch", "amd64"));
    }

    /** Each group's NetworkPolicy selects the Pods of the tasks naming it; the db policy admits the api group's. */
    @Test
    void securityGroups() {
        apply(example("security-groups.yaml"));

        await().atMost(WAIT).untilAsserted(() -> {
            SecurityGroup api = client.resources(SecurityGroup.class).inNamespace(ns).withName("api").get();
            SecurityGroup db = client.resources(SecurityGroup.class).inNamespace(ns).withName("db").get();
            assertThat(api.getStatus()).isNotNull().satisfies(s -> assertThat(s.taskCount).isEqualTo(2));
            assertThat(db.getStatus()).isNotNull().satisfies(s -> assertThat(s.tasks).containsExactly("db"));
        });
        var db = client.network().v1().networkPolicies().inNamespace(ns).withName("securitygroup-db").get();
        assertThat(db.getSpec().getIngress().get(0).getFrom().get(0).getPodSelector().getMatchLabels())
                .containsEntry("securitygroup.berth.dev/api", "true");
        assertThat(client.pods().inNamespace(ns).withLabelSelector(db.getSpec().getPodSelector()).list().getItems())
                .singleElement().satisfies(p -> assertThat(p.getMetadata().getName()).isEqualTo("db"));
    }

    /** 3 tasks behind the Kubernetes Service web (DNS web.NAMESPACE.svc); kubectl scale works. */
    @Test
    void serviceWeb() {
        apply(example("service-web.yaml"));

        await().atMost(WAIT).untilAsserted(() -> assertThat(serviceStatus("web").runningCount).isEqualTo(3));
        assertThat(serviceStatus("web").loadBalancer.dnsName).isEqualTo("web." + ns + ".svc");
        assertThat(client.services().inNamespace(ns).withName("web").get()).isNotNull();
        Shell.kubectlOk("scale", "-n", ns, "services.berth.dev/web", "--replicas", "5");
        await().atMost(WAIT).untilAsserted(() -> assertThat(serviceStatus("web").runningCount).isEqualTo(5));
    }

    /** The overrides reach the Pod and the task's size; the kubectl patch of the comment stops it. */
    @Test
    void taskOverrides() {
        apply("deploy/examples/nginx-taskdefinition.yaml");
        apply(example("task-overrides.yaml"));

        TaskStatus running = awaitLastStatus("report-2026-11", LastStatus.RUNNING);
        assertThat(running.cpu).isEqualTo("512");
        assertThat(running.memory).isEqualTo("1024");
        Container container = container(pod("report-2026-11"), "my-container");
        assertThat(container.getArgs()).as("ECS command is the image's CMD: Kubernetes args")
                .containsExactly("nginx", "-g", "daemon off;");
        assertThat(container.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("REPORT_MONTH");
            assertThat(e.getValue()).isEqualTo("2026-11");
        });

        Shell.kubectlOk("patch", "task", "report-2026-11", "-n", ns, "--type", "merge", "-p",
                "{\"spec\":{\"desiredStatus\":\"STOPPED\",\"stopReason\":\"no longer needed\"}}");
        TaskStatus stopped = awaitLastStatus("report-2026-11", LastStatus.STOPPED);
        assertThat(stopped.stoppedReason).isEqualTo("no longer needed");
    }

    private static String example(String file) {
        assertThat(RECONCILED_HERE).contains(file);
        return EXAMPLES.resolve(file).toString();
    }

    private void runTask(String name, String taskDefinition) {
        applyText("""
                apiVersion: berth.dev/v1alpha1
                kind: Task
                metadata: {name: %s}
                spec: {taskDefinition: %s}
                """.formatted(name, taskDefinition));
    }

    private String revisionStatus(String name) {
        TaskDefinitionRevision revision = client.resources(TaskDefinitionRevision.class).inNamespace(ns).withName(name).get();
        return revision == null || revision.getStatus() == null ? null : revision.getStatus().status;
    }

    private ServiceStatus serviceStatus(String name) {
        Service service = client.resources(Service.class).inNamespace(ns).withName(name).get();
        return service == null || service.getStatus() == null ? new ServiceStatus() : service.getStatus();
    }

    private List<Task> runningTasks(String service) {
        return client.resources(Task.class).inNamespace(ns).withLabel(Berth.LABEL_SERVICE, service).list().getItems()
                .stream().filter(t -> t.getStatus() != null && LastStatus.RUNNING.equals(t.getStatus().lastStatus)
                        && t.getStatus().desiredStatus == TaskSpec.DesiredStatus.RUNNING)
                .toList();
    }

    private Pod pod(String task) {
        return client.pods().inNamespace(ns).withName(task).get();
    }

    private static Container container(Pod pod, String name) {
        return Stream.concat(pod.getSpec().getContainers().stream(), pod.getSpec().getInitContainers().stream())
                .filter(c -> c.getName().equals(name)).findFirst().orElseThrow();
    }

    private static boolean readyAndSchedulable(Node node) {
        return !Boolean.TRUE.equals(node.getSpec().getUnschedulable()) && node.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }
}
