package dev.berth.service;

import java.util.List;
import java.util.Optional;

import dev.berth.api.v1alpha1.EcsTaskDefinition;
import dev.berth.api.v1alpha1.Service;
import dev.berth.api.v1alpha1.ServiceStatus;
import dev.berth.events.BerthEvent;
import dev.berth.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;

/**
 * The Kubernetes Service of an ECS service's loadBalancers (pure): apply or delete it, and the Degraded condition when
 * it cannot be kept: the load balancers do not fit the task definition, or a Service of that name belongs to someone
 * else (it is never overwritten).
 */
final class LoadBalancerPlan {

    static final String NOT_APPLIED = "LoadBalancerNotApplied";

    private LoadBalancerPlan() {
    }

    static ServiceDecision apply(ServiceInputs in, ServiceDecision decision) {
        Service service = in.service();
        String name = KubernetesServiceRenderer.name(service);
        io.fabric8.kubernetes.api.model.Service existing = in.kubernetesService();
        boolean ours = existing != null && existing.getMetadata().getOwnerReferences().stream()
                .anyMatch(o -> o.getUid().equals(service.getMetadata().getUid()));
        ServiceStatus status = decision.statusCopy();
        if (!KubernetesServiceRenderer.wanted(service)) {
            status.loadBalancer = null;
            ServiceDecision next = decision.withStatus(status, List.of());
            return ours ? next.withAction(new ServiceAction.DeleteKubernetesService(name)) : next;
        }
        EcsTaskDefinition primary = status.taskDefinition == null ? null : in.definitions().get(status.taskDefinition);
        Optional<String> problem = primary == null ? Optional.empty() : KubernetesServiceRenderer.mismatch(service, primary);
        if (problem.isEmpty() && existing != null && !ours) {
            problem = Optional.of("a Kubernetes Service named " + name + " exists and is not managed by this service: it is"
                    + " left alone; set spec.kubernetesService.name to another name");
        }
        if (problem.isPresent()) {
            return notApplied(service, decision, status, problem.get(), in);
        }
        var desired = KubernetesServiceRenderer.render(service);
        ServiceStatus.LoadBalancerStatus lb = new ServiceStatus.LoadBalancerStatus();
        lb.serviceName = name;
        lb.dnsName = KubernetesServiceRenderer.dnsName(service);
        status.loadBalancer = lb;
        ServiceDecision next = decision.withStatus(status, List.of());
        if (existing == null) {
            return next.withAction(new ServiceAction.ApplyKubernetesService(desired, true));
        }
        boolean differs = !desired.getSpec().getPorts().equals(existing.getSpec().getPorts())
                || !desired.getSpec().getType().equals(existing.getSpec().getType())
                || !desired.getSpec().getSelector().equals(existing.getSpec().getSelector());
        return differs ? next.withAction(new ServiceAction.ApplyKubernetesService(desired, false)) : next;
    }

    /** Degraded, unless the scheduler already found a reason; a Warning when the message is new. */
    private static ServiceDecision notApplied(Service service, ServiceDecision decision, ServiceStatus status,
            String problem, ServiceInputs in) {
        if (Conditions.find(status.conditions, ServiceConditions.DEGRADED).filter(c -> "True".equals(c.getStatus()))
                .isPresent()) {
            return decision;
        }
        String previous = Conditions
                .find(service.getStatus() == null ? null : service.getStatus().conditions, ServiceConditions.DEGRADED)
                .map(Condition::getMessage).orElse(null);
        status.conditions = Conditions.with(status.conditions, ServiceConditions.DEGRADED, true, NOT_APPLIED, problem,
                in.generation(), in.now());
        return decision.withStatus(status,
                problem.equals(previous) ? List.of() : List.of(BerthEvent.warning(NOT_APPLIED, problem)));
    }
}
