package dev.berth.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

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
 * The Kubernetes Service standing in for an ECS service's load balancers and service registries (pure): it selects
 * the service's task Pods, so its endpoints are exactly the tasks that are ready (health checks are readiness
 * probes), and its DNS name is what the registries resolve to.
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

    /** Whether the ECS service asks for a Kubernetes Service at all. */
    public static boolean wanted(Service service) {
        return !targets(service).isEmpty();
    }

    /** Why the load balancers or registries do not fit the task definition, or empty when they do. */
    public static Optional<String> mismatch(Service service, EcsTaskDefinition def) {
        for (Target target : targets(service)) {
            if (target.containerName() == null) {
                continue;
            }
            Optional<ContainerDefinition> container = def.containerDefinitions.stream()
                    .filter(c -> c.name.equals(target.containerName())).findFirst();
            if (container.isEmpty()) {
                return Optional.of(target.field() + ": container " + target.containerName() + " is not in the task definition");
            }
            boolean mapped = container.get().portMappings != null
                    && container.get().portMappings.stream().anyMatch(p -> target.port().equals(p.containerPort));
            if (!mapped) {
                return Optional.of(target.field() + ": container " + target.containerName()
                        + " has no portMappings containerPort " + target.port());
            }
        }
        return Optional.empty();
    }

    public static io.fabric8.kubernetes.api.model.Service render(Service service) {
        Map<Integer, ServicePort> ports = new TreeMap<>();
        for (Target target : targets(service)) {
            String name = (target.containerName() == null ? "port" : target.containerName()) + "-" + target.port();
            ports.putIfAbsent(target.port(), new ServicePortBuilder().withName(portName(name))
                    .withProtocol("TCP").withPort(target.port()).withNewTargetPort(target.port()).build());
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
                .withPorts(List.copyOf(ports.values()))
                .endSpec()
                .build();
    }

    /** Service port names are DNS labels: lower case letters, digits and '-'. */
    private static String portName(String raw) {
        String name = raw.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("^-+|-+$", "");
        return name.length() > 63 ? name.substring(0, 63).replaceAll("-+$", "") : name;
    }

    /** A port to reach the tasks on: a load balancer's or a registry's, from the spec field it came from. */
    private record Target(String field, String containerName, Integer port) {
    }

    private static List<Target> targets(Service service) {
        List<Target> targets = new ArrayList<>();
        ServiceSpec spec = service.getSpec();
        Optional.ofNullable(spec.loadBalancers).orElse(List.of())
                .forEach(lb -> targets.add(new Target("loadBalancers", lb.containerName, lb.containerPort)));
        Optional.ofNullable(spec.serviceRegistries).orElse(List.of()).forEach(r -> targets.add(new Target(
                "serviceRegistries", r.containerPort == null ? null : r.containerName,
                r.containerPort != null ? r.containerPort : r.port)));
        return targets;
    }
}
