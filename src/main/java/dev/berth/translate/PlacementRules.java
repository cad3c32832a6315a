package dev.berth.translate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.berth.api.v1alpha1.Berth;
import dev.berth.api.v1alpha1.PlacementConstraint;
import dev.berth.api.v1alpha1.PlacementStrategy;
import dev.berth.translate.MemberOfExpression.Operator;
import dev.berth.translate.MemberOfExpression.Term;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodAffinityTermBuilder;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTermBuilder;

/**
 * ECS placement constraints and strategies as Kubernetes scheduling rules (pure; docs/placement.md).
 * <ul>
 * <li>memberOf on {@code attribute:<name>}: required node affinity on the node label (ECS attribute names map to the
 * well-known labels); on {@code task:group}: required pod (anti-)affinity per node.
 * <li>distinctInstance: required pod anti-affinity per node among the task's group.
 * <li>spread: a best-effort topology spread constraint (maxSkew 1) among the task's group, as ECS spread is a
 * preference. binpack: a preferred pod affinity to nodes already running Berth tasks, which packs tasks onto fewer
 * nodes; exact binpacking by free cpu or memory is the scheduler's MostAllocated scoring, a cluster setting. random:
 * the scheduler's own choice.
 * <li>the task's containerInstance (DAEMON services): required node affinity on the node's name, as DaemonSets do.
 * </ul>
 *
 * @param affinity null when nothing constrains the task
 * @param topologySpreadConstraints empty when nothing is spread
 */
public record PlacementRules(Affinity affinity, List<TopologySpreadConstraint> topologySpreadConstraints) {

    static final String HOSTNAME = "kubernetes.io/hostname";
    private static final Map<String, String> ECS_ATTRIBUTES = Map.of(
            "ecs.availability-zone", "topology.kubernetes.io/zone",
            "ecs.instance-type", "node.kubernetes.io/instance-type",
            "ecs.os-type", TargetPlatform.OS_LABEL,
            "ecs.cpu-architecture", TargetPlatform.ARCH_LABEL);
    private static final Map<String, String> ECS_ARCHITECTURES = Map.of("x86_64", "amd64");

    public PlacementRules {
        topologySpreadConstraints = List.copyOf(topologySpreadConstraints);
    }

    /**
     * @param group the labels that select the tasks of the same group (the task's group, else its family)
     * @throws UnrunnableTask for an expression or attribute Berth cannot express
     */
    public static PlacementRules of(List<PlacementConstraint> constraints, List<PlacementStrategy> strategies,
            String containerInstance, Map<String, String> group) {
        List<List<NodeSelectorRequirement>> nodeTerms = List.of(List.of());
        List<PodAffinityTerm> together = new ArrayList<>();
        List<PodAffinityTerm> apart = new ArrayList<>();
        for (PlacementConstraint c : constraints) {
            if (c.type == PlacementConstraint.Type.distinctInstance) {
                apart.add(perNode(new LabelSelectorBuilder().withMatchLabels(group).build()));
                continue;
            }
            MemberOfExpression expression = MemberOfExpression.parse(c.expression);
            List<List<NodeSelectorRequirement>> alternatives = expression.anyOf().stream()
                    .map(allOf -> allOf.stream().filter(t -> !t.taskGroup()).map(PlacementRules::nodeRequirement).toList())
                    .toList();
            nodeTerms = allOf(nodeTerms, alternatives);
            expression.anyOf().stream().flatMap(List::stream).filter(Term::taskGroup)
                    .forEach(t -> (negated(t.operator()) ? apart : together).add(perNode(groupSelector(t))));
        }
        List<NodeSelectorTerm> required = nodeTerms.stream()
                .filter(t -> !t.isEmpty() || containerInstance != null)
                .map(t -> nodeTerm(t, containerInstance)).toList();
        List<TopologySpreadConstraint> spreads = new ArrayList<>();
        boolean binpack = false;
        for (PlacementStrategy s : strategies) {
            switch (s.type) {
                case spread -> spreads.add(new TopologySpreadConstraintBuilder().withMaxSkew(1)
                        .withTopologyKey(spreadKey(s.field)).withWhenUnsatisfiable("ScheduleAnyway")
                        .withLabelSelector(new LabelSelectorBuilder().withMatchLabels(group).build()).build());
                case binpack -> binpack = true;
                case random -> {
                }
            }
        }
        Affinity affinity = affinity(required, together, apart, binpack);
        return new PlacementRules(affinity, spreads);
    }

    /** The node label behind an ECS attribute name. */
    static String nodeLabel(String attribute) {
        String label = ECS_ATTRIBUTES.getOrDefault(attribute, attribute);
        if (!Labels.isValidKey(label)) {
            throw new UnrunnableTask(UnrunnableTask.INVALID_TASK_DEFINITION,
                    "attribute:" + attribute + " is not a node label name");
        }
        return label;
    }

