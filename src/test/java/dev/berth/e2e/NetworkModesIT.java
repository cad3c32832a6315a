package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.Berth;
import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.Service;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;

/**
 * ECS network modes and subnets on the real control plane (docs/networking.md): what the API server, scheduler and
 * garbage collector make of the Pods and NetworkPolicies Berth writes. kwok has no data plane: no packet is sent, so
 * these tests check what the control plane shows (host ports and the scheduler's refusals, host aliases, the policy
 * and its lifetime, node zones), not connectivity. The examples deploy/examples/network-*.yaml run here.
 */
class NetworkModesIT extends EndToEnd {

    /** The three amd64 kwok nodes, one per zone (hack/cluster/up.sh); the arm64 node is left out by the platform. */
    private static final int AMD64_NODES = 3;

    @Test
    void hostModeTasksWithTheSamePortSpreadOnePerNodeAndTheExtraOneFailsToStart() {
        applyText("""
                apiVersion: berth.dev/v1alpha1
                kind: Cluster
                metadata: {name: edge}
                spec: {allowHostNetwork: true}
                ---
                apiVersion: berth.dev/v1alpha1
                kind: TaskDefinition
                metadata: {name: collector}
                spec:
                  networkMode: host
                  requiresCompatibilities: [EC2]
                  runtimePlatform: {cpuArchitecture: X86_64}
                  cpu: 256
                  memory: 256
                  containerDefinitions:
                    - name: collector
                      image: openzipkin/zipkin-slim:3
                      portMappings: [{containerPort: 9411}]
                """);
        List<String> tasks = IntStream.rangeClosed(1, AMD64_NODES + 1).mapToObj(i -> "collector-" + i).toList();
        tasks.forEach(name -> applyText("""
                apiVersion: berth.dev/v1alpha1
                kind: Task
                metadata: {name: %s}
                spec: {taskDefinition: collector, cluster: edge}
                """.formatted(name)));

        await().atMost(WAIT).untilAsserted(() -> {
            Map<String, Long> byStatus = tasks.stream().map(this::status)
                    .collect(Collectors.groupingBy(s -> String.valueOf(s.lastStatus), Collectors.counting()));
            assertThat(byStatus).containsEntry("RUNNING", (long) AMD64_NODES).containsEntry("STOPPED", 1L);
        });
        List<Pod> running = taskPods().stream().filter(p -> p.getSpec().getNodeName() != null).toList();
        assertThat(running).hasSize(AMD64_NODES).allSatisfy(pod -> {
            assertThat(pod.getSpec().getHostNetwork()).isTrue();
            assertThat(pod.getSpec().getDnsPolicy()).isEqualTo("ClusterFirstWithHostNet");
            assertThat(pod.getSpec().getContainers().get(0).getPorts()).singleElement()
                    .satisfies(port -> assertThat(port.getHostPort()).isEqualTo(9411));
        });
        assertThat(running.stream().map(p -> p.getSpec().getNodeName()).collect(Collectors.toSet()))
                .as("one task per node").hasSize(AMD64_NODES);
        TaskStatus extra = tasks.stream().map(this::status).filter(s -> s.lastStatus == LastStatus.STOPPED).findFirst()
                .orElseThrow();
        assertThat(extra.stopCode).isEqualTo("TaskFailedToStart");
        assertThat(extra.stoppedReason).contains("free ports");
    }

