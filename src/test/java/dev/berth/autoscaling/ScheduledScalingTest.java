package dev.berth.autoscaling;

import static dev.berth.autoscaling.TestingAutoScaling.T0;
import static dev.berth.autoscaling.TestingAutoScaling.range;
import static dev.berth.autoscaling.TestingAutoScaling.scheduled;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.ServiceAutoScaling;
import dev.berth.api.v1alpha1.ServiceAutoScalingStatus;
import dev.berth.events.BerthEvent;

class ScheduledScalingTest {

    /** Business hours: 2-10 tasks from 08:00, 1-2 from 20:00 (T0 is 10:00 UTC on a Monday). */
    static ServiceAutoScaling businessHours() {
        ServiceAutoScaling spec = range(1, 4);
        spec.scheduledActions = List.of(scheduled("morning", "cron(0 8 * * ? *)", null, 2, 10),
                scheduled("evening", "cron(0 20 * * ? *)", null, 1, 2));
        return spec;
    }

    @Test
    void aNewActionDoesNotRunForTimesBeforeItWasAdded() {
        var range = ScheduledScaling.apply(businessHours(), null, T0);
        assertThat(range.min()).isEqualTo(1);
        assertThat(range.max()).isEqualTo(4);
        assertThat(range.source()).isEqualTo("spec");
        assertThat(range.actions()).extracting(a -> a.nextRunTime).containsExactly("2026-03-03T08:00:00Z",
                "2026-03-02T20:00:00Z");
        assertThat(range.events()).isEmpty();
    }

    @Test
    void aDueActionSetsTheRangeWhichHoldsUntilTheNextOne() {
        ServiceAutoScaling spec = businessHours();
        var first = status(spec, ScheduledScaling.apply(spec, null, T0));

        var evening = ScheduledScaling.apply(spec, first, Instant.parse("2026-03-02T20:00:05Z"));
        assertThat(evening.min()).isEqualTo(1);
        assertThat(evening.max()).isEqualTo(2);
        assertThat(evening.source()).isEqualTo("scheduledAction/evening");
        assertThat(evening.events()).extracting(BerthEvent::reason).containsExactly("ScheduledActionRun");
        assertThat(evening.actions().get(1).lastRunTime).isEqualTo("2026-03-02T20:00:05Z");
        assertThat(evening.actions().get(1).nextRunTime).isEqualTo("2026-03-03T20:00:00Z");

        var night = ScheduledScaling.apply(spec, status(spec, evening), Instant.parse("2026-03-03T03:00:00Z"));
        assertThat(night.max()).isEqualTo(2);
        assertThat(night.events()).isEmpty();

        var morning = ScheduledScaling.apply(spec, status(spec, night), Instant.parse("2026-03-03T08:00:10Z"));
        assertThat(morning.min()).isEqualTo(2);
        assertThat(morning.max()).isEqualTo(10);
    }

    @Test
    void runsMissedWhileTheOperatorWasDownHappenOnceInTheirOrder() {
        ServiceAutoScaling spec = businessHours();
        var first = status(spec, ScheduledScaling.apply(spec, null, T0));
        // back two days later at 09:00: both ran meanwhile, the morning one last
        var later = ScheduledScaling.apply(spec, first, Instant.parse("2026-03-04T09:00:00Z"));
        assertThat(later.source()).isEqualTo("scheduledAction/morning");
        assertThat(later.max()).isEqualTo(10);
        assertThat(later.events()).hasSize(2);
        assertThat(later.actions()).extracting(a -> a.nextRunTime).containsExactly("2026-03-05T08:00:00Z",
                "2026-03-04T20:00:00Z");
    }

