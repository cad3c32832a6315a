package dev.berth.api.v1alpha1;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * ECS Application Auto Scaling of a service's desiredCount (RegisterScalableTarget, PutScalingPolicy,
 * PutScheduledAction in one place). The autoscaler writes desiredCount through the /scale subresource.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.maxCapacity >= self.minCapacity", message = "autoScaling.maxCapacity must be greater than or equal to autoScaling.minCapacity", fieldPath = ".maxCapacity")
@ValidationRule(value = "!has(self.targetTrackingScalingPolicies) || self.targetTrackingScalingPolicies.all(p,"
        + " self.targetTrackingScalingPolicies.exists_one(q, q.policyName == p.policyName))", message = "autoScaling.targetTrackingScalingPolicies names must be unique")
@ValidationRule(value = "!has(self.targetTrackingScalingPolicies) || !has(self.stepScalingPolicies) || self.targetTrackingScalingPolicies.all(p,"
        + " self.stepScalingPolicies.all(s, s.policyName != p.policyName))", message = "autoScaling policy names must be unique across targetTrackingScalingPolicies and stepScalingPolicies")
@ValidationRule(value = "!has(self.stepScalingPolicies) || self.stepScalingPolicies.all(p,"
        + " self.stepScalingPolicies.exists_one(q, q.policyName == p.policyName))", message = "autoScaling.stepScalingPolicies names must be unique")
@ValidationRule(value = "!has(self.scheduledActions) || self.scheduledActions.all(a,"
        + " self.scheduledActions.exists_one(b, b.scheduledActionName == a.scheduledActionName))", message = "autoScaling.scheduledActions names must be unique")
public class ServiceAutoScaling {

    @Required
    @Min(0)
    @Max(100000)
    @JsonPropertyDescription("Lowest desiredCount the autoscaler keeps (ECS MinCapacity; 0 allowed). A desiredCount below"
            + " it is raised at the next evaluation.")
    public Integer minCapacity;

    @Required
    @Min(0)
    @Max(100000)
    @JsonPropertyDescription("Highest desiredCount the autoscaler sets (ECS MaxCapacity; >= minCapacity). A desiredCount above"
            + " it is lowered at the next evaluation.")
    public Integer maxCapacity;

    @JsonPropertyDescription("Default cooldowns of the policies that set none: ECS (300 s scale-out, 300 s scale-in, 300 s"
            + " step cooldown, as Application Auto Scaling) or Responsive (15 s scale-out, 60 s scale-in, 15 s step"
            + " cooldown). Default ECS.")
    public CooldownProfile cooldownProfile;

    @JsonPropertyDescription("Suspends parts of the scaling (ECS SuspendedState).")
    public SuspendedState suspendedState;

    @Size(max = 10)
    @JsonPropertyDescription("Target tracking policies: keep a metric at a target value per task. Several combine as ECS"
            + " does: scale out if any asks (the largest wins), scale in only if all that may scale in agree.")
    public List<TargetTrackingScalingPolicy> targetTrackingScalingPolicies;

    @Size(max = 10)
    @JsonPropertyDescription("Step scaling policies: when the alarm's metric crosses its threshold, change the capacity by"
            + " the step adjustment matching how far it crossed.")
    public List<StepScalingPolicy> stepScalingPolicies;

    @Size(max = 20)
    @JsonPropertyDescription("Scheduled actions: at their schedule, set minCapacity and/or maxCapacity (capacity outside the"
            + " new range is brought into it).")
    public List<ScheduledAction> scheduledActions;

    public enum CooldownProfile {
        ECS,
        Responsive
    }

    public enum PredefinedMetricType {
        ECSServiceAverageCPUUtilization,
        ECSServiceAverageMemoryUtilization,
        ECSServiceAverageCPUUtilizationHighResolution,
        ECSServiceAverageMemoryUtilizationHighResolution
    }

    public enum Statistic {
        Average,
        Sum
    }

    public enum AdjustmentType {
        ChangeInCapacity,
        PercentChangeInCapacity,
        ExactCapacity
    }

    public enum ComparisonOperator {
        GreaterThanOrEqualToThreshold,
        GreaterThanThreshold,
        LessThanThreshold,
        LessThanOrEqualToThreshold
    }

