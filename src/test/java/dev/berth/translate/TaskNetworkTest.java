package dev.berth.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.ClusterSpec;
import dev.berth.api.v1alpha1.ContainerDefinition;
import dev.berth.api.v1alpha1.ContainerDefinition.PortMapping;
import dev.berth.api.v1alpha1.EcsTaskDefinition;
import dev.berth.api.v1alpha1.NetworkMode;
import dev.berth.api.v1alpha1.TaskSpec;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HostAlias;
import io.fabric8.kubernetes.api.model.Pod;

class TaskNetworkTest {

    @Test
    void anOmittedModeIsEcsDefaultForThePlatform() {
        assertThat(TaskNetwork.mode(definition(null, "FARGATE"))).isEqualTo(NetworkMode.awsvpc);
        assertThat(TaskNetwork.mode(definition(null, "EC2"))).isEqualTo(NetworkMode.bridge);
        assertThat(TaskNetwork.mode(definition(null, null))).isEqualTo(NetworkMode.bridge);
        assertThat(TaskNetwork.mode(definition("host", "EC2"))).isEqualTo(NetworkMode.host);
    }

    @Test
    void hostModeNeedsAClusterThatAllowsHostNetworking() {
        EcsTaskDefinition host = definition("host", "EC2");
        assertThatThrownBy(() -> PodRenderer.render(TestingTaskDefinitions.input(host)))
                .isInstanceOfSatisfying(UnrunnableTask.class, e -> assertThat(e.reason()).isEqualTo("HostNetworkNotAllowed"))
                .hasMessageContaining("spec.allowHostNetwork: true");

        ClusterSpec allowing = new ClusterSpec();
        allowing.allowHostNetwork = true;
        Pod pod = PodRenderer.render(new PodInput("t1", "ns", "uid-1", new TaskSpec(), "web", 1, host, Placement.NONE,
                allowing));
        assertThat(pod.getSpec().getHostNetwork()).isTrue();
        assertThat(pod.getSpec().getDnsPolicy()).isEqualTo("ClusterFirstWithHostNet");
    }

    @Test
    void linksBecomeAliasesOfLocalhostMergedWithExtraHostsOnThatAddress() {
        EcsTaskDefinition def = TestingTaskDefinitions.fromJson("""
                {"family": "web", "networkMode": "bridge", "containerDefinitions": [
                  {"name": "web", "image": "nginx", "memory": 64, "links": ["db", "cache:Redis"],
                   "extraHosts": [{"hostname": "self", "ipAddress": "127.0.0.1"}]},
                  {"name": "db", "image": "postgres", "memory": 64, "links": ["web"]},
                  {"name": "cache", "image": "redis", "memory": 64}]}
                """);
        List<HostAlias> aliases = PodRenderer.render(TestingTaskDefinitions.input(def)).getSpec().getHostAliases();
        assertThat(aliases).singleElement().satisfies(a -> {
            assertThat(a.getIp()).isEqualTo("127.0.0.1");
            assertThat(a.getHostnames()).containsExactly("self", "db", "cache", "redis", "web");
        });
    }

    @Test
    void aLinkToNoOtherContainerOrToAnUnusableHostNameFailsNamingTheField() {
        assertThatThrownBy(() -> TaskNetwork.linkedHostNames(TestingTaskDefinitions.fromJson("""
                {"family": "web", "containerDefinitions": [{"name": "web", "image": "nginx", "memory": 64,
                  "links": ["nope:db"]}]}
                """))).isInstanceOf(UnrunnableTask.class)
                .hasMessage("containerDefinitions[0].links[0] 'nope:db' must name another container of this task"
                        + " definition ('name' or 'name:alias')");
        assertThatThrownBy(() -> TaskNetwork.linkedHostNames(TestingTaskDefinitions.fromJson("""
                {"family": "web", "containerDefinitions": [{"name": "web", "image": "nginx", "memory": 64},
                  {"name": "log_router", "image": "fluent-bit", "memory": 64, "links": ["web", "web:my_web"]}]}
                """))).isInstanceOf(UnrunnableTask.class)
                .hasMessage("containerDefinitions[1].links[1] 'web:my_web': 'my_web' cannot be a Kubernetes host alias"
                        + " (letters, digits, '-' and '.'); link with an alias such as 'web:my-web'");
        assertThat(TaskNetwork.linkedHostNames(TestingTaskDefinitions.fromJson("""
                {"family": "web", "containerDefinitions": [{"name": "web", "image": "nginx", "memory": 64,
                  "links": ["log_router:logs"]}, {"name": "log_router", "image": "fluent-bit", "memory": 64}]}
                """))).as("a name Kubernetes cannot use is left out when the link gives an alias").containsExactly("logs");
    }

