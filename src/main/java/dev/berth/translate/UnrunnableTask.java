package dev.berth.translate;

/**
 * The user's input cannot become a Pod: a task definition Berth cannot translate, a secret reference that cannot name a
 * Kubernetes Secret, a file system the Cluster does not map. A type of its own so that a bug (any other exception) is
 * never reported as the user's fault; the Task stops with TaskFailedToStart and this message.
 */
public final class UnrunnableTask extends RuntimeException {

    private static final long serialVersionUID = 1L;

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
