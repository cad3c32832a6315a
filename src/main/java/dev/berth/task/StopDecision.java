package dev.berth.task;

import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;

import dev.berth.api.v1alpha1.Berth;
import dev.berth.api.v1alpha1.TaskSpec;
import dev.berth.api.v1alpha1.TaskStatus;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;

/**
 * Why the task stops, in ECS terms. The first reason decided is recorded and never replaced: a task stopped by
 * its user stays UserInitiated even though its containers then exit.
 *
 * @param exitCode for EssentialContainerExited, the exit code of the container that stopped the task
 */
record StopDecision(String stopCode, String stoppedReason, Integer exitCode) {

    static final String USER_INITIATED = "UserInitiated";
    static final String ESSENTIAL_CONTAINER_EXITED = "EssentialContainerExited";
    static final String TASK_FAILED_TO_START = "TaskFailedToStart";
    static final String TERMINATION_NOTICE = "TerminationNotice";
    static final String SPOT_INTERRUPTION = "SpotInterruption";
    /** ECS's code for a task stopped because the infrastructure under it failed (here: its node was lost). */
    static final String INFRASTRUCTURE_HEALTH = "InfrastructureHealth";
    static final String SPOT_INTERRUPTED = "Your Spot Task was interrupted.";

    static final String STOPPED_BY_USER = "Task stopped by user";
    static final String ESSENTIAL_EXITED = "Essential container in task exited";

    private record Exit(int exitCode, Instant finishedAt) {
        boolean before(Instant at) {
            return finishedAt != null && at != null && finishedAt.isBefore(at);
        }
    }

    static Optional<StopDecision> decide(TaskFacts facts) {
        TaskStatus previous = facts.previous();
        if (previous != null && previous.stopCode != null) {
            Integer exitCode = ESSENTIAL_CONTAINER_EXITED.equals(previous.stopCode) ? previous.exitCode : null;
            return Optional.of(new StopDecision(previous.stopCode, previous.stoppedReason, exitCode));
        }
        return userStop(facts).or(() -> podEnded(facts)).or(() -> failedToStart(facts));
    }

    private static Optional<StopDecision> userStop(TaskFacts facts) {
        var task = facts.observation().task();
        TaskSpec spec = task.getSpec();
        boolean stopped = spec != null && spec.desiredStatus == TaskSpec.DesiredStatus.STOPPED
                || task.getMetadata().getDeletionTimestamp() != null;
        if (!stopped) {
            return Optional.empty();
        }
        boolean hasReason = spec != null && spec.stopReason != null && !spec.stopReason.isBlank();
        String code = spec == null || spec.stopCode == null ? USER_INITIATED : spec.stopCode.name();
        return Optional.of(new StopDecision(code, hasReason ? spec.stopReason : STOPPED_BY_USER, null));
    }

    /** The Pod says the task is over: an essential container exited, or the Pod was deleted, failed or vanished. */
    private static Optional<StopDecision> podEnded(TaskFacts facts) {
        PodView pod = facts.pod();
        if (pod == null) {
            return facts.podExisted() ? Optional.of(terminated("Pod disappeared")) : Optional.empty();
        }
        Optional<Exit> exit = firstEssentialExit(facts);
        Optional<PodView.Disruption> disruption = pod.disruption();
        if (disruption.isPresent() && (exit.isEmpty() || !exit.get().before(disruption.get().at()))) {
            if ("true".equals(pod.label(Berth.LABEL_SPOT))) {
                return Optional.of(new StopDecision(SPOT_INTERRUPTION, SPOT_INTERRUPTED, null));
            }
            return Optional.of(disruption.get().nodeLost() ? nodeLost(pod.node(), disruption.get().cause())
                    : terminated(disruption.get().cause()));
        }
        if (exit.isPresent()) {
            return Optional.of(new StopDecision(ESSENTIAL_CONTAINER_EXITED, ESSENTIAL_EXITED, exit.get().exitCode()));
        }
        if (!facts.reachedRunning()) {
            Optional<StopDecision> dependency = failedDependency(pod);
            if (dependency.isPresent()) {
                return dependency;
            }
        }
        if (pod.terminal()) {
            return Optional.of(facts.reachedRunning()
                    ? new StopDecision(TERMINATION_NOTICE, "Task stopped: its Pod failed (" + pod.failure() + ")", null)
                    : failed(EcsReasons.podFailedToStart(pod.failure())));
        }
        return Optional.empty();
    }

    /** A permanent blocker fails the task at once; anything else that keeps it from RUNNING, at the deadline. */
    private static Optional<StopDecision> failedToStart(TaskFacts facts) {
        Optional<StartBlocker> blocker = facts.blocker();
        if (blocker.isPresent() && blocker.get().permanent()) {
            return Optional.of(failed(blocker.get().stoppedReason()));
        }
        boolean late = facts.startDeadline().filter(deadline -> !facts.now().isBefore(deadline)).isPresent();
        if (facts.reachedRunning() || !late) {
            return Optional.empty();
        }
        return Optional.of(failed(startFailure(facts)));
    }

    /** The most specific explanation of a start that timed out. */
    private static String startFailure(TaskFacts facts) {
        for (String error : EcsReasons.START_ERRORS) {
            Optional<String> reason = facts.observed().stream()
                    .filter(c -> ContainerStates.PENDING.equals(c.lastStatus) && c.reason != null)
                    .map(c -> c.reason).filter(r -> r.startsWith(error + ":")).findFirst();
            if (reason.isPresent()) {
                return reason.get();
            }
        }
        Optional<String> unplaceable = Optional.ofNullable(facts.pod()).flatMap(PodView::unschedulableMessage);
        if (unplaceable.isPresent()) {
            return EcsReasons.unplaceable(unplaceable.get());
        }
        return facts.blocker().map(StartBlocker::stoppedReason)
                .orElseGet(() -> EcsReasons.timedOut(facts.observation().startTimeout()));
    }

    /** The essential container that exited first (task-definition order breaks ties). */
    private static Optional<Exit> firstEssentialExit(TaskFacts facts) {
        return facts.containers().stream().filter(TaskContainer::essential)
                .flatMap(c -> facts.pod().exit(c.name()).stream())
                .map(t -> new Exit(exitCode(t), Times.parse(t.getFinishedAt()).orElse(null)))
                .min(Comparator.comparing(Exit::finishedAt, Comparator.nullsLast(Comparator.naturalOrder())));
    }

    private static Optional<StopDecision> failedDependency(PodView pod) {
        return pod.plainInitContainers().stream()
                .flatMap(name -> pod.status(name).map(s -> s.getState() == null ? null : s.getState().getTerminated())
                        .filter(t -> exitCode(t) != 0)
                        .map(t -> failed(EcsReasons.dependencyExited(name, exitCode(t)))).stream())
                .findFirst();
    }

    private static int exitCode(ContainerStateTerminated terminated) {
        return terminated.getExitCode() == null ? 0 : terminated.getExitCode();
    }

    private static StopDecision terminated(String cause) {
        return new StopDecision(TERMINATION_NOTICE, "Task stopped: its Pod was deleted (" + cause + ")", null);
    }

    private static StopDecision nodeLost(String node, String cause) {
        return new StopDecision(INFRASTRUCTURE_HEALTH,
                EcsReasons.truncate("Task stopped: the node it ran on" + (node == null ? "" : " (" + node + ")")
                        + " was lost (" + cause + ")"),
                null);
    }

    private static StopDecision failed(String stoppedReason) {
        return new StopDecision(TASK_FAILED_TO_START, stoppedReason, null);
    }
}
