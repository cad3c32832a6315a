package dev.berth.translate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.berth.api.v1alpha1.ContainerDefinition;
import dev.berth.api.v1alpha1.ContainerDefinition.HostEntry;
import dev.berth.api.v1alpha1.ContainerDefinition.SystemControl;
import dev.berth.api.v1alpha1.EcsTaskDefinition;
import dev.berth.api.v1alpha1.NetworkMode;
import io.fabric8.kubernetes.api.model.HostAlias;
import io.fabric8.kubernetes.api.model.HostAliasBuilder;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Sysctl;

/**
 * Settings ECS declares on containers (or the task) that Kubernetes applies to the whole Pod:
 * image pull Secrets, /etc/hosts entries (extraHosts, bridge links) and kernel parameters (volumes: {@link TaskVolumes}). Every
 * list keeps the
 * order of first appearance in the task definition, so the Pod is deterministic.
 */
final class TaskWideSettings {

    private TaskWideSettings() {
    }

    /** The execution role's pull Secret first, then each container's repository credentials, each once. */
    static List<LocalObjectReference> imagePullSecrets(EcsTaskDefinition definition) {
        Set<String> names = new LinkedHashSet<>();
        if (definition.executionRoleArn != null) {
            names.add(RoleNames.fromArn(definition.executionRoleArn));
        }
        for (ContainerDefinition container : definition.containerDefinitions) {
            if (container.repositoryCredentials != null && container.repositoryCredentials.credentialsParameter != null) {
                names.add(RoleNames.fromArn(container.repositoryCredentials.credentialsParameter));
            }
        }
        return names.isEmpty() ? null : names.stream().map(LocalObjectReference::new).toList();
    }

    /**
     * extraHosts of every container, then in the bridge mode the names links ask for as aliases of localhost
     * ({@link TaskNetwork#linkedHostNames}), one alias entry per IP, in order of first appearance.
     */
    static List<HostAlias> hostAliases(EcsTaskDefinition definition, NetworkMode mode) {
        Map<String, Set<String>> hostnamesByIp = new LinkedHashMap<>();
        for (ContainerDefinition container : definition.containerDefinitions) {
            if (container.extraHosts != null) {
                for (HostEntry entry : container.extraHosts) {
                    hostnamesByIp.computeIfAbsent(entry.ipAddress, ip -> new LinkedHashSet<>()).add(entry.hostname);
                }
            }
        }
        if (mode == NetworkMode.bridge) {
            TaskNetwork.linkedHostNames(definition)
                    .forEach(name -> hostnamesByIp.computeIfAbsent(TaskNetwork.LOCALHOST, ip -> new LinkedHashSet<>())
                            .add(name));
        }
        if (hostnamesByIp.isEmpty()) {
            return null;
        }
        List<HostAlias> aliases = new ArrayList<>();
        hostnamesByIp.forEach((ip, hostnames) -> aliases.add(
                new HostAliasBuilder().withIp(ip).withHostnames(new ArrayList<>(hostnames)).build()));
        return aliases;
    }

    /**
     * systemControls as Pod sysctls. Kernel parameters are per Pod (shared network namespace), as
     * they are task-wide on awsvpc: for a parameter set twice the last container wins, as in ECS.
     */
    static PodSecurityContext securityContext(EcsTaskDefinition definition) {
        Map<String, String> sysctls = new LinkedHashMap<>();
        for (ContainerDefinition container : definition.containerDefinitions) {
            if (container.systemControls != null) {
                for (SystemControl control : container.systemControls) {
                    if (control.namespace != null) {
                        sysctls.put(control.namespace, control.value == null ? "" : control.value);
                    }
                }
            }
        }
        if (sysctls.isEmpty()) {
            return null;
        }
        List<Sysctl> list = new ArrayList<>();
        sysctls.forEach((name, value) -> list.add(new Sysctl(name, value)));
        return new PodSecurityContextBuilder().withSysctls(list).build();
    }
}
