package dev.berth.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import dev.berth.api.v1alpha1.CapacityProviderStrategyItem;
import dev.berth.api.v1alpha1.ServiceDeployment;
import dev.berth.api.v1alpha1.ServiceSpec;
import dev.berth.api.v1alpha1.ServiceStatus;
import dev.berth.events.BerthEvent;
import dev.berth.status.Copies;
import dev.berth.translate.PlacementRules;

/**
 * The ECS service scheduler as a pure function: one observation of a Service and its Tasks in, the launches, stops,
 * status and events out. Level-triggered: tasks already created count (PROVISIONING and PENDING ones included), so
 * planning again on the same observation after the launches are visible launches nothing more.
 */
public final class ServicePlanner {

    private static final List<CapacityProviderStrategyItem> DEFAULT_STRATEGY = List
            .of(new CapacityProviderStrategyItem("FARGATE", 1, 0));

    private final ServiceObservation o;
    private final String service;
    private final Instant now;
    private final boolean daemon;
    private final DeploymentBounds bounds;
    private final TaskHealth health;
    private final ServiceStatus previous;
    private final List<ServiceDeployment> deployments;
    private ServiceDeployment lastCompleted;
    private ServiceDeployment primary;
    private final Map<String, TaskStop> stops = new LinkedHashMap<>();
    private final List<TaskLaunch> launches = new ArrayList<>();
    private final List<String> messages = new ArrayList<>();
    private final List<BerthEvent> events = new ArrayList<>();
    private final List<ServiceConditions.Problem> problems = new ArrayList<>();
    private Duration recheck;

    private ServicePlanner(ServiceObservation o) {
        this.o = o;
        this.service = o.serviceName();
        this.now = o.now();
        this.daemon = o.spec().schedulingStrategy == ServiceSpec.SchedulingStrategy.DAEMON;
        this.bounds = DeploymentBounds.of(o.spec(), o.deleting(), o.daemonNodes().size());
        int grace = o.spec().healthCheckGracePeriodSeconds == null ? 0 : o.spec().healthCheckGracePeriodSeconds;
        this.health = new TaskHealth(now, o.healthyAfterRunning(), Duration.ofSeconds(grace));
        this.previous = o.previous() == null ? new ServiceStatus() : o.previous();
        this.deployments = Deployments.copy(previous.deployments);
        this.lastCompleted = Copies.deep(previous.lastCompletedDeployment);
        this.primary = deployments.stream().filter(d -> Deployments.PRIMARY.equals(d.status)).findFirst()
                .orElse(null);
    }

    public static ServicePlan plan(ServiceObservation observation) {
        return new ServicePlanner(observation).plan();
    }

    private ServicePlan plan() {
        startDeploymentOnNewTrigger();
        if (primary != null) {
            primary.desiredCount = bounds.desired();
            primary.failedTasks = CircuitBreaker.failedTasks(tasksOf(primary), health);
            tripCircuitBreaker();
        }
        List<String> missingProviders = missingCapacityProviders();
        Optional<String> invalidPlacement = invalidPlacement();
        boolean launchBlocked = primary == null || Deployments.FAILED.equals(primary.rolloutState)
                || !missingProviders.isEmpty() || invalidPlacement.isPresent();
        if (o.deleting()) {
            o.tasks().stream().filter(ServiceTask::live).forEach(t -> stop(t, scalingReason()));
        } else {
            replaceFailingHealthChecks();
            scaleIn();
            stopOldTasks(launchBlocked);
            if (!launchBlocked) {
                launch(primary, bounds.desired());
            } else if (failedWithoutRollback() && missingProviders.isEmpty() && invalidPlacement.isEmpty()) {
                keepPreviousDeployment();
            }
        }
        if (!stops.isEmpty()) {
            report(false, "TasksStopped", ServiceEvents.stopped(service, List.copyOf(stops.keySet())));
        }
        boolean complete = complete();
        finishRollout(complete);
        reportProblems(missingProviders, invalidPlacement, complete);
        scheduleHealthRecheck();
        return new ServicePlan(launches, List.copyOf(stops.values()), status(complete), events,
                Optional.ofNullable(recheck));
    }