    public enum MetricAggregationType {
        Average,
        Minimum,
        Maximum
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class SuspendedState {
        @JsonPropertyDescription("No scale-in by policies (scheduled actions and min/max still apply).")
        public Boolean dynamicScalingInSuspended;

        @JsonPropertyDescription("No scale-out by policies (scheduled actions and min/max still apply).")
        public Boolean dynamicScalingOutSuspended;

        @JsonPropertyDescription("Scheduled actions do not run.")
        public Boolean scheduledScalingSuspended;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class PredefinedMetricSpecification {
        @Required
        @JsonPropertyDescription("ECSServiceAverageCPUUtilization or ECSServiceAverageMemoryUtilization: usage of the"
                + " service's RUNNING tasks (metrics.k8s.io) in percent of the task's cpu / memory, averaged over the"
                + " tasks. The HighResolution names are accepted and mean the same (metrics are read every interval).")
        public PredefinedMetricType predefinedMetricType;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class CustomizedMetricSpecification {
        @Required
        @Size(min = 1, max = 4096)
        @JsonPropertyDescription("PromQL instant query sent to the Prometheus server of the operator's configuration"
                + " (berth.autoscaling.prometheus-url). Several series are summed (Sum) or averaged (Average); no"
                + " series or an error means no scaling and a condition.")
        public String prometheusQuery;

        @JsonPropertyDescription("Average (default): the query returns a value per task (e.g. requests per task)."
                + " Sum: it returns the service's total (e.g. queue backlog), which Berth divides by the task count.")
        public Statistic statistic;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @ValidationRule(value = "has(self.predefinedMetricSpecification) != has(self.customizedMetricSpecification)", message = "targetTrackingScalingPolicies: set exactly one of predefinedMetricSpecification and customizedMetricSpecification")
    @ValidationRule(value = "self.targetValue > 0.0", message = "targetTrackingScalingPolicies.targetValue must be greater than 0", fieldPath = ".targetValue")
    public static class TargetTrackingScalingPolicy {
        @Required
        @Size(max = 63)
        @Pattern("^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$")
        @JsonPropertyDescription("Name of the policy (unique in this service), shown in status and Events.")
        public String policyName;

        @Required
        @JsonPropertyDescription("Value of the metric to keep, per task (e.g. 50 for 50 % CPU); must be > 0.")
        public Double targetValue;

        @JsonPropertyDescription("A CPU or memory utilization metric of the service's tasks.")
        public PredefinedMetricSpecification predefinedMetricSpecification;

        @JsonPropertyDescription("A custom metric from Prometheus.")
        public CustomizedMetricSpecification customizedMetricSpecification;

        @Min(0)
        @Max(86400)
        @JsonPropertyDescription("Seconds after a scale-out before this policy may scale out again (default from"
                + " cooldownProfile: 300, Responsive 15).")
        public Integer scaleOutCooldown;

        @Min(0)
        @Max(86400)
        @JsonPropertyDescription("Seconds after any scaling activity before this policy may scale in (default from"
                + " cooldownProfile: 300, Responsive 60).")
        public Integer scaleInCooldown;

        @JsonPropertyDescription("Never scale in for this policy (it then has no say in scale-in decisions).")
        public Boolean disableScaleIn;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @ValidationRule(value = "has(self.predefinedMetricSpecification) != has(self.customizedMetricSpecification)", message = "stepScalingPolicies.alarm: set exactly one of predefinedMetricSpecification and customizedMetricSpecification")
    public static class Alarm {
        @JsonPropertyDescription("A CPU or memory utilization metric of the service's tasks.")
        public PredefinedMetricSpecification predefinedMetricSpecification;

        @JsonPropertyDescription("A custom metric from Prometheus.")
        public CustomizedMetricSpecification customizedMetricSpecification;

        @Required
        @JsonPropertyDescription("When the alarm is in ALARM: metric compared to threshold.")
        public ComparisonOperator comparisonOperator;

        @Required
        @JsonPropertyDescription("Threshold of the alarm; step intervals are relative to it.")
        public Double threshold;

        @JsonPropertyDescription("How the tasks' values of a CPU/memory metric are combined: Average (default), Minimum,"
                + " Maximum.")
        public MetricAggregationType metricAggregationType;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @ValidationRule(value = "!has(self.metricIntervalLowerBound) || !has(self.metricIntervalUpperBound)"
            + " || self.metricIntervalLowerBound < self.metricIntervalUpperBound", message = "stepAdjustments: metricIntervalLowerBound must be below metricIntervalUpperBound")
    public static class StepAdjustment {
        @JsonPropertyDescription("Lower bound (inclusive) of (metric - threshold); absent = minus infinity.")
        public Double metricIntervalLowerBound;

        @JsonPropertyDescription("Upper bound (exclusive) of (metric - threshold); absent = infinity.")
        public Double metricIntervalUpperBound;

        @Required
        @JsonPropertyDescription("Tasks to add (negative: remove), percent to add, or the exact count, by adjustmentType.")
        @Max(2147483647)
        public Integer scalingAdjustment;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @ValidationRule(value = "!has(self.minAdjustmentMagnitude) || self.adjustmentType == 'PercentChangeInCapacity'", message = "stepScalingPolicies.minAdjustmentMagnitude is only valid with adjustmentType PercentChangeInCapacity", fieldPath = ".minAdjustmentMagnitude")
    @ValidationRule(value = "self.adjustmentType != 'ExactCapacity' || self.stepAdjustments.all(s, s.scalingAdjustment >= 0)", message = "stepScalingPolicies: an ExactCapacity scalingAdjustment must not be negative", fieldPath = ".stepAdjustments")
    public static class StepScalingPolicy {
        @Required
        @Size(max = 63)
        @Pattern("^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$")
        @JsonPropertyDescription("Name of the policy (unique in this service), shown in status and Events.")
        public String policyName;

        @Required
        @JsonPropertyDescription("The alarm that triggers the policy (the CloudWatch alarm of ECS).")
        public Alarm alarm;

        @Required
        @JsonPropertyDescription("ChangeInCapacity, PercentChangeInCapacity or ExactCapacity.")
        public AdjustmentType adjustmentType;

        @Required
        @Size(min = 1, max = 20)
        @JsonPropertyDescription("Intervals of (metric - threshold) and their adjustments; the one containing the breach"
                + " applies.")
        public List<StepAdjustment> stepAdjustments;

        @Min(1)
        @JsonPropertyDescription("PercentChangeInCapacity: change by at least this many tasks.")
        @Max(2147483647)
        public Integer minAdjustmentMagnitude;

        @Min(0)
        @Max(86400)
        @JsonPropertyDescription("Seconds after a scaling activity in the same direction before this policy acts again"
                + " (default from cooldownProfile: 300, Responsive 15).")
        public Integer cooldown;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @ValidationRule(value = "has(self.scalableTargetAction.minCapacity) || has(self.scalableTargetAction.maxCapacity)", message = "scheduledActions.scalableTargetAction: set minCapacity, maxCapacity or both", fieldPath = ".scalableTargetAction")
    @ValidationRule(value = "!has(self.scalableTargetAction.minCapacity) || !has(self.scalableTargetAction.maxCapacity)"
            + " || self.scalableTargetAction.maxCapacity >= self.scalableTargetAction.minCapacity", message = "scheduledActions.scalableTargetAction.maxCapacity must be greater than or equal to its minCapacity", fieldPath = ".scalableTargetAction")
    @ValidationRule(value = "!self.schedule.startsWith('cron(') || self.schedule.matches("
            + "'^cron\\\\(\\\\S+ \\\\S+ (\\\\? \\\\S+ [^?\\\\s]+|[^?\\\\s]+ \\\\S+ \\\\?) \\\\S+\\\\)$')", message = "scheduledActions.schedule: in cron(...) exactly one of day-of-month and day-of-week must be '?'", fieldPath = ".schedule")
    public static class ScheduledAction {
        @Required
        @Size(max = 63)
        @Pattern("^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$")
        @JsonPropertyDescription("Name of the action (unique in this service).")
        public String scheduledActionName;

        @Required
        @Size(max = 256)
        @Pattern("^(at\\(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\)"
                + "|rate\\((1 (minute|hour|day)|([2-9]|[1-9][0-9]+) (minutes|hours|days))\\)"
                + "|cron\\([0-9*,/-]+ [0-9*,/-]+ [0-9*,/?LW-]+ [0-9A-Za-z*,/-]+ [0-9A-Za-z*,?L#-]+ [0-9*,/-]+\\))$")
        @JsonPropertyDescription("at(yyyy-mm-ddThh:mm:ss), rate(N minute(s)|hour(s)|day(s)) or cron(Minutes Hours"
                + " Day-of-month Month Day-of-week Year), in timezone.")
        public String schedule;

        @Size(max = 64)
        @JsonPropertyDescription("IANA time zone of at() and cron() (default UTC).")
        public String timezone;

        @Size(max = 64)
        @JsonPropertyDescription("RFC 3339 time before which the action does not run.")
        public String startTime;

        @Size(max = 64)
        @JsonPropertyDescription("RFC 3339 time after which the action does not run.")
        public String endTime;

        @Required
        @JsonPropertyDescription("The capacity range the action sets.")
        public ScalableTargetAction scalableTargetAction;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class ScalableTargetAction {
        @Min(0)
        @Max(100000)
        @JsonPropertyDescription("New minCapacity.")
        public Integer minCapacity;

        @Min(0)
        @Max(100000)
        @JsonPropertyDescription("New maxCapacity.")
        public Integer maxCapacity;
    }
}
