package dev.berth.network;

import java.time.Instant;
import java.util.List;

import dev.berth.api.v1alpha1.SecurityGroup;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;

/**
 * What a SecurityGroup's decision reads, from the controller's caches.
 *
 * @param group the group
 * @param groups the groups of its namespace (source groups, duplicate ids)
 * @param tasks the running tasks whose Pods carry the group, sorted
 * @param policy its NetworkPolicy as it is, or null
 * @param now the time, for condition transitions
 */
public record SecurityGroupObservation(SecurityGroup group, SecurityGroupDirectory groups, List<String> tasks,
        NetworkPolicy policy, Instant now) {
}
