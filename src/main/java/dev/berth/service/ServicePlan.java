package dev.berth.service;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.berth.api.v1alpha1.ServiceStatus;
import dev.berth.events.BerthEvent;

/**
 * The ECS scheduler's part of a decision ({@link ServicePlanner}): the tasks to launch and to stop, the status, the
 * events, and when to look again if nothing else happens first. {@link ServiceScheduler} completes it into a
 * {@link ServiceDecision}.
 */
public record ServicePlan(List<TaskLaunch> launches, List<TaskStop> stops, ServiceStatus status,
        List<BerthEvent> events, Optional<Duration> recheckAfter) {

    public ServicePlan {
        launches = List.copyOf(launches);
        stops = List.copyOf(stops);
        events = List.copyOf(events);
    }
}
