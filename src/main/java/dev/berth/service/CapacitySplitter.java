package dev.berth.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.berth.api.v1alpha1.CapacityProviderStrategyItem;

/**
 * Splits new tasks over a capacity provider strategy (ECS 6.5): the provider with a base gets tasks until it holds
 * {@code base}, then each further task goes to the provider minimising (tasks beyond its base + 1) / weight, ties to
 * the earlier one in the strategy. Weight 0 providers get nothing beyond their base.
 */
public final class CapacitySplitter {

    private CapacitySplitter() {
    }

    /**
     * @param tasksPerProvider the tasks each provider already holds
     * @return one provider per new task, in launch order
     */
    public static List<String> assign(List<CapacityProviderStrategyItem> strategy, Map<String, Integer> tasksPerProvider,
            int newTasks) {
        Map<String, Integer> counts = new HashMap<>(tasksPerProvider);
        List<String> assigned = new ArrayList<>();
        for (int i = 0; i < newTasks; i++) {
            String provider = next(strategy, counts);
            assigned.add(provider);
            counts.merge(provider, 1, Integer::sum);
        }
        return assigned;
    }

    private static String next(List<CapacityProviderStrategyItem> strategy, Map<String, Integer> counts) {
        for (CapacityProviderStrategyItem item : strategy) {
            if (counts.getOrDefault(item.capacityProvider, 0) < base(item)) {
                return item.capacityProvider;
            }
        }
        CapacityProviderStrategyItem best = null;
        double bestScore = Double.MAX_VALUE;
        for (CapacityProviderStrategyItem item : strategy) {
            int weight = item.weight == null ? 0 : item.weight;
            if (weight <= 0) {
                continue;
            }
            int beyondBase = Math.max(0, counts.getOrDefault(item.capacityProvider, 0) - base(item));
            double score = (beyondBase + 1) / (double) weight;
            if (score < bestScore) {
                best = item;
                bestScore = score;
            }
        }
        // Without any weight (invalid for ECS, refused at admission) the tasks stay on the first provider.
        return (best == null ? strategy.get(0) : best).capacityProvider;
    }

    private static int base(CapacityProviderStrategyItem item) {
        return item.base == null ? 0 : item.base;
    }
}
