package dev.berth.api.v1alpha1;

/**
 * ECS task definition {@code networkMode}, serialised as ECS spells it. Omitted means the platform's default
 * (awsvpc when requiresCompatibilities holds FARGATE, else bridge on Linux and the Windows default network, which
 * Berth treats as bridge); {@code dev.berth.translate.TaskNetwork} resolves it. docs/networking.md.
 */
public enum NetworkMode {
    /** The task's own IP: the Pod IP. */
    awsvpc,
    /** Pod network; static host ports from portMappings[].hostPort; links as host aliases of localhost. */
    bridge,
    /** The node's network namespace (hostNetwork), where the task's Cluster allows it. */
    host,
    /** No connectivity: a NetworkPolicy with no ingress and no egress isolates the task. */
    none
}