    private void startDeploymentOnNewTrigger() {
        String target = o.targetTaskDefinition();
        if (o.deleting() || target == null) {
            return;
        }
        String trigger = target + "|" + (o.spec().forceNewDeployment == null ? "" : o.spec().forceNewDeployment);
        if (primary != null && trigger.equals(primary.trigger)) {
            return;
        }
        startDeployment(target, trigger);
        // ECS has no service event for this; Kubernetes users get one.
        events.add(BerthEvent.normal("DeploymentStarted",
                "(service " + service + ") (deployment " + primary.id + ") started for " + target + "."));
    }

    private void startDeployment(String taskDefinition, String trigger) {
        deployments.forEach(d -> d.status = Deployments.ACTIVE);
        primary = Deployments.start(Deployments.nextId(deployments, lastCompleted, o.tasks()), taskDefinition,
                trigger, now);
        primary.desiredCount = bounds.desired();
        deployments.add(0, primary);
    }

    private void tripCircuitBreaker() {
        ServiceSpec.CircuitBreaker breaker = o.spec().deploymentConfiguration == null ? null
                : o.spec().deploymentConfiguration.deploymentCircuitBreaker;
        if (breaker == null || !Boolean.TRUE.equals(breaker.enable) || o.deleting()
                || !Deployments.IN_PROGRESS.equals(primary.rolloutState)
                || primary.failedTasks < CircuitBreaker.threshold(bounds.desired())) {
            return;
        }
        primary.rolloutState = Deployments.FAILED;
        primary.rolloutStateReason = CircuitBreaker.FAILED_REASON;
        report(true, "DeploymentFailed", ServiceEvents.deploymentFailed(service, primary.id));
        if (Boolean.TRUE.equals(breaker.rollback) && lastCompleted != null) {
            // The rollback keeps the failed trigger, so it does not start the failed revision again.
            startDeployment(lastCompleted.taskDefinition, primary.trigger);
            report(true, "Rollback", ServiceEvents.rollingBack(service, primary.id, primary.taskDefinition));
        }
    }

    private void replaceFailingHealthChecks() {
        for (ServiceTask task : primaryLive()) {
            if (health.failingHealthChecks(task)) {
                stop(task, TaskHealth.FAILED_HEALTH_CHECKS);
                report(true, "TaskUnhealthy", ServiceEvents.failedHealthChecks(service, task.name()));
            }
        }
    }

    /** More PRIMARY tasks than desired: stop the surplus, pending first, then unhealthy, then newest. */
    private void scaleIn() {
        if (daemon) {
            stopOffEligibleNodes();
            return;
        }
        List<ServiceTask> remaining = primaryLive();
        int surplus = remaining.size() - bounds.desired();
        remaining.stream().sorted(stopOrder()).limit(Math.max(0, surplus)).forEach(t -> stop(t, scalingReason()));
    }

    /** DAEMON: one task per eligible node; tasks on nodes no longer eligible and second tasks on a node stop. */
    private void stopOffEligibleNodes() {
        Set<String> kept = new HashSet<>();
        o.tasks().stream().filter(this::notStopping).sorted(stopOrder().reversed()).forEach(t -> {
            if (!o.daemonNodes().containsKey(t.node()) || isPrimary(t) && !kept.add(t.node())) {
                stop(t, scalingReason());
            }
        });
    }

    /**
     * Tasks of older deployments: not yet healthy ones always stop; healthy ones while minimumHealthyPercent holds,
     * and only when the PRIMARY can start tasks to replace them.
     */
    private void stopOldTasks(boolean launchBlocked) {
        long healthy = o.tasks().stream().filter(this::notStopping).filter(health::healthy).count();
        Optional<ServiceDeployment> kept = keptDeployment();
        List<ServiceTask> old = o.tasks().stream().filter(this::notStopping).filter(t -> !isPrimary(t))
                .filter(t -> kept.map(d -> !t.belongsTo(d.id)).orElse(true)).sorted(stopOrder()).toList();
        for (ServiceTask task : old) {
            if (!health.healthy(task)) {
                stop(task, scalingReason());
            } else if (!launchBlocked && healthy - 1 >= bounds.lower()) {
                stop(task, scalingReason());
                healthy--;
            }
        }
    }

