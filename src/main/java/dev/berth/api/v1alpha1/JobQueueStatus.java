package dev.berth.api.v1alpha1;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.kubernetes.api.model.Condition;

/**
 * A job queue as AWS Batch's DescribeJobQueues reports it (state, status VALID/INVALID with statusReason), plus what
 * Batch shows in its console: jobs per state and the vCPUs held in each compute environment.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class JobQueueStatus {
    @JsonPropertyDescription("Generation of the spec this status describes.")
    public Long observedGeneration;

    @JsonPropertyDescription("ENABLED or DISABLED, as the spec asks (AWS Batch state).")
    public JobQueueSpec.State state;

    @JsonPropertyDescription("VALID, or INVALID when a compute environment cannot run anything (a Cluster or"
            + " capacity provider that does not exist); statusReason says which.")
    public QueueStatus status;

    @JsonPropertyDescription("Why the queue is INVALID (the first compute environment at fault), else 'JobQueue Healthy'.")
    public String statusReason;

    @JsonPropertyDescription("Unfinished jobs of this queue by status (SUBMITTED, PENDING, RUNNABLE, STARTING, RUNNING);"
            + " each child of an array counts as one job, as AWS Batch lists array children.")
    public Map<String, Integer> jobSummary = new LinkedHashMap<>();

    @JsonPropertyDescription("vCPUs held now against this queue's maxvCpus, over all its compute environments ('2.5/25').")
    public String vcpus;

    @JsonPropertyDescription("The queue's compute environments in order, each with the vCPUs its attempts hold now.")
    public List<ComputeEnvironmentStatus> computeEnvironments;

    @JsonPropertyDescription("Ready: the queue is VALID and ENABLED.")
    public List<Condition> conditions = new ArrayList<>();

    public enum QueueStatus {
        VALID,
        INVALID
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class ComputeEnvironmentStatus {
        @JsonPropertyDescription("Position in computeEnvironmentOrder.")
        public Integer order;

        @JsonPropertyDescription("'cluster/capacityProvider' (AWS_BATCH_CE_NAME).")
        public String name;

        @JsonPropertyDescription("vCPUs held by attempts running here (Task created, not STOPPED), whichever queue"
                + " admitted them: queues naming the same compute environment share it.")
        public String vcpusInUse;

        @JsonPropertyDescription("This queue's maxvCpus for the compute environment.")
        public Integer maxvCpus;

        @JsonPropertyDescription("VALID or INVALID.")
        public QueueStatus status;

        @JsonPropertyDescription("Why the compute environment is INVALID.")
        public String statusReason;
    }
}
