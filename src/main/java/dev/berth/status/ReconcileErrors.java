package dev.berth.status;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;

/**
 * What a reconciler tells the user when it failed and JOSDK has no retry left: an object must never be left without a
 * status and without a word (a bad input is a condition from the start; this is for everything else, e.g. a bug or an
 * API server that kept refusing). Transient failures before the last attempt stay quiet: the retry may still succeed.
 */
public final class ReconcileErrors {

    /** The reason of the Ready=False condition and of the Warning Event. */
    public static final String REASON = "ReconcileError";
    private static final int MAX_MESSAGE = 1000;

    private ReconcileErrors() {
    }

    /** Whether this failure is the last one JOSDK retries (or retries are off). */
    public static boolean retriesExhausted(Context<?> context) {
        return context.getRetryInfo().map(RetryInfo::isLastAttempt).orElse(true);
    }

    /** The condition and Event message: what failed, bounded so a stack of causes cannot bloat the status. */
    public static String message(Exception e) {
        String text = "reconcile failed and retries are exhausted: " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage())
                + "; the operator tries again on the next change of the object";
        return text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE - 3) + "...";
    }
}
