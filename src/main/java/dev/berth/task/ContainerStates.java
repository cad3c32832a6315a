package dev.berth.task;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.berth.api.v1alpha1.ContainerDefinition.HealthCheck;
import dev.berth.api.v1alpha1.TaskStatus;
import dev.berth.api.v1alpha1.TaskStatus.ContainerStatus;
import dev.berth.status.Copies;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;

/**
 * The ECS Container records of a task (PENDING, RUNNING, STOPPED with exit code and reason), read from the Pod.
 * A container never moves backwards and its first exit is never overwritten, so a record survives the Pod.
 */
final class ContainerStates {

    static final String PENDING = "PENDING";
    static final String RUNNING = "RUNNING";
    static final String STOPPED = "STOPPED";

    private static final List<String> ORDER = List.of(PENDING, RUNNING, STOPPED);

    private ContainerStates() {
    }

    /** Each container as the Pod (null when there is none) shows it now, never behind the previous record. */
    static List<ContainerStatus> observe(List<TaskContainer> containers, PodView pod, TaskStatus previous, Instant now) {
        return containers.stream().map(c -> later(recorded(previous, c.name()), observe(c, pod, now), c)).toList();
    }

    /** The final records, once nothing runs any more: a container never seen exiting is STOPPED without exit code. */
    static List<ContainerStatus> finish(List<ContainerStatus> containers) {
        return containers.stream().map(ContainerStates::finish).toList();
    }

    /** When the next running container would turn UNHEALTHY if it stays not ready. */
    static Optional<Instant> nextHealthVerdict(List<TaskContainer> containers, PodView pod, Instant now) {
        return containers.stream()
                .flatMap(c -> pod.status(c.name()).flatMap(s -> ContainerHealth.unhealthyAt(healthCheck(c, pod), s)).stream())
                .filter(at -> at.isAfter(now)).min(Instant::compareTo);
    }

    static boolean isStopped(ContainerStatus container) {
        return STOPPED.equals(container.lastStatus);
    }

    static Optional<ContainerStatus> recorded(List<ContainerStatus> containers, String name) {
        return containers == null ? Optional.empty()
                : containers.stream().filter(c -> name.equals(c.name)).findFirst();
    }

    private static ContainerStatus recorded(TaskStatus previous, String name) {
        return previous == null ? null : recorded(previous.containers, name).orElse(null);
    }

    /** The container as the Pod reports it; empty when the Pod says nothing about it. */
    private static Optional<ContainerStatus> observe(TaskContainer container, PodView pod, Instant now) {
        var status = pod == null ? Optional.<io.fabric8.kubernetes.api.model.ContainerStatus> empty()
                : pod.status(container.name());
        if (status.isEmpty()) {
            return Optional.empty();
        }
        ContainerStatus observed = pending(container);
        if (observed.image == null) {
            observed.image = status.get().getImage();
        }
        observed.imageDigest = digest(status.get().getImageID());
        Optional<ContainerStateTerminated> exit = pod.exit(container.name());
        ContainerState state = status.get().getState();
        if (exit.isPresent()) {
            observed.lastStatus = STOPPED;
            observed.exitCode = exit.get().getExitCode();
            observed.reason = EcsReasons.exited(exit.get());
        } else if (state != null && state.getRunning() != null) {
            observed.lastStatus = RUNNING;
            observed.healthStatus = ContainerHealth.of(healthCheck(container, pod), status.get(), now);
        } else if (state != null) {
            observed.reason = EcsReasons.waiting(state.getWaiting()).orElse(null);
        }
        return Optional.of(observed);
    }

    private static ContainerStatus pending(TaskContainer container) {
        ContainerStatus pending = new ContainerStatus();
        pending.name = container.name();
        pending.image = container.image();
        pending.essential = container.essential();
        pending.lastStatus = PENDING;
        pending.healthStatus = ContainerHealth.UNKNOWN;
        return pending;
    }

    /** Kubernetes allows no probe on a plain init container, so its ECS health check is never evaluated. */
    private static HealthCheck healthCheck(TaskContainer container, PodView pod) {
        return pod.isPlainInitContainer(container.name()) ? null : container.healthCheck();
    }

    /** The newer of the two records: a STOPPED record is final, and no record goes back to an earlier state. */
    private static ContainerStatus later(ContainerStatus recorded, Optional<ContainerStatus> observed,
            TaskContainer container) {
        if (observed.isEmpty()) {
            return recorded == null ? pending(container) : Copies.deep(recorded);
        }
        if (recorded == null) {
            return observed.get();
        }
        if (isStopped(recorded) || rank(recorded) > rank(observed.get())) {
            return Copies.deep(recorded);
        }
        if (observed.get().imageDigest == null) {
            observed.get().imageDigest = recorded.imageDigest;
        }
        return observed.get();
    }

    private static ContainerStatus finish(ContainerStatus container) {
        if (isStopped(container)) {
            return container;
        }
        ContainerStatus stopped = Copies.deep(container);
        stopped.lastStatus = STOPPED;
        stopped.healthStatus = ContainerHealth.UNKNOWN;
        if (RUNNING.equals(container.lastStatus)) {
            stopped.reason = EcsReasons.STOPPED_BEFORE_EXIT;
        } else if (container.reason == null) {
            stopped.reason = EcsReasons.STOPPED_BEFORE_START;
        }
        return stopped;
    }

    private static int rank(ContainerStatus container) {
        return ORDER.indexOf(container.lastStatus);
    }

    /** "registry/repo@sha256:abc" (any runtime prefix) -> "sha256:abc"; null when the image ID has no digest. */
    static String digest(String imageId) {
        int at = imageId == null ? -1 : imageId.lastIndexOf("@sha256:");
        return at < 0 ? null : imageId.substring(at + 1);
    }
}
