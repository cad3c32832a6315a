package dev.berth.task;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.berth.api.v1alpha1.TaskStatus;
import dev.berth.events.BerthEvent;

/**
 * What to do after an observation, in this order: patch {@code status} (when {@code statusChanged}), perform
 * {@code action}, emit {@code events}; reconcile again after {@code recheckAfter} if nothing happens before.
 */
public record TaskDecision(TaskStatus status, boolean statusChanged, TaskAction action, List<BerthEvent> events,
        Optional<Duration> recheckAfter) {
}
