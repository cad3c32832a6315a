package dev.berth.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Max;

/** One ECS deployment of a service. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ServiceDeployment {
    @JsonPropertyDescription("ecs-svc/<n>; the service's tasks carry it as startedBy.")
    public String id;

    @JsonPropertyDescription("PRIMARY (the one being rolled to) or ACTIVE (being replaced).")
    public DeploymentStatus status;

    @JsonPropertyDescription("Task definition revision of the deployment (family:revision).")
    public String taskDefinition;

    @JsonPropertyDescription("What started the deployment: the spec's taskDefinition and forceNewDeployment at the time.")
    public String trigger;

    @JsonPropertyDescription("Tasks the deployment wants.")
    @Max(2147483647)
    public Integer desiredCount;

    @JsonPropertyDescription("Its tasks on their way to RUNNING.")
    @Max(2147483647)
    public Integer pendingCount;

    @JsonPropertyDescription("Its RUNNING tasks.")
    @Max(2147483647)
    public Integer runningCount;

    @JsonPropertyDescription("Its tasks that failed to start or failed health checks since one last ran healthy.")
    @Max(2147483647)
    public Integer failedTasks;

    @JsonPropertyDescription("IN_PROGRESS, COMPLETED or FAILED.")
    public RolloutState rolloutState;

    @JsonPropertyDescription("Why, in ECS wording.")
    public String rolloutStateReason;

    @JsonPropertyDescription("When the deployment was created.")
    public String createdAt;

    @JsonPropertyDescription("When the deployment last changed.")
    public String updatedAt;

    /** ECS deployment status. */
    public enum DeploymentStatus {
        PRIMARY,
        ACTIVE,
        INACTIVE
    }

    /** ECS deployment rolloutState. */
    public enum RolloutState {
        IN_PROGRESS,
        COMPLETED,
        FAILED
    }
}
