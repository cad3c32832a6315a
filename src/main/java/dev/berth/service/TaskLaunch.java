package dev.berth.service;

/** A Task to create: startedBy {@code deploymentId}, running {@code taskDefinition} on {@code capacityProvider}. */
public record TaskLaunch(String deploymentId, String taskDefinition, String capacityProvider) {
}
