package dev.berth.events;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Folds repeated Events into one, as client-go's {@code EventCorrelator} does, so that something failing over and over
 * (a crash-looping service, a task definition that cannot start) updates one Event's count instead of writing a new
 * Event each time, and cannot write more than a bounded number per object. Deterministic: the time is passed in; the
 * state is bounded (least recently used entries are forgotten, {@value #MAX_ENTRIES} of each kind, as client-go).
 *
 * <ul>
 * <li><b>Same Event again</b> (same object, type, reason and message): the Event already written gets count + 1 and a new
 * lastTimestamp.</li>
 * <li><b>Similar Events</b> (same object, type and reason, {@value #SIMILAR_MESSAGES} different messages within
 * {@link #SIMILAR_WINDOW}): from then on they are one Event, "(combined from similar events): " and the latest message,
 * whose count grows.</li>
 * <li><b>Rate limit</b> per object and type: a token bucket of {@value #BURST} writes refilled with one every
 * {@link #REFILL}; a write without a token is dropped (Events are best effort).</li>
 * </ul>
 */
public final class EventCorrelator {

    /** client-go: maxLruCacheEntries. */
    static final int MAX_ENTRIES = 4096;
    /** client-go: defaultSpamBurst. */
    static final int BURST = 25;
    /** client-go: defaultSpamQPS = 1/300. */
    static final Duration REFILL = Duration.ofMinutes(5);
    /** client-go: defaultAggregateMaxEvents. */
    static final int SIMILAR_MESSAGES = 10;
    /** client-go: defaultAggregateIntervalInSeconds. */
    static final Duration SIMILAR_WINDOW = Duration.ofMinutes(10);

    static final String COMBINED = "(combined from similar events): ";

    /** What an Event is about: the involved object. */
    public record About(String kind, String namespace, String name, String uid) {
    }

    /** What to write for one occurrence. */
    public sealed interface Outcome {
    }

    /** A new Event, count 1. */
    public record Create(String name, String message) implements Outcome {
    }

    /** The Event {@code name} again: set its count, lastTimestamp and message. */
    public record Update(String name, int count, Instant firstTimestamp, String message) implements Outcome {
    }

    /** Over the object's rate limit: not written. */
    public record Drop() implements Outcome {
    }

    private record Same(About about, BerthEvent.Type type, String reason, String message) {
    }

    private record Similar(About about, BerthEvent.Type type, String reason) {
    }

    private record Spam(About about, BerthEvent.Type type) {
    }

    private static final class Written {
        final String name;
        final Instant first;
        int count;

        Written(String name, Instant first) {
            this.name = name;
            this.first = first;
            this.count = 1;
        }
    }

    private static final class Messages {
        final Instant since;
        final Set<String> seen = new LinkedHashSet<>();

        Messages(Instant since) {
            this.since = since;
        }
    }

    private static final class Bucket {
        double tokens;
        Instant at;

        Bucket(Instant at) {
            this.tokens = BURST;
            this.at = at;
        }

        boolean take(Instant now) {
            if (now.isAfter(at)) {
                tokens = Math.min(BURST, tokens + (double) Duration.between(at, now).toMillis() / REFILL.toMillis());
                at = now;
            }
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }
    }

    private final Map<Same, Written> written = lru();
    private final Map<Similar, Messages> similar = lru();
    private final Map<Spam, Bucket> buckets = lru();

    /**
     * @param name the name a new Event would get
     */
    public synchronized Outcome correlate(About about, BerthEvent event, String name, Instant now) {
        String message = message(new Similar(about, event.type(), event.reason()), event.message(), now);
        if (!buckets.computeIfAbsent(new Spam(about, event.type()), k -> new Bucket(now)).take(now)) {
            return new Drop();
        }
        Same same = new Same(about, event.type(), event.reason(), message.startsWith(COMBINED) ? COMBINED : message);
        Written before = written.get(same);
        if (before == null) {
            written.put(same, new Written(name, now));
            return new Create(name, message);
        }
        before.count++;
        return new Update(before.name, before.count, before.first, message);
    }

    /**
     * Forgets what it kept about the Events of an object that is gone (its uid): they can never recur, and would stay
     * until {@value #MAX_ENTRIES} newer ones pushed them out (the soak's heap grew by them, docs/reliability.md).
     */
    public synchronized void forget(String uid) {
        if (uid != null) {
            written.keySet().removeIf(k -> uid.equals(k.about().uid()));
            similar.keySet().removeIf(k -> uid.equals(k.about().uid()));
            buckets.keySet().removeIf(k -> uid.equals(k.about().uid()));
        }
    }

    /** The message to write: the Event's own, or the combined one once the reason has had too many different ones. */
    private String message(Similar key, String message, Instant now) {
        Messages messages = similar.get(key);
        if (messages == null || !now.isBefore(messages.since.plus(SIMILAR_WINDOW))) {
            messages = new Messages(now);
            similar.put(key, messages);
        }
        if (messages.seen.size() < SIMILAR_MESSAGES) {
            messages.seen.add(message);
        }
        return messages.seen.size() >= SIMILAR_MESSAGES ? COMBINED + message : message;
    }

    private static <K, V> Map<K, V> lru() {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > MAX_ENTRIES;
            }
        };
    }
}
