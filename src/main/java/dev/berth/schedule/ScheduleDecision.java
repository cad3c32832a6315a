package dev.berth.schedule;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.berth.api.v1alpha1.ScheduledTaskStatus;
import dev.berth.events.BerthEvent;

/**
 * What to do after one look at a schedule. The status is written first (it records the runs, with their Task names,
 * before the Tasks exist), then the Tasks are created, stopped and deleted; each of these writes is idempotent.
 *
 * @param launches Tasks to create (runs just due, retries, and recorded Tasks not seen yet)
 * @param stops Tasks of active runs that concurrencyPolicy Replace stops
 * @param deletes Tasks of runs beyond the history limits
 * @param recheckAfter when to look again without an event: the next start time or retry
 * @param deleteSchedule actionAfterCompletion DELETE and nothing is left to run
 */
public record ScheduleDecision(ScheduledTaskStatus status, List<RunLaunch> launches, List<String> stops, List<String> deletes,
        List<BerthEvent> events, Optional<Duration> recheckAfter, boolean deleteSchedule) {
}
