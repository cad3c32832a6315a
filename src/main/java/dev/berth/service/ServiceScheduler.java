package dev.berth.service;

import java.util.List;
import java.util.Objects;

import dev.berth.api.v1alpha1.ServiceAutoScalingStatus;
import dev.berth.api.v1alpha1.ServiceRightSizingStatus;
import dev.berth.api.v1alpha1.ServiceStatus;
import dev.berth.events.BerthEvent;
import dev.berth.usage.RightSizing;

/**
 * The decision for one observation of a Service, pure, made of named parts in a fixed order: the ECS scheduler
 * ({@link ServicePlanner}: deployments, circuit breaker, scale-in ranking, DAEMON placement, status), then a missing
 * Cluster (which holds every launch back) or the load balancers' Kubernetes Service ({@link LoadBalancerPlan}) and
 * the discovery Services ({@link DiscoveryPlan}: serviceRegistries' headless Service, Service Connect aliases), then
 * the unsupported fields, then the autoscaler's report, then right-sizing's. The same inputs always give the same decision.
 */
public final class ServiceScheduler {

    private static final String RIGHT_SIZED = RightSizing.State.Recommended.name();

    private ServiceScheduler() {
    }

    public static ServiceDecision decide(ServiceInputs in) {
        ServiceDecision decision = ServiceDecision.of(ServicePlanner.plan(in.scheduling()), in.scheduling());
        decision = in.clusterMissing() ? ServiceReports.clusterMissing(in, decision)
                : DiscoveryPlan.apply(in, LoadBalancerPlan.apply(in, decision));
        decision = ServiceReports.unsupported(in, decision);
        return withRightSizing(in, withAutoScaling(in, decision));
    }

    /**
     * status.autoScaling is the autoscaler's, written here so the Service has one status writer: its latest report, or
     * none once spec.autoScaling is gone (desiredCount stays where it is).
     */
    private static ServiceDecision withAutoScaling(ServiceInputs in, ServiceDecision decision) {
        ServiceAutoScalingStatus next = in.service().getSpec().autoScaling == null ? null
                : in.autoScaling() != null ? in.autoScaling() : decision.status().autoScaling;
        if (next == decision.status().autoScaling) {
            return decision;
        }
        ServiceStatus status = decision.statusCopy();
        status.autoScaling = next;
        return decision.withStatus(status, List.of());
    }

    /**
     * status.rightSizing is right-sizing's latest report, written here (one status writer), with an Event when it
     * recommends a size it did not recommend before: once per change of recommendation, not per sample.
     */
    private static ServiceDecision withRightSizing(ServiceInputs in, ServiceDecision decision) {
        ServiceRightSizingStatus before = decision.status().rightSizing;
        ServiceRightSizingStatus next = in.rightSizing();
        if (next == null || next == before) {
            return decision;
        }
        ServiceStatus status = decision.statusCopy();
        status.rightSizing = next;
        boolean newRecommendation = RIGHT_SIZED.equals(next.state) && (before == null || !RIGHT_SIZED.equals(before.state)
                || !Objects.equals(before.recommendedCpu, next.recommendedCpu)
                || !Objects.equals(before.recommendedMemory, next.recommendedMemory)
                || !Objects.equals(before.cpu, next.cpu) || !Objects.equals(before.memory, next.memory));
        return decision.withStatus(status,
                newRecommendation ? List.of(BerthEvent.normal("RightSizingRecommended", next.message)) : List.of());
    }
}
