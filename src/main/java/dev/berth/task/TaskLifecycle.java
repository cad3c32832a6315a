package dev.berth.task;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

import dev.berth.api.v1alpha1.Berth;
import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskSpec;
import dev.berth.api.v1alpha1.TaskStatus;
import dev.berth.status.Conditions;
import dev.berth.status.StatusWriter;
import dev.berth.taskdef.ReportedSize;
import dev.berth.taskdef.UnsupportedFields;
import io.fabric8.kubernetes.api.model.Condition;

/**
 * The lifecycle of one ECS task run as one Pod. Pure: the same observation always gives the same decision, and
 * deciding again with the decided status as the previous one changes nothing and emits nothing.
 *
 * <pre>
 * no Pod yet                               PROVISIONING   CreatePod (unless blocked)
 * Pod not scheduled                        PROVISIONING
 * scheduled, essential containers starting PENDING
 * essential containers running, no Pod IP  ACTIVATING
 * essential containers running             RUNNING
 * stop decided, a container still runs     DEACTIVATING   DeletePod
 * Pod deleted, a container still runs      STOPPING
 * Pod deleted, nothing runs                DEPROVISIONING ReleasePod (final container states are in the status)
 * Pod released, unconfirmed (lost node)    STOPPED        (its containers were to be killed 15 s ago and more)
 * stop decided, Pod ended (nothing runs)   STOPPED        ReleasePod, the Pod is kept
 * Pod gone (or never created and stopped)  STOPPED
 * STOPPED for ttlSecondsAfterStopped       STOPPED        DeleteTask (its Pod goes with it)
 * </pre>
 *
 * A Pod that ended on its own (phase Succeeded or Failed) holds no resources and runs nothing, so there is
 * nothing to stop: the task goes straight to STOPPED and the Pod stays until the Task is deleted, which keeps
 * the containers' logs readable with {@code kubectl logs} after the task stopped.
 */
public final class TaskLifecycle {

    static final String READY = "Ready";

    static final long DEFAULT_TTL_SECONDS = 3600;

    private TaskLifecycle() {
    }

    public static TaskDecision decide(TaskObservation observation) {
        TaskFacts facts = TaskFacts.of(observation);
        Optional<StopDecision> stop = StopDecision.decide(facts);
        LastStatus status = LastStatus.latest(facts.was(), observed(facts, stop.isPresent()));
        Optional<StartBlocker> blocker = status == LastStatus.PROVISIONING ? facts.blocker() : Optional.empty();

        TaskStatus next = status(facts, status, stop);
        String message = StatusMessages.of(next, facts);
        next.conditions = conditions(facts, next, message, blocker);

        return new TaskDecision(next, changed(facts.previous(), next), action(facts, status, next),
                TaskEvents.between(facts.previous(), next, message, blocker), recheckAfter(facts, status, next));
    }

    /** Where the Pod puts the task, before the rule that a task never goes back. */
    private static LastStatus observed(TaskFacts facts, boolean stopDecided) {
        PodView pod = facts.pod();
        if (pod == null) {
            return facts.podExisted() || stopDecided ? LastStatus.STOPPED : LastStatus.PROVISIONING;
        }
        if (pod.deleting()) {
            if (unconfirmed(facts)) {
                return LastStatus.STOPPED;
            }
            return containersEnded(facts) ? LastStatus.DEPROVISIONING : LastStatus.STOPPING;
        }
        if (stopDecided) {
            return pod.terminal() ? LastStatus.STOPPED : LastStatus.DEACTIVATING;
        }
        return facts.progress();
    }

    private static TaskStatus status(TaskFacts facts, LastStatus status, Optional<StopDecision> stop) {
        TaskObservation observation = facts.observation();
        Task task = observation.task();
        TaskSpec spec = task.getSpec() == null ? new TaskSpec() : task.getSpec();
        TaskStatus previous = facts.previous() == null ? new TaskStatus() : facts.previous();
        PodView pod = facts.pod();

        TaskStatus next = new TaskStatus();
        next.observedGeneration = task.getMetadata().getGeneration();
        next.lastStatus = status;
        next.desiredStatus = stop.isPresent() ? TaskSpec.DesiredStatus.STOPPED : TaskSpec.DesiredStatus.RUNNING;
        next.taskDefinition = observation.pinnedTaskDefinition() != null ? observation.pinnedTaskDefinition()
                : previous.taskDefinition;
        next.cluster = spec.cluster;
        next.capacityProviderName = Optional.ofNullable(pod).map(p -> p.label(Berth.LABEL_CAPACITY_PROVIDER))
                .orElse(previous.capacityProviderName);
        next.cpu = ReportedSize.cpu(observation.taskDefinition()).orElse(previous.cpu);
        next.memory = ReportedSize.memory(observation.taskDefinition()).orElse(previous.memory);
        next.startedBy = spec.startedBy;
        next.group = spec.group;
        next.podName = previous.podName != null ? previous.podName : pod == null ? null : pod.name();
        next.containers = new ArrayList<>(status.isAtLeast(LastStatus.DEPROVISIONING)
                ? ContainerStates.finish(facts.observed())
                : facts.observed());
        next.healthStatus = ContainerHealth.task(next.containers);
        next.stopCode = stop.map(StopDecision::stopCode).orElse(null);
        next.stoppedReason = stop.map(StopDecision::stoppedReason).orElse(null);
        next.exitCode = stop.map(StopDecision::exitCode).orElseGet(() -> next.containers.stream()
                .filter(c -> !Boolean.FALSE.equals(c.essential) && c.exitCode != null)
                .map(c -> c.exitCode).findFirst().orElse(null));
        TaskTimestamps.fill(next, facts, stop.isPresent());
        // Written once, with the status that records STOPPED (dev.berth.usage.FinalUsage): final from then on.
        next.usage = previous.usage;
        return next;
    }

