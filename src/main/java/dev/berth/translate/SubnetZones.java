package dev.berth.translate;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import dev.berth.api.v1alpha1.ClusterSpec;
import dev.berth.api.v1alpha1.NetworkConfiguration;
import dev.berth.api.v1alpha1.TaskSpec;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;

/**
 * A task's subnets as the zones it may run in (pure; docs/networking.md). An ECS subnet lives in one availability
 * zone, so a task in subnets A and B runs in the zones of A or B: where the task's Cluster maps subnet IDs to zones
 * (spec.subnets), the subnets become required node affinity on {@value #ZONE_LABEL}, added to every node term the
 * placement constraints already ask for. A subnet the map does not hold fails the task, naming the subnet: a guessed
 * zone would run it where the user did not ask. A Cluster without a map applies no subnets (reported, not silent).
 */
public final class SubnetZones {

    static final String ZONE_LABEL = "topology.kubernetes.io/zone";

    private SubnetZones() {
    }

    /** The task's subnets, empty when it names none. */
    public static List<String> subnets(TaskSpec task) {
        NetworkConfiguration network = task.networkConfiguration;
        if (network == null || network.awsvpcConfiguration == null || network.awsvpcConfiguration.subnets == null) {
            return List.of();
        }
        return network.awsvpcConfiguration.subnets;
    }

    /** True when the task names subnets its Cluster cannot place: the Cluster maps no subnets at all. */
    public static boolean notApplied(TaskSpec task, ClusterSpec cluster) {
        return !subnets(task).isEmpty() && (cluster == null || cluster.subnets == null || cluster.subnets.isEmpty());
    }

    /**
     * The zone requirement of the task's subnets, empty when it names none or the Cluster maps none.
     *
     * @throws UnrunnableTask SubnetNotMapped for a subnet the Cluster's map does not hold
     */
    static Optional<NodeSelectorRequirement> requirement(TaskSpec task, ClusterSpec cluster) {
        List<String> subnets = subnets(task);
        if (subnets.isEmpty() || notApplied(task, cluster)) {
            return Optional.empty();
        }
        Map<String, String> zones = new TreeMap<>();
        cluster.subnets.forEach(s -> zones.putIfAbsent(s.subnetId, s.zone));
        Set<String> wanted = new LinkedHashSet<>();
        for (int i = 0; i < subnets.size(); i++) {
            String zone = zones.get(subnets.get(i));
            if (zone == null) {
                throw new UnrunnableTask("SubnetNotMapped", "networkConfiguration.awsvpcConfiguration.subnets[" + i + "] '"
                        + subnets.get(i) + "' is not a subnet of Cluster " + task.cluster + " (its spec.subnets map "
                        + String.join(", ", zones.keySet()) + ")");
            }
            wanted.add(zone);
        }
        return Optional.of(new NodeSelectorRequirementBuilder().withKey(ZONE_LABEL).withOperator("In")
                .withValues(wanted.stream().sorted().toList()).build());
    }

    /** {@code affinity} with the zone requirement added to each of its required node terms (or as the only term). */
    static Affinity constrain(Affinity affinity, NodeSelectorRequirement zones) {
        AffinityBuilder builder = affinity == null ? new AffinityBuilder() : new AffinityBuilder(affinity);
        List<NodeSelectorTerm> terms = affinity == null || affinity.getNodeAffinity() == null
                || affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null ? List.of()
                        : affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms();
        List<NodeSelectorTerm> constrained = new ArrayList<>();
        for (NodeSelectorTerm term : terms.isEmpty() ? List.of(new NodeSelectorTerm()) : terms) {
            List<NodeSelectorRequirement> requirements = new ArrayList<>(
                    term.getMatchExpressions() == null ? List.of() : term.getMatchExpressions());
            requirements.add(zones);
            constrained.add(new NodeSelectorTermBuilder(term).withMatchExpressions(requirements).build());
        }
        if (builder.hasNodeAffinity()) {
            builder.editNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
                    .withNodeSelectorTerms(constrained).endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity();
        } else {
            builder.withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
                    .withNodeSelectorTerms(constrained).endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity();
        }
        return builder.build();
    }
}