    /** Starts tasks of {@code deployment} up to {@code desired}, within maximumPercent, unless throttled. */
    private void launch(ServiceDeployment deployment, int desired) {
        List<ServiceTask> live = tasksOf(deployment).stream().filter(this::notStopping).toList();
        long total = o.tasks().stream().filter(this::notStopping).count();
        long wanted = desired - live.size();
        int count = (int) Math.max(0, Math.min(wanted, bounds.upper() - total));
        if (wanted > 0) {
            LaunchThrottle throttle = LaunchThrottle.of(tasksOf(deployment));
            if (throttle.consecutiveFailures() >= 2 && !ServiceEvents.reportedSince(previous.events,
                    ServiceEvents.throttled(service), throttle.streakStartedAt())) {
                report(true, "Throttled", ServiceEvents.throttled(service));
            }
            Optional<Duration> wait = throttle.remaining(now);
            if (wait.isPresent()) {
                recheckAfter(wait.get());
                return;
            }
        }
        if (daemon) {
            Set<String> occupied = new HashSet<>();
            o.tasks().stream().filter(this::notStopping).forEach(t -> occupied.add(t.node()));
            o.daemonNodes().entrySet().stream().filter(n -> !occupied.contains(n.getKey()))
                    .sorted(Map.Entry.comparingByKey()).limit(count).forEach(n -> launches
                            .add(new TaskLaunch(deployment.id, deployment.taskDefinition, n.getValue(), n.getKey())));
            return;
        }
        Map<String, Integer> perProvider = new TreeMap<>();
        live.forEach(t -> perProvider.merge(String.valueOf(t.capacityProvider()), 1, Integer::sum));
        for (String provider : CapacitySplitter.assign(strategy(), perProvider, count)) {
            launches.add(new TaskLaunch(deployment.id, deployment.taskDefinition, provider));
        }
    }

    private boolean failedWithoutRollback() {
        return primary != null && Deployments.FAILED.equals(primary.rolloutState) && !o.deleting();
    }

    /**
     * A FAILED deployment that did not roll back starts nothing more, but the service still runs: the newest older
     * deployment keeps the tasks it had when the deployment failed, and tasks of it that stop are replaced.
     */
    private Optional<ServiceDeployment> keptDeployment() {
        return failedWithoutRollback() ? deployments.stream().filter(d -> d != primary).findFirst() : Optional.empty();
    }

    private void keepPreviousDeployment() {
        keptDeployment().ifPresent(kept -> launch(kept, kept.desiredCount));
    }

    /** PRIMARY runs exactly desiredCount healthy tasks and no other task is left: the rollout is done. */
    private boolean complete() {
        if (o.deleting() || primary == null || Deployments.FAILED.equals(primary.rolloutState) || !stops.isEmpty()
                || !launches.isEmpty()) {
            return false;
        }
        List<ServiceTask> left = o.tasks().stream().filter(t -> !t.stopped()).toList();
        return left.size() == bounds.desired() && left.stream().allMatch(t -> isPrimary(t) && health.healthy(t));
    }

    private void finishRollout(boolean complete) {
        if (!complete) {
            return;
        }
        deployments.removeIf(d -> d != primary);
        if (Deployments.IN_PROGRESS.equals(primary.rolloutState)) {
            primary.rolloutState = Deployments.COMPLETED;
            primary.rolloutStateReason = Deployments.completed(primary.id);
            lastCompleted = Copies.deep(primary);
            report(false, "DeploymentCompleted", ServiceEvents.deploymentCompleted(service, primary.id));
        }
        if (!ServiceConditions.wasSteady(previous.conditions)) {
            report(false, "SteadyState", ServiceEvents.steadyState(service));
        }
    }

