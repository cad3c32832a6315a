package dev.berth.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.ScheduledTask;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskStatus;
import dev.berth.cache.LeanItemStore;
import dev.berth.cache.References;
import dev.berth.cache.SharedTaskEventSource;
import dev.berth.cache.TaskCache;
import dev.berth.events.EventRecorder;
import dev.berth.schedule.ScheduleObservation.ChildTask;
import dev.berth.status.StatusWriter;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;

/**
 * Runs ScheduledTasks: observe (the schedule and its Tasks from the cache), decide ({@link ScheduleDecider}, pure),
 * write the status once (it records each new run with its Task names), then create, stop and delete Tasks. Wakes up
 * when one of its Tasks changes and at the next start time or retry; never polls.
 */
@ControllerConfiguration(name = "scheduledtask", informer = @Informer(itemStore = LeanItemStore.class))
public class ScheduledTaskReconciler implements Reconciler<ScheduledTask> {

    private final EventRecorder events;
    private final Clock clock;
    private final TaskCache taskCache;

    public ScheduledTaskReconciler(EventRecorder events, Clock clock, TaskCache taskCache) {
        this.events = events;
        this.clock = clock;
        this.taskCache = taskCache;
    }

    @Override
    public List<EventSource<?, ScheduledTask>> prepareEventSources(EventSourceContext<ScheduledTask> context) {
        // the Task controller's Tasks (held once): every change of one of its runs wakes the schedule
        return List.of(new SharedTaskEventSource<ScheduledTask>(taskCache, References.SCHEDULED_TASK,
                References::scheduledTask, (newer, older) -> true,
                context.getControllerConfiguration().getConfigurationService().cacheSyncTimeout()));
    }

    @Override
    public UpdateControl<ScheduledTask> reconcile(ScheduledTask schedule, Context<ScheduledTask> context) {
        Instant now = clock.instant();
        ScheduleDecision decision = ScheduleDecider.decide(observe(schedule, context, now));
        ScheduledTask written = StatusWriter.write(schedule, decision.status(), context);
        events.record(written, decision.events());
        Map<String, String> refused = new RunActions(context, taskCache).perform(written, decision);
        Optional<Duration> recheck = decision.recheckAfter();
        if (!refused.isEmpty()) {
            StatusWriter.write(written, ScheduleDecider.rejected(written.getStatus(), refused, now), context);
            recheck = Optional.of(Duration.ofSeconds(1));
        }
        return recheck.map(after -> UpdateControl.<ScheduledTask> noUpdate().rescheduleAfter(after))
                .orElseGet(UpdateControl::noUpdate);
    }

    private static ScheduleObservation observe(ScheduledTask schedule, Context<ScheduledTask> context, Instant now) {
        List<ChildTask> tasks = context.getSecondaryResourcesAsStream(Task.class).map(ScheduledTaskReconciler::child)
                .toList();
        var meta = schedule.getMetadata();
        return new ScheduleObservation(meta.getName(), meta.getNamespace() + "/" + meta.getName(),
                meta.getGeneration() == null ? 0 : meta.getGeneration(), schedule.getSpec(),
                meta.getCreationTimestamp() == null ? now : Instant.parse(meta.getCreationTimestamp()), schedule.getStatus(),
                tasks, now);
    }

    private static ChildTask child(Task task) {
        TaskStatus s = task.getStatus() == null ? new TaskStatus() : task.getStatus();
        // a Task the Task controller has not looked at yet is on its way, not stopped
        LastStatus lastStatus = s.lastStatus == null ? LastStatus.PROVISIONING : s.lastStatus;
        return new ChildTask(task.getMetadata().getName(), lastStatus, s.stopCode, s.stoppedReason, s.exitCode,
                s.stoppedAt == null ? null : Instant.parse(s.stoppedAt));
    }
}
