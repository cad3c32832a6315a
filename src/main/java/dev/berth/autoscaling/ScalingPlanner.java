package dev.berth.autoscaling;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.berth.api.v1alpha1.ServiceAutoScaling;
import dev.berth.api.v1alpha1.ServiceAutoScaling.CooldownProfile;
import dev.berth.api.v1alpha1.ServiceAutoScaling.StepScalingPolicy;
import dev.berth.api.v1alpha1.ServiceAutoScaling.TargetTrackingScalingPolicy;
import dev.berth.api.v1alpha1.ServiceAutoScalingStatus;
import dev.berth.api.v1alpha1.ServiceAutoScalingStatus.PolicyStatus;
import dev.berth.autoscaling.MetricSample.Unavailable;
import dev.berth.autoscaling.Proposal.Kind;
import dev.berth.events.BerthEvent;
import dev.berth.status.Conditions;
import dev.berth.status.Copies;
import io.fabric8.kubernetes.api.model.Condition;

/**
 * The autoscaler's decision for one Service at one instant, pure: scheduled actions set the capacity range; every
 * policy proposes (target tracking, step scaling); cooldowns turn a proposal into Hold; the proposals combine as
 * Application Auto Scaling's do (scale out if any asks, the largest wins; scale in only if every policy with a say
 * agrees, the largest of their counts wins); scale-in waits while a deployment is IN_PROGRESS; the result is clamped
 * to the range. Missing metrics never scale (they veto scale-in), and say why in a condition.
 */
public final class ScalingPlanner {

    public static final String ABLE_TO_SCALE = "AbleToScale";
    public static final String SCALING_ACTIVE = "ScalingActive";
    public static final String SCALING_LIMITED = "ScalingLimited";

    private ScalingPlanner() {
    }

    /**
     * @param currentDesired the Service's desiredCount (1 when unset, as the scheduler reads it)
     * @param samples what the adapters read for each metric the policies name
     * @param previous the autoscaler's last status (cooldown times, scheduled action runs), or null
     */
    public record Input(ServiceAutoScaling spec, int currentDesired, boolean deploymentInProgress,
            Map<MetricSpec, MetricSample> samples, ServiceAutoScalingStatus previous, long generation, Instant now,
            Duration maxMetricAge) {
    }

    /**
     * {@code scale}: write {@code desired} to /scale. {@code rescaled} is the SuccessfulRescale event of that write, kept
     * apart from the evaluation's own events so a write that fails can replace it ({@link #failedToScale}).
     */
    public record Plan(int desired, boolean scale, String reason, ServiceAutoScalingStatus status,
            List<BerthEvent> evaluationEvents, Optional<BerthEvent> rescaled) {

        public Plan {
            evaluationEvents = List.copyOf(evaluationEvents);
        }

        /** Every event of this plan: the evaluation's, then the rescale's. */
        public List<BerthEvent> events() {
            List<BerthEvent> all = new ArrayList<>(evaluationEvents);
            rescaled.ifPresent(all::add);
            return List.copyOf(all);
        }

        /**
         * This plan once the /scale write failed with {@code failure}: the cooldown times stay as they were in
         * {@code previous}, AbleToScale says why, and a FailedRescale Warning replaces SuccessfulRescale.
         */
        public Plan failedToScale(String failure, ServiceAutoScalingStatus previous, Instant now) {
            ServiceAutoScalingStatus s = Copies.deep(status);
            ServiceAutoScalingStatus was = previous == null ? new ServiceAutoScalingStatus() : previous;
            s.lastScalingTime = was.lastScalingTime;
            s.lastScalingReason = was.lastScalingReason;
            s.lastScaleOutTime = was.lastScaleOutTime;
            s.lastScaleInTime = was.lastScaleInTime;
            s.conditions = Conditions.with(s.conditions, ABLE_TO_SCALE, false, "FailedUpdateScale",
                    "could not set desiredCount to " + desired + ": " + failure, null, now);
            return new Plan(desired, scale, reason, s, evaluationEvents, Optional.of(BerthEvent.warning("FailedRescale",
                    "could not set desiredCount to " + desired + " through /scale: " + failure)));
        }
    }

    /** Cooldowns of a profile: scale-out and scale-in of target tracking, and step scaling's. */
    public record Cooldowns(Duration scaleOut, Duration scaleIn, Duration step) {
        public static Cooldowns of(CooldownProfile profile) {
            return profile == CooldownProfile.Responsive
                    ? new Cooldowns(Duration.ofSeconds(15), Duration.ofSeconds(60), Duration.ofSeconds(15))
                    : new Cooldowns(Duration.ofSeconds(300), Duration.ofSeconds(300), Duration.ofSeconds(300));
        }
    }

