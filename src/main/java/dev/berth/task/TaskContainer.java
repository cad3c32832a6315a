package dev.berth.task;

import java.util.List;

import dev.berth.api.v1alpha1.ContainerDefinition;
import dev.berth.api.v1alpha1.ContainerDefinition.HealthCheck;
import dev.berth.api.v1alpha1.EcsTaskDefinition;
import dev.berth.api.v1alpha1.TaskStatus;

/** One container of the task as the lifecycle sees it; healthCheck is null when there is none (or it is unknown). */
record TaskContainer(String name, String image, boolean essential, HealthCheck healthCheck) {

    /**
     * The task's containers in task-definition order. Without a resolved task definition, the containers recorded
     * in the previous status stand in, else the Pod's (essential, as ECS defaults).
     */
    static List<TaskContainer> of(EcsTaskDefinition definition, TaskStatus previous, PodView pod) {
        if (definition != null && definition.containerDefinitions != null) {
            return definition.containerDefinitions.stream().map(TaskContainer::of).toList();
        }
        if (previous != null && previous.containers != null && !previous.containers.isEmpty()) {
            return previous.containers.stream()
                    .map(c -> new TaskContainer(c.name, c.image, !Boolean.FALSE.equals(c.essential), null)).toList();
        }
        if (pod != null) {
            return pod.containers().stream().map(c -> new TaskContainer(c.getName(), c.getImage(), true, null)).toList();
        }
        return List.of();
    }

    private static TaskContainer of(ContainerDefinition definition) {
        return new TaskContainer(definition.name, definition.image, !Boolean.FALSE.equals(definition.essential),
                HealthCheck.runs(definition.healthCheck) ? definition.healthCheck : null);
    }
}
