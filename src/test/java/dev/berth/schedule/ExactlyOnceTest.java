package dev.berth.schedule;

import static dev.berth.schedule.TestingSchedules.exited;
import static dev.berth.schedule.TestingSchedules.observe;
import static dev.berth.schedule.TestingSchedules.spec;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.ScheduledTaskSpec;
import dev.berth.api.v1alpha1.ScheduledTaskStatus;

/**
 * Exactly once per fire time, whatever the timing: reconciles at random moments, the operator killed at random points
 * (before the status write: the decision is lost; after it: the Task creations are lost), a cache that lags behind the
 * API server. Every fire time inside the event age gets exactly one Task name created, and none is created twice.
 * Inputs come from a fixed seed, so a failure is reproducible.
 */
class ExactlyOnceTest {

    static final Instant CREATED_MINUTE = Instant.parse("2026-03-02T09:30:00Z");

    @Test
    void everyFireTimeRunsExactlyOnceAcrossCrashes() {
        SplittableRandom random = new SplittableRandom(42);
        for (int scenario = 0; scenario < 200; scenario++) {
            runScenario(random.split(), scenario);
        }
    }

    private static void runScenario(SplittableRandom random, int scenario) {
        ScheduledTaskSpec spec = spec(random.nextBoolean() ? "rate(1 minute)" : "cron(0/2 * * * ? *)");
        if (random.nextBoolean()) {
            spec.concurrencyPolicy = ScheduledTaskSpec.ConcurrencyPolicy.Allow;
        }
        TestingSchedules.FakeCluster cluster = new TestingSchedules.FakeCluster();
        ScheduledTaskStatus written = null;
        Instant now = CREATED_MINUTE.plusSeconds(30);
        Instant end = CREATED_MINUTE.plusSeconds(60 * 60);
        List<String> visibleInCache = new ArrayList<>();
        while (now.isBefore(end)) {
            // the cache may lag: it shows the Tasks created up to some earlier point
            if (random.nextInt(4) != 0) {
                visibleInCache = new ArrayList<>(cluster.createdNames);
            }
            List<String> cached = visibleInCache;
            var tasks = cluster.tasks.stream().filter(t -> cached.contains(t.name())).toList();
            ScheduleDecision decision = ScheduleDecider.decide(observe(spec, written, tasks, now));
            int crash = random.nextInt(10);
            if (crash != 0) { // 0: killed before the status write
                written = decision.status();
                if (crash != 1) { // 1: killed after the status write, before creating the Tasks
                    cluster.create(decision.launches());
                }
            }
            // some Tasks finish
            for (var t : List.copyOf(cluster.tasks)) {
                if (t.lastStatus() == LastStatus.RUNNING && random.nextInt(3) == 0) {
                    cluster.set(exited(t.name(), 0, now));
                }
            }
            now = now.plusSeconds(random.nextInt(1, 400));
        }
        // one last calm pass so that recorded-but-uncreated Tasks are created
        ScheduleDecision last = ScheduleDecider.decide(observe(spec, written, List.copyOf(cluster.tasks), now));
        cluster.create(last.launches());

        Schedule schedule = Schedule.of(spec, TestingSchedules.CREATED, "ns/nightly");
        List<String> expected = new ArrayList<>();
        Instant cursor = null;
        for (var next = schedule.next(cursor); next.isPresent()
                && !next.get().isAfter(Instant.parse(last.status().lastScheduledTime)); next = schedule.next(cursor)) {
            cursor = next.get();
            expected.add(RunNames.task("nightly", cursor, 0, 1, 0));
        }
        assertThat(cluster.createdNames).as("scenario %d (%s)", scenario, spec.scheduleExpression)
                .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
        assertThat(last.status().missedRuns + last.status().skippedRuns).isZero();
    }
}
