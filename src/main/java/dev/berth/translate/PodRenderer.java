package dev.berth.translate;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import dev.berth.api.v1alpha1.ContainerDefinition;
import dev.berth.api.v1alpha1.EcsTaskDefinition;
import dev.berth.api.v1alpha1.NetworkMode;
import dev.berth.api.v1alpha1.PlacementConstraint;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;

/**
 * The Pod of an ECS task: a pure function of the task, its (overridden) task definition
 * revision and its placement. Same input, same Pod, byte for byte.
 *
 * <p>
 * A task runs once, so restartPolicy is Never; the operator, not the kubelet, decides what an
 * exiting essential container means. Service links are off: ECS tasks get no such variables.
 * Windows tasks get no Pod-level resources: Kubernetes rejects them for Windows Pods, and ECS
 * documents task cpu/memory as ignored for Windows containers. Container order, init containers
 * and sidecars follow {@link StartupOrder} (docs/dependson.md), volumes and mounts {@link TaskVolumes}, the network mode
 * {@link TaskNetwork} and the subnets {@link SubnetZones} (docs/networking.md). ECS names of
 * containers and volumes become Kubernetes names through {@link dev.berth.api.EcsNames}.
 */
public final class PodRenderer {

    static final int DEFAULT_STOP_TIMEOUT_SECONDS = 30;

    private PodRenderer() {
    }

    public static Pod render(PodInput in) {
        EcsTaskDefinition definition = in.taskDefinition();
        StartupOrder startup = StartupOrder.of(definition.containerDefinitions);
        boolean windows = TargetPlatform.isWindows(definition);
        String storageCarrier = ephemeralStorageCarrier(definition);
        Integer storageGiB = storageCarrier == null ? null : definition.ephemeralStorage.sizeInGiB;
        PlacementRules rules = PlacementRules.of(placementConstraints(in),
                Objects.requireNonNullElse(in.task().placementStrategy, List.of()),
                in.task().containerInstance, PodMetadata.groupSelector(in));
        TaskVolumes volumes = TaskVolumes.of(definition, in.fileSystems());
        NetworkMode mode = TaskNetwork.mode(definition);
        TaskNetwork.requireAllowed(mode, in.cluster(), in.task().cluster);
        Affinity affinity = SubnetZones.requirement(in.task(), in.cluster())
                .map(zones -> SubnetZones.constrain(rules.affinity(), zones)).orElse(rules.affinity());
        Function<ContainerDefinition, Container> toContainer = c -> ContainerRenderer.render(
                c, startup.roleOf(c.name), c.name.equals(storageCarrier) ? storageGiB : null, windows, volumes, mode);
        return new PodBuilder()
                .withMetadata(PodMetadata.render(in))
                .withNewSpec()
                .withRestartPolicy("Never")
                .withEnableServiceLinks(false)
                .withTerminationGracePeriodSeconds(terminationGracePeriodSeconds(definition))
                .withServiceAccountName(definition.taskRoleArn == null ? null : RoleNames.fromArn(definition.taskRoleArn))
                .withImagePullSecrets(TaskWideSettings.imagePullSecrets(definition))
                .withShareProcessNamespace(sharesProcessNamespace(definition) ? Boolean.TRUE : null)
                .withNodeSelector(TargetPlatform.nodeSelector(definition, in.placement()))
                .withTolerations(in.placement().tolerations().isEmpty() ? null : in.placement().tolerations())
                .withHostNetwork(TaskNetwork.hostNetwork(mode))
                .withDnsPolicy(TaskNetwork.dnsPolicy(mode))
                .withAffinity(affinity)
                .withTopologySpreadConstraints(rules.topologySpreadConstraints().isEmpty() ? null
                        : rules.topologySpreadConstraints())
                .withResources(windows ? null : Resources.forTask(definition).orElse(null))
                .withInitContainers(containers(startup.initContainers(), toContainer))
                .withContainers(containers(startup.appContainers(), toContainer))
                .withHostAliases(TaskWideSettings.hostAliases(definition, mode))
                .withSecurityContext(TaskWideSettings.securityContext(definition))
                .withVolumes(volumes.podVolumes())
                .endSpec()
                .build();
    }

    /**
     * pidMode task shares the namespace by definition. initProcessEnabled asks for a PID 1 that reaps zombies and
     * forwards signals (docker run --init); in a shared process namespace the Pod's pause process is PID 1 and reaps,
     * the closest Kubernetes has. The containers of the task then see each other's processes (docs/task-definitions.md).
     */
    private static boolean sharesProcessNamespace(EcsTaskDefinition definition) {
        return "task".equals(definition.pidMode) || definition.containerDefinitions.stream()
                .anyMatch(c -> c.linuxParameters != null && Boolean.TRUE.equals(c.linuxParameters.initProcessEnabled));
    }

    /** The task definition's memberOf constraints and the task's own: all apply. */
    private static List<PlacementConstraint> placementConstraints(PodInput in) {
        List<PlacementConstraint> all = new ArrayList<>(
                Objects.requireNonNullElse(in.taskDefinition().placementConstraints, List.of()));
        all.addAll(Objects.requireNonNullElse(in.task().placementConstraints, List.of()));
        return all;
    }

    private static List<Container> containers(List<ContainerDefinition> definitions,
            Function<ContainerDefinition, Container> toContainer) {
        return definitions.isEmpty() ? null : definitions.stream().map(toContainer).toList();
    }

    /**
     * The container that carries the task's ephemeral storage: the first essential one, which
     * runs as long as the task does. Pod-level resources do not support ephemeral-storage, so
     * the task-wide size has to sit on one container's requests and limits.
     */
    private static String ephemeralStorageCarrier(EcsTaskDefinition definition) {
        if (definition.ephemeralStorage == null || definition.ephemeralStorage.sizeInGiB == null) {
            return null;
        }
        return definition.containerDefinitions.stream()
                .filter(c -> c.essential == null || c.essential)
                .map(c -> c.name)
                .findFirst()
                .orElse(definition.containerDefinitions.get(0).name);
    }

    /** The longest stopTimeout of any container, each defaulting to ECS's 30 s, so no container is cut short. */
    private static long terminationGracePeriodSeconds(EcsTaskDefinition definition) {
        return definition.containerDefinitions.stream()
                .mapToLong(c -> c.stopTimeout == null ? DEFAULT_STOP_TIMEOUT_SECONDS : c.stopTimeout)
                .max()
                .orElse(DEFAULT_STOP_TIMEOUT_SECONDS);
    }
}