    private void reportProblems(List<String> missingProviders, Optional<String> invalidPlacement, boolean complete) {
        if (primary != null && Deployments.FAILED.equals(primary.rolloutState)) {
            problems.add(new ServiceConditions.Problem("DeploymentFailed",
                    "Deployment " + primary.id + " failed: " + CircuitBreaker.FAILED_REASON
                            + " Update the service to deploy again."));
        } else if (primary != null && Deployments.rolledBack(primary)) {
            problems.add(new ServiceConditions.Problem("DeploymentRolledBack", "The circuit breaker rolled back to "
                    + primary.taskDefinition + "; update the service to deploy again."));
        }
        Instant since = ServiceConditions.degradedSince(previous.conditions, now);
        if (o.targetTaskDefinition() == null && !o.deleting()) {
            String message = ServiceEvents.taskDefinitionNotFound(service, o.spec().taskDefinition);
            problem(since, "TaskDefinitionNotFound", message);
        }
        if (!missingProviders.isEmpty() && !o.deleting()) {
            problem(since, "CapacityProviderNotFound", ServiceEvents.capacityProviderNotFound(service, missingProviders));
        }
        if (invalidPlacement.isPresent() && !o.deleting()) {
            problem(since, "InvalidPlacement", "(service " + service + ") cannot place tasks: " + invalidPlacement.get()
                    + ". Fix placementConstraints or placementStrategy; no task is started meanwhile.");
        }
        if (unableToStartOrStop(missingProviders, complete)) {
            problem(since, "UnableToStartOrStopTasks", ServiceEvents.unableToStartOrStop(service));
        }
    }

    private void problem(Instant since, String reason, String message) {
        problems.add(new ServiceConditions.Problem(reason, message));
        if (!ServiceEvents.reportedSince(previous.events, message, since)) {
            report(true, reason, message);
        }
    }

    /** Nothing to start, nothing to stop, nothing on its way, and yet not done: the bounds leave no room. */
    private boolean unableToStartOrStop(List<String> missingProviders, boolean complete) {
        if (complete || o.deleting() || primary == null || Deployments.FAILED.equals(primary.rolloutState)
                || !missingProviders.isEmpty() || !problems.isEmpty() || !launches.isEmpty() || !stops.isEmpty()
                || recheck != null) {
            return false;
        }
        return o.tasks().stream().filter(t -> !t.stopped()).allMatch(health::healthy);
    }

    private void scheduleHealthRecheck() {
        o.tasks().stream().filter(this::notStopping).map(health::nextChange).flatMap(Optional::stream)
                .min(Comparator.naturalOrder()).ifPresent(at -> recheckAfter(Duration.between(now, at)));
    }

    private ServiceStatus status(boolean complete) {
        ServiceStatus s = new ServiceStatus();
        s.observedGeneration = o.generation();
        s.status = o.deleting() ? "DRAINING" : "ACTIVE";
        s.desiredCount = bounds.desired();
        s.runningCount = (int) o.tasks().stream().filter(t -> !t.stopped() && t.running()).count();
        s.pendingCount = (int) o.tasks().stream().filter(t -> !t.stopped() && t.pending()).count();
        s.taskDefinition = primary == null ? null : primary.taskDefinition;
        s.rolloutState = primary == null ? null : primary.rolloutState;
        s.selector = previous.selector;
        s.loadBalancer = previous.loadBalancer;
        s.autoScaling = previous.autoScaling;
        s.usage = previous.usage; // written by the service-usage controller (dev.berth.usage)
        s.deployments = deploymentRecords();
        s.lastCompletedDeployment = lastCompleted;
        s.capacityProviderTasks = capacityProviderTasks();
        s.events = ServiceEvents.record(previous.events, messages, now);
        int healthy = (int) o.tasks().stream().filter(health::healthy).count();
        s.conditions = ServiceConditions.of(previous.conditions, o.generation(), now, bounds.desired(), healthy,
                complete, o.deleting(), s.rolloutState, primary == null ? null : primary.rolloutStateReason,
                problems);
        return s;
    }