    /**
     * Seeded property: for any mode and port mappings ECS accepts in it, the container ports carry exactly the host
     * ports the mode gives (host: every port on the node; bridge: the static ones; awsvpc and none: no host port), and
     * the Pod uses the node's network only in the host mode.
     */
    @Test
    void hostPortsFollowTheModeForAnyPortMappings() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        ClusterSpec allowing = new ClusterSpec();
        allowing.allowHostNetwork = true;
        for (int run = 0; run < 300; run++) {
            NetworkMode mode = NetworkMode.values()[random.nextInt(NetworkMode.values().length)];
            EcsTaskDefinition def = definition(mode.name(), "EC2");
            List<PortMapping> mappings = new ArrayList<>();
            int count = mode == NetworkMode.none ? 0 : random.nextInt(4);
            for (int p = 0; p < count; p++) {
                PortMapping mapping = new PortMapping();
                mapping.containerPort = 1 + random.nextInt(65535);
                int choice = random.nextInt(3);
                mapping.hostPort = choice == 0 ? null
                        : mode == NetworkMode.bridge ? (choice == 1 ? 0 : 1 + random.nextInt(65535)) : mapping.containerPort;
                mappings.add(mapping);
            }
            def.containerDefinitions.get(0).portMappings = mappings;
            Pod pod = PodRenderer.render(new PodInput("t1", "ns", "uid-1", new TaskSpec(), "web", 1, def, Placement.NONE,
                    allowing));
            List<ContainerPort> ports = pod.getSpec().getContainers().get(0).getPorts();
            String context = "seed " + seed + ", run " + run + ", mode " + mode + ", mappings " + TestingTaskDefinitions
                    .json(mappings);
            assertThat(ports == null ? 0 : ports.size()).as(context).isEqualTo(mappings.size());
            for (int p = 0; p < mappings.size(); p++) {
                PortMapping mapping = mappings.get(p);
                Integer expected = switch (mode) {
                    case host -> mapping.containerPort;
                    case bridge -> mapping.hostPort != null && mapping.hostPort > 0 ? mapping.hostPort : null;
                    case awsvpc, none -> null;
                };
                assertThat(ports.get(p).getContainerPort()).as(context).isEqualTo(mapping.containerPort);
                assertThat(ports.get(p).getHostPort()).as(context).isEqualTo(expected);
            }
            assertThat(pod.getSpec().getHostNetwork()).as(context).isEqualTo(mode == NetworkMode.host ? Boolean.TRUE : null);
        }
    }

    private static EcsTaskDefinition definition(String mode, String compatibility) {
        EcsTaskDefinition def = TestingTaskDefinitions.fromJson("""
                {"family": "web", "containerDefinitions": [{"name": "web", "image": "nginx", "memory": 64}]}
                """);
        def.networkMode = mode == null ? null : NetworkMode.valueOf(mode);
        def.requiresCompatibilities = compatibility == null ? null
                : List.of(EcsTaskDefinition.Compatibility.valueOf(compatibility));
        ContainerDefinition first = def.containerDefinitions.get(0);
        first.portMappings = null;
        return def;
    }
}
