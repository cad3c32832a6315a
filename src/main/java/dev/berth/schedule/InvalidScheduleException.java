package dev.berth.schedule;

/**
 * A schedule the user wrote that cannot be evaluated (malformed expression, unknown time zone, bad date). Its message
 * names the field and says how to fix it; it is the user's error, reported in status and Events, never a bug.
 */
public final class InvalidScheduleException extends RuntimeException {

    public InvalidScheduleException(String message) {
        super(message);
    }
}
