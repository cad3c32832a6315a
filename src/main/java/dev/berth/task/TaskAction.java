package dev.berth.task;

/** The one write the reconciler performs after it has patched the status. Every action is idempotent. */
public sealed interface TaskAction {

    TaskAction NONE = new None();
    TaskAction CREATE_POD = new CreatePod();
    TaskAction RELEASE_POD = new ReleasePod();
    TaskAction DELETE_TASK = new DeleteTask();

    /** Nothing to do; wait for the next change (or {@link TaskDecision#recheckAfter()}). */
    record None() implements TaskAction {
    }

    /** Render and create the Task's Pod; AlreadyExists means it was created before and counts as done. */
    record CreatePod() implements TaskAction {
    }

    /**
     * Delete the Pod (SIGTERM, then SIGKILL after the grace period).
     *
     * @param gracePeriodSeconds null to use the Pod's own terminationGracePeriodSeconds (the task's stopTimeout)
     */
    record DeletePod(Long gracePeriodSeconds) implements TaskAction {
        public static DeletePod withPodGracePeriod() {
            return new DeletePod(null);
        }
    }

    /** Remove the finalizer {@code berth.dev/task-status}: the final container states are recorded. */
    record ReleasePod() implements TaskAction {
    }

    /** Delete the Task itself: it has been STOPPED for ttlSecondsAfterStopped. */
    record DeleteTask() implements TaskAction {
    }
}
