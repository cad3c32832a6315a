package dev.berth.translate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import dev.berth.api.EcsNames;
import dev.berth.api.v1alpha1.ContainerDefinition;
import dev.berth.api.v1alpha1.ContainerDefinition.Capabilities;
import dev.berth.api.v1alpha1.ContainerDefinition.HealthCheck;
import dev.berth.api.v1alpha1.ContainerDefinition.PortMapping;
import dev.berth.api.v1alpha1.ContainerDefinition.Secret;
import dev.berth.api.v1alpha1.KeyValuePair;
import dev.berth.api.v1alpha1.NetworkMode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;

/** One ECS container definition as a Kubernetes container (regular, init or sidecar). */
final class ContainerRenderer {

    static final String IMAGE_PULL_POLICY = "IfNotPresent";
    /** A native sidecar is an init container that the kubelet keeps running. */
    private static final String SIDECAR_RESTART_POLICY = "Always";

    private static final Pattern NUMERIC_ID = Pattern.compile("\\d{1,10}");
    /** Kubernetes port names (IANA service names): a letter required, no '_', no leading, trailing or double '-'. */
    private static final Pattern PORT_NAME = Pattern.compile("^(?=.*[a-z])[a-z0-9]+(-[a-z0-9]+)*$");
    private static final int MAX_PORT_NAME_LENGTH = 15;

    private ContainerRenderer() {
    }

    /**
     * @param ephemeralStorageGiB the task's ephemeral storage when this container carries it, else null
     * @param windows whether the task runs on Windows (shell of CMD-SHELL health checks)
     * @param volumes the task's volumes, which give the container its mounts
     * @param mode the task's network mode, which decides the ports' host ports
     */
    static Container render(ContainerDefinition definition, ContainerRole role, Integer ephemeralStorageGiB, boolean windows,
            TaskVolumes volumes, NetworkMode mode) {
        ContainerBuilder container = new ContainerBuilder()
                .withName(EcsNames.kubernetesName(definition.name))
                .withImage(definition.image)
                .withImagePullPolicy(IMAGE_PULL_POLICY)
                .withCommand(definition.entryPoint)
                .withArgs(definition.command)
                .withWorkingDir(definition.workingDirectory)
                .withEnv(environment(definition))
                .withPorts(ports(definition, mode))
                .withResources(Resources.forContainer(definition, ephemeralStorageGiB))
                .withVolumeMounts(volumes.mounts(definition))
                .withSecurityContext(securityContext(definition))
                .withStdin(definition.interactive)
                .withTty(definition.pseudoTerminal);
        // The kubelet rejects probes on run-to-completion init containers: their health has no meaning.
        if (HealthCheck.runs(definition.healthCheck) && role != ContainerRole.INIT) {
            container.withReadinessProbe(HealthProbes.readiness(definition.healthCheck, windows));
        }
        if (role == ContainerRole.SIDECAR || role == ContainerRole.HEALTHY_SIDECAR) {
            container.withRestartPolicy(SIDECAR_RESTART_POLICY);
        }
        if (role == ContainerRole.HEALTHY_SIDECAR) {
            container.withStartupProbe(HealthProbes.startup(definition.healthCheck, windows));
        }
        return container.build();
    }

    /** Plain variables first, in order, then the secrets (ECS keeps them in separate lists). */
    private static List<EnvVar> environment(ContainerDefinition definition) {
        List<EnvVar> env = new ArrayList<>();
        if (definition.environment != null) {
            for (KeyValuePair variable : definition.environment) {
                env.add(new EnvVarBuilder().withName(variable.name).withValue(variable.value).build());
            }
        }
        if (definition.secrets != null) {
            for (Secret secret : definition.secrets) {
                SecretReference reference = SecretReference.parse(secret.valueFrom);
                env.add(new EnvVarBuilder().withName(secret.name)
                        .withNewValueFrom()
                        .withNewSecretKeyRef().withName(reference.secretName()).withKey(reference.key()).endSecretKeyRef()
                        .endValueFrom()
                        .build());
            }
        }
        return env.isEmpty() ? null : env;
    }

    /** Host ports as the network mode gives them ({@link TaskNetwork#hostPort}). */
    private static List<ContainerPort> ports(ContainerDefinition definition, NetworkMode mode) {
        if (definition.portMappings == null || definition.portMappings.isEmpty()) {
            return null;
        }
        return definition.portMappings.stream().map(mapping -> port(mapping, mode)).toList();
    }

    private static ContainerPort port(PortMapping mapping, NetworkMode mode) {
        String protocol = mapping.protocol == null ? "TCP" : mapping.protocol.name().toUpperCase(Locale.ROOT);
        return new ContainerPortBuilder()
                .withContainerPort(mapping.containerPort)
                .withHostPort(TaskNetwork.hostPort(mode, mapping))
                .withProtocol(protocol)
                .withName(isKubernetesPortName(mapping.name) ? mapping.name : null)
                .build();
    }

    /** ECS allows port names Kubernetes rejects (e.g. with '_'); those ports stay unnamed rather than fail the Pod. */
    static boolean isKubernetesPortName(String name) {
        return name != null && name.length() <= MAX_PORT_NAME_LENGTH && PORT_NAME.matcher(name).matches();
    }

    /** Null when the definition asks for nothing, so the Pod shows no empty securityContext. */
    private static SecurityContext securityContext(ContainerDefinition definition) {
        SecurityContextBuilder context = new SecurityContextBuilder()
                .withReadOnlyRootFilesystem(definition.readonlyRootFilesystem)
                .withPrivileged(definition.privileged);
        applyUser(definition.user, context);
        Capabilities capabilities = definition.linuxParameters == null ? null : definition.linuxParameters.capabilities;
        if (capabilities != null && (capabilities.add != null || capabilities.drop != null)) {
            context.withNewCapabilities().withAdd(capabilities.add).withDrop(capabilities.drop).endCapabilities();
        }
        SecurityContext built = context.build();
        return built.equals(new SecurityContext()) ? null : built;
    }

    /**
     * {@code uid}, {@code uid:gid}: runAsUser and runAsGroup. Each part counts only when numeric:
     * Kubernetes cannot look up user or group names in the image; those are reported elsewhere.
     */
    private static void applyUser(String user, SecurityContextBuilder context) {
        if (user == null || user.isBlank()) {
            return;
        }
        String[] parts = user.trim().split(":", 2);
        if (NUMERIC_ID.matcher(parts[0]).matches()) {
            context.withRunAsUser(Long.parseLong(parts[0]));
        }
        if (parts.length == 2 && NUMERIC_ID.matcher(parts[1]).matches()) {
            context.withRunAsGroup(Long.parseLong(parts[1]));
        }
    }
}
