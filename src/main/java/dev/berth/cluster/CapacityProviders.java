package dev.berth.cluster;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.berth.api.v1alpha1.CapacityProviderStrategyItem;
import dev.berth.api.v1alpha1.Cluster;
import dev.berth.api.v1alpha1.ClusterSpec;
import dev.berth.api.v1alpha1.TaskSpec;
import dev.berth.translate.Placement;

/**
 * Chooses the capacity provider of one task (pure): the task's strategy, else FARGATE for launch
 * type FARGATE, else the cluster's default strategy, else FARGATE. Within a strategy the first task
 * goes to the provider with a base, otherwise to the one with the highest weight (ECS base/weight
 * applied to a single task). FARGATE and FARGATE_SPOT exist in every cluster and place anywhere
 * unless the Cluster redefines them.
 */
public final class CapacityProviders {

    public static final String FARGATE = "FARGATE";
    public static final String FARGATE_SPOT = "FARGATE_SPOT";
    public static final List<String> BUILT_IN = List.of(FARGATE, FARGATE_SPOT);

    private CapacityProviders() {
    }

    /** The placement of a task, or empty when the chosen provider is not in the cluster. */
    public static Optional<Placement> placement(Cluster cluster, TaskSpec task) {
        return placement(cluster, chosenProvider(cluster, task));
    }

    /** The placement of the named provider, or empty when it is not in the cluster (a null cluster has the built-ins). */
    public static Optional<Placement> placement(Cluster cluster, String name) {
        ClusterSpec spec = cluster == null ? null : cluster.getSpec();
        if (spec != null && spec.capacityProviders != null) {
            for (ClusterSpec.CapacityProvider p : spec.capacityProviders) {
                if (p.name.equals(name)) {
                    return Optional.of(new Placement(name, p.nodeSelector == null ? Map.of() : p.nodeSelector,
                            p.tolerations == null ? List.of() : p.tolerations, Boolean.TRUE.equals(p.spot)));
                }
            }
        }
        return BUILT_IN.contains(name) ? Optional.of(new Placement(name, Map.of(), List.of(), FARGATE_SPOT.equals(name)))
                : Optional.empty();
    }

    static String chosenProvider(Cluster cluster, TaskSpec task) {
        List<CapacityProviderStrategyItem> strategy = strategy(cluster, task);
        if (strategy.isEmpty()) {
            return FARGATE;
        }
        return strategy.stream().filter(s -> s.base != null && s.base > 0).findFirst()
                .or(() -> strategy.stream().max(Comparator.comparingInt(s -> s.weight == null ? 0 : s.weight)))
                .map(s -> s.capacityProvider).orElse(FARGATE);
    }

    private static List<CapacityProviderStrategyItem> strategy(Cluster cluster, TaskSpec task) {
        return strategy(cluster, task.capacityProviderStrategy, task.launchType);
    }

    /**
     * The strategy in force for a task or service: its own, else FARGATE for launch type FARGATE, else the
     * cluster's default (empty means FARGATE).
     */
    public static List<CapacityProviderStrategyItem> strategy(Cluster cluster, List<CapacityProviderStrategyItem> own,
            String launchType) {
        if (own != null && !own.isEmpty()) {
            return own;
        }
        if (FARGATE.equals(launchType)) {
            return List.of(new CapacityProviderStrategyItem(FARGATE, 1, null));
        }
        if (cluster == null || cluster.getSpec() == null || cluster.getSpec().defaultCapacityProviderStrategy == null) {
            return List.of();
        }
        return cluster.getSpec().defaultCapacityProviderStrategy;
    }
}
