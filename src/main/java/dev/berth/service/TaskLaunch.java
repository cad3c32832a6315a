package dev.berth.service;

/**
 * A Task to create: startedBy {@code deploymentId}, running {@code taskDefinition} on {@code capacityProvider}, on
 * {@code node} for a DAEMON service (else null: the scheduler chooses).
 */
public record TaskLaunch(String deploymentId, String taskDefinition, String capacityProvider, String node)
        implements
            ServiceAction {

    public TaskLaunch(String deploymentId, String taskDefinition, String capacityProvider) {
        this(deploymentId, taskDefinition, capacityProvider, null);
    }
}
