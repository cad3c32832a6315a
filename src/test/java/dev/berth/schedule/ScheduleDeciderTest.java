package dev.berth.schedule;

import static dev.berth.schedule.TestingSchedules.exited;
import static dev.berth.schedule.TestingSchedules.failedToStart;
import static dev.berth.schedule.TestingSchedules.observe;
import static dev.berth.schedule.TestingSchedules.running;
import static dev.berth.schedule.TestingSchedules.spec;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.ScheduledTaskSpec;
import dev.berth.api.v1alpha1.ScheduledTaskSpec.ConcurrencyPolicy;
import dev.berth.api.v1alpha1.ScheduledTaskSpec.RetryPolicy;
import dev.berth.api.v1alpha1.ScheduledTaskStatus;
import dev.berth.api.v1alpha1.ScheduledTaskStatus.RunResult;
import dev.berth.events.BerthEvent;
import dev.berth.schedule.ScheduleObservation.ChildTask;
import dev.berth.status.Conditions;

class ScheduleDeciderTest {

    static final Instant T0 = Instant.parse("2026-03-02T09:30:00Z");

    static ScheduleDecision decide(ScheduledTaskSpec spec, ScheduledTaskStatus previous, List<ChildTask> tasks, Instant now) {
        return ScheduleDecider.decide(observe(spec, previous, tasks, now));
    }

    static List<String> names(ScheduleDecision decision) {
        return decision.launches().stream().map(RunLaunch::taskName).toList();
    }

    @Test
    void aDueFireTimeIsRecordedWithItsTaskNameAndLaunchedOnce() {
        ScheduledTaskSpec spec = spec("rate(5 minutes)");
        ScheduleDecision first = decide(spec, null, List.of(), T0.plusSeconds(30));
        assertThat(names(first)).containsExactly("nightly-202603020930");
        assertThat(first.status().runs).singleElement().satisfies(run -> {
            assertThat(run.fireTime).isEqualTo("2026-03-02T09:30:00Z");
            assertThat(run.result).isEqualTo(RunResult.RUNNING);
            assertThat(run.tasks).extracting(t -> t.name).containsExactly("nightly-202603020930");
        });
        assertThat(first.status().lastScheduledTime).isEqualTo("2026-03-02T09:30:00Z");
        assertThat(first.status().lastRunTime).isEqualTo("2026-03-02T09:30:00Z");
        assertThat(first.status().nextRunTime).isEqualTo("2026-03-02T09:35:00Z");
        assertThat(first.recheckAfter()).contains(Duration.ofSeconds(270));
        assertThat(first.events()).extracting(BerthEvent::reason).containsExactly("RunStarted");

        // the Task is in the cache: nothing new until the next fire time
        ScheduleDecision again = decide(spec, first.status(), List.of(running("nightly-202603020930")),
                T0.plusSeconds(40));
        assertThat(again.launches()).isEmpty();
        assertThat(again.status().runs.get(0).tasks.get(0).lastStatus).isEqualTo(LastStatus.RUNNING);
    }

    /** The status was written, the operator died before creating the Task: the next pass creates the same name. */
    @Test
    void aRecordedTaskNotSeenIsCreatedAgainUnderTheSameName() {
        ScheduledTaskSpec spec = spec("rate(5 minutes)");
        ScheduleDecision first = decide(spec, null, List.of(), T0.plusSeconds(30));
        ScheduleDecision afterCrash = decide(spec, first.status(), List.of(), T0.plusSeconds(50));
        assertThat(names(afterCrash)).containsExactly("nightly-202603020930");
        assertThat(afterCrash.status().runs).hasSize(1);
    }

    @Test
    void taskCountStartsOneTaskPerIndex() {
        ScheduledTaskSpec spec = spec("rate(5 minutes)");
        spec.target.taskCount = 3;
        assertThat(names(decide(spec, null, List.of(), T0))).containsExactly("nightly-202603020930-0",
                "nightly-202603020930-1", "nightly-202603020930-2");
    }

