package dev.berth.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScheduleExpressionTest {

    static final ZoneId UTC = ZoneId.of("UTC");

    @ParameterizedTest(name = "{0} after {1} ({2}) -> {3}")
    @CsvSource(delimiter = '|', value = {
            // daily 10:00
            "cron(0 10 * * ? *)        | 2026-03-02T09:59:00Z | UTC | 2026-03-02T10:00:00Z",
            "cron(0 10 * * ? *)        | 2026-03-02T10:00:00Z | UTC | 2026-03-03T10:00:00Z",
            // weekdays 18:00; 2026-03-06 is a Friday
            "cron(0 18 ? * MON-FRI *)  | 2026-03-06T18:00:00Z | UTC | 2026-03-09T18:00:00Z",
            "cron(0 18 ? * 2-6 *)      | 2026-03-06T18:00:00Z | UTC | 2026-03-09T18:00:00Z",
            // every 15 minutes
            "cron(0/15 * * * ? *)      | 2026-03-02T10:07:30Z | UTC | 2026-03-02T10:15:00Z",
            "cron(*/15 * * * ? *)      | 2026-03-02T10:45:00Z | UTC | 2026-03-02T11:00:00Z",
            // last day of the month, nearest weekday to the 15th (2026-03-15 is a Sunday -> Monday 16th)
            "cron(0 0 L * ? *)         | 2026-02-10T00:00:00Z | UTC | 2026-02-28T00:00:00Z",
            "cron(0 9 15W * ? *)       | 2026-03-01T00:00:00Z | UTC | 2026-03-16T09:00:00Z",
            // last weekday of the month: 2026-05-31 is a Sunday -> Friday 29th
            "cron(0 9 LW * ? *)        | 2026-05-01T00:00:00Z | UTC | 2026-05-29T09:00:00Z",
            // 2nd Tuesday (3#2), last Friday (6L)
            "cron(0 9 ? * 3#2 *)       | 2026-03-01T00:00:00Z | UTC | 2026-03-10T09:00:00Z",
            "cron(0 9 ? * 6L *)        | 2026-03-01T00:00:00Z | UTC | 2026-03-27T09:00:00Z",
            // months by name and a year range
            "cron(0 0 1 JAN,JUL ? 2027-2028) | 2026-03-01T00:00:00Z | UTC | 2027-01-01T00:00:00Z",
            // time zone: 09:00 in Paris is 08:00 UTC in winter and 07:00 UTC in summer
            "cron(0 9 * * ? *)         | 2026-03-02T00:00:00Z | Europe/Paris | 2026-03-02T08:00:00Z",
            "cron(0 9 * * ? *)         | 2026-07-02T00:00:00Z | Europe/Paris | 2026-07-02T07:00:00Z",
            // one time
            "at(2026-03-02T12:30:00)   | 2026-03-02T10:00:00Z | UTC | 2026-03-02T12:30:00Z",
            "at(2026-03-02T12:30:00)   | 2026-03-02T10:00:00Z | America/New_York | 2026-03-02T17:30:00Z" })
    void nextRun(String expression, Instant after, String zone, Instant next) {
        assertThat(ScheduleExpression.parse(expression).next(after, ZoneId.of(zone))).contains(next);
    }

    @Test
    void aPastAtNeverRunsAndARateRunsEveryPeriod() {
        assertThat(ScheduleExpression.parse("at(2020-01-01T00:00:00)").next(Instant.parse("2026-01-01T00:00:00Z"), UTC))
                .isEmpty();
        Instant t = Instant.parse("2026-03-02T10:00:00Z");
        assertThat(ScheduleExpression.parse("rate(5 minutes)").next(t, UTC)).contains(t.plus(Duration.ofMinutes(5)));
        assertThat(ScheduleExpression.parse("rate(1 hour)").next(t, UTC)).contains(t.plus(Duration.ofHours(1)));
        assertThat(ScheduleExpression.parse("rate(2 days)").next(t, UTC)).contains(t.plus(Duration.ofDays(2)));
    }

    @Test
    void aCronPastItsLastYearNeverRuns() {
        assertThat(ScheduleExpression.parse("cron(0 0 1 1 ? 2020)").next(Instant.parse("2026-01-01T00:00:00Z"), UTC))
                .isEmpty();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "rate(1 minutes)            | singular unit for 1",
            "rate(5 minute)             | singular unit for 1",
            "rate(0 minutes)            | rate(...) needs",
            "rate(5 weeks)              | rate(...) needs",
            "cron(0 10 * * *)           | needs 6 fields",
            "cron(0 10 * * * *)         | exactly one of Day-of-month and Day-of-week",
            "cron(0 10 ? * ? *)         | exactly one of Day-of-month and Day-of-week",
            "cron(60 10 * * ? *)        | Minutes: 60 is outside 0-59",
            "cron(0 24 * * ? *)         | Hours: 24 is outside 0-23",
            "cron(0 10 * 13 ? *)        | Month: 13 is outside 1-12",
            "cron(0 10 ? * 8 *)         | Day-of-week: 8 is outside 1-7",
            "cron(0 10 * * ? 2300)      | Year: 2300 is outside 1970-2199",
            "cron(0 10-8 * * ? *)       | ends before it starts",
            "cron(x 10 * * ? *)         | Minutes: 'x' is not a number",
            "at(2026-13-01T00:00:00)    | at(...) needs",
            "every 5 minutes            | must be at(...), rate(...) or cron(...)" })
    void invalidExpressionsSayWhy(String expression, String message) {
        assertThatThrownBy(() -> ScheduleExpression.parse(expression)).isInstanceOf(InvalidScheduleException.class)
                .hasMessageContaining(message);
    }

    @Test
    void timeZonesAreIanaNames() {
        assertThat(ScheduleExpression.zone(null)).isEqualTo(UTC);
        assertThat(ScheduleExpression.zone("Asia/Tokyo")).isEqualTo(ZoneId.of("Asia/Tokyo"));
        assertThatThrownBy(() -> ScheduleExpression.zone("Mars/Olympus"))
                .hasMessageContaining("unknown time zone 'Mars/Olympus'");
    }
}
