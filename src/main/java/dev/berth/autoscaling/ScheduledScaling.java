package dev.berth.autoscaling;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.berth.api.v1alpha1.ServiceAutoScaling;
import dev.berth.api.v1alpha1.ServiceAutoScaling.ScheduledAction;
import dev.berth.api.v1alpha1.ServiceAutoScalingStatus;
import dev.berth.api.v1alpha1.ServiceAutoScalingStatus.ScheduledActionStatus;
import dev.berth.events.BerthEvent;
import dev.berth.schedule.InvalidScheduleException;
import dev.berth.schedule.ScheduleExpression;

/**
 * Scheduled actions (PutScheduledAction): when an action is due it sets the capacity range, which then holds until
 * the next action or until the spec's own minCapacity/maxCapacity change (as re-registering the scalable target
 * does). Each action's next run is kept in the status, so a run missed while the operator was down happens once
 * when it is back; a new action never runs for times before it was added.
 */
public final class ScheduledScaling {

    private ScheduledScaling() {
    }

    public record Range(int min, int max, String source, List<ScheduledActionStatus> actions, List<BerthEvent> events) {
    }

    public static Range apply(ServiceAutoScaling spec, ServiceAutoScalingStatus previous, Instant now) {
        boolean specChanged = previous == null || previous.minCapacity == null || previous.maxCapacity == null
                || !Objects.equals(previous.specMinCapacity, spec.minCapacity)
                || !Objects.equals(previous.specMaxCapacity, spec.maxCapacity);
        int min = specChanged ? spec.minCapacity : previous.minCapacity;
        int max = specChanged ? spec.maxCapacity : previous.maxCapacity;
        String source = specChanged || previous.capacitySource == null ? "spec" : previous.capacitySource;
        boolean suspended = spec.suspendedState != null && Boolean.TRUE.equals(spec.suspendedState.scheduledScalingSuspended);

        List<ScheduledActionStatus> states = new ArrayList<>();
        List<BerthEvent> events = new ArrayList<>();
        List<Due> due = new ArrayList<>();
        for (ScheduledAction action : spec.scheduledActions == null ? List.<ScheduledAction> of() : spec.scheduledActions) {
            ScheduledActionStatus before = previous(previous, action);
            ScheduledActionStatus state = new ScheduledActionStatus();
            state.scheduledActionName = action.scheduledActionName;
            state.schedule = action.schedule;
            state.timezone = action.timezone;
            states.add(state);
            Window window;
            try {
                window = Window.of(action);
            } catch (IllegalArgumentException | InvalidScheduleException e) {
                state.error = e.getMessage();
                if (before == null || !state.error.equals(before.error)) {
                    events.add(BerthEvent.warning("InvalidScheduledAction",
                            "scheduled action " + action.scheduledActionName + " cannot run: " + e.getMessage()));
                }
                continue;
            }
            state.lastRunTime = before == null ? null : before.lastRunTime;
            Optional<Instant> next = before != null && before.error == null
                    ? Optional.ofNullable(before.nextRunTime).map(Instant::parse)
                    : window.next(now);
            if (next.isPresent() && !next.get().isAfter(now)) {
                // runs missed meanwhile collapse into one, ordered by the latest of them
                Instant last = next.get();
                next = window.next(last);
                while (next.isPresent() && !next.get().isAfter(now)) {
                    last = next.get();
                    next = window.next(last);
                }
                due.add(new Due(action, last));
                if (!suspended) {
                    state.lastRunTime = now.toString();
                }
            }
            state.nextRunTime = next.map(Instant::toString).orElse(null);
        }
        if (!suspended) {
            due.sort(Comparator.comparing(Due::at));
            for (Due d : due) {
                var target = d.action().scalableTargetAction;
                min = target.minCapacity == null ? min : target.minCapacity;
                max = target.maxCapacity == null ? max : target.maxCapacity;
                if (max < min) {
                    if (target.maxCapacity == null) {
                        max = min;
                    } else {
                        min = max;
                    }
                }
                source = "scheduledAction/" + d.action().scheduledActionName;
                events.add(BerthEvent.normal("ScheduledActionRun", "scheduled action " + d.action().scheduledActionName
                        + " (" + d.action().schedule + ") set the capacity range to [" + min + ", " + max + "]"));
            }
        }
        return new Range(min, max, source, states, events);
    }

    private static ScheduledActionStatus previous(ServiceAutoScalingStatus previous, ScheduledAction action) {
        if (previous == null || previous.scheduledActions == null) {
            return null;
        }
        return previous.scheduledActions.stream()
                .filter(s -> action.scheduledActionName.equals(s.scheduledActionName)
                        && Objects.equals(action.schedule, s.schedule) && Objects.equals(action.timezone, s.timezone))
                .findFirst().orElse(null);
    }

    private record Due(ScheduledAction action, Instant at) {
    }

    /** A parsed action: its expression and zone, limited to [startTime, endTime]. */
    private record Window(ScheduleExpression expression, ZoneId zone, Instant start, Instant end) {
        static Window of(ScheduledAction action) {
            return new Window(ScheduleExpression.parse(action.schedule), ScheduleExpression.zone(action.timezone),
                    time("startTime", action.startTime), time("endTime", action.endTime));
        }

        /** rate() first runs at startTime; at() and cron() at their first time from startTime on. */
        Optional<Instant> next(Instant after) {
            Optional<Instant> next = start == null || !start.isAfter(after) ? expression.next(after, zone)
                    : expression instanceof ScheduleExpression.Rate ? Optional.of(start)
                            : expression.next(start.minusNanos(1), zone);
            return next.filter(t -> end == null || !t.isAfter(end));
        }

        private static Instant time(String field, String value) {
            if (value == null) {
                return null;
            }
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(
                        field + " '" + value + "' is not an RFC 3339 time (e.g. 2026-01-31T08:00:00Z)");
            }
        }
    }
}
