package dev.berth.usage;

import java.time.Duration;
import java.time.Instant;

/**
 * Fargate's billed time: from the start of the image pull to the task's stop, rounded up to the whole second, with
 * the platform's minimum charge.
 *
 * @param runSeconds the run time rounded up to the second (0 when the stop precedes the start: clocks of two writers)
 * @param billedSeconds the run time with the minimum charge, or 0 for a task that was never billed
 */
public record BilledDuration(long runSeconds, long billedSeconds) {

    /** A task that never got capacity (no Pod): Fargate charges nothing. */
    public static final BilledDuration NOT_BILLED = new BilledDuration(0, 0);

    public static BilledDuration between(Instant from, Instant to, Platform platform) {
        Duration run = Duration.between(from, to);
        long seconds = run.isNegative() ? 0 : run.getSeconds() + (run.getNano() > 0 ? 1 : 0);
        return new BilledDuration(seconds, Math.max(seconds, platform.minimumSeconds()));
    }
}