    @Test
    void aRunSucceedsWhenEveryTaskExitsZeroAndFailsOtherwise() {
        ScheduledTaskSpec spec = spec("rate(5 minutes)");
        spec.target.taskCount = 2;
        ScheduleDecision started = decide(spec, null, List.of(), T0);
        ScheduleDecision ok = decide(spec, started.status(), List.of(exited("nightly-202603020930-0", 0, T0.plusSeconds(9)),
                exited("nightly-202603020930-1", 0, T0.plusSeconds(9))), T0.plusSeconds(10));
        assertThat(ok.status().runs.get(0).result).isEqualTo(RunResult.SUCCEEDED);
        assertThat(ok.status().succeededRuns).isEqualTo(1);
        assertThat(ok.status().lastResult).isEqualTo(RunResult.SUCCEEDED);
        assertThat(ok.events()).extracting(BerthEvent::reason).containsExactly("RunSucceeded");

        ScheduleDecision bad = decide(spec, started.status(), List.of(exited("nightly-202603020930-0", 0, T0.plusSeconds(9)),
                exited("nightly-202603020930-1", 3, T0.plusSeconds(9))), T0.plusSeconds(10));
        assertThat(bad.status().runs.get(0).result).isEqualTo(RunResult.FAILED);
        assertThat(bad.status().runs.get(0).tasks).extracting(t -> t.exitCode).containsExactly(0, 3);
        assertThat(bad.status().failedRuns).isEqualTo(1);
        assertThat(bad.events()).extracting(BerthEvent::type, BerthEvent::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(BerthEvent.Type.Warning, "RunFailed"));
        assertThat(Conditions.find(bad.status().conditions, "Degraded")).hasValueSatisfying(c -> {
            assertThat(c.getStatus()).isEqualTo("True");
            assertThat(c.getReason()).isEqualTo("LastRunFailed");
        });
        // counted once: deciding again from the written status changes nothing
        ScheduleDecision again = decide(spec, bad.status(), List.of(), T0.plusSeconds(20));
        assertThat(again.status().failedRuns).isEqualTo(1);
        assertThat(again.events()).isEmpty();
    }

    @Test
    void forbidSkipsAFireTimeWhileARunIsActive() {
        ScheduledTaskSpec spec = spec("rate(1 minute)");
        spec.concurrencyPolicy = ConcurrencyPolicy.Forbid;
        ScheduleDecision first = decide(spec, null, List.of(), T0);
        ScheduleDecision second = decide(spec, first.status(), List.of(running("nightly-202603020930")), T0.plusSeconds(60));
        assertThat(second.launches()).isEmpty();
        assertThat(second.status().runs.get(0).result).isEqualTo(RunResult.SKIPPED);
        assertThat(second.status().runs.get(0).fireTime).isEqualTo("2026-03-02T09:31:00Z");
        assertThat(second.status().skippedRuns).isEqualTo(1);
        // once the run is over, the next fire time runs
        ScheduleDecision third = decide(spec, second.status(),
                List.of(exited("nightly-202603020930", 0, T0.plusSeconds(100))), T0.plusSeconds(120));
        assertThat(names(third)).containsExactly("nightly-202603020932");
    }

    @Test
    void allowOverlapsAndReplaceStopsTheActiveRun() {
        ScheduledTaskSpec spec = spec("rate(1 minute)");
        ScheduleDecision first = decide(spec, null, List.of(), T0);
        ScheduleDecision overlap = decide(spec, first.status(), List.of(running("nightly-202603020930")), T0.plusSeconds(60));
        assertThat(names(overlap)).containsExactly("nightly-202603020931");
        assertThat(overlap.stops()).isEmpty();

        spec.concurrencyPolicy = ConcurrencyPolicy.Replace;
        ScheduleDecision replace = decide(spec, first.status(), List.of(running("nightly-202603020930")), T0.plusSeconds(60));
        assertThat(names(replace)).containsExactly("nightly-202603020931");
        assertThat(replace.stops()).containsExactly("nightly-202603020930");
    }

    /** Down 3 minutes with rate(1 minute): each missed fire time runs once, in order, inside the event age. */
    @Test
    void runsMissedWhileDownStartOnceEachInsideTheEventAge() {
        ScheduledTaskSpec spec = spec("rate(1 minute)");
        ScheduleDecision first = decide(spec, null, List.of(), T0);
        ScheduleDecision back = decide(spec, first.status(), List.of(running("nightly-202603020930")), T0.plusSeconds(200));
        assertThat(names(back)).containsExactly("nightly-202603020931", "nightly-202603020932", "nightly-202603020933");
        assertThat(back.status().lastScheduledTime).isEqualTo("2026-03-02T09:33:00Z");
        assertThat(back.status().nextRunTime).isEqualTo("2026-03-02T09:34:00Z");
    }

