package dev.berth.task;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * What a reconcile observed: the lifecycle input, the Pod to create when one is due, and whether
 * the missing cluster is {@code default}, which ECS creates on first use.
 */
record TaskInputs(TaskObservation observation, Pod desiredPod, boolean createDefaultCluster) {
}
