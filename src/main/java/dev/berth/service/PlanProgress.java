package dev.berth.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.berth.api.v1alpha1.ServiceDeployment.RolloutState;
import dev.berth.events.BerthEvent;

/**
 * A plan as its parts build it, immutable: each part of {@link ServicePlanner} takes one and returns the next, so what a
 * part depends on from the parts before it (a task already being stopped, the deployments as changed) is in its
 * arguments, not in the order of calls on shared fields.
 *
 * @param stops by task name, in the order decided
 * @param messages ECS service events for status.events; {@code events} the Kubernetes Events (a superset)
 * @param recheck the earliest time to look again, or null
 */
record PlanProgress(Rollout rollout, Map<String, TaskStop> stops, List<TaskLaunch> launches, List<String> messages,
        List<BerthEvent> events, List<ServiceConditions.Problem> problems, Duration recheck) {

    PlanProgress {
        stops = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(stops));
        launches = List.copyOf(launches);
        messages = List.copyOf(messages);
        events = List.copyOf(events);
        problems = List.copyOf(problems);
    }

    static PlanProgress start(Rollout rollout) {
        return new PlanProgress(rollout, Map.of(), List.of(), List.of(), List.of(), List.of(), null);
    }

    PlanProgress with(Rollout next) {
        return new PlanProgress(next, stops, launches, messages, events, problems, recheck);
    }

    /** {@code tasks} stopped with {@code reason}; a task already being stopped keeps its first reason. */
    PlanProgress stop(Collection<ServiceTask> tasks, String reason) {
        Map<String, TaskStop> next = new LinkedHashMap<>(stops);
        tasks.forEach(t -> next.putIfAbsent(t.name(), new TaskStop(t.name(), ServiceTask.SERVICE_SCHEDULER_INITIATED, reason)));
        return new PlanProgress(rollout, next, launches, messages, events, problems, recheck);
    }

    PlanProgress launch(Collection<TaskLaunch> more) {
        List<TaskLaunch> next = new ArrayList<>(launches);
        next.addAll(more);
        return new PlanProgress(rollout, stops, next, messages, events, problems, recheck);
    }

    /** An ECS service event, also a Kubernetes Event. */
    PlanProgress report(boolean warning, String reason, String message) {
        List<String> nextMessages = new ArrayList<>(messages);
        nextMessages.add(message);
        return new PlanProgress(rollout, stops, launches, nextMessages, events, problems, recheck).event(
                BerthEvent.of(warning, reason, message));
    }

    /** A Kubernetes Event only (ECS has no service event for it). */
    PlanProgress event(BerthEvent event) {
        List<BerthEvent> next = new ArrayList<>(events);
        next.add(event);
        return new PlanProgress(rollout, stops, launches, messages, next, problems, recheck);
    }

    PlanProgress problem(ServiceConditions.Problem problem) {
        List<ServiceConditions.Problem> next = new ArrayList<>(problems);
        next.add(problem);
        return new PlanProgress(rollout, stops, launches, messages, events, next, recheck);
    }

    PlanProgress recheckAfter(Duration wait) {
        return recheck != null && recheck.compareTo(wait) <= 0 ? this
                : new PlanProgress(rollout, stops, launches, messages, events, problems, wait);
    }

    /** Live and not being stopped by this plan. */
    boolean notStopping(ServiceTask task) {
        return task.live() && !stops.containsKey(task.name());
    }

    boolean isPrimary(ServiceTask task) {
        String primary = rollout.primaryId();
        return primary != null && task.belongsTo(primary);
    }

    /** The PRIMARY is FAILED and did not roll back (a rollback is a new PRIMARY). */
    boolean failedWithoutRollback(PlanFacts f) {
        return rollout.primaryIn(RolloutState.FAILED) && !f.o().deleting();
    }

    String scalingReason(PlanFacts f) {
        String primary = rollout.primaryId();
        return primary == null ? "Scaling activity initiated by (service " + f.service() + ")"
                : "Scaling activity initiated by (deployment " + primary + ")";
    }
}
