package dev.berth.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.berth.api.v1alpha1.ServiceStatus;
import dev.berth.events.BerthEvent;
import dev.berth.status.Copies;

/**
 * What to do after one observation of a Service, in this order: create what the status names (the Kubernetes Service,
 * {@link #beforeStatusWrite()}; the Tasks, {@link #launches()}), write {@code status} once (with the ECS "has started"
 * event naming the launched Tasks, {@link #started}), record {@code events}, then stop and delete
 * ({@link #afterStatusWrite()}); reconcile again after {@code recheckAfter} if nothing happens before. Immutable: every
 * {@code with...} returns a new decision.
 */
public record ServiceDecision(ServiceStatus status, List<BerthEvent> events, List<ServiceAction> actions,
        Optional<Duration> recheckAfter) {

    public ServiceDecision {
        events = List.copyOf(events);
        actions = List.copyOf(actions);
    }

    /**
     * The scheduler's plan as a decision: its launches, named after their deployment and the slots the observed Tasks
     * leave free ({@link ServiceTaskNames}), then its stops.
     */
    static ServiceDecision of(ServicePlan plan, ServiceObservation observed) {
        Set<String> taken = observed.tasks().stream().map(ServiceTask::name).collect(Collectors.toSet());
        List<TaskLaunch> launches = ServiceTaskNames.assign(observed.serviceName(), plan.launches(), taken);
        return new ServiceDecision(plan.status(), plan.events(),
                Stream.concat(launches.stream(), plan.stops().stream()).map(ServiceAction.class::cast).toList(),
                plan.recheckAfter());
    }

    public List<TaskLaunch> launches() {
        return actions.stream().filter(TaskLaunch.class::isInstance).map(TaskLaunch.class::cast).toList();
    }

    public List<TaskStop> stops() {
        return actions.stream().filter(TaskStop.class::isInstance).map(TaskStop.class::cast).toList();
    }

    /** The creates and updates that come before the status write, besides the launches: the Kubernetes Service. */
    public List<ServiceAction> beforeStatusWrite() {
        return actions.stream().filter(ServiceAction.ApplyKubernetesService.class::isInstance).toList();
    }

    /** The actions that come after the status write: the stops and deletes. */
    public List<ServiceAction> afterStatusWrite() {
        return actions.stream()
                .filter(a -> !(a instanceof TaskLaunch) && !(a instanceof ServiceAction.ApplyKubernetesService)).toList();
    }

    /** This decision with {@code status} (a copy the caller changed) and {@code more} events. */
    ServiceDecision withStatus(ServiceStatus next, List<BerthEvent> more) {
        List<BerthEvent> all = new ArrayList<>(events);
        all.addAll(more);
        return new ServiceDecision(next, all, actions, recheckAfter);
    }

    ServiceDecision withAction(ServiceAction action) {
        List<ServiceAction> all = new ArrayList<>(actions);
        all.add(action);
        return new ServiceDecision(status, events, all, recheckAfter);
    }

    ServiceDecision withoutLaunches() {
        return new ServiceDecision(status, events, actions.stream().filter(a -> !(a instanceof TaskLaunch)).toList(),
                recheckAfter);
    }

    /** A deep copy of the status, for a part of the decision to change. */
    ServiceStatus statusCopy() {
        return Copies.deep(status);
    }

    /**
     * This decision once its launches exist as {@code taskNames}: ECS's "has started N tasks" service event, in status and
     * as a Kubernetes Event. It names the Tasks that exist once the launches are done (created, or found already
     * created by an earlier attempt), so it comes after them.
     */
    public ServiceDecision started(String serviceName, List<String> taskNames, Instant now) {
        if (taskNames.isEmpty()) {
            return this;
        }
        String message = ServiceEvents.started(serviceName, taskNames);
        ServiceStatus next = statusCopy();
        next.events = ServiceEvents.record(status.events, List.of(message), now);
        return withStatus(next, List.of(BerthEvent.normal("TasksStarted", message)));
    }
}
