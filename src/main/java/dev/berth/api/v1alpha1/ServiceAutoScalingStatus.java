package dev.berth.api.v1alpha1;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.kubernetes.api.model.Condition;

/** What the autoscaler saw and decided for a Service (written by the autoscaler only). Times are RFC 3339. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ServiceAutoScalingStatus {

    @JsonPropertyDescription("minCapacity in force: the spec's, or the last scheduled action's.")
    public Integer minCapacity;

    @JsonPropertyDescription("maxCapacity in force: the spec's, or the last scheduled action's.")
    public Integer maxCapacity;

    @JsonPropertyDescription("Where minCapacity/maxCapacity come from: spec, or scheduledAction/<name>.")
    public String capacitySource;

    @JsonPropertyDescription("minCapacity of the spec when the capacity source was last chosen (a spec change resets the"
            + " range to the spec's).")
    public Integer specMinCapacity;

    @JsonPropertyDescription("maxCapacity of the spec when the capacity source was last chosen.")
    public Integer specMaxCapacity;

    @JsonPropertyDescription("desiredCount the autoscaler wants (written to /scale when it differs).")
    public Integer desiredCount;

    @JsonPropertyDescription("When the autoscaler last changed desiredCount.")
    public String lastScalingTime;

    @JsonPropertyDescription("Why it last changed desiredCount.")
    public String lastScalingReason;

    @JsonPropertyDescription("When the autoscaler last raised desiredCount (scale-out cooldowns count from here).")
    public String lastScaleOutTime;

    @JsonPropertyDescription("When the autoscaler last lowered desiredCount.")
    public String lastScaleInTime;

    @JsonPropertyDescription("Each policy's metric and what it proposed at the last evaluation.")
    public List<PolicyStatus> policies;

    @JsonPropertyDescription("Each scheduled action's last and next run.")
    public List<ScheduledActionStatus> scheduledActions;

    @JsonPropertyDescription("AbleToScale (desiredCount can be changed now), ScalingActive (the metrics can be read),"
            + " ScalingLimited (the wanted count was clamped to the capacity range), as a HorizontalPodAutoscaler's.")
    public List<Condition> conditions = new ArrayList<>();

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class PolicyStatus {
        @JsonPropertyDescription("Name of the policy.")
        public String policyName;

        @JsonPropertyDescription("Metric the policy reads (predefined type or PromQL query).")
        public String metric;

        @JsonPropertyDescription("Its current value (absent when it could not be read).")
        public Double currentValue;

        @JsonPropertyDescription("Target value (target tracking) or alarm threshold (step scaling).")
        public Double targetValue;

        @JsonPropertyDescription("ScaleOut, ScaleIn, Hold (no change, vetoes scale-in), Abstain (no say) or NoData.")
        public String proposal;

        @JsonPropertyDescription("desiredCount the policy proposed.")
        public Integer proposedCount;

        @JsonPropertyDescription("Why (metric problem, cooldown, ...).")
        public String message;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class ScheduledActionStatus {
        @JsonPropertyDescription("Name of the action.")
        public String scheduledActionName;

        @JsonPropertyDescription("Schedule expression the times below were computed for.")
        public String schedule;

        @JsonPropertyDescription("Time zone the times below were computed for.")
        public String timezone;

        @JsonPropertyDescription("When it last ran.")
        public String lastRunTime;

        @JsonPropertyDescription("When it runs next (absent: never again, or the schedule is invalid).")
        public String nextRunTime;

        @JsonPropertyDescription("Why the action cannot run (invalid schedule, time zone or time).")
        public String error;
    }
}
