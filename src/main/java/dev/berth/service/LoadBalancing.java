package dev.berth.service;

import java.time.Instant;
import java.util.Optional;

import dev.berth.api.v1alpha1.EcsTaskDefinition;
import dev.berth.api.v1alpha1.Service;
import dev.berth.api.v1alpha1.ServiceStatus;
import dev.berth.events.BerthEvent;
import dev.berth.events.EventRecorder;
import dev.berth.status.Conditions;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Keeps the Kubernetes Service of an ECS service's loadBalancers, and the Degraded condition when it
 * cannot: the load balancers do not fit the task definition, or a Service of that name belongs to
 * someone else (it is never overwritten).
 */
final class LoadBalancing {

    private LoadBalancing() {
    }

    /**
     * @param cached the Service of that name from the cache of Berth-labelled Services, or null: only then is the
     *        API server asked, to find a Service of someone else's
     */
    static ServiceStatus apply(Service service, ServiceStatus status, EcsTaskDefinition primary,
            io.fabric8.kubernetes.api.model.Service cached, KubernetesClient client, EventRecorder events, Instant now) {
        String name = KubernetesServiceRenderer.name(service);
        var services = client.services().inNamespace(service.getMetadata().getNamespace());
        boolean wanted = KubernetesServiceRenderer.wanted(service);
        io.fabric8.kubernetes.api.model.Service existing = cached != null || !wanted ? cached : services.withName(name).get();
        boolean ours = existing != null && existing.getMetadata().getOwnerReferences().stream()
                .anyMatch(o -> o.getUid().equals(service.getMetadata().getUid()));
        if (!wanted) {
            if (ours) {
                services.withName(name).delete();
            }
            status.loadBalancer = null;
            return status;
        }
        Optional<String> problem = primary == null ? Optional.empty() : KubernetesServiceRenderer.mismatch(service, primary);
        if (problem.isEmpty() && existing != null && !ours) {
            problem = Optional.of("a Kubernetes Service named " + name + " exists and is not managed by this service: it is"
                    + " left alone; set spec.kubernetesService.name to another name");
        }
        if (problem.isPresent()) {
            if (!Conditions.find(status.conditions, ServiceConditions.DEGRADED).filter(c -> "True".equals(c.getStatus()))
                    .isPresent()) {
                String previous = Conditions
                        .find(service.getStatus() == null ? null : service.getStatus().conditions, ServiceConditions.DEGRADED)
                        .map(c -> c.getMessage()).orElse(null);
                status.conditions = Conditions.with(status.conditions, ServiceConditions.DEGRADED, true,
                        "LoadBalancerNotApplied",
                        problem.get(), service.getMetadata().getGeneration(), now);
                if (!problem.get().equals(previous)) {
                    events.record(service, BerthEvent.warning("LoadBalancerNotApplied", problem.get()));
                }
            }
            return status;
        }
        var desired = KubernetesServiceRenderer.render(service);
        if (existing == null) {
            services.resource(desired).create();
        } else if (!desired.getSpec().getPorts().equals(existing.getSpec().getPorts())
                || !desired.getSpec().getType().equals(existing.getSpec().getType())
                || !desired.getSpec().getSelector().equals(existing.getSpec().getSelector())) {
            services.withName(name).edit(s -> {
                s.getSpec().setPorts(desired.getSpec().getPorts());
                s.getSpec().setType(desired.getSpec().getType());
                s.getSpec().setSelector(desired.getSpec().getSelector());
                return s;
            });
        }
        ServiceStatus.LoadBalancerStatus lb = new ServiceStatus.LoadBalancerStatus();
        lb.serviceName = name;
        lb.dnsName = KubernetesServiceRenderer.dnsName(service);
        status.loadBalancer = lb;
        return status;
    }

}
