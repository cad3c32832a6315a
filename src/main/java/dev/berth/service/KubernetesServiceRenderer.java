package dev.berth.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.berth.api.v1alpha1.Berth;
import dev.berth.api.v1alpha1.ContainerDefinition;
import dev.berth.api.v1alpha1.EcsTaskDefinition;
import dev.berth.api.v1alpha1.Service;
import dev.berth.api.v1alpha1.ServiceSpec;
import dev.berth.translate.Labels;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;

/**
 * The Kubernetes Service standing in for an ECS service's load balancers (pure): it selects the
 * service's task Pods, so its endpoints are exactly the tasks that are ready (health checks are
 * readiness probes). serviceRegistries resolve to its DNS name.
 */
public final class KubernetesServiceRenderer {

    private KubernetesServiceRenderer() {
    }

    public static String name(Service service) {
        ServiceSpec.KubernetesService k8s = service.getSpec().kubernetesService;
        return k8s != null && k8s.name != null ? k8s.name : service.getMetadata().getName();
    }

    public static String dnsName(Service service) {
        return name(service) + "." + service.getMetadata().getNamespace() + ".svc";
    }

    /** Pod label selector of a service's tasks: their group label, service:<name> as a label value. */
    public static Map<String, String> selector(Service service) {
        return Map.of(Berth.LABEL_GROUP, Labels.sanitizeValue("service:" + service.getMetadata().getName()).orElseThrow());
    }

    /** Why the load balancers do not fit the task definition, or empty when they do. */
    public static Optional<String> mismatch(Service service, EcsTaskDefinition def) {
        for (ServiceSpec.LoadBalancer lb : loadBalancers(service)) {
            Optional<ContainerDefinition> container = def.containerDefinitions.stream()
                    .filter(c -> c.name.equals(lb.containerName)).findFirst();
            if (container.isEmpty()) {
                return Optional.of("loadBalancers: container " + lb.containerName + " is not in the task definition");
            }
            boolean mapped = container.get().portMappings != null
                    && container.get().portMappings.stream().anyMatch(p -> lb.containerPort.equals(p.containerPort));
            if (!mapped) {
                return Optional.of("loadBalancers: container " + lb.containerName + " has no portMappings containerPort "
                        + lb.containerPort);
            }
        }
        return Optional.empty();
    }

    public static io.fabric8.kubernetes.api.model.Service render(Service service) {
        List<ServicePort> ports = new ArrayList<>();
        for (ServiceSpec.LoadBalancer lb : loadBalancers(service)) {
            ports.add(new ServicePortBuilder().withName(lb.containerName + "-" + lb.containerPort).withProtocol("TCP")
                    .withPort(lb.containerPort).withNewTargetPort(lb.containerPort).build());
        }
        ServiceSpec.KubernetesService k8s = service.getSpec().kubernetesService;
        String type = k8s != null && k8s.type != null ? k8s.type.name() : ServiceSpec.ServiceType.ClusterIP.name();
        return new ServiceBuilder()
                .withNewMetadata()
                .withName(name(service))
                .withNamespace(service.getMetadata().getNamespace())
                .addToLabels(Berth.LABEL_MANAGED_BY, Berth.MANAGED_BY)
                .addToLabels(Berth.LABEL_SERVICE, service.getMetadata().getName())
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(Berth.API_VERSION).withKind("Service")
                        .withName(service.getMetadata().getName()).withUid(service.getMetadata().getUid())
                        .withController(true).withBlockOwnerDeletion(true).build())
                .endMetadata()
                .withNewSpec()
                .withType(type)
                .withSelector(selector(service))
                .withPorts(ports)
                .endSpec()
                .build();
    }

    private static List<ServiceSpec.LoadBalancer> loadBalancers(Service service) {
        return service.getSpec().loadBalancers == null ? List.of() : service.getSpec().loadBalancers;
    }
}
