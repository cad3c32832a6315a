package dev.berth.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.Service;
import dev.berth.api.v1alpha1.ServiceDeployment.RolloutState;
import dev.berth.api.v1alpha1.ServiceSpec;
import dev.berth.api.v1alpha1.ServiceStatus;
import dev.berth.api.v1alpha1.TaskSpec.DesiredStatus;
import dev.berth.status.Copies;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

/**
 * A fake cluster for the planner: applies plans to a list of ServiceTasks the way the Service reconciler and the Task
 * lifecycle would, and moves time on. Each tick moves every task one lifecycle step: PROVISIONING, PENDING, then
 * RUNNING (or STOPPED with TaskFailedToStart for a revision that cannot start); a stopped task reaches STOPPED.
 */
final class TestingServices {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final Duration TICK = Duration.ofSeconds(20);

    final String name = "web";
    final ServiceSpec spec = new ServiceSpec();
    final List<ServiceTask> tasks = new ArrayList<>();
    final Set<String> failingRevisions = new HashSet<>();
    Set<String> capacityProviders = Set.of("FARGATE", "FARGATE_SPOT");
    /** For DAEMON services: eligible node -> capacity provider. */
    Map<String, String> daemonNodes = new TreeMap<>();
    String target;
    ServiceStatus status;
    long generation = 1;
    boolean deleting;
    boolean healthCheck;
    Instant now = T0;
    ServiceDecision lastPlan;

    TestingServices(String revision, int desired) {
        spec.taskDefinition = revision.substring(0, revision.indexOf(':'));
        spec.desiredCount = desired;
        target = revision;
    }

    TestingServices deployment(int minimumHealthyPercent, int maximumPercent) {
        spec.deploymentConfiguration = new ServiceSpec.DeploymentConfiguration();
        spec.deploymentConfiguration.minimumHealthyPercent = minimumHealthyPercent;
        spec.deploymentConfiguration.maximumPercent = maximumPercent;
        return this;
    }

    TestingServices circuitBreaker(boolean rollback) {
        if (spec.deploymentConfiguration == null) {
            spec.deploymentConfiguration = new ServiceSpec.DeploymentConfiguration();
        }
        spec.deploymentConfiguration.deploymentCircuitBreaker = new ServiceSpec.CircuitBreaker();
        spec.deploymentConfiguration.deploymentCircuitBreaker.enable = true;
        spec.deploymentConfiguration.deploymentCircuitBreaker.rollback = rollback;
        return this;
    }

    ServiceObservation observe() {
        return new ServiceObservation(name, spec, generation, status, target, tasks, capacityProviders, deleting, now,
                ServiceObservation.ECS_HEALTHY_AFTER_RUNNING, daemonNodes);
    }