    @Test
    void theHostModeExampleRunsInItsClusterAndNowhereElse() {
        apply("deploy/examples/network-host.yaml");
        applyText("""
                apiVersion: berth.dev/v1alpha1
                kind: Task
                metadata: {name: statsd-in-default}
                spec: {taskDefinition: statsd-agent}
                """);

        awaitLastStatus("statsd-on-host", LastStatus.RUNNING);
        Pod pod = client.pods().inNamespace(ns).withName("statsd-on-host").get();
        assertThat(pod.getSpec().getHostNetwork()).isTrue();
        assertThat(pod.getSpec().getContainers().get(0).getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getHostPort()).isEqualTo(8125);
            assertThat(port.getProtocol()).isEqualTo("UDP");
        });

        TaskStatus refused = awaitLastStatus("statsd-in-default", LastStatus.STOPPED);
        assertThat(refused.stopCode).isEqualTo("TaskFailedToStart");
        assertThat(refused.stoppedReason).contains("networkMode host").contains("Cluster default")
                .contains("spec.allowHostNetwork: true");
        assertThat(client.pods().inNamespace(ns).withName("statsd-in-default").get()).isNull();
    }

    @Test
    void aBridgeStaticPortIsAHostPortAndLinksResolveToLocalhost() {
        apply("deploy/examples/network-bridge.yaml");

        awaitLastStatus("web-on-bridge", LastStatus.RUNNING);
        Pod pod = client.pods().inNamespace(ns).withName("web-on-bridge").get();
        assertThat(pod.getSpec().getHostNetwork()).isNull();
        List<ContainerPort> web = pod.getSpec().getContainers().stream().filter(c -> "web".equals(c.getName()))
                .findFirst().orElseThrow().getPorts();
        assertThat(web).extracting(ContainerPort::getContainerPort, ContainerPort::getHostPort)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(80, 8080), org.assertj.core.groups.Tuple.tuple(443, null));
        assertThat(pod.getSpec().getHostAliases()).singleElement().satisfies(alias -> {
            assertThat(alias.getIp()).isEqualTo("127.0.0.1");
            assertThat(alias.getHostnames()).containsExactly("cache", "redis");
        });
    }

    @Test
    void aNoneTaskGetsItsIsolatingPolicyWhichGoesWithTheTask() {
        apply("deploy/examples/network-none.yaml");

        awaitLastStatus("offline-report", LastStatus.RUNNING);
        Task task = client.resources(Task.class).inNamespace(ns).withName("offline-report").get();
        NetworkPolicy policy = client.network().networkPolicies().inNamespace(ns).withName("offline-report").get();
        assertThat(policy).as("the task's isolating NetworkPolicy").isNotNull();
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
        assertThat(policy.getSpec().getIngress()).isNullOrEmpty();
        assertThat(policy.getSpec().getEgress()).isNullOrEmpty();
        assertThat(policy.getSpec().getPodSelector().getMatchLabels()).isEqualTo(Map.of(Berth.LABEL_TASK, "offline-report"));
        assertThat(policy.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(owner -> assertThat(owner.getUid()).isEqualTo(task.getMetadata().getUid()));
        Pod pod = client.pods().inNamespace(ns).withName("offline-report").get();
        assertThat(pod.getMetadata().getLabels()).containsEntry(Berth.LABEL_TASK, "offline-report");

        client.resource(task).delete();
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(client.resources(Task.class).inNamespace(ns).withName("offline-report").get()).isNull();
            assertThat(client.network().networkPolicies().inNamespace(ns).withName("offline-report").get())
                    .as("garbage-collected with its Task").isNull();
        });
    }

    @Test
    void subnetsKeepTheServicesTasksInTheirZonesAndAnUnknownSubnetFailsTheTask() {
        apply("deploy/examples/network-subnets.yaml");

        await().atMost(WAIT).untilAsserted(() -> {
            Service service = client.resources(Service.class).inNamespace(ns).withName("checkout").get();
            assertThat(service.getStatus()).isNotNull();
            assertThat(service.getStatus().runningCount).isEqualTo(4);
        });
        List<Pod> pods = client.pods().inNamespace(ns).withLabel(Berth.LABEL_GROUP, "service.checkout").list().getItems();
        Set<String> zones = pods.stream().map(p -> client.nodes().withName(p.getSpec().getNodeName()).get().getMetadata()
                .getLabels().get("topology.kubernetes.io/zone")).collect(Collectors.toSet());
        assertThat(zones).isNotEmpty().isSubsetOf("local-1a", "local-1b");
        Service service = client.resources(Service.class).inNamespace(ns).withName("checkout").get();
        assertThat(condition(service.getStatus().conditions, "UnsupportedFields").getMessage())
                .contains("networkConfiguration.awsvpcConfiguration.assignPublicIp: not applicable");

        applyText("""
                apiVersion: berth.dev/v1alpha1
                kind: Task
                metadata: {name: lost}
                spec:
                  taskDefinition: checkout
                  cluster: prod
                  networkConfiguration:
                    awsvpcConfiguration: {subnets: [subnet-0a1b2c3d4e5f60001, subnet-0ffffffffffffffff]}
                """);
        TaskStatus lost = awaitLastStatus("lost", LastStatus.STOPPED);
        assertThat(lost.stopCode).isEqualTo("TaskFailedToStart");
        assertThat(lost.stoppedReason).contains("subnets[1] 'subnet-0ffffffffffffffff' is not a subnet of Cluster prod");
        assertThat(condition(lost.conditions, "Ready").getReason()).isEqualTo("TaskFailedToStart");
    }

    @Test
    void withoutASubnetMapSubnetsAreReportedNotApplied() {
        applyText("""
                apiVersion: berth.dev/v1alpha1
                kind: TaskDefinition
                metadata: {name: plain}
                spec:
                  cpu: 256
                  memory: 512
                  containerDefinitions: [{name: app, image: busybox}]
                ---
                apiVersion: berth.dev/v1alpha1
                kind: Task
                metadata: {name: anywhere}
                spec:
                  taskDefinition: plain
                  networkConfiguration:
                    awsvpcConfiguration: {subnets: [subnet-1]}
                """);

        TaskStatus running = awaitLastStatus("anywhere", LastStatus.RUNNING);
        assertThat(condition(running.conditions, "UnsupportedFields").getMessage()).isEqualTo(
                "networkConfiguration.awsvpcConfiguration.subnets: not applied; Cluster default maps no subnets to zones"
                        + " (spec.subnets)");
        assertThat(client.pods().inNamespace(ns).withName("anywhere").get().getSpec().getAffinity()).isNull();
    }

    @Test
    void ecsNetworkRulesAreCheckedAtApplyTimeNamingTheField() {
        Map<String, String> refused = Map.of(
                "{networkMode: awsvpc, containerDefinitions: [{name: a, image: nginx, memory: 64,"
                        + " portMappings: [{containerPort: 80, hostPort: 8080}]}]}",
                "containerDefinitions[].portMappings[].hostPort must be omitted or equal containerPort",
                "{requiresCompatibilities: [FARGATE], cpu: 256, memory: 512, containerDefinitions: [{name: a, image: nginx,"
                        + " portMappings: [{containerPort: 80, hostPort: 81}]}]}",
                "containerDefinitions[].portMappings[].hostPort must be omitted or equal containerPort",
                "{networkMode: host, requiresCompatibilities: [FARGATE], cpu: 256, memory: 512,"
                        + " containerDefinitions: [{name: a, image: nginx}]}",
                "spec.networkMode: Invalid value: networkMode must be awsvpc when requiresCompatibilities holds FARGATE",
                "{networkMode: none, containerDefinitions: [{name: a, image: nginx, memory: 64,"
                        + " portMappings: [{containerPort: 80}]}]}",
                "networkMode none allows no port mappings",
                "{networkMode: awsvpc, containerDefinitions: [{name: a, image: nginx, memory: 64, links: [b]},"
                        + " {name: b, image: nginx, memory: 64}]}",
                "containerDefinitions[].links are allowed only in the bridge network mode",
                "{networkMode: host, containerDefinitions: [{name: a, image: nginx, memory: 64,"
                        + " systemControls: [{namespace: net.core.somaxconn, value: '1024'}]}]}",
                "net.* kernel parameters cannot be set in the host network mode",
                "{networkMode: nat, containerDefinitions: [{name: a, image: nginx, memory: 64}]}",
                "spec.networkMode: Unsupported value: \"nat\"");
        refused.forEach((spec, message) -> {
            Shell.Result result = Shell.kubectl("apply", "-n", ns, "-f", manifestFile("""
                    apiVersion: berth.dev/v1alpha1
                    kind: TaskDefinition
                    metadata: {name: refused}
                    spec: %s
                    """.formatted(spec)));
            assertThat(result.exitCode()).as(spec).isNotZero();
            assertThat(result.output()).as(spec).contains(message);
        });
        applyText("""
                apiVersion: berth.dev/v1alpha1
                kind: TaskDefinition
                metadata: {name: bridged}
                spec:
                  containerDefinitions:
                    - {name: a, image: nginx, memory: 64, links: [b], portMappings: [{containerPort: 80, hostPort: 8080}]}
                    - {name: b, image: nginx, memory: 64}
                """);
    }

    private static Condition condition(List<Condition> conditions, String type) {
        return conditions.stream().filter(c -> type.equals(c.getType())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " condition in " + conditions));
    }
}
