package dev.berth.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The bounded in-memory ring of one Service's task samples. */
class UsageWindowTest {

    static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

    @Test
    void keepsTheSamplesOfTheWindowOnly() {
        UsageWindow window = new UsageWindow(10);
        window.add("a", T0, 0.1, 100);
        window.add("a", T0.plusSeconds(30), 0.2, 200);
        window.add("b", T0.plusSeconds(60), 0.3, 300);

        UsageWindow.Samples samples = window.within(T0.plusSeconds(75), Duration.ofSeconds(60));

        assertThat(samples.cpuVcpu()).containsExactly(0.2, 0.3);
        assertThat(samples.memoryMiB()).containsExactly(200, 300);
        assertThat(samples.since()).contains(T0.plusSeconds(30));
        assertThat(window.size()).isEqualTo(2);
    }

    @Test
    void aTaskSampleThatMetricsServerDidNotRenewIsNotCountedTwice() {
        UsageWindow window = new UsageWindow(10);
        assertThat(window.add("a", T0, 0.1, 100)).isTrue();
        assertThat(window.add("a", T0, 0.1, 100)).isFalse();
        assertThat(window.add("b", T0, 0.1, 100)).as("another task at the same time").isTrue();
        window.retainTasks(Set.of("b"));
        assertThat(window.add("a", T0, 0.1, 100)).as("a task forgotten").isTrue();
    }

    @Test
    void aFullRingDropsItsOldestSample() {
        UsageWindow window = new UsageWindow(3);
        for (int i = 0; i < 5; i++) {
            window.add("a", T0.plusSeconds(i), i, i);
        }
        assertThat(window.within(T0.plusSeconds(5), Duration.ofHours(1)).cpuVcpu()).containsExactly(2, 3, 4);
    }

    @Test
    void refusesAnEmptyRing() {
        assertThatThrownBy(() -> new UsageWindow(0)).hasMessageContaining("capacity 0");
    }

    /** Against a plain list: whatever the order of adds and reads, the ring holds the newest samples in the window. */
    @Test
    void behavesLikeABoundedListOfTheWindow() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        for (int run = 0; run < 200; run++) {
            int capacity = 1 + random.nextInt(20);
            UsageWindow window = new UsageWindow(capacity);
            Deque<double[]> model = new ArrayDeque<>();
            Instant now = T0;
            Duration length = Duration.ofSeconds(1 + random.nextInt(60));
            for (int step = 0; step < 200; step++) {
                now = now.plusSeconds(random.nextInt(5));
                if (random.nextInt(4) == 0) {
                    long from = now.minus(length).toEpochMilli();
                    while (!model.isEmpty() && model.peekFirst()[0] < from) {
                        model.removeFirst();
                    }
                    double[] expected = model.stream().mapToDouble(s -> s[1]).toArray();
                    assertThat(window.within(now, length).cpuVcpu()).as("seed %d run %d step %d", seed, run, step)
                            .containsExactly(expected);
                } else {
                    String task = "t" + random.nextInt(3);
                    double value = random.nextDouble();
                    if (window.add(task, now, value, value)) {
                        model.addLast(new double[] { now.toEpochMilli(), value });
                        if (model.size() > capacity) {
                            model.removeFirst();
                        }
                    }
                }
            }
        }
    }
}
