package dev.berth.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.berth.api.v1alpha1.ServiceStatus;
import dev.berth.events.BerthEvent;
import dev.berth.status.Copies;

/**
 * What the reconciler does for one observation: create {@code launches}, stop {@code stops}, write {@code status},
 * record {@code events}, and look again after {@code recheckAfter} if nothing else happens first.
 */
public record ServicePlan(List<TaskLaunch> launches, List<TaskStop> stops, ServiceStatus status,
        List<BerthEvent> events, Optional<Duration> recheckAfter) {

    public ServicePlan {
        launches = List.copyOf(launches);
        stops = List.copyOf(stops);
        events = List.copyOf(events);
    }

    /** This plan once the launches exist as {@code taskNames}: the ECS "has started" event in status and events. */
    public ServicePlan started(String serviceName, List<String> taskNames, Instant now) {
        if (taskNames.isEmpty()) {
            return this;
        }
        String message = ServiceEvents.started(serviceName, taskNames);
        ServiceStatus next = Copies.deep(status);
        next.events = ServiceEvents.record(status.events, List.of(message), now);
        List<BerthEvent> allEvents = new ArrayList<>(events);
        allEvents.add(BerthEvent.normal("TasksStarted", message));
        return new ServicePlan(launches, stops, next, allEvents, recheckAfter);
    }
}