    /** Down longer than maximumEventAgeInSeconds: the old fire times are one MISSED entry, never a backlog. */
    @Test
    void fireTimesOlderThanTheEventAgeAreRecordedAsMissed() {
        ScheduledTaskSpec spec = spec("rate(1 minute)");
        spec.retryPolicy = new RetryPolicy(null, 120);
        ScheduleDecision first = decide(spec, null, List.of(), T0);
        ScheduleDecision back = decide(spec, first.status(), List.of(running("nightly-202603020930")), T0.plusSeconds(600));
        // 09:31 .. 09:37 are older than 2 minutes at 09:40; 09:38, 09:39, 09:40 still run
        assertThat(names(back)).containsExactly("nightly-202603020938", "nightly-202603020939", "nightly-202603020940");
        assertThat(back.status().missedRuns).isEqualTo(7);
        assertThat(back.status().runs).filteredOn(r -> r.result == RunResult.MISSED).singleElement().satisfies(r -> {
            assertThat(r.count).isEqualTo(7);
            assertThat(r.fireTime).isEqualTo("2026-03-02T09:31:00Z");
        });
        assertThat(back.events()).extracting(BerthEvent::reason).contains("RunsMissed");
    }

    /** A year down with rate(1 minute): bounded work, no wedge (CronJob gives up after 100 missed starts). */
    @Test
    void aYearDownIsBoundedWork() {
        ScheduledTaskSpec spec = spec("rate(1 minute)");
        spec.retryPolicy = new RetryPolicy(null, 60);
        ScheduleDecision first = decide(spec, null, List.of(), T0);
        Instant later = T0.plus(Duration.ofDays(365));
        ScheduleDecision back = decide(spec, first.status(), List.of(running("nightly-202603020930")), later);
        assertThat(back.launches()).hasSizeLessThanOrEqualTo(2);
        assertThat(back.status().runs.stream().filter(r -> r.result == RunResult.MISSED)).singleElement()
                .satisfies(r -> assertThat(r.message).startsWith("more than 10000 fire time(s)"));
        assertThat(Instant.parse(back.status().nextRunTime)).isAfter(later);
    }

    /** With the default day of event age, a long catch-up goes 10 fire times per pass and says to come back at once. */
    @Test
    void aLongCatchUpIsSpreadOverPasses() {
        ScheduledTaskSpec spec = spec("rate(1 minute)");
        ScheduleDecision first = decide(spec, null, List.of(), T0);
        ScheduleDecision back = decide(spec, first.status(), List.of(running("nightly-202603020930")), T0.plusSeconds(3600));
        assertThat(back.launches()).hasSize(10);
        assertThat(back.recheckAfter()).contains(Duration.ofSeconds(1));
    }

    @Test
    void aTaskThatFailedToStartIsRetriedWithBackOffUntilTheAttemptsRunOut() {
        ScheduledTaskSpec spec = spec("cron(0 2 * * ? *)");
        spec.retryPolicy = new RetryPolicy(2, null);
        Instant fire = Instant.parse("2026-03-03T02:00:00Z");
        ScheduleDecision run = decide(spec, null, List.of(), fire);
        assertThat(names(run)).containsExactly("nightly-202603030200");

        Instant failed = fire.plusSeconds(15);
        ScheduleDecision waiting = decide(spec, run.status(), List.of(failedToStart("nightly-202603030200", failed)),
                failed.plusSeconds(1));
        assertThat(waiting.launches()).isEmpty();
        assertThat(waiting.status().runs.get(0).result).isEqualTo(RunResult.RETRYING);
        assertThat(waiting.status().runs.get(0).nextAttemptTime).isEqualTo(failed.plusSeconds(10).toString());
        assertThat(waiting.recheckAfter()).contains(Duration.ofSeconds(9));
        assertThat(waiting.events()).extracting(BerthEvent::reason).containsExactly("RunRetrying");

        ScheduleDecision retry1 = decide(spec, waiting.status(), List.of(failedToStart("nightly-202603030200", failed)),
                failed.plusSeconds(10));
        assertThat(names(retry1)).containsExactly("nightly-202603030200-r1");

        Instant failed2 = failed.plusSeconds(30);
        ScheduleDecision retry2 = decide(spec, retry1.status(), List.of(failedToStart("nightly-202603030200", failed),
                failedToStart("nightly-202603030200-r1", failed2)), failed2.plusSeconds(20));
        assertThat(names(retry2)).as("the second delay is twice the first").containsExactly("nightly-202603030200-r2");

        Instant failed3 = failed2.plusSeconds(60);
        ScheduleDecision given = decide(spec, retry2.status(), List.of(failedToStart("nightly-202603030200", failed),
                failedToStart("nightly-202603030200-r1", failed2), failedToStart("nightly-202603030200-r2", failed3)),
                failed3.plusSeconds(1));
        assertThat(given.launches()).isEmpty();
        var dead = given.status().runs.get(0);
        assertThat(dead.result).isEqualTo(RunResult.FAILED_TO_START);
        assertThat(dead.deadLetter.exhaustedRetryCondition).isEqualTo("MaximumRetryAttempts");
        assertThat(dead.deadLetter.retryAttempts).isEqualTo(2);
        assertThat(dead.deadLetter.errorMessage).contains("Unable to describe task definition");
        assertThat(given.status().failedRuns).isEqualTo(1);
        assertThat(given.events()).extracting(BerthEvent::reason).containsExactly("InvocationFailed");
        // the schedule keeps its schedule
        assertThat(given.status().nextRunTime).isEqualTo("2026-03-04T02:00:00Z");
    }

