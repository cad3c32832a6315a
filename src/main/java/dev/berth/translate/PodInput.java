package dev.berth.translate;

import dev.berth.api.v1alpha1.EcsTaskDefinition;
import dev.berth.api.v1alpha1.TaskSpec;

/**
 * Everything {@link PodRenderer} needs to build a task's Pod.
 *
 * @param taskName name of the Task, and so of its Pod
 * @param namespace namespace of the Task and the Pod
 * @param taskUid uid of the Task, for the Pod's owner reference
 * @param task the Task's spec (cluster, startedBy, group, tags)
 * @param family task definition family
 * @param revision task definition revision the task is pinned to
 * @param taskDefinition the revision's definition with the Task's overrides already applied
 *        ({@link Overrides#apply})
 * @param placement where the capacity provider puts the task
 */
public record PodInput(String taskName, String namespace, String taskUid, TaskSpec task, String family, int revision,
        EcsTaskDefinition taskDefinition, Placement placement) {

    public PodInput {
        placement = placement == null ? Placement.NONE : placement;
    }
}