    private List<ServiceDeployment> deploymentRecords() {
        Map<String, ServiceDeployment> before = new TreeMap<>();
        Deployments.copy(previous.deployments).forEach(d -> before.put(d.id, d));
        for (ServiceDeployment d : deployments) {
            List<ServiceTask> tasks = tasksOf(d);
            d.pendingCount = (int) tasks.stream().filter(t -> !t.stopped() && t.pending()).count();
            d.runningCount = (int) tasks.stream().filter(t -> !t.stopped() && t.running()).count();
            if (d != primary && !failedWithoutRollback()) {
                d.desiredCount = (int) tasks.stream().filter(this::notStopping).count();
            }
            ServiceDeployment was = before.get(d.id);
            if (was == null || !Deployments.sameState(was, d)) {
                d.updatedAt = now.toString();
            }
        }
        return List.copyOf(deployments);
    }

    private Map<String, Integer> capacityProviderTasks() {
        Map<String, Integer> counts = new TreeMap<>();
        o.tasks().stream().filter(t -> !t.stopped() && t.capacityProvider() != null)
                .forEach(t -> counts.merge(t.capacityProvider(), 1, Integer::sum));
        return counts;
    }

    private List<CapacityProviderStrategyItem> strategy() {
        return strategy(o.spec());
    }

    /** The capacity provider strategy of the spec, FARGATE when it names none (as ECS). */
    static List<CapacityProviderStrategyItem> strategy(ServiceSpec spec) {
        List<CapacityProviderStrategyItem> strategy = spec.capacityProviderStrategy;
        return strategy == null || strategy.isEmpty() ? DEFAULT_STRATEGY : strategy;
    }

    /** The service's own placement rules as the task Pods would get them; a message when Berth cannot express them. */
    private Optional<String> invalidPlacement() {
        try {
            PlacementRules.of(Objects.requireNonNullElse(o.spec().placementConstraints, List.of()),
                    Objects.requireNonNullElse(o.spec().placementStrategy, List.of()), null, Map.of());
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    private List<String> missingCapacityProviders() {
        return strategy().stream().map(i -> i.capacityProvider)
                .filter(p -> !o.availableCapacityProviders().contains(p)).toList();
    }

    private void stop(ServiceTask task, String reason) {
        stops.putIfAbsent(task.name(), new TaskStop(task.name(), ServiceTask.SERVICE_SCHEDULER_INITIATED, reason));
    }

    private String scalingReason() {
        return primary == null ? "Scaling activity initiated by (service " + service + ")"
                : "Scaling activity initiated by (deployment " + primary.id + ")";
    }

    private void report(boolean warning, String reason, String message) {
        messages.add(message);
        events.add(BerthEvent.of(warning, reason, message));
    }

    private void recheckAfter(Duration wait) {
        if (recheck == null || wait.compareTo(recheck) < 0) {
            recheck = wait;
        }
    }

    /** Live and not being stopped by this plan. */
    private boolean notStopping(ServiceTask task) {
        return task.live() && !stops.containsKey(task.name());
    }

    private List<ServiceTask> primaryLive() {
        return o.tasks().stream().filter(this::notStopping).filter(this::isPrimary).toList();
    }

    private List<ServiceTask> tasksOf(ServiceDeployment d) {
        return o.tasks().stream().filter(t -> t.belongsTo(d.id)).toList();
    }

    private boolean isPrimary(ServiceTask task) {
        return primary != null && task.belongsTo(primary.id);
    }

    /** Pending first, then running but not healthy, then healthy; newest first within each. */
    private Comparator<ServiceTask> stopOrder() {
        return Comparator.<ServiceTask> comparingInt(t -> t.pending() ? 0 : health.healthy(t) ? 2 : 1)
                .thenComparing(ServiceTask::createdAt, Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(ServiceTask::name, Comparator.reverseOrder());
    }
}
