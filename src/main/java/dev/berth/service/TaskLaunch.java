package dev.berth.service;

/**
 * A Task to create: startedBy {@code deploymentId}, running {@code taskDefinition} on {@code capacityProvider}, on
 * {@code node} for a DAEMON service (else null: the scheduler chooses), named {@code name}. The planner decides what
 * to launch and leaves the name null; {@link ServiceTaskNames} names the decision's launches.
 */
public record TaskLaunch(String deploymentId, String taskDefinition, String capacityProvider, String node, String name)
        implements
            ServiceAction {

    public TaskLaunch(String deploymentId, String taskDefinition, String capacityProvider, String node) {
        this(deploymentId, taskDefinition, capacityProvider, node, null);
    }

    public TaskLaunch(String deploymentId, String taskDefinition, String capacityProvider) {
        this(deploymentId, taskDefinition, capacityProvider, null, null);
    }

    TaskLaunch named(String taskName) {
        return new TaskLaunch(deploymentId, taskDefinition, capacityProvider, node, taskName);
    }
}
