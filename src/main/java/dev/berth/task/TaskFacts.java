package dev.berth.task;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.TaskStatus;
import dev.berth.api.v1alpha1.TaskStatus.ContainerStatus;

/**
 * What one observation says, derived once: the helpers that compute the next status all read from here.
 *
 * @param previous the status recorded by the previous decision, or null
 * @param was the previous lastStatus, or null
 * @param pod the Task's Pod, or null
 * @param podExisted whether a Pod was seen before: the previous status names it (podName is set on first sight)
 * @param containers the task's containers in task-definition order
 * @param observed the containers' records as of this observation (not yet finished off by a stop)
 * @param progress how far the live Pod has come towards RUNNING, or null without a Pod
 * @param createdAt when the task was created
 */
record TaskFacts(TaskObservation observation, TaskStatus previous, LastStatus was, PodView pod, boolean podExisted,
        List<TaskContainer> containers, List<ContainerStatus> observed, LastStatus progress, Instant createdAt) {

    static TaskFacts of(TaskObservation observation) {
        TaskStatus previous = observation.previousStatus();
        LastStatus was = previous == null ? null : previous.lastStatus;
        PodView pod = PodView.of(observation.pod());
        boolean podExisted = previous != null && previous.podName != null;
        List<TaskContainer> containers = TaskContainer.of(observation.taskDefinition(), previous, pod);
        List<ContainerStatus> observed = ContainerStates.observe(containers, pod, previous, observation.now());
        LastStatus progress = pod == null ? null : StartProgress.of(pod, containers);
        Instant createdAt = Optional.ofNullable(previous).flatMap(p -> Times.parse(p.createdAt))
                .or(() -> Times.parse(observation.task().getMetadata().getCreationTimestamp()))
                .orElse(observation.now());
        return new TaskFacts(observation, previous, was, pod, podExisted, containers, observed, progress, createdAt);
    }

    Instant now() {
        return observation.now();
    }

    boolean reachedRunning() {
        return was != null && was.isAtLeast(LastStatus.RUNNING) || progress == LastStatus.RUNNING;
    }

    /** {@code since}, or the last moment the API server could not be reached when that is later. */
    private Instant notBeforeTheApiServerWasBack(Instant since) {
        Instant lost = observation.apiServerLostAt();
        return lost != null && lost.isAfter(since) ? lost : since;
    }

    /** The blocker, when it is what holds the task back: no Pod yet, and none ever. */
    Optional<StartBlocker> blocker() {
        return pod == null && !podExisted ? Optional.ofNullable(observation.blocker()) : Optional.empty();
    }

    /**
     * When a task that has not reached RUNNING fails with TaskFailedToStart: the start timeout counts from the
     * scheduler's last verdict on its Pod (bound, or unschedulable; never before the Pod's or the task's creation), or
     * from the task's creation while something blocks the Pod. No deadline yet for a Pod no scheduler has judged (the
     * control plane's wait, not the task's), nor for a Pod about to be created (time the operator was down never fails
     * a task), nor while the task waits for what the operator itself cures ({@link StartBlocker.Cure#OPERATOR}: the
     * {@code default} Cluster, docs/reliability.md). Time the API server could not be reached does not count either:
     * the timeout counts from no earlier than the moment it answered again.
     */
    Optional<Instant> startDeadline() {
        Optional<Duration> timeout = Optional.ofNullable(observation.startTimeout());
        if (pod != null) {
            Optional<Instant> placementVerdict = pod.placementVerdictAt();
            if (placementVerdict.isEmpty()) {
                return Optional.empty();
            }
            Instant since = Stream.of(Optional.of(createdAt), pod.createdAt(), placementVerdict).flatMap(Optional::stream)
                    .max(Comparator.naturalOrder()).orElseThrow();
            return timeout.map(notBeforeTheApiServerWasBack(since)::plus);
        }
        if (!podExisted && (observation.blocker() == null || observation.blocker().cure() == StartBlocker.Cure.OPERATOR)) {
            return Optional.empty();
        }
        return timeout.map(notBeforeTheApiServerWasBack(createdAt)::plus);
    }

}
