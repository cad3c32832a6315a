package dev.berth.task;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;

/** Kubelet and scheduler reasons translated into the reason strings ECS users search for. */
final class EcsReasons {

    static final String CANNOT_PULL = "CannotPullContainerError";
    static final String RESOURCE_INITIALIZATION = "ResourceInitializationError";
    static final String CANNOT_START = "CannotStartContainerError";
    /** Why a container could not start, most specific first: the order a start failure is explained in. */
    static final List<String> START_ERRORS = List.of(CANNOT_PULL, RESOURCE_INITIALIZATION, CANNOT_START);

    static final String OUT_OF_MEMORY = "OutOfMemoryError: Container killed due to memory usage";
    static final String STOPPED_BEFORE_EXIT = "Task stopped before the container exited";
    static final String STOPPED_BEFORE_START = "Task stopped before the container started";

    /** ECS caps container and task reasons at 1024 characters. */
    private static final int MAX_LENGTH = 1024;

    private static final Set<String> PULL_ERRORS = Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName",
            "ErrImageNeverPull", "RegistryUnavailable", "SignatureValidationFailed");
    private static final Set<String> CREATE_ERRORS = Set.of("CreateContainerConfigError", "CreateContainerError");
    private static final Set<String> START_HOOK_ERRORS = Set.of("RunContainerError", "PreStartHookError",
            "PostStartHookError");

    private EcsReasons() {
    }

    /** The error a waiting container is stuck on; empty while it is just being created. */
    static Optional<String> waiting(ContainerStateWaiting waiting) {
        if (waiting == null || waiting.getReason() == null) {
            return Optional.empty();
        }
        String reason = waiting.getReason();
        String detail = waiting.getMessage() == null ? reason : waiting.getMessage();
        if (PULL_ERRORS.contains(reason)) {
            return Optional.of(truncate(CANNOT_PULL + ": " + detail));
        }
        if (CREATE_ERRORS.contains(reason)) {
            return Optional.of(truncate(RESOURCE_INITIALIZATION + ": " + detail));
        }
        if (START_HOOK_ERRORS.contains(reason)) {
            return Optional.of(truncate(CANNOT_START + ": " + detail));
        }
        return Optional.empty();
    }

    /** Why a container exited, or null for a plain exit (ECS reports only the exit code then). */
    static String exited(ContainerStateTerminated terminated) {
        String reason = terminated.getReason();
        String message = terminated.getMessage();
        if ("OOMKilled".equals(reason)) {
            return OUT_OF_MEMORY;
        }
        if (reason == null || "Completed".equals(reason) || "Error".equals(reason)) {
            return message == null || message.isBlank() ? null : truncate(message);
        }
        if ("ContainerCannotRun".equals(reason) || "StartError".equals(reason)) {
            return truncate(CANNOT_START + ": " + (message == null ? reason : message));
        }
        return truncate(PodView.join(reason, message));
    }

    static String unplaceable(String schedulerMessage) {
        return truncate(RESOURCE_INITIALIZATION + ": unable to place the task: " + schedulerMessage);
    }

    static String podFailedToStart(String podFailure) {
        return truncate(RESOURCE_INITIALIZATION + ": " + podFailure);
    }

    static String timedOut(Duration startTimeout) {
        return "ContainerRuntimeTimeoutError: Could not transition to running; timed out after waiting "
                + startTimeout.toSeconds() + "s";
    }

    static String dependencyExited(String container, int exitCode) {
        return CANNOT_START + ": dependency container " + container + " exited with code " + exitCode;
    }

    static String truncate(String reason) {
        return reason.length() <= MAX_LENGTH ? reason : reason.substring(0, MAX_LENGTH);
    }
}
