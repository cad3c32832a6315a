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

    /**
     * The examples of the EventBridge user guide (eb-scheduled-rule-pattern / Scheduler schedule-types), each with the
     * run it documents. 2026-03-02 is a Monday.
     */
    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            // "Run at 10:15 AM (UTC) every day"
            "cron(15 10 * * ? *)           | 2026-03-02T10:15:00Z | 2026-03-03T10:15:00Z",
            // "Run at 6:00 PM Monday through Friday"
            "cron(0 18 ? * MON-FRI *)      | 2026-03-02T18:00:00Z | 2026-03-03T18:00:00Z",
            // "Run at 8:00 AM on the first day of the month"
            "cron(0 8 1 * ? *)             | 2026-03-01T08:00:00Z | 2026-04-01T08:00:00Z",
            // "Run every 10 minutes on weekdays" (Friday 23:50 -> Monday 00:00)
            "cron(0/10 * ? * MON-FRI *)    | 2026-03-06T23:50:00Z | 2026-03-09T00:00:00Z",
            // "Run every 5 minutes Monday through Friday between 8:00 AM and 5:55 PM"
            "cron(0/5 8-17 ? * MON-FRI *)  | 2026-03-02T17:55:00Z | 2026-03-03T08:00:00Z",
            "cron(0/5 8-17 ? * MON-FRI *)  | 2026-03-02T08:00:00Z | 2026-03-02T08:05:00Z",
            // "Run at 9 AM on the first Monday of each month"
            "cron(0 9 ? * 2#1 *)           | 2026-03-02T09:00:00Z | 2026-04-06T09:00:00Z",
            // '1/10' in minutes: 1, 11, 21 ...
            "cron(1/10 * * * ? *)          | 2026-03-02T10:01:00Z | 2026-03-02T10:11:00Z",
            // '3W': the weekday nearest the 3rd (2026-10-03 is a Saturday -> Friday 2nd)
            "cron(0 12 3W * ? *)           | 2026-10-01T00:00:00Z | 2026-10-02T12:00:00Z",
            // 'W' never leaves the month: the 1st is a Saturday -> Monday 3rd (2026-08-01)
            "cron(0 12 1W * ? *)           | 2026-07-31T00:00:00Z | 2026-08-03T12:00:00Z",
            // 'L' alone in Day-of-week is Saturday (7)
            "cron(0 12 ? * L *)            | 2026-03-02T00:00:00Z | 2026-03-07T12:00:00Z",
            // leap years: February 29th only in 2028; 'L' of February 2028 is the 29th
            "cron(0 0 29 2 ? *)            | 2026-03-01T00:00:00Z | 2028-02-29T00:00:00Z",
            "cron(0 0 L 2 ? 2028)          | 2026-03-01T00:00:00Z | 2028-02-29T00:00:00Z",
            "cron(0 0 L 2 ? 2027)          | 2026-03-01T00:00:00Z | 2027-02-28T00:00:00Z",
            // 5th Friday (6#5) exists only in some months: 2026-05-29 is the first after March
            "cron(0 9 ? * 6#5 *)           | 2026-03-31T00:00:00Z | 2026-05-29T09:00:00Z" })
    void awsDocumentedExamples(String expression, Instant after, Instant next) {
        assertThat(ScheduleExpression.parse(expression).next(after, UTC)).contains(next);
    }

    /**
     * Daylight saving time as the EventBridge Scheduler guide states it, in two zones: a local time that does not exist
     * (spring forward) is skipped; one that occurs twice (fall back) runs once, at its first occurrence.
     */
    @ParameterizedTest(name = "{0} in {1} after {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
            // America/Los_Angeles, 2026-03-08 02:00 PST -> 03:00 PDT: 02:30 does not exist that day
            "cron(30 2 * * ? *)   | America/Los_Angeles | 2026-03-07T10:30:00Z | 2026-03-09T09:30:00Z",
            // 2026-11-01 02:00 PDT -> 01:00 PST: 01:30 happens twice, runs at the first (08:30Z), not at 09:30Z
            "cron(30 1 * * ? *)   | America/Los_Angeles | 2026-10-31T08:30:00Z | 2026-11-01T08:30:00Z",
            "cron(30 1 * * ? *)   | America/Los_Angeles | 2026-11-01T08:30:00Z | 2026-11-02T09:30:00Z",
            // the guide's own example: cron(30 2 * * ? *) on the fall-back day runs once
            "cron(30 2 * * ? *)   | America/Los_Angeles | 2026-10-31T09:30:00Z | 2026-11-01T10:30:00Z",
            // Europe/Berlin, 2026-03-29 02:00 CET -> 03:00 CEST: 02:30 skipped, the next is the 30th
            "cron(30 2 * * ? *)   | Europe/Berlin       | 2026-03-28T01:30:00Z | 2026-03-30T00:30:00Z",
            // every 30 minutes across the gap: 01:30 CET, then 03:00 CEST
            "cron(0/30 * * * ? *) | Europe/Berlin       | 2026-03-29T00:30:00Z | 2026-03-29T01:00:00Z",
            // 2026-10-25 03:00 CEST -> 02:00 CET: 02:30 runs once (00:30Z) ...
            "cron(30 2 * * ? *)   | Europe/Berlin       | 2026-10-24T00:30:00Z | 2026-10-25T00:30:00Z",
            "cron(30 2 * * ? *)   | Europe/Berlin       | 2026-10-25T00:30:00Z | 2026-10-26T01:30:00Z",
            // ... and every 30 minutes does not repeat 02:00 and 02:30: after 02:30 CEST comes 03:00 CET
            "cron(0/30 * * * ? *) | Europe/Berlin       | 2026-10-25T00:30:00Z | 2026-10-25T02:00:00Z",
            // a nightly 02:00 job in Berlin: 01:00Z in winter, 00:00Z in summer
            "cron(0 2 * * ? *)    | Europe/Berlin       | 2026-12-05T12:00:00Z | 2026-12-06T01:00:00Z",
            "cron(0 2 * * ? *)    | Europe/Berlin       | 2026-07-05T12:00:00Z | 2026-07-06T00:00:00Z" })
    void daylightSavingTimeAsEventBridge(String expression, String zone, Instant after, Instant next) {
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
            "cron(0 10 ? * 3#1,6#3 *)   | only one nth-weekday expression",
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
        assertThatThrownBy(() -> ScheduleExpression.zone("Mars/Olympus")).isInstanceOf(InvalidScheduleException.class)
                .hasMessageContaining("unknown time zone 'Mars/Olympus'");
    }
}