    @Test
    void retriesStopAtTheEventAge() {
        ScheduledTaskSpec spec = spec("cron(0 2 * * ? *)");
        spec.retryPolicy = new RetryPolicy(185, 60);
        Instant fire = Instant.parse("2026-03-03T02:00:00Z");
        ScheduleDecision run = decide(spec, null, List.of(), fire);
        ScheduleDecision given = decide(spec, run.status(),
                List.of(failedToStart("nightly-202603030200", fire.plusSeconds(55))),
                fire.plusSeconds(56));
        assertThat(given.launches()).isEmpty();
        assertThat(given.status().runs.get(0).deadLetter.exhaustedRetryCondition).isEqualTo("MaximumEventAgeInSeconds");
    }

    @Test
    void retryDelaysGrowExponentiallyToFiveMinutes() {
        assertThat(List.of(0, 1, 2, 3, 4, 5, 100).stream().map(ScheduleDecider::retryDelay).map(Duration::getSeconds))
                .containsExactly(10L, 20L, 40L, 80L, 160L, 300L, 300L);
    }

    @Test
    void aRefusedTaskCountsAsFailedToStartAndIsRetried() {
        ScheduledTaskSpec spec = spec("cron(0 2 * * ? *)");
        Instant fire = Instant.parse("2026-03-03T02:00:00Z");
        ScheduleDecision run = decide(spec, null, List.of(), fire);
        ScheduledTaskStatus refused = ScheduleDecider.rejected(run.status(),
                Map.of("nightly-202603030200", "spec.overrides: Invalid value"), fire);
        assertThat(refused.runs.get(0).tasks.get(0).stoppedReason).isEqualTo("RunTask refused: spec.overrides: Invalid value");
        ScheduleDecision retry = decide(spec, refused, List.of(), fire.plusSeconds(10));
        assertThat(names(retry)).containsExactly("nightly-202603030200-r1");
    }

    @Test
    void historyLimitsKeepTheLatestRunsAndDeleteOlderTasks() {
        ScheduledTaskSpec spec = spec("rate(1 minute)");
        spec.successfulRunsHistoryLimit = 2;
        FakeRun fake = new FakeRun(spec);
        for (int minute = 0; minute < 4; minute++) {
            fake.tick(T0.plusSeconds(60L * minute));
            fake.finishAll(0);
        }
        ScheduleDecision last = fake.tick(T0.plusSeconds(60L * 3 + 30));
        assertThat(last.status().runs).extracting(r -> r.fireTime).containsExactly("2026-03-02T09:33:00Z",
                "2026-03-02T09:32:00Z");
        assertThat(fake.deleted).containsExactly("nightly-202603020930", "nightly-202603020931");
        assertThat(last.status().succeededRuns).isEqualTo(4);
    }