    private static String spreadKey(String field) {
        if ("instanceId".equals(field) || "host".equals(field)) {
            return HOSTNAME;
        }
        if (field == null || !field.startsWith(MemberOfExpression.ATTRIBUTE)) {
            throw new UnrunnableTask(UnrunnableTask.INVALID_TASK_DEFINITION,
                    "spread field '" + field + "': use instanceId, host or attribute:<name>");
        }
        return nodeLabel(field.substring(MemberOfExpression.ATTRIBUTE.length()));
    }

    private static NodeSelectorRequirement nodeRequirement(Term t) {
        String key = nodeLabel(t.attribute());
        List<String> values = t.values().stream()
                .map(v -> TargetPlatform.ARCH_LABEL.equals(key) ? ECS_ARCHITECTURES.getOrDefault(v, v) : v).toList();
        values.stream().filter(v -> !Labels.isValidValue(v)).findFirst().ifPresent(v -> {
            throw new UnrunnableTask(UnrunnableTask.INVALID_TASK_DEFINITION,
                    "'" + v + "' is not a node label value (attribute:" + t.attribute() + ")");
        });
        var r = new NodeSelectorRequirementBuilder().withKey(key);
        return switch (t.operator()) {
            case EQUALS, IN -> r.withOperator("In").withValues(values).build();
            case NOT_EQUALS, NOT_IN -> r.withOperator("NotIn").withValues(values).build();
            case EXISTS -> r.withOperator("Exists").build();
            case NOT_EXISTS -> r.withOperator("DoesNotExist").build();
            case GREATER -> r.withOperator("Gt").withValues(values).build();
            case AT_LEAST -> r.withOperator("Gt").withValues(String.valueOf(Long.parseLong(values.get(0)) - 1)).build();
            case LESS -> r.withOperator("Lt").withValues(values).build();
            case AT_MOST -> r.withOperator("Lt").withValues(String.valueOf(Long.parseLong(values.get(0)) + 1)).build();
        };
    }

    /** Tasks of the named groups, by the Pod label berth.dev/group (ECS group names as label values). */
    private static LabelSelector groupSelector(Term t) {
        var requirement = new LabelSelectorRequirementBuilder().withKey(Berth.LABEL_GROUP);
        if (t.operator().takesNothing()) {
            requirement.withOperator("Exists");
        } else if (t.operator().numeric()) {
            throw new UnrunnableTask(UnrunnableTask.INVALID_TASK_DEFINITION,
                    "task:group compares names: use ==, !=, in, not_in, exists or not_exists");
        } else {
            requirement.withOperator("In").withValues(
                    t.values().stream().map(v -> Labels.sanitizeValue(v).orElse("")).toList());
        }
        return new LabelSelectorBuilder().withMatchExpressions(requirement.build()).build();
    }

    private static boolean negated(Operator operator) {
        return operator == Operator.NOT_EQUALS || operator == Operator.NOT_IN || operator == Operator.NOT_EXISTS;
    }

    private static PodAffinityTerm perNode(LabelSelector selector) {
        return new PodAffinityTermBuilder().withLabelSelector(selector).withTopologyKey(HOSTNAME).build();
    }

    /** Constraints all apply: every alternative of one combined with every alternative of the other. */
    private static List<List<NodeSelectorRequirement>> allOf(List<List<NodeSelectorRequirement>> a,
            List<List<NodeSelectorRequirement>> b) {
        return a.stream().flatMap(x -> b.stream().map(y -> Stream.concat(x.stream(), y.stream()).toList())).toList();
    }

    private static NodeSelectorTerm nodeTerm(List<NodeSelectorRequirement> requirements, String containerInstance) {
        var term = new NodeSelectorTermBuilder().withMatchExpressions(requirements.isEmpty() ? null : requirements);
        if (containerInstance != null) {
            term.addNewMatchField().withKey("metadata.name").withOperator("In").withValues(containerInstance).endMatchField();
        }
        return term.build();
    }

    private static Affinity affinity(List<NodeSelectorTerm> required, List<PodAffinityTerm> together,
            List<PodAffinityTerm> apart, boolean binpack) {
        if (required.isEmpty() && together.isEmpty() && apart.isEmpty() && !binpack) {
            return null;
        }
        var affinity = new AffinityBuilder();
        if (!required.isEmpty()) {
            affinity.withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
                    .withNodeSelectorTerms(required).endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity();
        }
        if (!together.isEmpty() || binpack) {
            var pod = affinity.withNewPodAffinity();
            if (!together.isEmpty()) {
                pod.withRequiredDuringSchedulingIgnoredDuringExecution(together);
            }
            if (binpack) {
                pod.withPreferredDuringSchedulingIgnoredDuringExecution(new WeightedPodAffinityTermBuilder().withWeight(100)
                        .withPodAffinityTerm(perNode(new LabelSelectorBuilder()
                                .withMatchLabels(Map.of(Berth.LABEL_MANAGED_BY, Berth.MANAGED_BY)).build()))
                        .build());
            }
            pod.endPodAffinity();
        }
        if (!apart.isEmpty()) {
            affinity.withNewPodAntiAffinity().withRequiredDuringSchedulingIgnoredDuringExecution(apart)
                    .endPodAntiAffinity();
        }
        return affinity.build();
    }
}
