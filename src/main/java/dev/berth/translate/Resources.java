package dev.berth.translate;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import dev.berth.api.v1alpha1.ContainerDefinition;
import dev.berth.api.v1alpha1.EcsTaskDefinition;
import dev.berth.taskdef.TaskSize;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;

/**
 * ECS sizes as Kubernetes resources: 1024 CPU units = 1 CPU, MiB as {@code Mi}.
 *
 * <ul>
 * <li>Task cpu/memory cap the task as a whole, which is what Pod-level resources do: they become
 * the Pod's requests and limits.</li>
 * <li>Container cpu is a relative share in ECS, never a cap: a CPU request, no CPU limit.</li>
 * <li>Container memory is the hard limit (memory limit); memoryReservation the soft one (memory
 * request). With memory alone the request equals it, as the kubelet would default it anyway.</li>
 * <li>GPU resourceRequirements become {@code nvidia.com/gpu} limits (extended resources are
 * requested through limits).</li>
 * </ul>
 */
final class Resources {

    static final String GPU_RESOURCE = "nvidia.com/gpu";
    private static final String GPU_TYPE = "GPU";

    private Resources() {
    }

    /** Pod-level requests and limits from the task size, empty when the task sets neither. */
    static Optional<ResourceRequirements> forTask(EcsTaskDefinition definition) {
        Map<String, Quantity> size = new TreeMap<>();
        if (definition.cpu != null) {
            size.put("cpu",
                    new Quantity(TaskSize.cpuQuantity(parse("cpu", definition.cpu, TaskSize.cpuUnits(definition.cpu)))));
        }
        if (definition.memory != null) {
            size.put("memory", new Quantity(
                    TaskSize.memoryQuantity(parse("memory", definition.memory, TaskSize.memoryMiB(definition.memory)))));
        }
        if (size.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ResourceRequirementsBuilder().withRequests(size).withLimits(new TreeMap<>(size)).build());
    }

    /**
     * Container requests and limits, or null when there are none.
     *
     * @param ephemeralStorageGiB the task's ephemeral storage when this container carries it, else null
     */
    static ResourceRequirements forContainer(ContainerDefinition container, Integer ephemeralStorageGiB) {
        Map<String, Quantity> requests = new TreeMap<>();
        Map<String, Quantity> limits = new TreeMap<>();
        if (container.cpu != null && container.cpu > 0) {
            requests.put("cpu", new Quantity(TaskSize.cpuQuantity(container.cpu)));
        }
        if (container.memory != null) {
            limits.put("memory", new Quantity(TaskSize.memoryQuantity(container.memory)));
        }
        Integer softMemory = container.memoryReservation != null ? container.memoryReservation : container.memory;
        if (softMemory != null) {
            requests.put("memory", new Quantity(TaskSize.memoryQuantity(softMemory)));
        }
        gpuCount(container).ifPresent(count -> limits.put(GPU_RESOURCE, new Quantity(count)));
        if (ephemeralStorageGiB != null) {
            requests.put("ephemeral-storage", new Quantity(ephemeralStorageGiB + "Gi"));
            limits.put("ephemeral-storage", new Quantity(ephemeralStorageGiB + "Gi"));
        }
        if (requests.isEmpty() && limits.isEmpty()) {
            return null;
        }
        return new ResourceRequirementsBuilder()
                .withRequests(requests.isEmpty() ? null : requests)
                .withLimits(limits.isEmpty() ? null : limits)
                .build();
    }

    /** The GPU count; {@code ALL} and other non-numbers have no Kubernetes form and are reported elsewhere. */
    private static Optional<String> gpuCount(ContainerDefinition container) {
        if (container.resourceRequirements == null) {
            return Optional.empty();
        }
        return container.resourceRequirements.stream()
                .filter(requirement -> GPU_TYPE.equals(requirement.type))
                .map(requirement -> requirement.value == null ? "" : requirement.value.trim())
                .filter(value -> value.matches("\\d+"))
                .reduce((first, last) -> last);
    }

    private static int parse(String field, IntOrString raw, Optional<Integer> parsed) {
        return parsed.orElseThrow(() -> new UnrunnableTask(UnrunnableTask.INVALID_TASK_DEFINITION,
                "task " + field + " '" + (raw.getIntVal() != null ? raw.getIntVal() : raw.getStrVal()) + "' is not a valid ECS "
                        + field + " value"));
    }
}