    @Test
    void aDisabledScheduleRunsNothingAndDoesNotCatchUpWhenEnabled() {
        ScheduledTaskSpec spec = spec("rate(1 minute)");
        spec.state = ScheduledTaskSpec.State.DISABLED;
        ScheduleDecision disabled = decide(spec, null, List.of(), T0.plusSeconds(300));
        assertThat(disabled.launches()).isEmpty();
        assertThat(disabled.status().nextRunTime).isNull();
        assertThat(Conditions.find(disabled.status().conditions, "Ready")).hasValueSatisfying(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("Disabled");
        });
        spec.state = ScheduledTaskSpec.State.ENABLED;
        ScheduleDecision enabled = decide(spec, disabled.status(), List.of(), T0.plusSeconds(330));
        assertThat(enabled.launches()).isEmpty();
        assertThat(enabled.status().nextRunTime).isEqualTo("2026-03-02T09:36:00Z");
    }

    @Test
    void anInvalidScheduleIsReportedOnceAndRunsNothing() {
        ScheduledTaskSpec spec = spec("cron(61 2 * * ? *)");
        ScheduleDecision invalid = decide(spec, null, List.of(), T0);
        assertThat(invalid.launches()).isEmpty();
        assertThat(Conditions.find(invalid.status().conditions, "Ready")).hasValueSatisfying(c -> {
            assertThat(c.getReason()).isEqualTo("InvalidSchedule");
            assertThat(c.getMessage()).isEqualTo("Minutes: 61 is outside 0-59");
        });
        assertThat(invalid.events()).extracting(BerthEvent::type).containsExactly(BerthEvent.Type.Warning);
        assertThat(decide(spec, invalid.status(), List.of(), T0.plusSeconds(60)).events()).isEmpty();
    }

    @Test
    void anAtInThePastIsAcceptedAndReported() {
        ScheduledTaskSpec spec = spec("at(2026-01-01T00:00:00)");
        spec.actionAfterCompletion = ScheduledTaskSpec.ActionAfterCompletion.DELETE;
        ScheduleDecision past = decide(spec, null, List.of(), T0);
        assertThat(past.launches()).isEmpty();
        assertThat(past.deleteSchedule()).as("kept, so the report is seen").isFalse();
        assertThat(Conditions.find(past.status().conditions, "Ready")).hasValueSatisfying(c -> {
            assertThat(c.getReason()).isEqualTo("AtInThePast");
            assertThat(c.getMessage()).contains("is before the schedule was created");
        });
        assertThat(past.events()).extracting(BerthEvent::reason).containsExactly("AtInThePast");
    }

    @Test
    void aOneTimeScheduleWithDeleteGoesAwayAfterItsRun() {
        ScheduledTaskSpec spec = spec("at(2026-03-02T10:00:00)");
        spec.actionAfterCompletion = ScheduledTaskSpec.ActionAfterCompletion.DELETE;
        ScheduleDecision waiting = decide(spec, null, List.of(), T0);
        assertThat(waiting.status().nextRunTime).isEqualTo("2026-03-02T10:00:00Z");
        assertThat(waiting.recheckAfter()).contains(Duration.ofMinutes(30));
        ScheduleDecision run = decide(spec, waiting.status(), List.of(), Instant.parse("2026-03-02T10:00:00Z"));
        assertThat(names(run)).containsExactly("nightly-202603021000");
        assertThat(run.deleteSchedule()).isFalse();
        ScheduleDecision done = decide(spec, run.status(),
                List.of(exited("nightly-202603021000", 0, Instant.parse("2026-03-02T10:01:00Z"))),
                Instant.parse("2026-03-02T10:01:00Z"));
        assertThat(done.deleteSchedule()).isTrue();
        assertThat(Conditions.find(done.status().conditions, "Ready")).hasValueSatisfying(
                c -> assertThat(c.getReason()).isEqualTo("Completed"));
    }

    @Test
    void aFlexibleWindowDelaysTheStartButNotTheName() {
        ScheduledTaskSpec spec = spec("cron(0 2 * * ? *)");
        spec.flexibleTimeWindow = new ScheduledTaskSpec.FlexibleTimeWindow(ScheduledTaskSpec.FlexibleTimeWindow.Mode.FLEXIBLE,
                30);
        Instant fire = Instant.parse("2026-03-03T02:00:00Z");
        Instant start = Schedule.of(spec, TestingSchedules.CREATED, "ns/nightly").startTime(fire);
        ScheduleDecision early = decide(spec, null, List.of(), start.minusSeconds(1));
        assertThat(early.launches()).isEmpty();
        assertThat(early.status().nextRunTime).isEqualTo(start.toString());
        assertThat(names(decide(spec, early.status(), List.of(), start))).containsExactly("nightly-202603030200");
    }

    /** Drives the decider like the reconciler does, against a fake cluster; records deletions. */
    static final class FakeRun {
        final ScheduledTaskSpec spec;
        final TestingSchedules.FakeCluster cluster = new TestingSchedules.FakeCluster();
        final java.util.List<String> deleted = new java.util.ArrayList<>();
        ScheduledTaskStatus status;

        FakeRun(ScheduledTaskSpec spec) {
            this.spec = spec;
        }

        ScheduleDecision tick(Instant now) {
            ScheduleDecision d = decide(spec, status, List.copyOf(cluster.tasks), now);
            status = d.status();
            cluster.create(d.launches());
            deleted.addAll(d.deletes());
            cluster.tasks.removeIf(t -> d.deletes().contains(t.name()));
            return d;
        }

        void finishAll(int exitCode) {
            List.copyOf(cluster.tasks).stream().filter(t -> t.lastStatus() == LastStatus.RUNNING)
                    .forEach(t -> cluster.set(exited(t.name(), exitCode, T0)));
        }
    }
}
