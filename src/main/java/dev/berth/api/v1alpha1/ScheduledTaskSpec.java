package dev.berth.api.v1alpha1;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * EventBridge Scheduler CreateSchedule with an ECS RunTask target, field names as Scheduler names them (camelCase),
 * plus concurrencyPolicy and history limits for Kubernetes users. The API server checks the expression's shape, the
 * day fields, the time zone and the bounds; values inside a well-formed cron field (minute 61) are checked by the
 * operator and reported in status.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.scheduleExpression.matches(" + ScheduledTaskSpec.EXPRESSION_CEL
        + ")", message = "scheduleExpression must be"
                + " at(yyyy-mm-ddThh:mm:ss), rate(1 minute|hour|day), rate(N minutes|hours|days) with N > 1, or cron(Minutes Hours"
                + " Day-of-month Month Day-of-week Year) with six fields separated by single spaces", fieldPath = ".scheduleExpression")
@ValidationRule(value = "!self.scheduleExpression.startsWith('cron(') || self.scheduleExpression.split(' ').size() != 6"
        + " || ((self.scheduleExpression.split(' ')[2] == '?') != (self.scheduleExpression.split(' ')[4] == '?'))", message = "cron(...):"
                + " Day-of-month and Day-of-week cannot both be set: exactly one of them must be '?'", fieldPath = ".scheduleExpression")
@ValidationRule(value = "!has(self.scheduleExpressionTimezone) || self.scheduleExpressionTimezone == 'UTC'"
        + " || timestamp('2000-01-01T00:00:00Z').getHours(self.scheduleExpressionTimezone) >= 0", message = "scheduleExpressionTimezone"
                + " must be an IANA time zone name such as Europe/Berlin or America/New_York", fieldPath = ".scheduleExpressionTimezone")
@ValidationRule(value = "!has(self.startDate) || !has(self.endDate) || timestamp(self.startDate) < timestamp(self.endDate)", message = "endDate"
        + " must be after startDate", fieldPath = ".endDate")
public class ScheduledTaskSpec {

    /** at(), rate() with EventBridge's singular/plural rule, or a six-field cron(); a CEL string literal. */
    static final String EXPRESSION_CEL = "'^(at\\\\([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\\\)"
            + "|rate\\\\((1 (minute|hour|day)|([2-9]|[1-9][0-9]+) (minutes|hours|days))\\\\)"
            + "|cron\\\\([0-9A-Za-z,*/?#-]+ [0-9A-Za-z,*/?#-]+ [0-9A-Za-z,*/?#-]+ [0-9A-Za-z,*/?#-]+ [0-9A-Za-z,*/?#-]+"
            + " [0-9A-Za-z,*/?#-]+\\\\))$'";

    @Required
    @Size(min = 1, max = 256)
    @JsonPropertyDescription("When to run: at(yyyy-mm-ddThh:mm:ss) once (local time in scheduleExpressionTimezone),"
            + " rate(N minutes|hours|days) every N units from startDate (else from creation), or cron(Minutes Hours"
            + " Day-of-month Month Day-of-week Year) with , - * ? / L W # (AWS syntax: Day-of-week 1 = SUN, one of the"
            + " day fields is '?').")
    public String scheduleExpression;

    @Size(min = 1, max = 50)
    @JsonPropertyDescription("IANA time zone of cron() and at() (default UTC). Daylight saving time as EventBridge:"
            + " a local time skipped by the spring change does not run, one repeated by the fall change runs once.")
    public String scheduleExpressionTimezone;

    @Pattern("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$")
    @JsonPropertyDescription("RFC 3339 time from which cron() and rate() run (rate() runs first at it). Ignored for at().")
    public String startDate;

    @Pattern("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$")
    @JsonPropertyDescription("RFC 3339 time after which cron() and rate() no longer run. Ignored for at().")
    public String endDate;

    @Default("ENABLED")
    @JsonPropertyDescription("ENABLED (default) or DISABLED: a disabled schedule starts nothing, and fire times passed"
            + " while disabled are not run later.")
    public State state = State.ENABLED;

    @JsonPropertyDescription("OFF (default): run at the fire time. FLEXIBLE: run within maximumWindowInMinutes after it,"
            + " at an offset fixed per fire time (the same after an operator restart).")
    public FlexibleTimeWindow flexibleTimeWindow;

    @Required
    @JsonPropertyDescription("The ECS RunTask request started at every fire time.")
    public Target target;

    @JsonPropertyDescription("How long and how often a run whose Task failed to start (stopCode TaskFailedToStart) is"
            + " retried; EventBridge defaults 185 attempts / 86400 s. Also the age after which a fire time missed while"
            + " the operator was down is recorded as missed instead of run late.")
    public RetryPolicy retryPolicy;

    @Default("NONE")
    @JsonPropertyDescription("NONE (default) or DELETE: delete this ScheduledTask (and with it its Tasks) once it has no"
            + " fire time left and its last run finished, e.g. a one-time at() schedule.")
    public ActionAfterCompletion actionAfterCompletion = ActionAfterCompletion.NONE;

