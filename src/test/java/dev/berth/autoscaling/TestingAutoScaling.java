package dev.berth.autoscaling;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.berth.api.v1alpha1.ServiceAutoScaling;
import dev.berth.api.v1alpha1.ServiceAutoScaling.AdjustmentType;
import dev.berth.api.v1alpha1.ServiceAutoScaling.Alarm;
import dev.berth.api.v1alpha1.ServiceAutoScaling.ComparisonOperator;
import dev.berth.api.v1alpha1.ServiceAutoScaling.CustomizedMetricSpecification;
import dev.berth.api.v1alpha1.ServiceAutoScaling.PredefinedMetricSpecification;
import dev.berth.api.v1alpha1.ServiceAutoScaling.PredefinedMetricType;
import dev.berth.api.v1alpha1.ServiceAutoScaling.ScalableTargetAction;
import dev.berth.api.v1alpha1.ServiceAutoScaling.ScheduledAction;
import dev.berth.api.v1alpha1.ServiceAutoScaling.Statistic;
import dev.berth.api.v1alpha1.ServiceAutoScaling.StepAdjustment;
import dev.berth.api.v1alpha1.ServiceAutoScaling.StepScalingPolicy;
import dev.berth.api.v1alpha1.ServiceAutoScaling.TargetTrackingScalingPolicy;
import dev.berth.api.v1alpha1.ServiceAutoScalingStatus;
import dev.berth.autoscaling.MetricSample.TaskUsage;
import dev.berth.autoscaling.MetricSample.TaskUtilization;

/** Builders of autoscaling specs and metric samples for the pure tests. */
final class TestingAutoScaling {

    static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    static final Duration MAX_AGE = Duration.ofMinutes(2);
    static final MetricSpec CPU = new MetricSpec(MetricSpec.Source.CPU, null, Statistic.Average);
    static final MetricSpec MEMORY = new MetricSpec(MetricSpec.Source.MEMORY, null, Statistic.Average);

    private TestingAutoScaling() {
    }

    static ServiceAutoScaling range(int min, int max) {
        ServiceAutoScaling s = new ServiceAutoScaling();
        s.minCapacity = min;
        s.maxCapacity = max;
        s.targetTrackingScalingPolicies = new ArrayList<>();
        s.stepScalingPolicies = new ArrayList<>();
        s.scheduledActions = new ArrayList<>();
        return s;
    }

    static TargetTrackingScalingPolicy cpu(String name, double target) {
        return predefined(name, PredefinedMetricType.ECSServiceAverageCPUUtilization, target);
    }

    static TargetTrackingScalingPolicy memory(String name, double target) {
        return predefined(name, PredefinedMetricType.ECSServiceAverageMemoryUtilization, target);
    }

    static TargetTrackingScalingPolicy predefined(String name, PredefinedMetricType type, double target) {
        TargetTrackingScalingPolicy p = new TargetTrackingScalingPolicy();
        p.policyName = name;
        p.targetValue = target;
        p.predefinedMetricSpecification = new PredefinedMetricSpecification();
        p.predefinedMetricSpecification.predefinedMetricType = type;
        return p;
    }

    static TargetTrackingScalingPolicy prometheus(String name, String query, Statistic statistic, double target) {
        TargetTrackingScalingPolicy p = new TargetTrackingScalingPolicy();
        p.policyName = name;
        p.targetValue = target;
        p.customizedMetricSpecification = new CustomizedMetricSpecification();
        p.customizedMetricSpecification.prometheusQuery = query;
        p.customizedMetricSpecification.statistic = statistic;
        return p;
    }

    static StepScalingPolicy step(String name, ComparisonOperator operator, double threshold, AdjustmentType type,
            StepAdjustment... steps) {
        StepScalingPolicy p = new StepScalingPolicy();
        p.policyName = name;
        p.alarm = new Alarm();
        p.alarm.predefinedMetricSpecification = new PredefinedMetricSpecification();
        p.alarm.predefinedMetricSpecification.predefinedMetricType = PredefinedMetricType.ECSServiceAverageCPUUtilization;
        p.alarm.comparisonOperator = operator;
        p.alarm.threshold = threshold;
        p.adjustmentType = type;
        p.stepAdjustments = List.of(steps);
        return p;
    }

    static StepAdjustment adjust(Double lower, Double upper, int adjustment) {
        StepAdjustment s = new StepAdjustment();
        s.metricIntervalLowerBound = lower;
        s.metricIntervalUpperBound = upper;
        s.scalingAdjustment = adjustment;
        return s;
    }

    static ScheduledAction scheduled(String name, String schedule, String timezone, Integer min, Integer max) {
        ScheduledAction a = new ScheduledAction();
        a.scheduledActionName = name;
        a.schedule = schedule;
        a.timezone = timezone;
        a.scalableTargetAction = new ScalableTargetAction();
        a.scalableTargetAction.minCapacity = min;
        a.scalableTargetAction.maxCapacity = max;
        return a;
    }

    /** Every one of {@code tasks} RUNNING tasks reports {@code percent}, sampled {@code ageSeconds} before T0. */
    static TaskUtilization tasksAt(int tasks, double percent, long ageSeconds) {
        return sampledAt(tasks, percent, T0.minusSeconds(ageSeconds));
    }

    /** Every one of {@code tasks} RUNNING tasks reports {@code percent}, sampled at {@code at}. */
    static TaskUtilization sampledAt(int tasks, double percent, Instant at) {
        List<TaskUsage> usages = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            usages.add(new TaskUsage("t" + i, percent, at));
        }
        return new TaskUtilization(usages, tasks);
    }

    static TaskUtilization tasksAt(int tasks, double percent) {
        return tasksAt(tasks, percent, 10);
    }

    static ScalingPlanner.Input input(ServiceAutoScaling spec, int current, Map<MetricSpec, MetricSample> samples,
            ServiceAutoScalingStatus previous, Instant now) {
        return new ScalingPlanner.Input(spec, current, false, samples, previous, 1L, now, MAX_AGE);
    }
}
