package dev.berth.autoscaling;

import java.util.List;
import java.util.Map;

import dev.berth.api.v1alpha1.Service;

/**
 * One Service to evaluate, as the Service controller's caches have it.
 *
 * @param running its RUNNING Tasks that nobody asked to stop, with their size (what utilization is measured against)
 * @param podSelector the labels of its task Pods (the metrics.k8s.io query)
 * @param deploymentInProgress a deployment is IN_PROGRESS: scale-in waits (as ECS's)
 */
public record ScalingTarget(Service service, List<ResourceMetricsReader.RunningTask> running,
        Map<String, String> podSelector, boolean deploymentInProgress) {

    public ScalingTarget {
        running = List.copyOf(running);
        podSelector = Map.copyOf(podSelector);
    }
}