    public static Plan plan(Input in) {
        ServiceAutoScaling spec = in.spec();
        ServiceAutoScalingStatus previous = in.previous() == null ? new ServiceAutoScalingStatus() : in.previous();
        ScheduledScaling.Range range = ScheduledScaling.apply(spec, in.previous(), in.now());
        List<BerthEvent> events = new ArrayList<>(range.events());
        int current = in.currentDesired();

        List<Proposal> proposals = withCooldowns(in, proposals(in), previous);
        boolean outSuspended = spec.suspendedState != null
                && Boolean.TRUE.equals(spec.suspendedState.dynamicScalingOutSuspended);
        boolean inSuspended = spec.suspendedState != null && Boolean.TRUE.equals(spec.suspendedState.dynamicScalingInSuspended);

        int wanted = current;
        String reason = null;
        String blocked = null;
        Optional<Proposal> out = proposals.stream().filter(p -> p.kind() == Kind.ScaleOut)
                .max(Comparator.comparingInt(Proposal::count));
        List<Proposal> ins = proposals.stream().filter(p -> p.kind() == Kind.ScaleIn).toList();
        boolean allAgreeIn = !ins.isEmpty()
                && proposals.stream().allMatch(p -> p.kind() == Kind.ScaleIn || p.kind() == Kind.Abstain);
        if (out.isPresent()) {
            if (outSuspended) {
                blocked = "scale-out is suspended (suspendedState.dynamicScalingOutSuspended)";
            } else {
                wanted = out.get().count();
                reason = "policy " + out.get().policyName() + ": " + out.get().message();
            }
        } else if (allAgreeIn) {
            Proposal in0 = ins.stream().max(Comparator.comparingInt(Proposal::count)).orElseThrow();
            if (inSuspended) {
                blocked = "scale-in is suspended (suspendedState.dynamicScalingInSuspended)";
            } else if (in.deploymentInProgress()) {
                blocked = "scale-in is paused while a deployment is IN_PROGRESS";
            } else {
                wanted = in0.count();
                reason = "policy " + in0.policyName() + ": " + in0.message();
            }
        }
        int desired = Math.max(range.min(), Math.min(range.max(), wanted));
        String limited = null;
        if (desired != wanted) {
            limited = desired > wanted ? "TooFewTasks" : "TooManyTasks";
            String bound = desired > wanted ? "minCapacity " + range.min() : "maxCapacity " + range.max();
            String from = range.source().equals("spec") ? "" : " (" + range.source() + ")";
            reason = (reason == null ? "" : reason + "; ") + "held at " + bound + from;
        }
        boolean scale = desired != current;
        Optional<BerthEvent> rescaled = Optional.empty();

        ServiceAutoScalingStatus s = new ServiceAutoScalingStatus();
        s.minCapacity = range.min();
        s.maxCapacity = range.max();
        s.capacitySource = range.source();
        s.specMinCapacity = spec.minCapacity;
        s.specMaxCapacity = spec.maxCapacity;
        s.desiredCount = desired;
        s.lastScalingTime = previous.lastScalingTime;
        s.lastScalingReason = previous.lastScalingReason;
        s.lastScaleOutTime = previous.lastScaleOutTime;
        s.lastScaleInTime = previous.lastScaleInTime;
        if (scale) {
            s.lastScalingTime = in.now().toString();
            s.lastScalingReason = reason;
            if (desired > current) {
                s.lastScaleOutTime = in.now().toString();
            } else {
                s.lastScaleInTime = in.now().toString();
            }
            rescaled = Optional.of(
                    BerthEvent.normal("SuccessfulRescale", "desiredCount " + current + " -> " + desired + ": " + reason));
        }
        s.policies = proposals.stream().map(ScalingPlanner::policyStatus).toList();
        s.scheduledActions = range.actions().isEmpty() ? null : range.actions();
        s.conditions = conditions(previous.conditions, in, proposals, blocked, limited, range, events);
        return new Plan(desired, scale, reason, s, events, rescaled);
    }

    private static List<Proposal> proposals(Input in) {
        List<Proposal> proposals = new ArrayList<>();
        int current = in.currentDesired();
        for (TargetTrackingScalingPolicy p : list(in.spec().targetTrackingScalingPolicies)) {
            MetricSpec metric = MetricSpec.of(p.predefinedMetricSpecification, p.customizedMetricSpecification);
            proposals.add(TargetTracking.propose(p.policyName, metric.label(), sample(in, metric), p.targetValue, current,
                    Boolean.TRUE.equals(p.disableScaleIn), in.now(), in.maxMetricAge()));
        }
        for (StepScalingPolicy p : list(in.spec().stepScalingPolicies)) {
            MetricSpec metric = MetricSpec.of(p.alarm.predefinedMetricSpecification, p.alarm.customizedMetricSpecification);
            var policy = new StepScaling.Policy(p.policyName, metric.label(), p.alarm.comparisonOperator, p.alarm.threshold,
                    p.alarm.metricAggregationType, p.adjustmentType, p.stepAdjustments, p.minAdjustmentMagnitude);
            proposals.add(StepScaling.propose(policy, sample(in, metric), current, in.now(), in.maxMetricAge()));
        }
        return proposals;
    }

    private static MetricSample sample(Input in, MetricSpec metric) {
        MetricSample sample = in.samples().get(metric);
        return sample != null ? sample : new Unavailable("MetricNotRead", metric.label() + " was not read");
    }

