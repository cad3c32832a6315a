package dev.berth.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

import dev.berth.api.v1alpha1.ServiceDeployment;
import dev.berth.api.v1alpha1.ServiceDeployment.RolloutState;
import dev.berth.api.v1alpha1.ServiceSpec;
import dev.berth.events.BerthEvent;
import dev.berth.translate.PlacementRules;
import dev.berth.translate.UnrunnableTask;

/**
 * The ECS service scheduler as a pure function: one observation of a Service and its Tasks in, the launches, stops,
 * status and events out. Level-triggered: tasks already created count (PROVISIONING and PENDING ones included), so
 * planning again on the same observation after the launches are visible launches nothing more.
 * <p>
 * A fixed pipeline of small parts, each a static function from one immutable {@link PlanProgress} to the next, with
 * the read-only {@link PlanFacts}: the deployments ({@link Rollout}: a new PRIMARY on a new trigger, the circuit
 * breaker), the stops (failing health checks, scale-in in {@link StopOrder}, DAEMON placement, older deployments within
 * minimumHealthyPercent), the launches (maximumPercent, throttling, capacity provider split or one per DAEMON node),
 * completion, the problems ({@link ServiceProblems}) and the status ({@link ServiceStatusCalculator}).
 */
public final class ServicePlanner {

    private ServicePlanner() {
    }

    public static ServicePlan plan(ServiceObservation o) {
        PlanFacts f = PlanFacts.of(o);
        PlanProgress p = PlanProgress.start(Rollout.of(f.previous()));
        p = startDeploymentOnNewTrigger(f, p);
        p = countAndTripCircuitBreaker(f, p);
        List<String> missingProviders = missingCapacityProviders(f);
        Optional<String> invalidPlacement = invalidPlacement(f);
        boolean launchBlocked = p.rollout().primary() == null || p.rollout().primaryIn(RolloutState.FAILED)
                || !missingProviders.isEmpty() || invalidPlacement.isPresent();
        if (o.deleting()) {
            p = p.stop(o.tasks().stream().filter(ServiceTask::live).toList(), p.scalingReason(f));
        } else {
            p = replaceFailingHealthChecks(f, p);
            p = scaleIn(f, p);
            p = stopOldTasks(f, p, launchBlocked);
            if (!launchBlocked) {
                p = launch(f, p, p.rollout().primary(), f.bounds().desired());
            } else if (p.failedWithoutRollback(f) && missingProviders.isEmpty() && invalidPlacement.isEmpty()) {
                p = keepPreviousDeployment(f, p);
            }
        }
        if (!p.stops().isEmpty()) {
            p = p.report(false, "TasksStopped", ServiceEvents.stopped(f.service(), List.copyOf(p.stops().keySet())));
        }
        boolean complete = complete(f, p);
        p = finishRollout(f, p, complete);
        p = ServiceProblems.report(f, p, missingProviders, invalidPlacement, complete);
        p = scheduleHealthRecheck(f, p);
        return new ServicePlan(p.launches(), List.copyOf(p.stops().values()), ServiceStatusCalculator.status(f, p, complete),
                p.events(), Optional.ofNullable(p.recheck()));
    }

    private static PlanProgress startDeploymentOnNewTrigger(PlanFacts f, PlanProgress p) {
        String target = f.o().targetTaskDefinition();
        if (f.o().deleting() || target == null) {
            return p;
        }
        String trigger = target + "|" + (f.o().spec().forceNewDeployment == null ? "" : f.o().spec().forceNewDeployment);
        ServiceDeployment primary = p.rollout().primary();
        if (primary != null && trigger.equals(primary.trigger)) {
            return p;
        }
        Rollout started = startDeployment(f, p.rollout(), target, trigger);
        // ECS has no service event for this; Kubernetes users get one.
        return p.with(started).event(BerthEvent.normal("DeploymentStarted",
                "(service " + f.service() + ") (deployment " + started.primaryId() + ") started for " + target + "."));
    }

    private static Rollout startDeployment(PlanFacts f, Rollout rollout, String taskDefinition, String trigger) {
        return rollout.start(Deployments.idFor(rollout.deployments(), rollout.lastCompleted(), f.o().tasks(), taskDefinition),
                taskDefinition, trigger, f.bounds().desired(), f.o().now());
    }

