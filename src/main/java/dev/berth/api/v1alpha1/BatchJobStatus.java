package dev.berth.api.v1alpha1;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.kubernetes.api.model.Condition;

/**
 * AWS Batch DescribeJobs, in the BatchJob's status. Its size does not grow with the array: per-index outcomes are
 * index ranges, and only a bounded sample of failures is listed. Timestamps are RFC 3339.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BatchJobStatus {
    @JsonPropertyDescription("Generation of the spec this status describes.")
    public Long observedGeneration;

    @JsonPropertyDescription("The job ID (AWS_BATCH_JOB_ID): the BatchJob's uid.")
    public String jobId;

    @JsonPropertyDescription("SUBMITTED, PENDING, RUNNABLE, STARTING, RUNNING, SUCCEEDED or FAILED. An array job is"
            + " PENDING while its children run, as AWS Batch reports it.")
    public JobStatus status;

    @JsonPropertyDescription("Why the job is in its status (the failure, the cancel reason, what it waits for).")
    public String statusReason;

    @JsonPropertyDescription("The task definition revision every attempt runs (family:revision), pinned at evaluation.")
    public String taskDefinition;

    @JsonPropertyDescription("vCPUs one attempt counts against the queue's budget.")
    public String vcpus;

    @JsonPropertyDescription("When the job was submitted.")
    public String createdAt;

    @JsonPropertyDescription("When the first attempt reached RUNNING.")
    public String startedAt;

    @JsonPropertyDescription("When the job reached SUCCEEDED or FAILED.")
    public String stoppedAt;

    @JsonPropertyDescription("Whether the job was cancelled (CancelJob).")
    public Boolean isCancelled;

    @JsonPropertyDescription("Whether the job was terminated (TerminateJob).")
    public Boolean isTerminated;

    @JsonPropertyDescription("The attempts of a job that is not an array, in order.")
    public List<AttemptDetail> attempts;

    @JsonPropertyDescription("For an array job: size, counts by status, which indices succeeded and failed.")
    public ArrayStatus arrayProperties;

    @JsonPropertyDescription("Which attempt each index runs, for indices past their first attempt and not finished:"
            + " 'index:attempt' pairs, comma-separated. The operator records it before it starts the attempt.")
    public String retries;

    @JsonPropertyDescription("Indices that succeeded, as ranges ('0-6,8-12'); the index of a plain job is 0.")
    public String succeededIndexes;

    @JsonPropertyDescription("Indices that failed for good, as ranges ('7,20').")
    public String failedIndexes;

    @JsonPropertyDescription("Attempts of this job holding vCPUs now (Task created, not STOPPED), by compute"
            + " environment ('cluster/capacityProvider'); absent when none. The JobQueue status adds these up.")
    public Map<String, Integer> attemptsByComputeEnvironment;

    @JsonPropertyDescription("Ready (the job SUCCEEDED), Progressing, and why it waits (DependencyNotFound,"
            + " DependencyCycle, JobQueueNotFound, TaskDefinitionNotFound).")
    public List<Condition> conditions = new ArrayList<>();

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class AttemptDetail {
        @JsonPropertyDescription("The Task that ran the attempt (ECS taskArn).")
        public String taskName;

        @JsonPropertyDescription("Exit code of the container that stopped the task.")
        public Integer exitCode;

        @JsonPropertyDescription("The stopped container's reason, else the task's stopCode.")
        public String reason;

        @JsonPropertyDescription("The task's stoppedReason (or Batch's timeout reason).")
        public String statusReason;

        @JsonPropertyDescription("When the attempt reached RUNNING.")
        public String startedAt;

        @JsonPropertyDescription("When the attempt stopped.")
        public String stoppedAt;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class ArrayStatus {
        @JsonPropertyDescription("Number of children.")
        public Integer size;

        @JsonPropertyDescription("Children by status: SUBMITTED, PENDING, RUNNABLE, STARTING, RUNNING, SUCCEEDED, FAILED.")
        public Map<String, Integer> statusSummary = new LinkedHashMap<>();

        @JsonPropertyDescription("When statusSummary last changed.")
        public String statusSummaryLastUpdatedAt;

        @JsonPropertyDescription("The first " + FailedChild.MAX + " children that failed for good, with why.")
        public List<FailedChild> failures;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class FailedChild {
        public static final int MAX = 20;

        @JsonPropertyDescription("Array index.")
        public Integer index;

        @JsonPropertyDescription("Attempts it ran.")
        public Integer attempts;

        @JsonPropertyDescription("Exit code of its last attempt.")
        public Integer exitCode;

        @JsonPropertyDescription("Why it failed.")
        public String statusReason;
    }
}
