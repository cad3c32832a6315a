package dev.berth.task;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;

/**
 * What a reconcile observed: the lifecycle input, the Pod to create when one is due (with the isolating NetworkPolicy
 * of a none-mode task, null in other modes), and whether the missing cluster is {@code default}, which ECS creates on
 * first use.
 */
record TaskInputs(TaskObservation observation, Pod desiredPod, NetworkPolicy desiredIsolation, boolean createDefaultCluster) {
}
