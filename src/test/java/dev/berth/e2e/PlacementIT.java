package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.Berth;
import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.Service;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskSpec;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * ECS placement on the real scheduler (docs/placement.md): distinctInstance and memberOf constraints, DAEMON services
 * following the nodes, and the apply-time check of memberOf expressions.
 */
class PlacementIT extends EndToEnd {

    private static final String TASK_DEFINITION = """
            apiVersion: berth.dev/v1alpha1
            kind: TaskDefinition
            metadata: {name: %s}
            spec:
              cpu: 256
              memory: 512
              containerDefinitions:
                - {name: app, image: busybox}
            """;

    @Test
    void distinctInstanceAndMemberOfPutEachTaskOnItsOwnAllowedNode() {
        applyText(TASK_DEFINITION.formatted("web"));
        applyText("""
                apiVersion: berth.dev/v1alpha1
                kind: Service
                metadata: {name: web}
                spec:
                  taskDefinition: web
                  desiredCount: 3
                  placementConstraints:
                    - type: distinctInstance
                    - type: memberOf
                      expression: "attribute:ecs.cpu-architecture == x86_64"
                """);

        await().atMost(WAIT).untilAsserted(() -> assertThat(runningCount("web")).isEqualTo(3));

        List<Pod> pods = servicePods("web");
        Set<String> nodes = pods.stream().map(p -> p.getSpec().getNodeName()).collect(Collectors.toSet());
        assertThat(nodes).as("one task per node").hasSize(3);
        assertThat(nodes).allSatisfy(node -> assertThat(client.nodes().withName(node).get().getMetadata().getLabels())
                .containsEntry("kubernetes.io/arch", "amd64"));
    }

    @Test
    void aOneOffTaskWithMemberOfRunsOnTheNodeItNames() {
        applyText(TASK_DEFINITION.formatted("probe"));
        applyText("""
                apiVersion: berth.dev/v1alpha1
                kind: Task
                metadata: {name: on-arm}
                spec:
                  taskDefinition: probe
                  placementConstraints:
                    - type: memberOf
                      expression: "attribute:ecs.cpu-architecture in [arm64] and attribute:ecs.availability-zone exists"
                """);

        awaitLastStatus("on-arm", LastStatus.RUNNING);
        Pod pod = client.pods().inNamespace(ns).withName("on-arm").get();
        assertThat(client.nodes().withName(pod.getSpec().getNodeName()).get().getMetadata().getLabels())
                .containsEntry("kubernetes.io/arch", "arm64");
    }

    @Test
    void anExpressionOutsideTheSupportedLanguageIsRejectedAtApplyTime() {
        Shell.Result result = Shell.kubectl("apply", "-n", ns, "-f", manifestFile("""
                apiVersion: berth.dev/v1alpha1
                kind: Task
                metadata: {name: regex}
                spec:
                  taskDefinition: probe
                  placementConstraints:
                    - {type: memberOf, expression: "attribute:ecs.instance-type =~ t2.*"}
                """));

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("spec.placementConstraints[0].expression")
                .contains("Berth supports terms 'attribute:<name> <op> <value>'");
    }

    @Test
    void aDaemonServiceRunsOneTaskPerNodeAndFollowsCordonedNodes() {
        applyText(TASK_DEFINITION.formatted("agent"));
        applyText("""
                apiVersion: berth.dev/v1alpha1
                kind: Service
                metadata: {name: agent}
                spec:
                  taskDefinition: agent
                  schedulingStrategy: DAEMON
                """);
        Set<String> schedulable = client.nodes().list().getItems().stream().filter(PlacementIT::readyAndSchedulable)
                .map(n -> n.getMetadata().getName()).collect(Collectors.toSet());

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(runningCount("agent")).isEqualTo(schedulable.size());
            assertThat(taskNodes("agent")).isEqualTo(schedulable);
        });

        String cordoned = "berth-worker-2";
        try {
            Shell.kubectlOk("cordon", cordoned);
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(taskNodes("agent")).doesNotContain(cordoned).hasSize(schedulable.size() - 1);
                assertThat(service("agent").getStatus().desiredCount).isEqualTo(schedulable.size() - 1);
            });
        } finally {
            Shell.kubectlOk("uncordon", cordoned);
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(taskNodes("agent")).isEqualTo(schedulable));
    }

    /** The nodes of the service's tasks that are not stopping, by their containerInstance. */
    private Set<String> taskNodes(String service) {
        List<Task> tasks = client.resources(Task.class).inNamespace(ns).withLabel(Berth.LABEL_SERVICE, service).list()
                .getItems();
        return tasks.stream().filter(t -> t.getStatus() != null && LastStatus.RUNNING.equals(t.getStatus().lastStatus)
                && t.getStatus().desiredStatus == TaskSpec.DesiredStatus.RUNNING).map(t -> t.getSpec().containerInstance)
                .collect(Collectors.toSet());
    }

    private int runningCount(String service) {
        Service s = service(service);
        return s == null || s.getStatus() == null || s.getStatus().runningCount == null ? 0 : s.getStatus().runningCount;
    }

    private Service service(String name) {
        return client.resources(Service.class).inNamespace(ns).withName(name).get();
    }

    private List<Pod> servicePods(String service) {
        return client.pods().inNamespace(ns).withLabels(Map.of(Berth.LABEL_GROUP, "service." + service)).list().getItems()
                .stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
    }

    private static boolean readyAndSchedulable(Node node) {
        return !Boolean.TRUE.equals(node.getSpec().getUnschedulable()) && node.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }
}
