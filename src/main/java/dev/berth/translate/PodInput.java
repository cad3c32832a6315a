package dev.berth.translate;

import java.util.List;

import dev.berth.api.v1alpha1.ClusterSpec;
import dev.berth.api.v1alpha1.ClusterSpec.FileSystem;
import dev.berth.api.v1alpha1.EcsTaskDefinition;
import dev.berth.api.v1alpha1.TaskSpec;

/**
 * Everything {@link PodRenderer} needs to build a task's Pod.
 *
 * @param taskName name of the Task, and so of its Pod
 * @param namespace namespace of the Task and the Pod
 * @param taskUid uid of the Task, for the Pod's owner reference
 * @param task the Task's spec (cluster, startedBy, group, tags, networkConfiguration)
 * @param family task definition family
 * @param revision task definition revision the task is pinned to
 * @param taskDefinition the revision's definition with the Task's overrides already applied
 *        ({@link Overrides#apply})
 * @param placement where the capacity provider puts the task
 * @param cluster the task's Cluster's spec: its file system mapping, whether it allows host networking, its subnets
 */
public record PodInput(String taskName, String namespace, String taskUid, TaskSpec task, String family, int revision,
        EcsTaskDefinition taskDefinition, Placement placement, ClusterSpec cluster) {

    public PodInput {
        placement = placement == null ? Placement.NONE : placement;
        cluster = cluster == null ? new ClusterSpec() : cluster;
    }

    /** A task whose Cluster sets nothing (no file systems, no host networking, no subnets). */
    public PodInput(String taskName, String namespace, String taskUid, TaskSpec task, String family, int revision,
            EcsTaskDefinition taskDefinition, Placement placement) {
        this(taskName, namespace, taskUid, task, family, revision, taskDefinition, placement, null);
    }

    /** The Cluster's mapping of EFS/FSx file systems to Kubernetes volumes. */
    public List<FileSystem> fileSystems() {
        return cluster.fileSystems == null ? List.of() : cluster.fileSystems;
    }
}