    @Test
    void aSpecChangeOfTheRangeWinsOverTheLastScheduledAction() {
        ServiceAutoScaling spec = businessHours();
        var evening = ScheduledScaling.apply(spec, status(spec, ScheduledScaling.apply(spec, null, T0)),
                Instant.parse("2026-03-02T20:00:00Z"));
        spec.maxCapacity = 6;
        var changed = ScheduledScaling.apply(spec, status(businessHours(), evening), Instant.parse("2026-03-02T21:00:00Z"));
        assertThat(changed.source()).isEqualTo("spec");
        assertThat(changed.max()).isEqualTo(6);
    }

    @Test
    void suspendedScheduledScalingSkipsRuns() {
        ServiceAutoScaling spec = businessHours();
        var first = status(spec, ScheduledScaling.apply(spec, null, T0));
        spec.suspendedState = new ServiceAutoScaling.SuspendedState();
        spec.suspendedState.scheduledScalingSuspended = true;
        var evening = ScheduledScaling.apply(spec, first, Instant.parse("2026-03-02T20:00:05Z"));
        assertThat(evening.max()).isEqualTo(4);
        assertThat(evening.events()).isEmpty();
        assertThat(evening.actions().get(1).nextRunTime).isEqualTo("2026-03-03T20:00:00Z");
    }

    @Test
    void anInvalidActionIsReportedOnceAndTheOthersStillRun() {
        ServiceAutoScaling spec = range(1, 4);
        spec.scheduledActions = List.of(scheduled("bad", "cron(0 8 * * ? *)", "Mars/Olympus", 3, 3),
                scheduled("soon", "at(2026-03-02T10:05:00)", null, 2, null));
        var first = ScheduledScaling.apply(spec, null, T0);
        assertThat(first.actions().get(0).error).contains("unknown time zone");
        assertThat(first.events()).extracting(BerthEvent::reason).containsExactly("InvalidScheduledAction");
        var then = ScheduledScaling.apply(spec, status(spec, first), Instant.parse("2026-03-02T10:05:01Z"));
        assertThat(then.events()).extracting(BerthEvent::reason).containsExactly("ScheduledActionRun");
        assertThat(then.min()).isEqualTo(2);
        assertThat(then.max()).isEqualTo(4);
        assertThat(then.actions().get(1).nextRunTime).isNull();
    }

    @Test
    void aNewMinimumAboveTheMaximumRaisesTheMaximum() {
        ServiceAutoScaling spec = range(1, 4);
        spec.scheduledActions = List.of(scheduled("peak", "at(2026-03-02T10:05:00)", null, 8, null));
        var first = ScheduledScaling.apply(spec, null, T0);
        var peak = ScheduledScaling.apply(spec, status(spec, first), Instant.parse("2026-03-02T10:06:00Z"));
        assertThat(peak.min()).isEqualTo(8);
        assertThat(peak.max()).isEqualTo(8);
    }

    @Test
    void startAndEndTimeLimitTheRuns() {
        ServiceAutoScaling spec = range(1, 4);
        var action = scheduled("later", "rate(1 hour)", null, 2, null);
        action.startTime = "2026-03-02T15:00:00Z";
        action.endTime = "2026-03-02T16:30:00Z";
        spec.scheduledActions = List.of(action);
        var first = ScheduledScaling.apply(spec, null, T0);
        assertThat(first.actions().get(0).nextRunTime).isEqualTo("2026-03-02T15:00:00Z");
        var run = ScheduledScaling.apply(spec, status(spec, first), Instant.parse("2026-03-02T16:00:00Z"));
        assertThat(run.actions().get(0).nextRunTime).isNull();
        assertThat(run.min()).isEqualTo(2);
    }

    static ServiceAutoScalingStatus status(ServiceAutoScaling spec, ScheduledScaling.Range range) {
        ServiceAutoScalingStatus s = new ServiceAutoScalingStatus();
        s.minCapacity = range.min();
        s.maxCapacity = range.max();
        s.capacitySource = range.source();
        s.specMinCapacity = spec.minCapacity;
        s.specMaxCapacity = spec.maxCapacity;
        s.scheduledActions = range.actions();
        return s;
    }
}
