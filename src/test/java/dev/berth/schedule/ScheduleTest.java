package dev.berth.schedule;

import static dev.berth.schedule.TestingSchedules.CREATED;
import static dev.berth.schedule.TestingSchedules.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.ScheduledTaskSpec;
import dev.berth.api.v1alpha1.ScheduledTaskSpec.FlexibleTimeWindow;

class ScheduleTest {

    static Schedule schedule(ScheduledTaskSpec spec) {
        return Schedule.of(spec, CREATED, "ns/nightly");
    }

    static List<Instant> fires(Schedule schedule, int n) {
        List<Instant> fires = new ArrayList<>();
        Instant cursor = null;
        for (int i = 0; i < n; i++) {
            Optional<Instant> next = schedule.next(cursor);
            if (next.isEmpty()) {
                break;
            }
            cursor = next.get();
            fires.add(cursor);
        }
        return fires;
    }

    @Test
    void aRateFiresFromTheCreationMinuteWithoutAStartDate() {
        assertThat(fires(schedule(spec("rate(5 minutes)")), 3)).containsExactly(Instant.parse("2026-03-02T09:30:00Z"),
                Instant.parse("2026-03-02T09:35:00Z"), Instant.parse("2026-03-02T09:40:00Z"));
    }

    @Test
    void aRateFiresFromItsStartDateAndStopsAtItsEndDate() {
        ScheduledTaskSpec spec = spec("rate(1 hour)");
        spec.startDate = "2026-03-03T00:15:00Z";
        spec.endDate = "2026-03-03T02:15:00Z";
        assertThat(fires(schedule(spec), 10)).containsExactly(Instant.parse("2026-03-03T00:15:00Z"),
                Instant.parse("2026-03-03T01:15:00Z"), Instant.parse("2026-03-03T02:15:00Z"));
    }

    @Test
    void aStartDateBeforeCreationDoesNotBackfill() {
        ScheduledTaskSpec spec = spec("rate(1 hour)");
        spec.startDate = "2026-03-01T00:00:00Z";
        // fires stay on the start date's grid, from the creation minute on
        assertThat(fires(schedule(spec), 2)).containsExactly(Instant.parse("2026-03-02T10:00:00Z"),
                Instant.parse("2026-03-02T11:00:00Z"));
    }

    @Test
    void cronRespectsStartAndEndDates() {
        ScheduledTaskSpec spec = spec("cron(0 2 * * ? *)");
        spec.scheduleExpressionTimezone = "Europe/Berlin";
        spec.startDate = "2026-03-10T00:00:00Z"; // 01:00 CET: the 10th's 02:00 is after it
        spec.endDate = "2026-03-12T01:00:00Z";
        assertThat(fires(schedule(spec), 10)).containsExactly(Instant.parse("2026-03-10T01:00:00Z"),
                Instant.parse("2026-03-11T01:00:00Z"), Instant.parse("2026-03-12T01:00:00Z"));
    }

    @Test
    void atIgnoresStartAndEndDatesAndFiresOnce() {
        ScheduledTaskSpec spec = spec("at(2026-03-05T08:00:00)");
        spec.scheduleExpressionTimezone = "Asia/Tokyo";
        spec.startDate = "2026-04-01T00:00:00Z";
        spec.endDate = "2026-04-02T00:00:00Z";
        assertThat(fires(schedule(spec), 10)).containsExactly(Instant.parse("2026-03-04T23:00:00Z"));
    }

    @Test
    void anAtBeforeTheScheduleExistedNeverFires() {
        assertThat(fires(schedule(spec("at(2026-03-02T09:29:00)")), 10)).isEmpty();
        // the creation minute itself still runs (60-second precision, as EventBridge)
        assertThat(fires(schedule(spec("at(2026-03-02T09:30:00)")), 10)).hasSize(1);
    }

    /** EventBridge: rate(1 days) is 24 hours on the clock, also across a DST change (23- or 25-hour day). */
    @Test
    void aDailyRateIs24HoursAcrossDaylightSavingTime() {
        ScheduledTaskSpec spec = spec("rate(1 day)");
        spec.scheduleExpressionTimezone = "Europe/Berlin";
        spec.startDate = "2026-03-28T12:00:00Z";
        List<Instant> fires = fires(schedule(spec), 3);
        assertThat(fires).containsExactly(Instant.parse("2026-03-28T12:00:00Z"), Instant.parse("2026-03-29T12:00:00Z"),
                Instant.parse("2026-03-30T12:00:00Z"));
        // 13:00 CET, then 14:00 CEST: the local time moves, the interval does not
        assertThat(fires.get(1).atZone(ZoneId.of("Europe/Berlin")).getHour()).isEqualTo(14);
    }

    /** An at() in the spring-forward gap runs after it, by the gap's length: skipping would lose the only run. */
    @Test
    void anAtInTheSpringGapRunsAfterTheGap() {
        ScheduledTaskSpec spec = spec("at(2026-03-29T02:30:00)");
        spec.scheduleExpressionTimezone = "Europe/Berlin";
        assertThat(fires(schedule(spec), 10)).containsExactly(Instant.parse("2026-03-29T01:30:00Z"));
    }

    @Test
    void aWindowOffMeansStartAtTheFireTime() {
        Instant fire = Instant.parse("2026-03-03T02:00:00Z");
        assertThat(schedule(spec("cron(0 2 * * ? *)")).startTime(fire)).isEqualTo(fire);
    }

