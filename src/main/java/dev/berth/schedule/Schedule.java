package dev.berth.schedule;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import dev.berth.api.v1alpha1.ScheduledTaskSpec;
import dev.berth.api.v1alpha1.ScheduledTaskSpec.FlexibleTimeWindow;

/**
 * A ScheduledTask's fire times: its expression in its zone, bounded by startDate/endDate, never before the schedule
 * existed. Pure. Fire times are the identity of runs (they name the Tasks); the flexible window only moves when a run
 * starts, by an offset that is a hash of the schedule and the fire time, so it is the same after a restart.
 *
 * @param expression the parsed scheduleExpression
 * @param zone the scheduleExpressionTimezone (UTC by default)
 * @param startDate null or the first instant cron()/rate() may fire at (ignored for at())
 * @param endDate null or the last instant cron()/rate() may fire at (ignored for at())
 * @param createdAt when the schedule was created: no fire time before its minute runs
 * @param window the flexible time window, {@link Duration#ZERO} when OFF
 * @param key what the flexible offset is a hash of with the fire time (namespace/name)
 */
public record Schedule(ScheduleExpression expression, ZoneId zone, Instant startDate, Instant endDate, Instant createdAt,
        Duration window, String key) {

    public static Schedule of(ScheduledTaskSpec spec, Instant createdAt, String key) {
        ScheduleExpression expression = ScheduleExpression.parse(spec.scheduleExpression);
        FlexibleTimeWindow flexible = spec.flexibleTimeWindow;
        Duration window = flexible == null || flexible.mode != FlexibleTimeWindow.Mode.FLEXIBLE
                || flexible.maximumWindowInMinutes == null ? Duration.ZERO
                        : Duration.ofMinutes(flexible.maximumWindowInMinutes);
        return new Schedule(expression, ScheduleExpression.zone(spec.scheduleExpressionTimezone),
                time("startDate", spec.startDate), time("endDate", spec.endDate), createdAt, window, key);
    }

    /** The earliest instant a fire time may have: the schedule's creation minute, or a later startDate. */
    public Instant floor() {
        Instant created = createdAt.truncatedTo(ChronoUnit.MINUTES);
        if (expression instanceof ScheduleExpression.At || startDate == null || startDate.isBefore(created)) {
            return created;
        }
        return startDate;
    }

    /** The first fire time strictly after {@code after} (null: from the floor on), or empty when none is left. */
    public Optional<Instant> next(Instant after) {
        Instant from = after == null || after.isBefore(floor()) ? floor().minusNanos(1) : after;
        Optional<Instant> next = expression instanceof ScheduleExpression.Rate rate ? Optional.of(nextRate(rate, from))
                : expression.next(from, zone);
        boolean bounded = !(expression instanceof ScheduleExpression.At);
        return next.filter(t -> !bounded || endDate == null || !t.isAfter(endDate));
    }

    /** rate() fires at anchor + k * period (k >= 0): the anchor is startDate, else the creation minute. */
    private Instant nextRate(ScheduleExpression.Rate rate, Instant after) {
        Instant anchor = startDate != null ? startDate : createdAt.truncatedTo(ChronoUnit.MINUTES);
        if (after.isBefore(anchor)) {
            return anchor;
        }
        // whole seconds: a rate is whole minutes, and nanoseconds overflow after 292 years
        long periods = Duration.between(anchor, after).getSeconds() / rate.period().getSeconds() + 1;
        return anchor.plus(rate.period().multipliedBy(periods));
    }

    /** When the run of {@code fireTime} starts: at it, or a fixed offset into the flexible window after it. */
    public Instant startTime(Instant fireTime) {
        if (window.isZero()) {
            return fireTime;
        }
        return fireTime.plusSeconds(Math.floorMod(hash(key + "@" + fireTime.getEpochSecond()), window.getSeconds()));
    }

    public boolean isOneTime() {
        return expression instanceof ScheduleExpression.At;
    }

    private static long hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            long value = 0;
            for (int i = 0; i < 8; i++) {
                value = value << 8 | (digest[i] & 0xff);
            }
            return value;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static Instant time(String field, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException e2) {
                throw new InvalidScheduleException(
                        field + " '" + value + "' is not an RFC 3339 time (e.g. 2026-01-31T08:00:00Z)");
            }
        }
    }
}
