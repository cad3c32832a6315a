package dev.berth.service;

import dev.berth.api.v1alpha1.ServiceStatus;

/** Copies of a ServiceStatus, so a plan never changes the status it observed. */
final class ServiceStatuses {

    private ServiceStatuses() {
    }

    /** A copy whose fields can be reassigned; lists are shared and must be replaced, not changed. */
    static ServiceStatus copy(ServiceStatus s) {
        ServiceStatus c = new ServiceStatus();
        c.observedGeneration = s.observedGeneration;
        c.status = s.status;
        c.desiredCount = s.desiredCount;
        c.runningCount = s.runningCount;
        c.pendingCount = s.pendingCount;
        c.taskDefinition = s.taskDefinition;
        c.rolloutState = s.rolloutState;
        c.selector = s.selector;
        c.deployments = s.deployments;
        c.lastCompletedDeployment = s.lastCompletedDeployment;
        c.capacityProviderTasks = s.capacityProviderTasks;
        c.loadBalancer = s.loadBalancer;
        c.events = s.events;
        c.conditions = s.conditions;
        return c;
    }
}
