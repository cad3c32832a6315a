package dev.berth.service;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import dev.berth.api.v1alpha1.ServiceDeployment;

/** DAEMON services (pure): one task per eligible node, each pinned to its node. */
final class DaemonPlacement {

    private DaemonPlacement() {
    }

    /**
     * The tasks to stop: those on nodes no longer eligible, and second PRIMARY tasks on a node (the one the stop order
     * ranks last is kept).
     *
     * @param live the live tasks not already being stopped, the one to keep first ({@link StopOrder} reversed)
     */
    static List<ServiceTask> surplus(List<ServiceTask> live, Map<String, String> eligibleNodes,
            Predicate<ServiceTask> primary) {
        Set<String> kept = new HashSet<>();
        return live.stream()
                .filter(t -> !eligibleNodes.containsKey(t.node()) || primary.test(t) && !kept.add(t.node())).toList();
    }

    /** Up to {@code count} launches of {@code deployment} on the eligible nodes no live task occupies, by node name. */
    static List<TaskLaunch> launches(ServiceDeployment deployment, List<ServiceTask> live, Map<String, String> eligibleNodes,
            int count) {
        Set<String> occupied = new HashSet<>();
        live.forEach(t -> occupied.add(t.node()));
        return eligibleNodes.entrySet().stream().filter(n -> !occupied.contains(n.getKey()))
                .sorted(Map.Entry.comparingByKey()).limit(count)
                .map(n -> new TaskLaunch(deployment.id, deployment.taskDefinition, n.getValue(), n.getKey())).toList();
    }
}
