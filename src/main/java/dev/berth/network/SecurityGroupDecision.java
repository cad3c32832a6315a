package dev.berth.network;

import java.util.List;

import dev.berth.api.v1alpha1.SecurityGroupStatus;
import dev.berth.events.BerthEvent;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;

/**
 * @param status the group's next status
 * @param apply the NetworkPolicy to create ({@code create}) or update, or null when it is as wanted
 * @param create whether {@code apply} is new
 * @param events what to tell about it
 */
public record SecurityGroupDecision(SecurityGroupStatus status, NetworkPolicy apply, boolean create, List<BerthEvent> events) {
}
