package dev.berth.api.v1alpha1;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.kubernetes.api.model.Condition;

/** What a person asks of a schedule: when it runs next, how its last runs went. Timestamps are RFC 3339 (UTC). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ScheduledTaskStatus {
    @JsonPropertyDescription("Generation of the spec this status describes.")
    public Long observedGeneration;

    @JsonPropertyDescription("When the next run starts (its fire time plus its flexible-window offset); empty when none is left.")
    public String nextRunTime;

    @JsonPropertyDescription("Fire time of the latest run that started Tasks.")
    public String lastRunTime;

    @JsonPropertyDescription("Result of the latest finished run: SUCCEEDED, FAILED or FAILED_TO_START.")
    public RunResult lastResult;

    @JsonPropertyDescription("The latest fire time handled (run, skipped or missed): the operator's cursor, so a"
            + " restart neither repeats nor loses a fire time.")
    public String lastScheduledTime;

    @JsonPropertyDescription("Runs whose Tasks all exited with code 0.")
    public Long succeededRuns = 0L;

    @JsonPropertyDescription("Runs that finished otherwise (a non-zero exit code, stopped) or whose Tasks could not start"
            + " within the retry policy.")
    public Long failedRuns = 0L;

    @JsonPropertyDescription("Fire times skipped by concurrencyPolicy Forbid.")
    public Long skippedRuns = 0L;

    @JsonPropertyDescription("Fire times not run because they were older than retryPolicy.maximumEventAgeInSeconds when"
            + " the operator could handle them (it was down).")
    public Long missedRuns = 0L;

    @JsonPropertyDescription("The active runs and the latest finished, skipped and missed ones, newest first.")
    public List<Run> runs = new ArrayList<>();

    @JsonPropertyDescription("Ready: the schedule is valid, enabled and has a fire time left; Degraded: the latest run"
            + " failed or the schedule cannot be evaluated.")
    public List<Condition> conditions = new ArrayList<>();

    public enum RunResult {
        /** Tasks are being created or run. */
        RUNNING,
        /** A Task failed to start and is retried at {@link Run#nextAttemptTime}. */
        RETRYING,
        SUCCEEDED,
        FAILED,
        /** Retries exhausted: the dead-letter record is in {@link Run#deadLetter}. */
        FAILED_TO_START,
        SKIPPED,
        MISSED;

        public boolean finished() {
            return this != RUNNING && this != RETRYING;
        }
    }

    /** One fire time and what became of it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Run {
        @JsonPropertyDescription("The fire time (RFC 3339, UTC).")
        public String fireTime;

        @JsonPropertyDescription("RUNNING, RETRYING, SUCCEEDED, FAILED, FAILED_TO_START, SKIPPED or MISSED.")
        public RunResult result;

        @JsonPropertyDescription("Why it was skipped, missed or failed.")
        public String message;

        @JsonPropertyDescription("For MISSED: how many fire times this entry stands for (the operator was down).")
        public Long count;

        @JsonPropertyDescription("The run's Tasks, one per taskCount index and retry attempt.")
        public List<RunTask> tasks;

        @JsonPropertyDescription("For RETRYING: when the next attempt starts.")
        public String nextAttemptTime;

        @JsonPropertyDescription("For FAILED_TO_START: the failed invocation, as EventBridge sends it to a dead-letter queue.")
        public DeadLetter deadLetter;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class RunTask {
        @JsonPropertyDescription("Task name (deterministic per fire time, index and attempt).")
        public String name;

        @JsonPropertyDescription("Index among the run's taskCount Tasks.")
        public Integer index;

        @JsonPropertyDescription("0 for the first attempt, n for the n-th retry.")
        public Integer attempt;

        @JsonPropertyDescription("The Task's lastStatus as last seen (empty until the Task is seen).")
        public LastStatus lastStatus;

        @JsonPropertyDescription("The Task's exit code.")
        public Integer exitCode;

        @JsonPropertyDescription("The Task's stopCode.")
        public String stopCode;

        @JsonPropertyDescription("The Task's stoppedReason.")
        public String stoppedReason;

        @JsonPropertyDescription("When the Task stopped (the retry back-off counts from it).")
        public String stoppedAt;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class DeadLetter {
        @JsonPropertyDescription("Why the last attempt failed to start (the Task's stoppedReason).")
        public String errorMessage;

        @JsonPropertyDescription("MaximumRetryAttempts or MaximumEventAgeInSeconds.")
        public String exhaustedRetryCondition;

        @JsonPropertyDescription("Retries made.")
        public Integer retryAttempts;
    }
}
