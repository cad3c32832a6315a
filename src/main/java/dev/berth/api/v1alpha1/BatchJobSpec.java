package dev.berth.api.v1alpha1;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** AWS Batch SubmitJob, with a Berth task definition in place of a Batch job definition. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(oldSelf.desiredStatus) || oldSelf.desiredStatus == 'RUNNING' || self.desiredStatus == oldSelf.desiredStatus"
        + " || self.desiredStatus == 'TERMINATED'", message = "desiredStatus: a cancelled or terminated job cannot run again (CANCELLED may still become TERMINATED): submit a new BatchJob", fieldPath = ".desiredStatus")
public class BatchJobSpec {

    private static final String IMMUTABLE = "self == oldSelf";

    @Required
    @Pattern("^[A-Za-z0-9_-]{1,128}$")
    @ValidationRule(value = IMMUTABLE, message = "jobQueue is immutable: submit a new BatchJob")
    @JsonPropertyDescription("Name of the JobQueue (in this namespace) the job is submitted to.")
    public String jobQueue;

    @Required
    @Pattern("^[A-Za-z0-9_-]{1,255}(:[1-9][0-9]{0,8})?$")
    @ValidationRule(value = IMMUTABLE, message = "taskDefinition is immutable: submit a new BatchJob")
    @JsonPropertyDescription("Task definition to run (in place of Batch's jobDefinition): 'family' (its latest ACTIVE"
            + " revision, pinned when the job is first evaluated) or 'family:revision'.")
    public String taskDefinition;

    @ValidationRule(value = IMMUTABLE, message = "arrayProperties is immutable: submit a new BatchJob")
    @JsonPropertyDescription("Makes this an array job of size children, each with AWS_BATCH_JOB_ARRAY_INDEX 0..size-1.")
    public ArrayProperties arrayProperties;

    @Size(max = 20)
    @ValidationRule(value = IMMUTABLE, message = "dependsOn is immutable: submit a new BatchJob")
    @JsonPropertyDescription("Jobs this job waits for (at most 20): a job name (whole job, or N_TO_N child by child), or"
            + " type SEQUENTIAL without a name (child i waits for child i-1 of this array). A failed dependency fails"
            + " the job.")
    public List<JobDependency> dependsOn;

    @ValidationRule(value = IMMUTABLE, message = "parameters are immutable: submit a new BatchJob")
    @JsonPropertyDescription("Values for the Ref::name placeholders of the container command (elements that are"
            + " exactly Ref::name are replaced, as AWS Batch does).")
    public Map<String, String> parameters;

    @ValidationRule(value = IMMUTABLE, message = "containerOverrides are immutable: submit a new BatchJob")
    @JsonPropertyDescription("Command, environment and VCPU/MEMORY for the job's container.")
    public ContainerOverrides containerOverrides;

    @ValidationRule(value = IMMUTABLE, message = "retryStrategy is immutable: submit a new BatchJob")
    @JsonPropertyDescription("How many attempts a job (each array child) gets, and which exits are retried.")
    public RetryStrategy retryStrategy;

    @ValidationRule(value = IMMUTABLE, message = "timeout is immutable: submit a new BatchJob")
    @JsonPropertyDescription("Attempt timeout: an attempt running longer is stopped and fails (not retried).")
    public JobTimeout timeout;

    @JsonPropertyDescription("Copy the job's tags to its Tasks (and from them to the Pods' labels where valid).")
    public Boolean propagateTags;

    @Size(max = 50)
    @JsonPropertyDescription("Tags of the job (at most 50).")
    public Map<String, String> tags;

    @Default("RUNNING")
    @JsonPropertyDescription("RUNNING; CANCELLED (CancelJob: nothing new starts, running attempts finish, the job"
            + " FAILS); TERMINATED (TerminateJob: running attempts are stopped too).")
    public DesiredStatus desiredStatus = DesiredStatus.RUNNING;

    @Size(max = 1024)
    @JsonPropertyDescription("The reason given to CancelJob / TerminateJob: becomes the statusReason.")
    public String reason;