    /** The PRIMARY's desired and failed counts; enough failures fail it (and roll back when asked to). */
    private static PlanProgress countAndTripCircuitBreaker(PlanFacts f, PlanProgress p) {
        ServiceDeployment primary = p.rollout().primary();
        if (primary == null) {
            return p;
        }
        int failed = CircuitBreaker.failedTasks(f.tasksOf(primary.id), f.health());
        p = p.with(p.rollout().withPrimary(d -> {
            d.desiredCount = f.bounds().desired();
            d.failedTasks = failed;
        }));
        ServiceSpec.CircuitBreaker breaker = f.o().spec().deploymentConfiguration == null ? null
                : f.o().spec().deploymentConfiguration.deploymentCircuitBreaker;
        if (breaker == null || !Boolean.TRUE.equals(breaker.enable) || f.o().deleting()
                || !RolloutState.IN_PROGRESS.equals(primary.rolloutState)
                || failed < CircuitBreaker.threshold(f.bounds().desired())) {
            return p;
        }
        p = p.with(p.rollout().withPrimary(d -> {
            d.rolloutState = RolloutState.FAILED;
            d.rolloutStateReason = CircuitBreaker.FAILED_REASON;
        })).report(true, "DeploymentFailed", ServiceEvents.deploymentFailed(f.service(), primary.id));
        ServiceDeployment lastCompleted = p.rollout().lastCompleted();
        if (Boolean.TRUE.equals(breaker.rollback) && lastCompleted != null) {
            // The rollback keeps the failed trigger, so it does not start the failed revision again.
            Rollout back = startDeployment(f, p.rollout(), lastCompleted.taskDefinition, primary.trigger);
            p = p.with(back).report(true, "Rollback",
                    ServiceEvents.rollingBack(f.service(), back.primaryId(), lastCompleted.taskDefinition));
        }
        return p;
    }

    private static PlanProgress replaceFailingHealthChecks(PlanFacts f, PlanProgress p) {
        for (ServiceTask task : primaryLive(f, p)) {
            if (f.health().failingHealthChecks(task)) {
                p = p.stop(List.of(task), TaskHealth.FAILED_HEALTH_CHECKS).report(true, "TaskUnhealthy",
                        ServiceEvents.failedHealthChecks(f.service(), task.name()));
            }
        }
        return p;
    }

    /** More PRIMARY tasks than desired: stop the surplus in {@link StopOrder}; DAEMON: see {@link DaemonPlacement}. */
    private static PlanProgress scaleIn(PlanFacts f, PlanProgress p) {
        if (f.daemon()) {
            List<ServiceTask> keepFirst = f.o().tasks().stream().filter(p::notStopping).sorted(f.stopOrder().reversed())
                    .toList();
            return p.stop(DaemonPlacement.surplus(keepFirst, f.o().daemonNodes(), p::isPrimary), p.scalingReason(f));
        }
        List<ServiceTask> remaining = primaryLive(f, p);
        int surplus = remaining.size() - f.bounds().desired();
        return p.stop(remaining.stream().sorted(f.stopOrder()).limit(Math.max(0, surplus)).toList(), p.scalingReason(f));
    }

    /**
     * Tasks of older deployments: not yet healthy ones always stop; healthy ones while minimumHealthyPercent holds,
     * and only when the PRIMARY can start tasks to replace them.
     */
    private static PlanProgress stopOldTasks(PlanFacts f, PlanProgress p, boolean launchBlocked) {
        long healthy = f.o().tasks().stream().filter(p::notStopping).filter(f.health()::healthy).count();
        Optional<ServiceDeployment> kept = p.failedWithoutRollback(f) ? p.rollout().kept() : Optional.empty();
        List<ServiceTask> old = f.o().tasks().stream().filter(p::notStopping).filter(t -> !p.isPrimary(t))
                .filter(t -> kept.map(d -> !t.belongsTo(d.id)).orElse(true)).sorted(f.stopOrder()).toList();
        List<ServiceTask> stopping = new ArrayList<>();
        for (ServiceTask task : old) {
            if (!f.health().healthy(task)) {
                stopping.add(task);
            } else if (!launchBlocked && healthy - 1 >= f.bounds().lower()) {
                stopping.add(task);
                healthy--;
            }
        }
        return p.stop(stopping, p.scalingReason(f));
    }

