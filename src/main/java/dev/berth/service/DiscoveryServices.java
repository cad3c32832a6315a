package dev.berth.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import dev.berth.api.v1alpha1.Berth;
import dev.berth.api.v1alpha1.ContainerDefinition;
import dev.berth.api.v1alpha1.EcsTaskDefinition;
import dev.berth.api.v1alpha1.Service;
import dev.berth.api.v1alpha1.ServiceSpec;
import dev.berth.api.v1alpha1.ServiceStatus;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;

/**
 * The Kubernetes Services of an ECS service's discovery (pure), besides the one of its load balancers
 * ({@link KubernetesServiceRenderer}):
 * <ul>
 * <li>{@code serviceRegistries}: a headless Service {@code <name>-tasks}; its DNS name returns one A record per ready
 * task and SRV records {@code _<port>._tcp.<name>-tasks...} with each task's port, as a Cloud Map service does;</li>
 * <li>{@code serviceConnectConfiguration}: one ClusterIP Service per client alias, named after the alias's dnsName
 * ({@link ClientAliases}), port = the alias's port, target = the container port of the services entry's portName.</li>
 * </ul>
 * Every one selects the service's task Pods, so endpoints are the ready (healthy) tasks only. An alias that cannot be
 * honoured is reported in the status, never dropped silently.
 */
final class DiscoveryServices {

    /** On every discovery Service: {@code registry} or {@code client-alias}. */
    static final String LABEL_DISCOVERY = "berth.dev/discovery";
    static final String REGISTRY = "registry";
    static final String CLIENT_ALIAS = "client-alias";

    private DiscoveryServices() {
    }

    /**
     * @param services the Services wanted, by name
     * @param status what status.discovery says, or null when there is no discovery
     */
    record Rendered(Map<String, io.fabric8.kubernetes.api.model.Service> services, ServiceStatus.DiscoveryStatus status) {
    }

    static String registryName(Service service) {
        return KubernetesServiceRenderer.name(service) + "-tasks";
    }

    /** Whether the service asks for discovery at all: a registry or a Service Connect client alias. */
    static boolean wanted(Service service) {
        return hasRegistry(service) || !aliases(service).isEmpty();
    }

    /** Every name discovery may want, known from the spec alone (what the observer looks up, what wakes the service). */
    static List<String> names(Service service) {
        List<String> names = new ArrayList<>();
        if (hasRegistry(service)) {
            names.add(registryName(service));
        }
        for (Alias alias : aliases(service)) {
            ClientAliases.serviceName(alias.dnsName(), service.getMetadata().getNamespace()).serviceName()
                    .ifPresent(names::add);
        }
        return names.stream().distinct().toList();
    }

    /**
     * @param def the task definition the service runs (its primary), or null while unknown: nothing is rendered then
     * @param existing the Kubernetes Services of {@link #names} as observed, whoever owns them
     */
    static Rendered render(Service service, EcsTaskDefinition def,
            Map<String, io.fabric8.kubernetes.api.model.Service> existing) {
        List<Alias> aliases = aliases(service);
        if (def == null || !hasRegistry(service) && aliases.isEmpty()) {
            return new Rendered(Map.of(), null);
        }
        String namespace = service.getMetadata().getNamespace();
        Map<String, io.fabric8.kubernetes.api.model.Service> services = new LinkedHashMap<>();
        ServiceStatus.DiscoveryStatus status = new ServiceStatus.DiscoveryStatus();
        if (hasRegistry(service)) {
            String name = registryName(service);
            if (foreign(service, existing.get(name))) {
                status.registryServiceName = null;
            } else {
                ServiceSpec.ServiceRegistry registry = service.getSpec().serviceRegistries.get(0);
                int port = registry.containerPort != null ? registry.containerPort : registry.port;
                String portName = (registry.containerPort != null && registry.containerName != null ? registry.containerName
                        : "port") + "-" + port;
                services.put(name, service(service, name, REGISTRY, "None", Map.of(port, port(portName, port, port))));
                status.registryServiceName = name;
                status.registryDnsName = name + "." + namespace + ".svc";
            }
        }
        Map<String, Map<Integer, ServicePort>> aliasPorts = new TreeMap<>();
        List<ServiceStatus.ClientAliasStatus> reports = new ArrayList<>();
        for (Alias alias : aliases) {
            ServiceStatus.ClientAliasStatus report = new ServiceStatus.ClientAliasStatus();
            report.dnsName = alias.dnsName();
            report.port = alias.port();
            reports.add(report);
            ClientAliases.Resolved resolved = ClientAliases.serviceName(alias.dnsName(), namespace);
            Optional<ContainerDefinition.PortMapping> target = portMapping(def, alias.portName());
            if (resolved.serviceName().isEmpty()) {
                report.notHonoured = resolved.notHonoured();
                continue;
            }
            String name = resolved.serviceName().get();
            Map<Integer, ServicePort> ports = aliasPorts.computeIfAbsent(name, n -> new TreeMap<>());
            if (target.isEmpty()) {
                report.notHonoured = "portName " + alias.portName() + " names no portMappings entry of the task definition";
            } else if (KubernetesServiceRenderer.wanted(service) && name.equals(KubernetesServiceRenderer.name(service))) {
                report.notHonoured = "the Kubernetes Service " + name + " stands for loadBalancers and serviceRegistries:"
                        + " set spec.kubernetesService.name to another name";
            } else if (name.equals(registryName(service)) && hasRegistry(service)) {
                report.notHonoured = "the Kubernetes Service " + name + " is the serviceRegistries' headless Service";
            } else if (foreign(service, existing.get(name))) {
                report.notHonoured = "a Kubernetes Service named " + name + " exists and is not managed by this service: it"
                        + " is left alone";
            } else if (ports.containsKey(alias.port())
                    && !ports.get(alias.port()).getTargetPort().getIntVal().equals(target.get().containerPort)) {
                report.notHonoured = "another alias of " + name + " already uses port " + alias.port();
            } else {
                ports.put(alias.port(), port(alias.portName() + "-" + alias.port(), alias.port(), target.get().containerPort,
                        target.get().appProtocol));
                report.serviceName = name;
            }
        }
        aliasPorts.forEach((name, ports) -> {
            if (!ports.isEmpty()) {
                services.put(name, service(service, name, CLIENT_ALIAS, null, ports));
            }
        });
        status.clientAliases = reports.isEmpty() ? null : reports;
        return new Rendered(services, status);
    }