    /** The Service resource as the reconciler would read it. */
    Service service() {
        Service service = new Service();
        service.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("default").withUid("uid-" + name)
                .withGeneration(generation).build());
        service.setSpec(Copies.deep(spec));
        service.setStatus(Copies.deep(status));
        return service;
    }

    /** The production decision on the current observation, applied as the reconciler would. */
    ServiceDecision plan() {
        ServiceDecision plan = ServiceScheduler
                .decide(new ServiceInputs(service(), observe(), false, Map.of(), null, Map.of(), null, null));
        List<String> names = new ArrayList<>();
        for (TaskLaunch launch : plan.launches()) {
            String taskName = launch.name();
            names.add(taskName);
            // this fake's observation always holds every Task, so a taken name is a naming bug, not a stale cache
            if (tasks.stream().anyMatch(t -> t.name().equals(taskName))) {
                throw new IllegalStateException("launch named after a Task the observation holds: " + taskName);
            }
            tasks.add(new ServiceTask(taskName, launch.deploymentId(), launch.taskDefinition(), LastStatus.PROVISIONING,
                    DesiredStatus.RUNNING, "UNKNOWN", healthCheck, now, null, null, null, null, launch.capacityProvider(),
                    launch.node()));
        }
        for (TaskStop stop : plan.stops()) {
            replace(stop.taskName(), t -> new ServiceTask(t.name(), t.deploymentId(), t.taskDefinition(),
                    t.lastStatus(), DesiredStatus.STOPPED, t.healthStatus(), t.hasHealthCheck(), t.createdAt(), t.startedAt(),
                    t.stoppedAt(), stop.stopCode(), stop.stoppedReason(), t.capacityProvider(), t.node()));
        }
        lastPlan = plan.started(name, names, now);
        status = lastPlan.status();
        return lastPlan;
    }

    /** One tick, then a plan. */
    ServiceDecision step() {
        tick(TICK);
        return plan();
    }

    void tick(Duration duration) {
        now = now.plus(duration);
        for (ServiceTask t : List.copyOf(tasks)) {
            if (t.stopped()) {
                continue;
            }
            if (t.desiredStatus() == DesiredStatus.STOPPED) {
                replace(t.name(), x -> withState(x, LastStatus.STOPPED, x.startedAt(), now, x.stopCode(), x.stoppedReason()));
            } else if (LastStatus.PROVISIONING.equals(t.lastStatus())) {
                replace(t.name(), x -> withState(x, LastStatus.PENDING, null, null, null, null));
            } else if (LastStatus.PENDING.equals(t.lastStatus())) {
                if (failingRevisions.contains(t.taskDefinition())) {
                    replace(t.name(), x -> withState(x, LastStatus.STOPPED, null, now, "TaskFailedToStart",
                            "Essential container in task exited"));
                } else {
                    replace(t.name(), x -> withState(x, LastStatus.RUNNING, now, null, null, null));
                }
            }
        }
    }

    /** Sets the health status of a task (its container health check reported). */
    void health(String taskName, String healthStatus) {
        replace(taskName, t -> new ServiceTask(t.name(), t.deploymentId(), t.taskDefinition(), t.lastStatus(),
                t.desiredStatus(), healthStatus, t.hasHealthCheck(), t.createdAt(), t.startedAt(), t.stoppedAt(),
                t.stopCode(), t.stoppedReason(), t.capacityProvider(), t.node()));
    }

    /** The task's essential container exits after it ran. */
    void exit(String taskName) {
        replace(taskName, t -> withState(t, LastStatus.STOPPED, t.startedAt(), now, "EssentialContainerExited",
                "Essential container in task exited"));
    }

    TaskHealth health() {
        return new TaskHealth(now, ServiceObservation.ECS_HEALTHY_AFTER_RUNNING, Duration.ZERO);
    }

    long healthy() {
        return tasks.stream().filter(health()::healthy).count();
    }

    long healthy(String revision) {
        return tasks.stream().filter(health()::healthy).filter(t -> t.taskDefinition().equals(revision)).count();
    }

    /** RUNNING or on its way there, not asked to stop: what maximumPercent bounds. */
    long live() {
        return tasks.stream().filter(ServiceTask::live).count();
    }

    List<String> messages() {
        return status.events.stream().map(e -> e.message).toList();
    }

    ServiceTask task(String taskName) {
        return tasks.stream().filter(t -> t.name().equals(taskName)).findFirst().orElseThrow();
    }

    /** Plans and ticks until the PRIMARY deployment completes and is alone; fails after {@code maxSteps}. */
    void runToSteadyState(int maxSteps) {
        plan();
        for (int i = 0; i < maxSteps; i++) {
            if (RolloutState.COMPLETED.equals(status.rolloutState) && status.deployments.size() == 1) {
                return;
            }
            step();
        }
        throw new AssertionError("no steady state after " + maxSteps + " steps: " + status.deployments.size()
                + " deployments, rollout " + status.rolloutState + ", tasks " + tasks);
    }

    /** Ticks and plans until steady again (the PRIMARY already COMPLETED). */
    void runToSteadyStateAgain() {
        for (int i = 0; i < 60; i++) {
            step();
            boolean steady = status.conditions.stream()
                    .anyMatch(c -> c.getType().equals("Available") && "SteadyState".equals(c.getReason()));
            if (steady && RolloutState.COMPLETED.equals(status.rolloutState) && status.deployments.size() == 1) {
                return;
            }
        }
        throw new AssertionError("no steady state again: " + tasks);
    }

    private ServiceTask withState(ServiceTask t, LastStatus lastStatus, Instant startedAt, Instant stoppedAt,
            String stopCode, String stoppedReason) {
        return new ServiceTask(t.name(), t.deploymentId(), t.taskDefinition(), lastStatus, t.desiredStatus(),
                t.healthStatus(), t.hasHealthCheck(), t.createdAt(), startedAt, stoppedAt, stopCode, stoppedReason,
                t.capacityProvider(), t.node());
    }

    private void replace(String taskName, java.util.function.UnaryOperator<ServiceTask> change) {
        for (int i = 0; i < tasks.size(); i++) {
            if (tasks.get(i).name().equals(taskName)) {
                tasks.set(i, change.apply(tasks.get(i)));
                return;
            }
        }
        throw new AssertionError("no task " + taskName);
    }
}
