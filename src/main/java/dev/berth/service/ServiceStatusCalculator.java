package dev.berth.service;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.berth.api.v1alpha1.ServiceDeployment;
import dev.berth.api.v1alpha1.ServiceDeployment.DeploymentStatus;
import dev.berth.api.v1alpha1.ServiceStatus;

/**
 * The status a plan writes (pure): ECS counts, the deployments with their task counts (updatedAt moved only on a real
 * change), the service events, and the Available/Progressing/Degraded conditions. The load balancer, autoscaling and
 * right-sizing parts are carried over; later parts of the decision set them.
 */
final class ServiceStatusCalculator {

    private ServiceStatusCalculator() {
    }

    static ServiceStatus status(PlanFacts f, PlanProgress p, boolean complete) {
        ServiceObservation o = f.o();
        ServiceDeployment primary = p.rollout().primary();
        ServiceStatus s = new ServiceStatus();
        s.observedGeneration = o.generation();
        s.status = o.deleting() ? "DRAINING" : "ACTIVE";
        s.desiredCount = f.bounds().desired();
        s.runningCount = (int) o.tasks().stream().filter(t -> !t.stopped() && t.running()).count();
        s.pendingCount = (int) o.tasks().stream().filter(t -> !t.stopped() && t.pending()).count();
        s.taskDefinition = primary == null ? null : primary.taskDefinition;
        s.rolloutState = primary == null ? null : primary.rolloutState;
        s.selector = f.previous().selector;
        s.loadBalancer = f.previous().loadBalancer;
        s.autoScaling = f.previous().autoScaling;
        s.rightSizing = f.previous().rightSizing;
        s.usage = f.previous().usage; // written by the service-usage controller (dev.berth.usage)
        s.deployments = deploymentRecords(f, p);
        s.lastCompletedDeployment = p.rollout().lastCompleted();
        s.capacityProviderTasks = capacityProviderTasks(o);
        s.events = ServiceEvents.record(f.previous().events, p.messages(), o.now());
        int healthy = (int) o.tasks().stream().filter(f.health()::healthy).count();
        s.conditions = ServiceConditions.of(f.previous().conditions, o.generation(), o.now(), f.bounds().desired(), healthy,
                complete, o.deleting(), s.rolloutState, primary == null ? null : primary.rolloutStateReason, p.problems());
        return s;
    }

    private static List<ServiceDeployment> deploymentRecords(PlanFacts f, PlanProgress p) {
        Map<String, ServiceDeployment> before = new TreeMap<>();
        Deployments.copy(f.previous().deployments).forEach(d -> before.put(d.id, d));
        boolean failedWithoutRollback = p.failedWithoutRollback(f);
        return p.rollout().withEach(d -> {
            List<ServiceTask> tasks = f.tasksOf(d.id);
            d.pendingCount = (int) tasks.stream().filter(t -> !t.stopped() && t.pending()).count();
            d.runningCount = (int) tasks.stream().filter(t -> !t.stopped() && t.running()).count();
            if (!DeploymentStatus.PRIMARY.equals(d.status) && !failedWithoutRollback) {
                d.desiredCount = (int) tasks.stream().filter(p::notStopping).count();
            }
            ServiceDeployment was = before.get(d.id);
            if (was == null || !Deployments.sameState(was, d)) {
                d.updatedAt = f.o().now().toString();
            }
        }).deployments();
    }

    private static Map<String, Integer> capacityProviderTasks(ServiceObservation o) {
        Map<String, Integer> counts = new TreeMap<>();
        o.tasks().stream().filter(t -> !t.stopped() && t.capacityProvider() != null)
                .forEach(t -> counts.merge(t.capacityProvider(), 1, Integer::sum));
        return counts;
    }
}
