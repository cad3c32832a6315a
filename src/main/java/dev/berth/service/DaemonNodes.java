package dev.berth.service;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import dev.berth.api.v1alpha1.EcsTaskDefinition;
import dev.berth.api.v1alpha1.PlacementConstraint;
import dev.berth.translate.Placement;
import dev.berth.translate.PlacementRules;
import dev.berth.translate.TargetPlatform;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;

/**
 * The nodes a DAEMON service runs a task on (pure): Ready and schedulable (ECS: ACTIVE container instances), reached by
 * one of its capacity providers (the Pods' node selector: provider plus the task definition's operating system and
 * architecture; tolerations of NoSchedule and NoExecute taints), and allowed by its memberOf constraints on node attributes.
 * Each
 * node gets the first provider of the strategy that reaches it.
 */
final class DaemonNodes {

    private DaemonNodes() {
    }

    /**
     * @param providers the placements of the service's capacity providers, in strategy order
     * @param definition the task definition the tasks run (null when unknown: no platform restriction)
     * @return node name -> capacity provider
     */
    static Map<String, String> eligible(List<Node> nodes, List<Placement> providers, EcsTaskDefinition definition,
            List<PlacementConstraint> constraints) {
        List<NodeSelectorTerm> terms = requiredTerms(constraints);
        Map<String, String> eligible = new TreeMap<>();
        for (Node node : nodes) {
            if (!ready(node) || !matchesAny(node, terms)) {
                continue;
            }
            providers.stream().filter(p -> reaches(p, definition, node)).findFirst()
                    .ifPresent(p -> eligible.put(node.getMetadata().getName(), p.capacityProvider()));
        }
        return eligible;
    }

    /** Whether the two versions of a node are equally eligible for every service (heartbeats change nothing). */
    static boolean sameEligibility(Node a, Node b) {
        return ready(a) == ready(b) && Objects.equals(labels(a), labels(b))
                && Objects.equals(a.getSpec() == null ? null : a.getSpec().getTaints(),
                        b.getSpec() == null ? null : b.getSpec().getTaints());
    }

    private static boolean ready(Node node) {
        boolean unschedulable = node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
        boolean ready = node.getStatus() != null && node.getStatus().getConditions() != null && node.getStatus()
                .getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        return ready && !unschedulable && node.getMetadata().getDeletionTimestamp() == null;
    }

    /** The node matches the node selector the task Pods get (provider plus platform) and tolerates its taints. */
    private static boolean reaches(Placement provider, EcsTaskDefinition definition, Node node) {
        Map<String, String> labels = labels(node);
        Map<String, String> selector = definition == null ? provider.nodeSelector()
                : TargetPlatform.nodeSelector(definition, provider);
        boolean selected = selector == null || selector.entrySet().stream()
                .allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
        List<Taint> taints = node.getSpec() == null || node.getSpec().getTaints() == null ? List.of()
                : node.getSpec().getTaints();
        return selected && taints.stream().filter(t -> !"PreferNoSchedule".equals(t.getEffect()))
                .allMatch(t -> provider.tolerations().stream().anyMatch(tol -> tolerates(tol, t)));
    }

    private static boolean tolerates(Toleration toleration, Taint taint) {
        boolean effect = toleration.getEffect() == null || toleration.getEffect().isEmpty()
                || toleration.getEffect().equals(taint.getEffect());
        boolean key = toleration.getKey() == null || toleration.getKey().isEmpty()
                || toleration.getKey().equals(taint.getKey());
        boolean value = "Exists".equals(toleration.getOperator())
                || Objects.equals(Objects.requireNonNullElse(toleration.getValue(), ""),
                        Objects.requireNonNullElse(taint.getValue(), ""));
        return effect && key && value;
    }

    /** The node affinity the task Pods get from these constraints (no terms: any node). */
    private static List<NodeSelectorTerm> requiredTerms(List<PlacementConstraint> constraints) {
        var affinity = PlacementRules.of(constraints, List.of(), null, Map.of()).affinity();
        if (affinity == null || affinity.getNodeAffinity() == null) {
            return List.of();
        }
        return affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms();
    }

    private static boolean matchesAny(Node node, List<NodeSelectorTerm> terms) {
        return terms.isEmpty() || terms.stream().anyMatch(t -> t.getMatchExpressions().stream()
                .allMatch(r -> matches(r, labels(node).get(r.getKey()))));
    }

    private static boolean matches(NodeSelectorRequirement r, String value) {
        return switch (r.getOperator()) {
            case "In" -> value != null && r.getValues().contains(value);
            case "NotIn" -> value == null || !r.getValues().contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            case "Gt" -> integer(value) != null && integer(value) > Long.parseLong(r.getValues().get(0));
            case "Lt" -> integer(value) != null && integer(value) < Long.parseLong(r.getValues().get(0));
            default -> false;
        };
    }

    private static Long integer(String value) {
        try {
            return value == null ? null : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Map<String, String> labels(Node node) {
        return node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
    }
}
