package dev.berth.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.EcsTaskDefinition;
import dev.berth.api.v1alpha1.PlacementConstraint;
import dev.berth.translate.Placement;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;

class DaemonNodesTest {

    private static final Placement FARGATE = new Placement("FARGATE", Map.of(), List.of());

    @Test
    void readySchedulableNodesAreEligible() {
        Node cordoned = node("b", "amd64", "local-1b", true, true);
        Node notReady = node("c", "amd64", "local-1c", false, false);
        assertThat(DaemonNodes.eligible(List.of(node("a", "amd64", "local-1a", true, false), cordoned, notReady),
                List.of(FARGATE), null, List.of())).isEqualTo(Map.of("a", "FARGATE"));
    }

    @Test
    void eachNodeGetsTheFirstProviderThatReachesIt() {
        Placement arm = new Placement("arm", Map.of("kubernetes.io/arch", "arm64"), List.of());
        var eligible = DaemonNodes.eligible(List.of(node("a", "amd64", "z", true, false), node("b", "arm64", "z", true, false)),
                List.of(arm, FARGATE), null, List.of());
        assertThat(eligible).isEqualTo(Map.of("a", "FARGATE", "b", "arm"));
    }

    @Test
    void taintsNeedTheProvidersTolerations() {
        Node gpu = new NodeBuilder(node("g", "amd64", "z", true, false)).editSpec().addNewTaint().withKey("gpu")
                .withValue("true").withEffect("NoSchedule").endTaint().endSpec().build();
        Placement tolerant = new Placement("gpu", Map.of(),
                List.of(new TolerationBuilder().withKey("gpu").withOperator("Equal").withValue("true").build()));
        assertThat(DaemonNodes.eligible(List.of(gpu), List.of(FARGATE), null, List.of())).isEmpty();
        assertThat(DaemonNodes.eligible(List.of(gpu), List.of(tolerant), null, List.of())).containsKey("g");
    }

    @Test
    void platformAndMemberOfNarrowTheNodes() {
        EcsTaskDefinition arm = new EcsTaskDefinition();
        arm.runtimePlatform = new EcsTaskDefinition.RuntimePlatform();
        arm.runtimePlatform.cpuArchitecture = EcsTaskDefinition.CpuArchitecture.ARM64;
        List<Node> nodes = List.of(node("a", "amd64", "local-1a", true, false), node("b", "amd64", "local-1b", true, false),
                node("c", "arm64", "local-1a", true, false));
        assertThat(DaemonNodes.eligible(nodes, List.of(FARGATE), arm, List.of()).keySet()).containsExactly("c");
        var zoneA = new PlacementConstraint(PlacementConstraint.Type.memberOf, "attribute:ecs.availability-zone == local-1a");
        assertThat(DaemonNodes.eligible(nodes, List.of(FARGATE), null, List.of(zoneA)).keySet()).containsExactly("a", "c");
    }

    @Test
    void heartbeatsDoNotChangeEligibility() {
        Node before = node("a", "amd64", "z", true, false);
        Node heartbeat = new NodeBuilder(before).editStatus().editFirstCondition().withLastHeartbeatTime("2026-11-22T00:00:10Z")
                .endCondition().endStatus().build();
        assertThat(DaemonNodes.sameEligibility(before, heartbeat)).isTrue();
        assertThat(DaemonNodes.sameEligibility(before, node("a", "amd64", "z", true, true))).isFalse();
    }

    static Node node(String name, String arch, String zone, boolean ready, boolean unschedulable) {
        return new NodeBuilder().withNewMetadata().withName(name)
                .withLabels(
                        Map.of("kubernetes.io/arch", arch, "kubernetes.io/os", "linux", "topology.kubernetes.io/zone", zone))
                .endMetadata().withNewSpec().withUnschedulable(unschedulable).endSpec().withNewStatus().addNewCondition()
                .withType("Ready").withStatus(ready ? "True" : "False").endCondition().endStatus().build();
    }
}
