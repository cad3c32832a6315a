package dev.berth.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Fargate's billed time: rounded up to the second, 1-minute minimum (15 minutes on Windows). */
class BilledDurationTest {

    static final Instant PULL = Instant.parse("2026-01-01T10:00:00Z");

    record Row(String name, String stoppedAfter, Platform platform, long runSeconds, long billedSeconds) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Row> table() {
        return Stream.of(
                new Row("sub-minute run is billed one minute", "PT12S", Platform.LINUX_X86_64, 12, 60),
                new Row("no time at all is still the minimum", "PT0S", Platform.LINUX_X86_64, 0, 60),
                new Row("exactly 60 s", "PT60S", Platform.LINUX_X86_64, 60, 60),
                new Row("61 s is 61 s, not two minutes", "PT61S", Platform.LINUX_X86_64, 61, 61),
                new Row("a millisecond past a second rounds up", "PT60.001S", Platform.LINUX_X86_64, 61, 61),
                new Row("a nanosecond past a second rounds up", "PT90.000000001S", Platform.LINUX_ARM64, 91, 91),
                new Row("whole seconds are not rounded", "PT3600S", Platform.LINUX_ARM64, 3600, 3600),
                new Row("Windows: 15-minute minimum", "PT100S", Platform.WINDOWS_X86_64, 100, 900),
                new Row("Windows beyond its minimum", "PT901.5S", Platform.WINDOWS_X86_64, 902, 902),
                new Row("stop before start (two writers' clocks): nothing ran, the minimum is billed", "PT-2S",
                        Platform.LINUX_X86_64, 0, 60));
    }

    @ParameterizedTest
    @MethodSource("table")
    void billedDuration(Row row) {
        BilledDuration billed = BilledDuration.between(PULL, PULL.plus(java.time.Duration.parse(row.stoppedAfter())),
                row.platform());

        assertThat(billed).isEqualTo(new BilledDuration(row.runSeconds(), row.billedSeconds()));
    }
}