    /** Starts tasks of {@code deployment} up to {@code desired}, within maximumPercent, unless throttled. */
    private static PlanProgress launch(PlanFacts f, PlanProgress p, ServiceDeployment deployment, int desired) {
        List<ServiceTask> live = f.tasksOf(deployment.id).stream().filter(p::notStopping).toList();
        List<ServiceTask> allLive = f.o().tasks().stream().filter(p::notStopping).toList();
        long wanted = desired - live.size();
        int count = (int) Math.max(0, Math.min(wanted, f.bounds().upper() - allLive.size()));
        if (wanted > 0) {
            LaunchThrottle throttle = LaunchThrottle.of(f.tasksOf(deployment.id));
            String throttled = ServiceEvents.throttled(f.service());
            if (throttle.consecutiveFailures() >= 2
                    && !ServiceEvents.reportedSince(f.previous().events, throttled, throttle.streakStartedAt())) {
                p = p.report(true, "Throttled", throttled);
            }
            Optional<Duration> wait = throttle.remaining(f.o().now());
            if (wait.isPresent()) {
                return p.recheckAfter(wait.get());
            }
        }
        if (f.daemon()) {
            return p.launch(DaemonPlacement.launches(deployment, allLive, f.o().daemonNodes(), count));
        }
        Map<String, Integer> perProvider = new TreeMap<>();
        live.forEach(t -> perProvider.merge(String.valueOf(t.capacityProvider()), 1, Integer::sum));
        return p.launch(CapacitySplitter.assign(f.strategy(), perProvider, count).stream()
                .map(provider -> new TaskLaunch(deployment.id, deployment.taskDefinition, provider)).toList());
    }

    /** A FAILED deployment without rollback: the kept older deployment replaces the tasks of it that stop. */
    private static PlanProgress keepPreviousDeployment(PlanFacts f, PlanProgress p) {
        return p.rollout().kept().map(kept -> launch(f, p, kept, kept.desiredCount)).orElse(p);
    }

    /** PRIMARY runs exactly desiredCount healthy tasks and no other task is left: the rollout is done. */
    private static boolean complete(PlanFacts f, PlanProgress p) {
        ServiceDeployment primary = p.rollout().primary();
        if (f.o().deleting() || primary == null || RolloutState.FAILED.equals(primary.rolloutState) || !p.stops().isEmpty()
                || !p.launches().isEmpty()) {
            return false;
        }
        List<ServiceTask> left = f.o().tasks().stream().filter(t -> !t.stopped()).toList();
        return left.size() == f.bounds().desired() && left.stream().allMatch(t -> p.isPrimary(t) && f.health().healthy(t));
    }

    private static PlanProgress finishRollout(PlanFacts f, PlanProgress p, boolean complete) {
        if (!complete) {
            return p;
        }
        boolean inProgress = p.rollout().primaryIn(RolloutState.IN_PROGRESS);
        p = p.with(p.rollout().complete());
        if (inProgress) {
            p = p.report(false, "DeploymentCompleted", ServiceEvents.deploymentCompleted(f.service(), p.rollout().primaryId()));
        }
        if (!ServiceConditions.wasSteady(f.previous().conditions)) {
            p = p.report(false, "SteadyState", ServiceEvents.steadyState(f.service()));
        }
        return p;
    }

    private static PlanProgress scheduleHealthRecheck(PlanFacts f, PlanProgress p) {
        return f.o().tasks().stream().filter(p::notStopping).map(f.health()::nextChange).flatMap(Optional::stream)
                .min(Comparator.naturalOrder()).map(at -> p.recheckAfter(Duration.between(f.o().now(), at))).orElse(p);
    }

    private static List<ServiceTask> primaryLive(PlanFacts f, PlanProgress p) {
        return f.o().tasks().stream().filter(p::notStopping).filter(p::isPrimary).toList();
    }

    /** The service's own placement rules as the task Pods would get them; a message when Berth cannot express them. */
    private static Optional<String> invalidPlacement(PlanFacts f) {
        try {
            PlacementRules.of(Objects.requireNonNullElse(f.o().spec().placementConstraints, List.of()),
                    Objects.requireNonNullElse(f.o().spec().placementStrategy, List.of()), null, Map.of());
            return Optional.empty();
        } catch (UnrunnableTask e) {
            return Optional.of(e.getMessage());
        }
    }

    private static List<String> missingCapacityProviders(PlanFacts f) {
        return f.strategy().stream().map(i -> i.capacityProvider)
                .filter(provider -> !f.o().availableCapacityProviders().contains(provider)).toList();
    }
}
