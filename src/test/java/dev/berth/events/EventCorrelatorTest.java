package dev.berth.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.berth.events.EventCorrelator.About;
import dev.berth.events.EventCorrelator.Create;
import dev.berth.events.EventCorrelator.Drop;
import dev.berth.events.EventCorrelator.Outcome;
import dev.berth.events.EventCorrelator.Update;

class EventCorrelatorTest {

    private static final Instant T0 = Instant.parse("2026-12-05T12:00:00Z");
    private static final About WEB = new About("Service", "ns", "web", "uid-1");
    private static final About API = new About("Service", "ns", "api", "uid-2");

    private final EventCorrelator correlator = new EventCorrelator();
    private int names;

    @Test
    void theSameEventAgainCountsOnTheFirstOne() {
        BerthEvent failed = BerthEvent.warning("TaskFailed", "task web-1 stopped: exit code 1");

        Outcome first = record(WEB, failed, T0);
        Outcome second = record(WEB, failed, T0.plusSeconds(10));
        Outcome third = record(WEB, failed, T0.plusSeconds(20));

        assertThat(first).isEqualTo(new Create("e1", failed.message()));
        assertThat(second).isEqualTo(new Update("e1", 2, T0, failed.message()));
        assertThat(third).isEqualTo(new Update("e1", 3, T0, failed.message()));
    }

    @Test
    void aGoneObjectIsForgottenAndNoOtherIs() {
        BerthEvent failed = BerthEvent.warning("TaskFailed", "exit code 1");
        for (int i = 0; i < 30; i++) {
            record(WEB, failed, T0);
            record(API, failed, T0);
        }
        assertThat(record(WEB, failed, T0)).as("over its rate limit").isInstanceOf(Drop.class);

        correlator.forget(WEB.uid());

        assertThat(record(WEB, failed, T0)).as("a new start: its count, messages and rate limit forgotten")
                .isInstanceOf(Create.class);
        assertThat(record(API, failed, T0)).as("still kept").isInstanceOf(Drop.class);
    }

    @Test
    void anotherObjectTypeReasonOrMessageIsAnotherEvent() {
        BerthEvent failed = BerthEvent.warning("TaskFailed", "exit code 1");

        assertThat(record(WEB, failed, T0)).isInstanceOf(Create.class);
        assertThat(record(API, failed, T0)).as("other object").isInstanceOf(Create.class);
        assertThat(record(WEB, BerthEvent.normal("TaskFailed", "exit code 1"), T0)).as("other type")
                .isInstanceOf(Create.class);
        assertThat(record(WEB, BerthEvent.warning("Other", "exit code 1"), T0)).as("other reason")
                .isInstanceOf(Create.class);
        assertThat(record(WEB, BerthEvent.warning("TaskFailed", "exit code 2"), T0)).as("other message")
                .isInstanceOf(Create.class);
    }

    @Test
    void tenDifferentMessagesOfOneReasonBecomeOneCombinedEvent() {
        for (int i = 1; i <= 9; i++) {
            assertThat(record(WEB, BerthEvent.warning("TaskFailed", "task web-" + i + " failed"), T0.plusSeconds(i)))
                    .isEqualTo(new Create("e" + i, "task web-" + i + " failed"));
        }
        Outcome tenth = record(WEB, BerthEvent.warning("TaskFailed", "task web-10 failed"), T0.plusSeconds(10));
        Outcome eleventh = record(WEB, BerthEvent.warning("TaskFailed", "task web-11 failed"), T0.plusSeconds(11));

        assertThat(tenth).isEqualTo(new Create("e10", "(combined from similar events): task web-10 failed"));
        assertThat(eleventh).isEqualTo(
                new Update("e10", 2, T0.plusSeconds(10), "(combined from similar events): task web-11 failed"));
        assertThat(record(WEB, BerthEvent.warning("TaskFailed", "task web-12 failed"), T0.plus(Duration.ofMinutes(11))))
                .as("a new window starts afresh").isInstanceOf(Create.class)
                .extracting(o -> ((Create) o).message()).isEqualTo("task web-12 failed");
    }

    @Test
    void anObjectWritesAtMost25EventsThenOneEveryFiveMinutes() {
        BerthEvent failed = BerthEvent.warning("TaskFailed", "exit code 1");
        for (int i = 0; i < 25; i++) {
            assertThat(record(WEB, failed, T0.plusMillis(i))).as("write %d", i).isNotInstanceOf(Drop.class);
        }
        assertThat(record(WEB, failed, T0.plusSeconds(1))).isInstanceOf(Drop.class);
        assertThat(record(WEB, failed, T0.plusSeconds(299))).isInstanceOf(Drop.class);
        assertThat(record(API, failed, T0.plusSeconds(1))).as("another object has its own budget")
                .isInstanceOf(Create.class);

        Outcome refilled = record(WEB, failed, T0.plusSeconds(301));
        assertThat(refilled).as("dropped repeats are not counted").isEqualTo(new Update("e1", 26, T0, failed.message()));
        assertThat(record(WEB, failed, T0.plusSeconds(302))).isInstanceOf(Drop.class);
    }

    /**
     * Random streams of Events over a few objects: each object's writes stay within the bucket (25 plus one per five
     * minutes since its first), and every update of an Event carries its count + 1.
     */
    @Test
    void writesStayWithinTheRateLimitAndCountsGrowByOne() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        try {
            for (int run = 0; run < 50; run++) {
                EventCorrelator correlator = new EventCorrelator();
                List<About> objects = List.of(WEB, API, new About("Task", "ns", "t", "uid-3"));
                Map<About, Integer> writes = new HashMap<>();
                Map<String, Integer> counts = new HashMap<>();
                Instant now = T0;
                for (int i = 0; i < 400; i++) {
                    now = now.plusMillis(random.nextInt(30_000));
                    About about = objects.get(random.nextInt(objects.size()));
                    BerthEvent event = BerthEvent.of(random.nextBoolean(), "R" + random.nextInt(2),
                            "m" + random.nextInt(random.nextBoolean() ? 3 : 15));
                    Outcome outcome = correlator.correlate(about, event, "n" + i, now);
                    if (outcome instanceof Create create) {
                        counts.put(create.name(), 1);
                    } else if (outcome instanceof Update update) {
                        assertThat(update.count()).isEqualTo(counts.get(update.name()) + 1);
                        counts.put(update.name(), update.count());
                    }
                    if (!(outcome instanceof Drop)) {
                        writes.merge(about, 1, Integer::sum);
                    }
                    long allowed = 2 * (25 + Duration.between(T0, now).toMinutes() / 5 + 1);
                    assertThat(writes.getOrDefault(about, 0)).as("writes of %s", about).isLessThanOrEqualTo((int) allowed);
                }
            }
        } catch (AssertionError e) {
            throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
        }
    }

    private Outcome record(About about, BerthEvent event, Instant at) {
        return correlator.correlate(about, event, "e" + ++names, at);
    }
}