    /** A proposal inside its policy's cooldown becomes Hold (so it still vetoes a scale-in). */
    private static List<Proposal> withCooldowns(Input in, List<Proposal> proposals, ServiceAutoScalingStatus previous) {
        Cooldowns defaults = Cooldowns.of(in.spec().cooldownProfile);
        Instant lastOut = time(previous.lastScaleOutTime);
        Instant lastAny = time(previous.lastScalingTime);
        List<Proposal> result = new ArrayList<>();
        for (Proposal p : proposals) {
            Duration outCooldown;
            Duration inCooldown;
            var tt = list(in.spec().targetTrackingScalingPolicies).stream().filter(t -> t.policyName.equals(p.policyName()))
                    .findFirst();
            if (tt.isPresent()) {
                outCooldown = seconds(tt.get().scaleOutCooldown, defaults.scaleOut());
                inCooldown = seconds(tt.get().scaleInCooldown, defaults.scaleIn());
            } else {
                var step = list(in.spec().stepScalingPolicies).stream().filter(t -> t.policyName.equals(p.policyName()))
                        .findFirst().orElseThrow();
                outCooldown = seconds(step.cooldown, defaults.step());
                inCooldown = outCooldown;
            }
            if (p.kind() == Kind.ScaleOut && lastOut != null && in.now().isBefore(lastOut.plus(outCooldown))) {
                result.add(p.inCooldown(p.message() + "; scale-out cooldown until " + lastOut.plus(outCooldown)));
            } else if (p.kind() == Kind.ScaleIn && lastAny != null && in.now().isBefore(lastAny.plus(inCooldown))) {
                result.add(p.inCooldown(p.message() + "; scale-in cooldown until " + lastAny.plus(inCooldown)));
            } else {
                result.add(p);
            }
        }
        return result;
    }

    private static List<Condition> conditions(List<Condition> before, Input in, List<Proposal> proposals, String blocked,
            String limited, ScheduledScaling.Range range, List<BerthEvent> events) {
        long gen = in.generation();
        Instant now = in.now();
        List<Proposal> noData = proposals.stream().filter(p -> p.kind() == Kind.NoData).toList();
        List<Condition> c;
        if (proposals.isEmpty()) {
            c = Conditions.with(before, SCALING_ACTIVE, true, "NoPolicies",
                    "no scaling policy: only the capacity range and scheduled actions apply", gen, now);
        } else if (noData.isEmpty()) {
            c = Conditions.with(before, SCALING_ACTIVE, true, "ValidMetricFound", "every policy's metric was read", gen, now);
        } else {
            String reason = noData.get(0).reason();
            String message = noData.stream().map(p -> "policy " + p.policyName() + ": " + p.message())
                    .collect(Collectors.joining("; ")) + " (no scaling by " + (noData.size() == 1 ? "it" : "them") + ")";
            var was = Conditions.find(before, SCALING_ACTIVE);
            if (was.isEmpty() || !"False".equals(was.get().getStatus()) || !message.equals(was.get().getMessage())) {
                events.add(BerthEvent.warning(reason, message));
            }
            c = Conditions.with(before, SCALING_ACTIVE, false, reason, message, gen, now);
        }
        boolean cooling = proposals.stream().anyMatch(Proposal::coolingDown);
        if (blocked != null) {
            c = Conditions.with(c, ABLE_TO_SCALE, false,
                    blocked.contains("deployment") ? "DeploymentInProgress" : "ScalingSuspended", blocked, gen, now);
        } else if (cooling) {
            c = Conditions.with(c, ABLE_TO_SCALE, true, "Cooldown", "a policy waits for its cooldown (see policies)", gen,
                    now);
        } else {
            c = Conditions.with(c, ABLE_TO_SCALE, true, "ReadyForNewScale", "desiredCount can be changed now", gen, now);
        }
        if (limited != null) {
            c = Conditions.with(c, SCALING_LIMITED, true, limited,
                    "the wanted count is outside the capacity range [" + range.min() + ", " + range.max() + "]", gen, now);
        } else {
            c = Conditions.with(c, SCALING_LIMITED, false, "DesiredWithinRange",
                    "the wanted count is within the capacity range [" + range.min() + ", " + range.max() + "]", gen, now);
        }
        return c;
    }

    private static PolicyStatus policyStatus(Proposal p) {
        PolicyStatus s = new PolicyStatus();
        s.policyName = p.policyName();
        s.metric = p.metric();
        s.currentValue = p.value() == null ? null : Math.round(p.value() * 100) / 100.0;
        s.targetValue = p.target();
        s.proposal = p.kind().name();
        s.proposedCount = p.count();
        s.message = p.message();
        return s;
    }

    private static Duration seconds(Integer value, Duration fallback) {
        return value == null ? fallback : Duration.ofSeconds(value);
    }

    private static Instant time(String value) {
        return value == null ? null : Instant.parse(value);
    }

    private static <T> List<T> list(List<T> list) {
        return list == null ? List.of() : list;
    }
}
