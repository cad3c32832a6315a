package dev.berth.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.PlacementConstraint;
import dev.berth.api.v1alpha1.PlacementStrategy;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;

class PlacementRulesTest {

    private static final Map<String, String> GROUP = Map.of("berth.dev/group", "service.web");

    @Test
    void nothingAskedNothingRendered() {
        PlacementRules rules = PlacementRules.of(List.of(), List.of(new PlacementStrategy(PlacementStrategy.Type.random, null)),
                null, GROUP);
        assertThat(rules.affinity()).isNull();
        assertThat(rules.topologySpreadConstraints()).isEmpty();
    }

    @Test
    void constraintsAllApply() {
        PlacementRules rules = PlacementRules.of(List.of(memberOf("attribute:a == 1 or attribute:a == 2"),
                memberOf("attribute:b exists or attribute:c not_exists")), List.of(), null, GROUP);
        var terms = rules.affinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms();
        assertThat(terms).hasSize(4);
        assertThat(terms.get(3).getMatchExpressions()).extracting(NodeSelectorRequirement::getKey,
                NodeSelectorRequirement::getOperator).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("a", "In"),
                        org.assertj.core.groups.Tuple.tuple("c", "DoesNotExist"));
    }

    @Test
    void numericComparisonsBecomeGtAndLt() {
        var terms = PlacementRules.of(List.of(memberOf("attribute:cores >= 4 and attribute:cores <= 16")), List.of(), null,
                GROUP).affinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms();
        assertThat(terms.get(0).getMatchExpressions()).extracting(r -> r.getOperator() + r.getValues())
                .containsExactly("Gt[3]", "Lt[17]");
    }

    @Test
    void taskGroupIsPodAffinityPerNode() {
        var affinity = PlacementRules.of(List.of(memberOf("task:group == service:db")), List.of(), null, GROUP).affinity();
        assertThat(affinity.getNodeAffinity()).isNull();
        var term = affinity.getPodAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().get(0);
        assertThat(term.getTopologyKey()).isEqualTo("kubernetes.io/hostname");
        assertThat(term.getLabelSelector().getMatchExpressions().get(0).getValues()).containsExactly("service.db");
    }

    @Test
    void spreadOnHostOrAttribute() {
        var spreads = PlacementRules.of(List.of(), List.of(new PlacementStrategy(PlacementStrategy.Type.spread, "host"),
                new PlacementStrategy(PlacementStrategy.Type.spread, "attribute:ecs.instance-type")), null, GROUP)
                .topologySpreadConstraints();
        assertThat(spreads).extracting(s -> s.getTopologyKey()).containsExactly("kubernetes.io/hostname",
                "node.kubernetes.io/instance-type");
        assertThat(spreads).allSatisfy(s -> {
            assertThat(s.getWhenUnsatisfiable()).isEqualTo("ScheduleAnyway");
            assertThat(s.getLabelSelector().getMatchLabels()).isEqualTo(GROUP);
        });
    }

    @Test
    void containerInstancePinsToTheNodeInEveryAlternative() {
        var terms = PlacementRules.of(List.of(memberOf("attribute:a == 1 or attribute:b == 2")), List.of(), "node-7", GROUP)
                .affinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms();
        assertThat(terms).hasSize(2)
                .allSatisfy(t -> assertThat(t.getMatchFields().get(0).getValues()).containsExactly("node-7"));
        var alone = PlacementRules.of(List.of(), List.of(), "node-7", GROUP).affinity().getNodeAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms();
        assertThat(alone).hasSize(1);
        assertThat(alone.get(0).getMatchExpressions()).isNullOrEmpty();
    }

    @Test
    void attributesThatAreNoLabelsAreRejected() {
        assertThatThrownBy(() -> PlacementRules.of(List.of(memberOf("attribute:a/b/c == 1")), List.of(), null, GROUP))
                .hasMessageContaining("attribute:a/b/c is not a node label name");
        assertThatThrownBy(() -> PlacementRules.of(List.of(memberOf("task:group > 3")), List.of(), null, GROUP))
                .hasMessageContaining("task:group compares names");
    }

    private static PlacementConstraint memberOf(String expression) {
        return new PlacementConstraint(PlacementConstraint.Type.memberOf, expression);
    }
}