    @Test
    void badDatesAndZonesAreTheUsersError() {
        ScheduledTaskSpec spec = spec("rate(1 hour)");
        spec.startDate = "yesterday";
        assertThatThrownBy(() -> schedule(spec)).isInstanceOf(InvalidScheduleException.class)
                .hasMessageContaining("startDate 'yesterday' is not an RFC 3339 time");
        ScheduledTaskSpec zoned = spec("rate(1 hour)");
        zoned.scheduleExpressionTimezone = "Europe/Atlantis";
        assertThatThrownBy(() -> schedule(zoned)).isInstanceOf(InvalidScheduleException.class)
                .hasMessageContaining("unknown time zone 'Europe/Atlantis'");
    }

    /** Properties below run over inputs drawn from a fixed seed: reproducible, and a failure names its input. */
    static final long SEED = 20261205L;
    static final int TRIES = 300;

    /** The flexible offset lies in the window and is the same every time it is computed (a restart does not move it). */
    @Test
    void theFlexibleWindowIsDeterministicAndInsideTheWindow() {
        SplittableRandom random = new SplittableRandom(SEED);
        for (int i = 0; i < TRIES; i++) {
            flexibleOffset(random.nextInt(1, 1441), random.nextLong(0, 100_000_000));
        }
    }

    private static void flexibleOffset(int minutes, long minute) {
        ScheduledTaskSpec spec = spec("rate(1 minute)");
        spec.flexibleTimeWindow = new FlexibleTimeWindow(FlexibleTimeWindow.Mode.FLEXIBLE, minutes);
        Schedule schedule = schedule(spec);
        Instant fire = Instant.EPOCH.plus(Duration.ofMinutes(minute));
        Instant start = schedule.startTime(fire);
        assertThat(Duration.between(fire, start)).as("window %d min, fire %s", minutes, fire).isBetween(Duration.ZERO,
                Duration.ofMinutes(minutes).minusSeconds(1));
        assertThat(schedule(spec).startTime(fire)).as("the same after a restart").isEqualTo(start);
    }

    @Test
    void theFlexibleWindowSpreadsManySchedulesOverTheWholeWindow() {
        Set<Long> minutesUsed = new HashSet<>();
        Instant fire = Instant.parse("2026-03-03T02:00:00Z");
        for (int i = 0; i < 1000; i++) {
            ScheduledTaskSpec spec = spec("cron(0 2 * * ? *)");
            spec.flexibleTimeWindow = new FlexibleTimeWindow(FlexibleTimeWindow.Mode.FLEXIBLE, 60);
            Schedule schedule = Schedule.of(spec, CREATED, "ns/job-" + i);
            minutesUsed.add(Duration.between(fire, schedule.startTime(fire)).toMinutes());
        }
        assertThat(minutesUsed).hasSize(60);
    }

    /** rate() fires are on the grid of its anchor, the first after any instant, never more than a period away. */
    @Test
    void rateFiresAreOnTheAnchorsGrid() {
        SplittableRandom random = new SplittableRandom(SEED);
        for (int i = 0; i < TRIES; i++) {
            rateFire(random.nextInt(1, 5001), random.nextLong(0, 3_000_000_000L));
        }
    }

    private static void rateFire(int period, long secondsAfterCreation) {
        Schedule schedule = schedule(spec(period == 1 ? "rate(1 minute)" : "rate(" + period + " minutes)"));
        Instant after = CREATED.plusSeconds(secondsAfterCreation);
        Instant next = schedule.next(after).orElseThrow();
        Duration fromAnchor = Duration.between(Instant.parse("2026-03-02T09:30:00Z"), next);
        assertThat(fromAnchor.toMinutes() % period).as("rate(%d minutes) after %s", period, after).isZero();
        assertThat(next).isAfter(after);
        assertThat(Duration.between(after, next)).isLessThanOrEqualTo(Duration.ofMinutes(period));
    }

    /** cron() fires are whole minutes, strictly after the instant asked about, and the next of a fire is later. */
    @Test
    void cronFiresAreOrderedWholeMinutes() {
        SplittableRandom random = new SplittableRandom(SEED);
        for (int i = 0; i < TRIES; i++) {
            cronFire(random.nextInt(0, 60), random.nextInt(0, 24), random.nextInt(1, 8), random.nextLong(0, 300_000_000L));
        }
    }

    private static void cronFire(int minute, int hour, int weekday, long secondsAfterCreation) {
        ScheduledTaskSpec spec = spec("cron(" + minute + " " + hour + " ? * " + weekday + " *)");
        spec.scheduleExpressionTimezone = "America/New_York";
        Schedule schedule = schedule(spec);
        Instant after = CREATED.plusSeconds(secondsAfterCreation);
        Instant next = schedule.next(after).orElseThrow();
        assertThat(next).as("%s after %s", spec.scheduleExpression, after).isAfter(after);
        assertThat(next.getEpochSecond() % 60).isZero();
        // a week, or two when the spring change skips the local time once
        assertThat(Duration.between(after, next)).isLessThanOrEqualTo(Duration.ofDays(14));
        assertThat(schedule.next(next).orElseThrow()).isAfter(next);
        assertThat(schedule.next(next.minusNanos(1))).contains(next);
    }
}
