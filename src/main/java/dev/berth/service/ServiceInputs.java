package dev.berth.service;

import java.time.Instant;
import java.util.Map;

import dev.berth.api.v1alpha1.EcsTaskDefinition;
import dev.berth.api.v1alpha1.Service;
import dev.berth.api.v1alpha1.ServiceAutoScalingStatus;
import dev.berth.api.v1alpha1.ServiceRightSizingStatus;

/**
 * Everything one decision about a Service depends on, read from caches by {@link ServiceObserver}.
 *
 * @param scheduling what the ECS scheduler core ({@link ServicePlanner}) plans from
 * @param clusterMissing the Service names a Cluster that does not exist (and is not {@code default}, which the first
 *        Task creates, as ECS creates its default cluster)
 * @param definitions the documents of the revisions the service may run (its target, its deployments', its last
 *        completed one's), by family:revision
 * @param kubernetesService the Kubernetes Service of the name its load balancers use, whoever owns it, or null
 * @param discoveryServices the Kubernetes Services of the names its discovery wants (whoever owns them) and the
 *        discovery Services it owns, by name
 * @param autoScaling the autoscaler's latest report, or null when it has none newer than the status
 * @param rightSizing right-sizing's latest report, or null when it has none since the operator started
 */
public record ServiceInputs(Service service, ServiceObservation scheduling, boolean clusterMissing,
        Map<String, EcsTaskDefinition> definitions, io.fabric8.kubernetes.api.model.Service kubernetesService,
        Map<String, io.fabric8.kubernetes.api.model.Service> discoveryServices, ServiceAutoScalingStatus autoScaling,
        ServiceRightSizingStatus rightSizing) {

    public ServiceInputs {
        definitions = Map.copyOf(definitions);
        discoveryServices = Map.copyOf(discoveryServices);
    }

    Instant now() {
        return scheduling.now();
    }

    Long generation() {
        return service.getMetadata().getGeneration();
    }
}
