package dev.berth.api.v1alpha1;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.kubernetes.api.model.Condition;

/** ECS DescribeTasks, in the Task's status. Timestamps are RFC 3339. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TaskStatus {
    @JsonPropertyDescription("Generation of the spec this status describes.")
    public Long observedGeneration;

    @JsonPropertyDescription("PROVISIONING, PENDING, ACTIVATING, RUNNING, DEACTIVATING, STOPPING, DEPROVISIONING or STOPPED.")
    public LastStatus lastStatus;

    @JsonPropertyDescription("RUNNING or STOPPED.")
    public TaskSpec.DesiredStatus desiredStatus;

    @JsonPropertyDescription("HEALTHY, UNHEALTHY or UNKNOWN, from the essential containers' health checks.")
    public String healthStatus;

    @JsonPropertyDescription("The revision the task runs, pinned at creation (family:revision).")
    public String taskDefinition;

    @JsonPropertyDescription("The cluster the task runs in.")
    public String cluster;

    @JsonPropertyDescription("The capacity provider the task runs on.")
    public String capacityProviderName;

    @JsonPropertyDescription("Task CPU in CPU units.")
    public String cpu;

    @JsonPropertyDescription("Task memory in MiB.")
    public String memory;

    @JsonPropertyDescription("Exit code of the essential container that stopped the task, else of the first essential container.")
    public Integer exitCode;

    @JsonPropertyDescription("Who started the task.")
    public String startedBy;

    @JsonPropertyDescription("The task group.")
    public String group;

    @JsonPropertyDescription("The containers, with their state and exit codes.")
    public List<ContainerStatus> containers;

    @JsonPropertyDescription("Why the task stopped: TaskFailedToStart, EssentialContainerExited, UserInitiated,"
            + " ServiceSchedulerInitiated, SpotInterruption, TerminationNotice or InfrastructureHealth (its node was lost).")
    public String stopCode;

    @JsonPropertyDescription("Why the task stopped, in ECS wording.")
    public String stoppedReason;

    @JsonPropertyDescription("Name of the task's Pod.")
    public String podName;

    @JsonPropertyDescription("When the task was created.")
    public String createdAt;

    @JsonPropertyDescription("When the first image pull started (the Pod was scheduled).")
    public String pullStartedAt;

    @JsonPropertyDescription("When the last image pull finished (the last container started or failed to).")
    public String pullStoppedAt;

    @JsonPropertyDescription("When the task reached RUNNING.")
    public String startedAt;

    @JsonPropertyDescription("When the task began to stop.")
    public String stoppingAt;

    @JsonPropertyDescription("When the containers stopped executing.")
    public String executionStoppedAt;

    @JsonPropertyDescription("When the task reached STOPPED.")
    public String stoppedAt;

    @JsonPropertyDescription("What the task consumed and its estimated cost, metered as Fargate bills (per second, 1-minute"
            + " minimum). Written once when the task reaches STOPPED; final.")
    public TaskUsage usage;

    @JsonPropertyDescription("Ready (RUNNING), plus any reason the task cannot start yet.")
    public List<Condition> conditions = new ArrayList<>();

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class ContainerStatus {
        @JsonPropertyDescription("Container name.")
        public String name;

        @JsonPropertyDescription("Image.")
        public String image;

        @JsonPropertyDescription("Image digest the container runs, when known.")
        public String imageDigest;

        @JsonPropertyDescription("PENDING, RUNNING or STOPPED.")
        public String lastStatus;

        @JsonPropertyDescription("Exit code once STOPPED.")
        public Integer exitCode;

        @JsonPropertyDescription("Why the container stopped or cannot start.")
        public String reason;

        @JsonPropertyDescription("HEALTHY, UNHEALTHY or UNKNOWN (no health check, or not evaluated yet).")
        public String healthStatus;

        @JsonPropertyDescription("Whether the container is essential.")
        public Boolean essential;
    }
}
