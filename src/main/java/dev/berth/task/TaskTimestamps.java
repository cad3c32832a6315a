package dev.berth.task;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.TaskStatus;

/** The ECS task timestamps. Each is set once, from the Pod's own times where it has them, and never moved. */
final class TaskTimestamps {

    private TaskTimestamps() {
    }

    static void fill(TaskStatus next, TaskFacts facts, boolean stopDecided) {
        TaskStatus previous = facts.previous() == null ? new TaskStatus() : facts.previous();
        PodView pod = facts.pod();
        LastStatus status = next.lastStatus;
        List<String> all = facts.containers().stream().map(TaskContainer::name).toList();
        List<String> essential = facts.containers().stream().filter(TaskContainer::essential).map(TaskContainer::name).toList();

        next.createdAt = Times.format(facts.createdAt());
        next.pullStartedAt = once(previous.pullStartedAt, () -> pod == null ? null : pod.scheduledAt().orElse(null));
        next.pullStoppedAt = once(previous.pullStoppedAt, () -> pod == null ? null : latest(all, pod::startedAt).orElse(null));
        next.startedAt = once(previous.startedAt, () -> {
            if (pod == null || !status.isAtLeast(LastStatus.RUNNING)) {
                return null;
            }
            return latest(essential, pod::startedAt).orElse(status == LastStatus.RUNNING ? facts.now() : null);
        });
        next.stoppingAt = once(previous.stoppingAt, () -> stopDecided ? facts.now() : null);
        next.executionStoppedAt = once(previous.executionStoppedAt, () -> executionStopped(facts)
                ? Optional.ofNullable(pod).flatMap(p -> latestFinish(all, p)).orElse(facts.now())
                : null);
        next.stoppedAt = once(previous.stoppedAt, () -> status == LastStatus.STOPPED ? facts.now() : null);
    }

    /** No container of the task executes any more (and one could have). */
    private static boolean executionStopped(TaskFacts facts) {
        PodView pod = facts.pod();
        if (pod == null) {
            return facts.podExisted();
        }
        return pod.terminal() || pod.deleting() && !pod.anyContainerRunning();
    }

    /** The latest of the containers' times, only once every one of them has it. */
    private static Optional<Instant> latest(List<String> containers, Function<String, Optional<Instant>> time) {
        List<Optional<Instant>> times = containers.stream().map(time).toList();
        if (times.isEmpty() || times.stream().anyMatch(Optional::isEmpty)) {
            return Optional.empty();
        }
        return times.stream().map(Optional::get).max(Instant::compareTo);
    }

    private static Optional<Instant> latestFinish(List<String> containers, PodView pod) {
        return containers.stream().flatMap(c -> pod.finishedAt(c).stream()).max(Instant::compareTo);
    }

    private static String once(String recorded, Supplier<Instant> first) {
        return recorded != null ? recorded : Times.format(first.get());
    }
}
