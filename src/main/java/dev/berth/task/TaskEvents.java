package dev.berth.task;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.TaskStatus;
import dev.berth.api.v1alpha1.TaskStatus.ContainerStatus;
import dev.berth.events.BerthEvent;
import dev.berth.status.Conditions;
import dev.berth.taskdef.UnsupportedFields;

/** Events are the difference between two statuses, so deciding the same thing twice emits nothing new. */
final class TaskEvents {

    /** The Normal Events told by default: the task started, it stopped (or failed to start), it waits to start. */
    private static final Set<String> TOLD = Set.of(LastStatus.RUNNING.reason(), LastStatus.STOPPED.reason(), "Waiting");

    private TaskEvents() {
    }

    /**
     * The Events worth recording: all of them with {@code everyState}; else the Warnings and the Normal Events that the
     * task started, stopped (with its exits) or waits to start, so a task that runs and stops writes two Events. The
     * states in between (Provisioning, Pending, Activating, Deactivating, Stopping, Deprovisioning), a container ending
     * with code 0 while the task runs (an init container) and a task becoming healthy stay in the status only. A
     * BatchJob's child tells only its Warnings: its job tells the rest (retries, failed children, the job's states), as
     * an Indexed Job's Pods leave it to their Job, so a 10,000-child array does not write 20,000 Events.
     */
    static List<BerthEvent> worthRecording(List<BerthEvent> events, boolean everyState, boolean batchChild) {
        return everyState ? events
                : events.stream().filter(e -> e.type() == BerthEvent.Type.Warning
                        || !batchChild && TOLD.contains(e.reason())).toList();
    }

    /**
     * @param message the sentence describing the new lastStatus
     * @param blocker the blocker the new status reports, if any
     */
    static List<BerthEvent> between(TaskStatus previous, TaskStatus next, String message, Optional<StartBlocker> blocker) {
        TaskStatus before = previous == null ? new TaskStatus() : previous;
        List<BerthEvent> events = new ArrayList<>();
        List<ContainerStatus> exited = next.containers.stream()
                .filter(c -> newlyExited(ContainerStates.recorded(before.containers, c.name), c)).toList();
        boolean statusChanged = !Objects.equals(before.lastStatus, next.lastStatus);
        boolean stoppedNow = statusChanged && next.lastStatus == LastStatus.STOPPED;
        if (!stoppedNow) {
            exited.forEach(c -> events.add(containerExited(c)));
        }
        if (statusChanged) {
            events.add(lastStatusChanged(next, message, stoppedNow ? exited : List.of()));
        }
        blocker.filter(b -> changed(before, b))
                .ifPresent(b -> events.add(BerthEvent.normal("Waiting", "Waiting to start: " + b.stoppedReason())));
        UnsupportedFields.newlyReported(before.conditions, next.conditions).ifPresent(events::add);
        if (before.healthStatus != null && !before.healthStatus.equals(next.healthStatus)
                && !next.lastStatus.isStopping()) {
            events.add(healthChanged(before.healthStatus, next));
        }
        return events;
    }

    /** Newly STOPPED, and worth telling: it has an exit code, or was seen running. */
    private static boolean newlyExited(Optional<ContainerStatus> was, ContainerStatus container) {
        if (!ContainerStates.isStopped(container) || was.filter(ContainerStates::isStopped).isPresent()) {
            return false;
        }
        return container.exitCode != null || was.filter(c -> ContainerStates.RUNNING.equals(c.lastStatus)).isPresent();
    }

    private static BerthEvent containerExited(ContainerStatus container) {
        return BerthEvent.of(failed(container), "ContainerExited", "Container " + exit(container));
    }

    private static String exit(ContainerStatus container) {
        return container.exitCode == null ? container.name + " stopped: " + container.reason
                : container.name + " exited with code " + container.exitCode
                        + (container.reason == null ? "" : ": " + container.reason);
    }

    private static boolean failed(ContainerStatus container) {
        return container.exitCode != null && container.exitCode != 0;
    }

    /** The STOPPED event also tells the container exits recorded with it: one Event, not one per container. */
    private static BerthEvent lastStatusChanged(TaskStatus next, String message, List<ContainerStatus> exited) {
        LastStatus status = next.lastStatus;
        if (status != LastStatus.STOPPED) {
            return BerthEvent.normal(status.reason(), message);
        }
        boolean failed = StopDecision.TASK_FAILED_TO_START.equals(next.stopCode)
                || StopDecision.ESSENTIAL_CONTAINER_EXITED.equals(next.stopCode) && next.exitCode != null && next.exitCode != 0
                || exited.stream().anyMatch(TaskEvents::failed);
        String text = next.stopCode + ": " + next.stoppedReason
                + (next.exitCode == null ? "" : " (exit code " + next.exitCode + ")")
                + (exited.isEmpty() ? "" : "; container " + String.join(", ", exited.stream().map(TaskEvents::exit).toList()));
        return BerthEvent.of(failed, status.reason(), text);
    }

    private static boolean changed(TaskStatus before, StartBlocker blocker) {
        return Conditions.find(before.conditions, TaskLifecycle.READY)
                .filter(c -> blocker.reason().equals(c.getReason()) && blocker.stoppedReason().equals(c.getMessage()))
                .isEmpty();
    }

    private static BerthEvent healthChanged(String was, TaskStatus next) {
        if (ContainerHealth.UNHEALTHY.equals(next.healthStatus)) {
            List<String> failing = next.containers.stream()
                    .filter(c -> !Boolean.FALSE.equals(c.essential) && ContainerHealth.UNHEALTHY.equals(c.healthStatus))
                    .map(c -> c.name).toList();
            return BerthEvent.warning("HealthChanged", "Task failed container health checks: " + String.join(", ", failing)
                    + " (was " + was + ")");
        }
        return BerthEvent.normal("HealthChanged", "Task health is " + next.healthStatus + " (was " + was + ")");
    }
}
