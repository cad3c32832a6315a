package dev.berth.translate;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import dev.berth.api.v1alpha1.ClusterSpec;
import dev.berth.api.v1alpha1.ContainerDefinition;
import dev.berth.api.v1alpha1.ContainerDefinition.PortMapping;
import dev.berth.api.v1alpha1.EcsTaskDefinition;
import dev.berth.api.v1alpha1.EcsTaskDefinition.Compatibility;
import dev.berth.api.v1alpha1.NetworkMode;

/**
 * A task definition's ECS network mode in Kubernetes terms (pure; docs/networking.md).
 * <ul>
 * <li>awsvpc: the Pod network; the task's IP is the Pod IP. hostPort is omitted or equal to containerPort (CEL) and
 * means nothing more.
 * <li>bridge: the Pod network; a portMappings hostPort above 0 becomes the container port's hostPort (ECS's static
 * mapping), 0 or omitted is ECS's dynamic port, reached by the Pod IP; links become host aliases of 127.0.0.1, where
 * the task's containers listen (they share the Pod's network namespace).
 * <li>host: hostNetwork with dnsPolicy ClusterFirstWithHostNet, so cluster DNS keeps working; every container port is
 * a host port, so the scheduler keeps two tasks needing the same port off one node, as ECS does on an instance. Only in
 * a Cluster with allowHostNetwork: it is a privilege.
 * <li>none: the Pod network, isolated by {@link NoneModeNetworkPolicy}.
 * </ul>
 * An omitted networkMode is ECS's default for the platform: awsvpc when requiresCompatibilities holds FARGATE, else
 * bridge (Linux), and bridge for the Windows default network too (static host ports, no links); the CEL rules in
 * {@link dev.berth.api.v1alpha1.NetworkRules} resolve it the same way.
 */
public final class TaskNetwork {

    static final String LOCALHOST = "127.0.0.1";
    static final String HOST_NETWORK_DNS_POLICY = "ClusterFirstWithHostNet";
    /** A host name Kubernetes accepts in hostAliases (a DNS subdomain). */
    private static final Pattern HOST_NAME = Pattern
            .compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");
    private static final int MAX_HOST_NAME_LENGTH = 253;

    private TaskNetwork() {
    }

    /** The mode the task runs in: the definition's, else ECS's default for its platform. */
    public static NetworkMode mode(EcsTaskDefinition definition) {
        if (definition.networkMode != null) {
            return definition.networkMode;
        }
        boolean fargate = definition.requiresCompatibilities != null
                && definition.requiresCompatibilities.contains(Compatibility.FARGATE);
        return fargate ? NetworkMode.awsvpc : NetworkMode.bridge;
    }

    /** The container port's hostPort: host mode every port, bridge the static ones, else none. */
    static Integer hostPort(NetworkMode mode, PortMapping mapping) {
        return switch (mode) {
            case host -> mapping.containerPort;
            case bridge -> mapping.hostPort != null && mapping.hostPort > 0 ? mapping.hostPort : null;
            case awsvpc, none -> null;
        };
    }

    static Boolean hostNetwork(NetworkMode mode) {
        return mode == NetworkMode.host ? Boolean.TRUE : null;
    }

    static String dnsPolicy(NetworkMode mode) {
        return mode == NetworkMode.host ? HOST_NETWORK_DNS_POLICY : null;
    }

    /**
     * Fails a host-mode task whose Cluster does not allow host networking.
     *
     * @throws UnrunnableTask HostNetworkNotAllowed
     */
    static void requireAllowed(NetworkMode mode, ClusterSpec cluster, String clusterName) {
        if (mode == NetworkMode.host && (cluster == null || !Boolean.TRUE.equals(cluster.allowHostNetwork))) {
            throw new UnrunnableTask("HostNetworkNotAllowed", "networkMode host needs the node's network, which Cluster "
                    + clusterName + " does not allow: set spec.allowHostNetwork: true on the Cluster, or use awsvpc or"
                    + " bridge");
        }
    }

    /**
     * The host names links ask for, in task-definition order, each once, lower-cased (host names are
     * case-insensitive): {@code name} the linked container's name; {@code name:alias} the alias, and the name too where
     * Kubernetes accepts it as a host name (Docker writes both; the alias is the one the link asks for).
     *
     * @throws UnrunnableTask InvalidTaskDefinition for a link to no container of the task, or a name Kubernetes cannot
     *         use as a host name, naming the field
     */
    static List<String> linkedHostNames(EcsTaskDefinition definition) {
        Set<String> names = new LinkedHashSet<>();
        Set<String> containers = new LinkedHashSet<>();
        definition.containerDefinitions.forEach(c -> containers.add(c.name));
        for (int i = 0; i < definition.containerDefinitions.size(); i++) {
            ContainerDefinition container = definition.containerDefinitions.get(i);
            List<String> links = container.links == null ? List.of() : container.links;
            for (int l = 0; l < links.size(); l++) {
                String at = "containerDefinitions[" + i + "].links[" + l + "]";
                String link = links.get(l) == null ? "" : links.get(l).trim();
                String[] parts = link.split(":", 2);
                if (!containers.contains(parts[0]) || parts[0].equals(container.name)) {
                    throw new UnrunnableTask("InvalidTaskDefinition", at + " '" + link + "' must name another container"
                            + " of this task definition ('name' or 'name:alias')");
                }
                String asked = parts.length == 2 ? parts[1] : parts[0];
                if (!isHostName(asked)) {
                    throw new UnrunnableTask("InvalidTaskDefinition", at + " '" + link + "': '" + asked + "' cannot be a"
                            + " Kubernetes host alias (letters, digits, '-' and '.'); link with an alias such as '"
                            + parts[0] + ":" + suggestion(asked) + "'");
                }
                if (parts.length == 2 && isHostName(parts[0])) {
                    names.add(parts[0].toLowerCase(Locale.ROOT));
                }
                names.add(asked.toLowerCase(Locale.ROOT));
            }
        }
        return List.copyOf(names);
    }

    private static boolean isHostName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.length() <= MAX_HOST_NAME_LENGTH && HOST_NAME.matcher(lower).matches();
    }

    private static String suggestion(String name) {
        String cleaned = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-").replaceAll("^[-.]+|[-.]+$", "");
        return cleaned.isEmpty() ? "peer" : cleaned;
    }
}
