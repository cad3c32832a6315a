package dev.berth.service;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;

import dev.berth.api.v1alpha1.CapacityProviderStrategyItem;
import dev.berth.api.v1alpha1.ServiceSpec;
import dev.berth.api.v1alpha1.ServiceStatus;

/**
 * What every part of one plan reads and none changes: the observation, the rolling-update bounds, the health rule,
 * the previous status (empty for a new Service) and the stop order.
 */
record PlanFacts(ServiceObservation o, DeploymentBounds bounds, TaskHealth health, ServiceStatus previous,
        Comparator<ServiceTask> stopOrder) {

    private static final List<CapacityProviderStrategyItem> DEFAULT_STRATEGY = List
            .of(new CapacityProviderStrategyItem("FARGATE", 1, 0));

    static PlanFacts of(ServiceObservation o) {
        int grace = o.spec().healthCheckGracePeriodSeconds == null ? 0 : o.spec().healthCheckGracePeriodSeconds;
        TaskHealth health = new TaskHealth(o.now(), o.healthyAfterRunning(), Duration.ofSeconds(grace));
        return new PlanFacts(o, DeploymentBounds.of(o.spec(), o.deleting(), o.daemonNodes().size()), health,
                o.previous() == null ? new ServiceStatus() : o.previous(), StopOrder.of(health));
    }

    String service() {
        return o.serviceName();
    }

    boolean daemon() {
        return o.spec().schedulingStrategy == ServiceSpec.SchedulingStrategy.DAEMON;
    }

    List<ServiceTask> tasksOf(String deploymentId) {
        return o.tasks().stream().filter(t -> t.belongsTo(deploymentId)).toList();
    }

    List<CapacityProviderStrategyItem> strategy() {
        return strategy(o.spec());
    }

    /** The capacity provider strategy of the spec, FARGATE when it names none (as ECS). */
    static List<CapacityProviderStrategyItem> strategy(ServiceSpec spec) {
        List<CapacityProviderStrategyItem> strategy = spec.capacityProviderStrategy;
        return strategy == null || strategy.isEmpty() ? DEFAULT_STRATEGY : strategy;
    }
}