    private static boolean foreign(Service service, io.fabric8.kubernetes.api.model.Service existing) {
        return existing != null && existing.getMetadata().getOwnerReferences().stream()
                .noneMatch(o -> o.getUid().equals(service.getMetadata().getUid()));
    }

    private static boolean hasRegistry(Service service) {
        List<ServiceSpec.ServiceRegistry> registries = service.getSpec().serviceRegistries;
        return registries != null && !registries.isEmpty();
    }

    /** A client alias with its defaults: dnsName discoveryName.namespace, discoveryName portName. */
    private record Alias(String portName, String dnsName, int port) {
    }

    private static List<Alias> aliases(Service service) {
        ServiceSpec.ServiceConnectConfiguration connect = service.getSpec().serviceConnectConfiguration;
        if (connect == null || !Boolean.TRUE.equals(connect.enabled) || connect.services == null) {
            return List.of();
        }
        String namespace = connect.namespace == null ? service.getMetadata().getNamespace() : connect.namespace;
        List<Alias> aliases = new ArrayList<>();
        for (ServiceSpec.ServiceConnectService entry : connect.services) {
            String discoveryName = entry.discoveryName != null ? entry.discoveryName : entry.portName;
            String dnsDefault = discoveryName + "." + namespace;
            if (entry.clientAliases == null || entry.clientAliases.isEmpty()) {
                continue;
            }
            for (ServiceSpec.ClientAlias alias : entry.clientAliases) {
                aliases.add(new Alias(entry.portName, alias.dnsName != null ? alias.dnsName : dnsDefault, alias.port));
            }
        }
        return aliases;
    }

    private static Optional<ContainerDefinition.PortMapping> portMapping(EcsTaskDefinition def, String portName) {
        return def.containerDefinitions.stream()
                .flatMap(c -> c.portMappings == null ? java.util.stream.Stream.<ContainerDefinition.PortMapping> empty()
                        : c.portMappings.stream())
                .filter(p -> portName.equals(p.name) && p.containerPort != null).findFirst();
    }

    private static ServicePort port(String raw, int port, int target) {
        return port(raw, port, target, null);
    }

    /** The port mapping's appProtocol becomes the Service port's, as Kubernetes spells it (cleartext HTTP/2: h2c). */
    static ServicePort port(String raw, int port, int target, String appProtocol) {
        String name = raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("^-+|-+$", "");
        name = name.length() > 63 ? name.substring(0, 63).replaceAll("-+$", "") : name;
        String kubernetesAppProtocol = appProtocol == null ? null : switch (appProtocol) {
            case "http2" -> "kubernetes.io/h2c";
            default -> appProtocol;
        };
        return new ServicePortBuilder().withName(name).withProtocol("TCP").withPort(port).withNewTargetPort(target)
                .withAppProtocol(kubernetesAppProtocol).build();
    }

    private static io.fabric8.kubernetes.api.model.Service service(Service owner, String name, String role, String clusterIp,
            Map<Integer, ServicePort> ports) {
        return new ServiceBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(owner.getMetadata().getNamespace())
                .addToLabels(Berth.LABEL_MANAGED_BY, Berth.MANAGED_BY)
                .addToLabels(Berth.LABEL_SERVICE, owner.getMetadata().getName())
                .addToLabels(LABEL_DISCOVERY, role)
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(Berth.API_VERSION).withKind("Service")
                        .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid())
                        .withController(true).withBlockOwnerDeletion(true).build())
                .endMetadata()
                .withNewSpec()
                .withType("ClusterIP")
                .withClusterIP(clusterIp)
                .withSelector(KubernetesServiceRenderer.selector(owner))
                .withPorts(List.copyOf(ports.values()))
                .endSpec()
                .build();
    }
}
