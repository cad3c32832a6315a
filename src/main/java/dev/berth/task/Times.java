package dev.berth.task;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** RFC 3339 timestamps as Kubernetes and the Task status spell them. */
public final class Times {

    private Times() {
    }

    public static Optional<Instant> parse(String rfc3339) {
        if (rfc3339 == null || rfc3339.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(rfc3339).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    public static String format(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
