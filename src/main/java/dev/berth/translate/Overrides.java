package dev.berth.translate;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.berth.api.v1alpha1.ContainerDefinition;
import dev.berth.api.v1alpha1.EcsTaskDefinition;
import dev.berth.api.v1alpha1.KeyValuePair;
import dev.berth.api.v1alpha1.TaskOverride;
import dev.berth.api.v1alpha1.TaskOverride.ContainerOverride;

/**
 * RunTask overrides applied to a task definition revision. The result is a deep copy, so the
 * revision (which lives in the informer cache and must stay immutable) is never touched.
 * Override fields Berth does not model (e.g. environmentFiles, resourceRequirements) are not
 * applied here; the reconciler reports them.
 */
public final class Overrides {

    /** Only used for copying: a round trip through a tree keeps unmodelled ECS fields too. */
    private static final ObjectMapper COPIER = new ObjectMapper();

    private Overrides() {
    }

    public static EcsTaskDefinition apply(EcsTaskDefinition definition, TaskOverride overrides) {
        EcsTaskDefinition copy = deepCopy(definition);
        if (overrides == null) {
            return copy;
        }
        if (overrides.containerOverrides != null) {
            for (ContainerOverride override : overrides.containerOverrides) {
                applyToContainer(findContainer(copy, override.name), override);
            }
        }
        if (overrides.cpu != null) {
            copy.cpu = overrides.cpu;
        }
        if (overrides.memory != null) {
            copy.memory = overrides.memory;
        }
        if (overrides.taskRoleArn != null) {
            copy.taskRoleArn = overrides.taskRoleArn;
        }
        if (overrides.executionRoleArn != null) {
            copy.executionRoleArn = overrides.executionRoleArn;
        }
        if (overrides.ephemeralStorage != null) {
            copy.ephemeralStorage = overrides.ephemeralStorage;
        }
        // The override's objects were put into the copy by reference; copy once more so the
        // result shares nothing with the Task either.
        return deepCopy(copy);
    }

    private static EcsTaskDefinition deepCopy(EcsTaskDefinition definition) {
        return COPIER.convertValue(COPIER.valueToTree(definition), EcsTaskDefinition.class);
    }

    private static ContainerDefinition findContainer(EcsTaskDefinition definition, String name) {
        return definition.containerDefinitions.stream()
                .filter(container -> container.name.equals(name))
                .findFirst()
                .orElseThrow(() -> new UnrunnableTask(UnrunnableTask.INVALID_TASK_DEFINITION,
                        "containerOverrides names container '" + name
                                + "', which task definition " + definition.family + " does not have (containers: "
                                + definition.containerDefinitions.stream().map(c -> c.name).collect(Collectors.joining(", "))
                                + ")"));
    }

    private static void applyToContainer(ContainerDefinition container, ContainerOverride override) {
        if (override.command != null) {
            container.command = override.command;
        }
        if (override.environment != null) {
            container.environment = mergeEnvironment(container.environment, override.environment);
        }
        if (override.cpu != null) {
            container.cpu = override.cpu;
        }
        if (override.memory != null) {
            container.memory = override.memory;
        }
        if (override.memoryReservation != null) {
            container.memoryReservation = override.memoryReservation;
        }
        // the task definition's rule (memoryReservation <= memory) again: an override may break it from either side,
        // and the Pod would then ask for more memory than its limit, which the API server refuses with a Pod's words
        if (container.memory != null && container.memoryReservation != null
                && container.memoryReservation > container.memory) {
            throw new UnrunnableTask("InvalidOverrides", "containerOverrides of container '" + container.name
                    + "': memoryReservation " + container.memoryReservation + " MiB exceeds memory (the hard limit) "
                    + container.memory + " MiB");
        }
    }

    /** A variable of the same name keeps its position and takes the new value; new ones go last. */
    private static List<KeyValuePair> mergeEnvironment(List<KeyValuePair> base, List<KeyValuePair> overrides) {
        List<KeyValuePair> merged = new ArrayList<>(base == null ? List.of() : base);
        for (KeyValuePair variable : overrides) {
            int existing = indexOf(merged, variable.name);
            if (existing >= 0) {
                merged.set(existing, variable);
            } else {
                merged.add(variable);
            }
        }
        return merged;
    }

    private static int indexOf(List<KeyValuePair> variables, String name) {
        for (int i = 0; i < variables.size(); i++) {
            if (variables.get(i).name.equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