    @Default("Allow")
    @JsonPropertyDescription("Beyond EventBridge: Allow (default, as ECS) starts every run even while an earlier one"
            + " runs; Forbid skips a fire time while a run is active; Replace stops the active run and starts the new one.")
    public ConcurrencyPolicy concurrencyPolicy = ConcurrencyPolicy.Allow;

    @Min(0)
    @Max(100)
    @Default("3")
    @JsonPropertyDescription("Succeeded runs kept in status.runs with their Tasks (default 3); older ones' Tasks are deleted.")
    public Integer successfulRunsHistoryLimit = 3;

    @Min(0)
    @Max(100)
    @Default("3")
    @JsonPropertyDescription("Failed runs (and failed invocations) kept in status.runs with their Tasks (default 3).")
    public Integer failedRunsHistoryLimit = 3;

    @Size(max = 512)
    @JsonPropertyDescription("Free text.")
    public String description;

    public enum State {
        ENABLED,
        DISABLED
    }

    public enum ActionAfterCompletion {
        NONE,
        DELETE
    }

    public enum ConcurrencyPolicy {
        Allow,
        Forbid,
        Replace
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @ValidationRule(value = "self.mode == 'FLEXIBLE' ? has(self.maximumWindowInMinutes) : !has(self.maximumWindowInMinutes)", message = "flexibleTimeWindow:"
            + " mode FLEXIBLE needs maximumWindowInMinutes (1-1440); mode OFF takes none", fieldPath = ".maximumWindowInMinutes")
    public static class FlexibleTimeWindow {
        @Required
        @JsonPropertyDescription("OFF or FLEXIBLE.")
        public Mode mode;

        @Min(1)
        @Max(1440)
        @JsonPropertyDescription("With FLEXIBLE: the run starts within this many minutes after the fire time (1-1440).")
        public Integer maximumWindowInMinutes;

        public enum Mode {
            OFF,
            FLEXIBLE
        }

        public FlexibleTimeWindow() {
        }

        public FlexibleTimeWindow(Mode mode, Integer maximumWindowInMinutes) {
            this.mode = mode;
            this.maximumWindowInMinutes = maximumWindowInMinutes;
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class RetryPolicy {
        @Min(0)
        @Max(185)
        @JsonPropertyDescription("Retries of a run whose Task failed to start (0-185, default 185).")
        public Integer maximumRetryAttempts;

        @Min(60)
        @Max(86400)
        @JsonPropertyDescription("Seconds after its fire time a run may still start or be retried (60-86400, default 86400).")
        public Integer maximumEventAgeInSeconds;

        public RetryPolicy() {
        }

        public RetryPolicy(Integer maximumRetryAttempts, Integer maximumEventAgeInSeconds) {
            this.maximumRetryAttempts = maximumRetryAttempts;
            this.maximumEventAgeInSeconds = maximumEventAgeInSeconds;
        }
    }

    /** EventBridge's EcsParameters (RunTask) in Berth's Task field names; unmodelled ECS fields reach the Task. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @PreserveUnknownFields
    @ValidationRule(value = "!has(self.launchType) || !has(self.capacityProviderStrategy)", message = "launchType and"
            + " capacityProviderStrategy are mutually exclusive")
    public static class Target extends EcsFields {
        @Required
        @Pattern("^[A-Za-z0-9_-]{1,255}(:[1-9][0-9]{0,8})?$")
        @JsonPropertyDescription("Task definition to run: 'family' (its latest ACTIVE revision at each fire time) or"
                + " 'family:revision'.")
        public String taskDefinition;

        @Default("default")
        @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
        @JsonPropertyDescription("Cluster to run in (default 'default').")
        public String cluster = "default";

        @Min(1)
        @Max(10)
        @Default("1")
        @JsonPropertyDescription("Tasks started per fire time (1-10, default 1).")
        public Integer taskCount = 1;

        @JsonPropertyDescription("Per-run overrides, as in RunTask.")
        public TaskOverride overrides;

        @JsonPropertyDescription("Capacity provider strategy of the Tasks (default: the Cluster's).")
        public List<CapacityProviderStrategyItem> capacityProviderStrategy;

        @JsonPropertyDescription("FARGATE selects the FARGATE capacity provider; EC2, EXTERNAL and MANAGED_INSTANCES use the"
                + " Cluster's default strategy.")
        public String launchType;

        @Size(max = 10)
        @JsonPropertyDescription("Placement constraints of the Tasks (docs/placement.md).")
        public List<PlacementConstraint> placementConstraints;

        @Size(max = 5)
        @JsonPropertyDescription("Placement strategy of the Tasks (docs/placement.md).")
        public List<PlacementStrategy> placementStrategy;

        @Size(min = 1, max = 255)
        @JsonPropertyDescription("Task group (default 'family:<family>', as RunTask).")
        public String group;

        @Size(max = 50)
        @JsonPropertyDescription("Tags of the Tasks (Berth's {key, value} list, as on a Task).")
        public List<Tag> tags;
    }
}
