package dev.berth.translate;

/**
 * The user's input cannot become a Pod: a task definition Berth cannot translate, overrides naming no container, a
 * placement constraint or strategy Berth cannot express, a secret reference that cannot name a Kubernetes Secret, a file
 * system the Cluster does not map. Translation throws it for the user's mistakes only, and only it is reported as the
 * user's fault (the Task stops with TaskFailedToStart and this message; a Service reports the placement in its status).
 * Any other exception is a bug: it fails the reconcile, is logged with its stack trace and retried, and the Task stays
 * as it was.
 */
public final class UnrunnableTask extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The reason of a task definition (with its overrides and placement) that Berth cannot translate. */
    public static final String INVALID_TASK_DEFINITION = "InvalidTaskDefinition";

    /** UpperCamelCase cause, e.g. FileSystemNotMapped; the Task's condition reason. */
    private final String reason;

    public UnrunnableTask(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
