package dev.berth.task;

/** A Kubernetes Event to record on the Task. */
public record TaskEvent(String type, String reason, String message) {

    public static final String NORMAL = "Normal";
    public static final String WARNING = "Warning";

    static TaskEvent normal(String reason, String message) {
        return new TaskEvent(NORMAL, reason, message);
    }

    static TaskEvent warning(String reason, String message) {
        return new TaskEvent(WARNING, reason, message);
    }

    static TaskEvent of(boolean warning, String reason, String message) {
        return warning ? warning(reason, message) : normal(reason, message);
    }
}