    public enum DesiredStatus {
        RUNNING,
        CANCELLED,
        TERMINATED
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class ArrayProperties {
        @Required
        @Min(2)
        @Max(10000)
        @JsonPropertyDescription("Number of children, 2 to 10,000.")
        public Integer size;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @ValidationRule(value = "has(self.jobName) ? (!has(self.type) || self.type != 'SEQUENTIAL') : (has(self.type) && self.type == 'SEQUENTIAL')", message = "dependsOn: SEQUENTIAL chains this array's own children and takes no jobName; a dependency on another job needs its jobName")
    public static class JobDependency {
        @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
        @JsonPropertyDescription("Name of the BatchJob (in this namespace) to wait for.")
        public String jobName;

        @JsonPropertyDescription("N_TO_N: child i waits for child i of jobName (arrays of the same size); SEQUENTIAL"
                + " (no jobName): child i waits for child i-1 of this array. Unset: the whole job waits for jobName.")
        public DependencyType type;

        public JobDependency() {
        }

        public JobDependency(String jobName, DependencyType type) {
            this.jobName = jobName;
            this.type = type;
        }
    }

    public enum DependencyType {
        N_TO_N,
        SEQUENTIAL
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class ContainerOverrides {
        @JsonPropertyDescription("Container the command and resources apply to (default: the first essential"
                + " container). The environment goes to every container.")
        public String name;

        @ValidationRule(value = "self.all(c, c != '')", message = "containerOverrides.command may not contain an empty string")
        @JsonPropertyDescription("Replaces the container's command; Ref::name elements are replaced by parameters.")
        public List<String> command;

        @ValidationRule(value = "self.all(e, !e.name.startsWith('AWS_BATCH'))", message = "containerOverrides.environment: names starting with AWS_BATCH are reserved for the variables Berth sets")
        @JsonPropertyDescription("Added to every container's environment.")
        public List<KeyValuePair> environment;

        @Size(max = 3)
        @JsonPropertyDescription("VCPU (0.25, 0.5, 1, 2, 4, 8, 16) and MEMORY (MiB): the task size of each attempt;"
                + " VCPU is also what the attempt counts against its queue's budget.")
        public List<ResourceRequirement> resourceRequirements;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class ResourceRequirement {
        @Required
        @JsonPropertyDescription("VCPU or MEMORY (GPU is not supported on Fargate).")
        public ResourceType type;

        @Required
        @Pattern("^[0-9]+(\\.[0-9]+)?$")
        @JsonPropertyDescription("Number of vCPUs (e.g. 0.25) or MiB of memory (e.g. 512).")
        public String value;

        public ResourceRequirement() {
        }

        public ResourceRequirement(ResourceType type, String value) {
            this.type = type;
            this.value = value;
        }
    }

    public enum ResourceType {
        VCPU,
        MEMORY
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @ValidationRule(value = "!has(self.evaluateOnExit) || has(self.attempts)", message = "retryStrategy.attempts is required when evaluateOnExit is given")
    public static class RetryStrategy {
        @Min(1)
        @Max(10)
        @JsonPropertyDescription("Attempts per job (per array child), 1 to 10 (default 1).")
        public Integer attempts;

        @Size(max = 5)
        @JsonPropertyDescription("At most 5 rules, first match wins; all conditions of a rule must match. When no"
                + " rule matches, a failed attempt is retried (as AWS Batch does).")
        public List<EvaluateOnExit> evaluateOnExit;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class EvaluateOnExit {
        private static final String GLOB = "self.matches('^[^*]*[*]?$')";

        @Required
        @Pattern("^([Rr][Ee][Tt][Rr][Yy]|[Ee][Xx][Ii][Tt])$")
        @JsonPropertyDescription("RETRY or EXIT (case-insensitive).")
        public String action;

        @Size(max = 512)
        @Pattern("^[0-9]*[*]?$")
        @JsonPropertyDescription("Glob on the exit code of the container that stopped the attempt: digits, optionally"
                + " ending with *.")
        public String onExitCode;

        @Size(max = 512)
        @ValidationRule(value = GLOB, message = "onReason: '*' is only allowed at the end of the glob")
        @JsonPropertyDescription("Glob on the stopped container's reason or the task's stopCode (e.g."
                + " SpotInterruption, OutOfMemoryError*); may end with *.")
        public String onReason;

        @Size(max = 512)
        @ValidationRule(value = GLOB, message = "onStatusReason: '*' is only allowed at the end of the glob")
        @JsonPropertyDescription("Glob on the task's stoppedReason (e.g. 'Essential container in task exited'); may"
                + " end with *.")
        public String onStatusReason;

        public EvaluateOnExit() {
        }

        public EvaluateOnExit(String action, String onExitCode, String onReason, String onStatusReason) {
            this.action = action;
            this.onExitCode = onExitCode;
            this.onReason = onReason;
            this.onStatusReason = onStatusReason;
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class JobTimeout {
        @Required
        @Min(60)
        @JsonPropertyDescription("Seconds an attempt may run (from its startedAt), at least 60.")
        public Long attemptDurationSeconds;
    }
}