    /** Ready (True while RUNNING), and UnsupportedFields while the Task spec has RunTask fields Berth does not apply. */
    private static List<Condition> conditions(TaskFacts facts, TaskStatus next, String message,
            Optional<StartBlocker> blocker) {
        List<Condition> previous = facts.previous() == null ? List.of() : facts.previous().conditions;
        LastStatus status = next.lastStatus;
        Long generation = next.observedGeneration;
        List<Condition> conditions;
        if (status == LastStatus.STOPPED) {
            String reason = Objects.requireNonNullElse(next.stopCode, status.reason());
            conditions = Conditions.with(previous, READY, false, reason, next.stoppedReason, generation, facts.now());
        } else if (blocker.isPresent()) {
            conditions = Conditions.with(previous, READY, false, blocker.get().reason(), blocker.get().stoppedReason(),
                    generation, facts.now());
        } else {
            conditions = Conditions.with(previous, READY, status == LastStatus.RUNNING, status.reason(), message, generation,
                    facts.now());
        }
        TaskSpec spec = facts.observation().task().getSpec();
        List<String> unsupported = new ArrayList<>(spec == null ? List.of() : UnsupportedFields.of(spec));
        unsupported.addAll(facts.observation().notApplied());
        return UnsupportedFields.reported(conditions, unsupported, generation, facts.now());
    }

    private static TaskAction action(TaskFacts facts, LastStatus status, TaskStatus next) {
        PodView pod = facts.pod();
        if (pod == null && status == LastStatus.PROVISIONING) {
            boolean creatable = facts.blocker().isEmpty() && facts.observation().taskDefinition() != null;
            return creatable ? TaskAction.CREATE_POD : TaskAction.NONE;
        }
        if (pod != null && status.isStopping()) {
            boolean ended = pod.terminal() || pod.deleting() && containersEnded(facts);
            if (!ended) {
                return pod.deleting() ? TaskAction.NONE : TaskAction.DeletePod.withPodGracePeriod();
            }
            if (pod.hasFinalizer()) {
                return TaskAction.RELEASE_POD;
            }
        }
        boolean deleting = facts.observation().task().getMetadata().getDeletionTimestamp() != null;
        return !deleting && expiresAt(facts, next).filter(at -> !facts.now().isBefore(at)).isPresent()
                ? TaskAction.DELETE_TASK
                : TaskAction.NONE;
    }

    /** A deleted Pod's containers have all ended, or should have long ago (see {@link PodView#killedBy()}). */
    private static boolean containersEnded(TaskFacts facts) {
        PodView pod = facts.pod();
        return !pod.anyContainerRunning() || pod.killedBy().filter(at -> !facts.now().isBefore(at)).isPresent();
    }

    /**
     * A deleted Pod released by Berth (its final container states recorded) whose containers should have been killed
     * long ago, yet it still exists: nobody confirms its deletion, as on a lost node, whose kubelet is gone (the Pod
     * stays Terminating until the node comes back or is deleted). The task is over: STOPPED, so that it does not wait
     * on a node that may never return.
     */
    private static boolean unconfirmed(TaskFacts facts) {
        PodView pod = facts.pod();
        return !pod.hasFinalizer() && pod.killedBy().filter(at -> !facts.now().isBefore(at)).isPresent();
    }

    /** The earliest moment the decision could change without any Kubernetes event: a deadline, a health verdict, the TTL. */
    private static Optional<Duration> recheckAfter(TaskFacts facts, LastStatus status, TaskStatus next) {
        Instant now = facts.now();
        Optional<Instant> startDeadline = status.isStopping() || facts.reachedRunning() ? Optional.empty()
                : facts.startDeadline();
        Optional<Instant> healthVerdict = facts.pod() == null || status.isStopping() ? Optional.empty()
                : ContainerStates.nextHealthVerdict(facts.containers(), facts.pod(), now);
        Optional<Instant> expiry = expiresAt(facts, next);
        Optional<Instant> killed = facts.pod() != null && facts.pod().deleting() ? facts.pod().killedBy() : Optional.empty();
        Optional<Instant> retry = status.isStopping() ? Optional.empty()
                : facts.blocker().filter(StartBlocker::retried)
                        .map(b -> now.plus(StartBlocker.retryAfter(Duration.between(facts.createdAt(), now))));
        return Stream.of(startDeadline, healthVerdict, expiry, killed, retry).flatMap(Optional::stream)
                .filter(at -> at.isAfter(now))
                .min(Instant::compareTo).map(at -> Duration.between(now, at));
    }

    /** When a STOPPED task is deleted: ttlSecondsAfterStopped after stoppedAt. */
    private static Optional<Instant> expiresAt(TaskFacts facts, TaskStatus next) {
        if (next.lastStatus != LastStatus.STOPPED) {
            return Optional.empty();
        }
        TaskSpec spec = facts.observation().task().getSpec();
        long ttl = spec == null || spec.ttlSecondsAfterStopped == null ? DEFAULT_TTL_SECONDS : spec.ttlSecondsAfterStopped;
        return Times.parse(next.stoppedAt).map(stoppedAt -> stoppedAt.plusSeconds(ttl));
    }

    private static boolean changed(TaskStatus previous, TaskStatus next) {
        return previous == null || StatusWriter.differ(previous, next);
    }
}
