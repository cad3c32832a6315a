package dev.berth.schedule;

import java.time.Instant;
import java.util.List;

import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.ScheduledTaskSpec;
import dev.berth.api.v1alpha1.ScheduledTaskStatus;

/**
 * Everything {@link ScheduleDecider} decides from, read from caches and the clock by the reconciler.
 *
 * @param name the ScheduledTask's name
 * @param key namespace/name: what flexible-window offsets are a hash of
 * @param createdAt the ScheduledTask's creationTimestamp
 * @param previous its status as last written (null for a new one)
 * @param tasks its Tasks in the cache
 */
public record ScheduleObservation(String name, String key, long generation, ScheduledTaskSpec spec, Instant createdAt,
        ScheduledTaskStatus previous, List<ChildTask> tasks, Instant now) {

    /** A Task of the schedule as the cache shows it. */
    public record ChildTask(String name, LastStatus lastStatus, String stopCode, String stoppedReason, Integer exitCode,
            Instant stoppedAt) {
    }
}
