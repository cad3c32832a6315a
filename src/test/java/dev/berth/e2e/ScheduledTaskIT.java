package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.berth.api.v1alpha1.Berth;
import dev.berth.api.v1alpha1.ScheduledTask;
import dev.berth.api.v1alpha1.ScheduledTaskStatus;
import dev.berth.api.v1alpha1.ScheduledTaskStatus.RunResult;
import dev.berth.api.v1alpha1.Task;
import dev.berth.status.Conditions;

/**
 * ScheduledTasks on the real control plane, in wall-clock time (rate(1 minute) is the shortest EventBridge allows):
 * the examples reconcile, a schedule runs once per fire time, Forbid skips, a fire time passed while the operator is
 * SIGKILLed runs once after the restart, one older than the event age is recorded as missed, and the retries of a
 * target that cannot start stop at the bound.
 */
class ScheduledTaskIT extends EndToEnd {

    static final Duration LONG_WAIT = Duration.ofMinutes(4);
    static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    @Test
    void runsOncePerFireTimeAcrossAnOperatorKill() throws InterruptedException {
        apply("deploy/examples/scheduled-tasks.yaml");
        apply("deploy/examples/nginx-taskdefinition.yaml");
        // the unstartable target's one fire time: the next minute but one, in UTC
        String at = AT.format(ZonedDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).plusMinutes(2));
        applyText("""
                apiVersion: berth.dev/v1alpha1
                kind: ScheduledTask
                metadata: {name: every-minute}
                spec:
                  scheduleExpression: rate(1 minute)
                  successfulRunsHistoryLimit: 100
                  target: {taskDefinition: db-backup, group: minutely}
                ---
                apiVersion: berth.dev/v1alpha1
                kind: ScheduledTask
                metadata: {name: no-overlap}
                spec:
                  scheduleExpression: rate(1 minute)
                  concurrencyPolicy: Forbid
                  target: {taskDefinition: my-task}
                ---
                apiVersion: berth.dev/v1alpha1
                kind: ScheduledTask
                metadata: {name: short-age}
                spec:
                  scheduleExpression: rate(1 minute)
                  successfulRunsHistoryLimit: 100
                  retryPolicy: {maximumEventAgeInSeconds: 60}
                  target: {taskDefinition: db-backup}
                ---
                apiVersion: berth.dev/v1alpha1
                kind: ScheduledTask
                metadata: {name: unstartable}
                spec:
                  scheduleExpression: at(%1$s)
                  retryPolicy: {maximumRetryAttempts: 1}
                  target: {taskDefinition: no-such-family}
                ---
                apiVersion: berth.dev/v1alpha1
                kind: ScheduledTask
                metadata: {name: one-shot}
                spec:
                  scheduleExpression: at(%1$s)
                  actionAfterCompletion: DELETE
                  target: {taskDefinition: db-backup}
                """.formatted(at));

        // the examples reconcile: the nightly one waits for 02:00 Berlin time, the 5-minute one runs at once
        ScheduledTaskStatus nightly = await().atMost(WAIT).until(() -> schedule("nightly-backup"), s -> s.nextRunTime != null);
        Instant nextNight = Instant.parse(nightly.nextRunTime);
        assertThat(nextNight.atZone(java.time.ZoneId.of("Europe/Berlin")).getHour()).isEqualTo(2);
        assertThat(Duration.between(Instant.now(), nextNight)).isLessThanOrEqualTo(Duration.ofHours(24));
        await().atMost(WAIT).until(() -> schedule("sync-every-5-minutes"), s -> s.lastResult == RunResult.SUCCEEDED);
        List<Task> sync = tasks("sync-every-5-minutes");
        assertThat(sync).singleElement().satisfies(t -> {
            assertThat(t.getSpec().startedBy).isEqualTo("events-rule/sync-every-5-minutes");
            assertThat(t.getSpec().group).isEqualTo("sync");
            assertThat(t.getMetadata().getOwnerReferences()).singleElement()
                    .satisfies(o -> assertThat(o.getKind()).isEqualTo("ScheduledTask"));
        });

        // rate(1 minute) runs at least twice, one Task per fire time; Forbid skips while its first run still runs
        await().atMost(LONG_WAIT).until(() -> schedule("every-minute"), s -> s.succeededRuns >= 2);
        await().atMost(LONG_WAIT).until(() -> schedule("no-overlap"), s -> s.skippedRuns >= 1);
        assertThat(tasks("no-overlap")).hasSize(1);
        assertThat(tasks("every-minute")).allSatisfy(t -> assertThat(t.getSpec().group).isEqualTo("minutely"));

        // SIGKILL across at least one fire time, down for longer than short-age's event age (60 s)
        while (ZonedDateTime.now().getSecond() < 40 || ZonedDateTime.now().getSecond() > 50) {
            Thread.sleep(500);
        }
        plane.operator.kill();
        Instant killedAt = Instant.now();
        Thread.sleep(Duration.ofSeconds(80).toMillis());
        plane.operator.start();
        Instant restartedAt = Instant.now();

        // every fire time of every-minute, including those passed while it was down, has exactly one Task
        ScheduledTaskStatus minutely = await().atMost(LONG_WAIT).until(() -> schedule("every-minute"),
                s -> s.lastScheduledTime != null && !Instant.parse(s.lastScheduledTime).isBefore(restartedAt.minusSeconds(60))
                        && s.runs.stream().noneMatch(r -> r.result == RunResult.RUNNING));
        assertOneTaskPerFireTime("every-minute", minutely);
        assertThat(minutely.missedRuns).isZero();
        assertThat(fireTimes("every-minute")).anyMatch(f -> f.isAfter(killedAt) && f.isBefore(restartedAt));

        // short-age: the fire time older than 60 s at the restart is recorded as missed, not run
        ScheduledTaskStatus aged = await().atMost(WAIT).until(() -> schedule("short-age"), s -> s.missedRuns >= 1);
        assertThat(aged.runs).filteredOn(r -> r.result == RunResult.MISSED).isNotEmpty();
        Instant missed = Instant
                .parse(aged.runs.stream().filter(r -> r.result == RunResult.MISSED).findFirst().orElseThrow().fireTime);
        assertThat(missed).isAfter(killedAt).isBefore(restartedAt.minusSeconds(60));
        assertThat(fireTimes("short-age")).doesNotContain(missed);

        // the unstartable target: one retry (maximumRetryAttempts 1), then the failed invocation is recorded
        ScheduledTaskStatus failed = await().atMost(LONG_WAIT).until(() -> schedule("unstartable"),
                s -> s.lastResult == RunResult.FAILED_TO_START);
        var run = failed.runs.get(0);
        assertThat(run.tasks).extracting(t -> t.attempt).containsExactly(0, 1);
        assertThat(run.deadLetter.exhaustedRetryCondition).isEqualTo("MaximumRetryAttempts");
        assertThat(run.deadLetter.errorMessage).contains("no-such-family");
        assertThat(tasks("unstartable")).hasSize(2);
        assertThat(Conditions.find(failed.conditions, "Degraded"))
                .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));
        assertThat(Shell.kubectlOk("get", "events", "-n", ns, "--field-selector", "reason=InvocationFailed", "-o", "name"))
                .isNotBlank();
        assertThat(Shell.kubectlOk("get", "ecsschedule", "-n", ns)).contains("NEXT RUN", "LAST RESULT", "every-minute");

        // the one-time schedule with actionAfterCompletion DELETE ran (late, after the restart), then went with its Task
        await().atMost(LONG_WAIT)
                .until(() -> client.resources(ScheduledTask.class).inNamespace(ns).withName("one-shot").get() == null);
        await().atMost(WAIT).until(() -> tasks("one-shot").isEmpty());
        assertThat(Shell.kubectlOk("get", "events", "-n", ns, "--field-selector",
                "reason=RunSucceeded,involvedObject.name=one-shot", "-o", "name")).isNotBlank();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "malformed      | scheduleExpression: every day                                 | spec.scheduleExpression: Invalid value",
            "singular unit  | scheduleExpression: rate(5 minute)                            | scheduleExpression must be",
            "both day fields| scheduleExpression: cron(0 2 * * * *)                         | Day-of-month and Day-of-week cannot both be set",
            "unknown zone   | scheduleExpression: rate(1 hour), scheduleExpressionTimezone: Mars/Olympus | unknown time zone Mars/Olympus evaluating rule: scheduleExpressionTimezone must be an IANA time zone name",
            "window         | scheduleExpression: rate(1 hour), flexibleTimeWindow: {mode: FLEXIBLE, maximumWindowInMinutes: 1441} | spec.flexibleTimeWindow.maximumWindowInMinutes",
            "window missing | scheduleExpression: rate(1 hour), flexibleTimeWindow: {mode: FLEXIBLE} | mode FLEXIBLE needs maximumWindowInMinutes",
            "retries        | scheduleExpression: rate(1 hour), retryPolicy: {maximumRetryAttempts: 186} | spec.retryPolicy.maximumRetryAttempts",
            "event age      | scheduleExpression: rate(1 hour), retryPolicy: {maximumEventAgeInSeconds: 30} | spec.retryPolicy.maximumEventAgeInSeconds",
            "dates          | scheduleExpression: rate(1 hour), startDate: '2027-01-02T00:00:00Z', endDate: '2027-01-01T00:00:00Z' | endDate must be after startDate",
            "task count     | scheduleExpression: rate(1 hour), target: {taskDefinition: x, taskCount: 11} | spec.target.taskCount" })
    void badInputIsRefusedWithTheFieldNamed(String name, String spec, String message) {
        String target = spec.contains("target:") ? "" : ", target: {taskDefinition: x}";
        Shell.Result result = Shell.kubectl("apply", "-n", ns, "-f", manifestFile("""
                apiVersion: berth.dev/v1alpha1
                kind: ScheduledTask
                metadata: {name: bad}
                spec: {%s%s}
                """.formatted(spec, target)));
        assertThat(result.exitCode()).as(result.output()).isNotZero();
        assertThat(result.output()).contains("The ScheduledTask \"bad\" is invalid").contains(message);
    }

    @Test
    void anAtInThePastIsAcceptedAndReported() {
        applyText(
                """
                        apiVersion: berth.dev/v1alpha1
                        kind: ScheduledTask
                        metadata: {name: yesterday}
                        spec: {scheduleExpression: at(2020-01-01T00:00:00), scheduleExpressionTimezone: Europe/Berlin, target: {taskDefinition: x}}
                        """);
        ScheduledTaskStatus status = await().atMost(WAIT).until(() -> schedule("yesterday"),
                s -> Conditions.find(s.conditions, "Ready").isPresent());
        assertThat(Conditions.find(status.conditions, "Ready")).hasValueSatisfying(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("AtInThePast");
        });
        assertThat(tasks("yesterday")).isEmpty();
    }

    private void assertOneTaskPerFireTime(String schedule, ScheduledTaskStatus status) {
        List<Instant> fires = fireTimes(schedule);
        assertThat(fires).as("one Task per fire time").doesNotHaveDuplicates();
        Instant first = fires.stream().min(Instant::compareTo).orElseThrow();
        Instant last = Instant.parse(status.lastScheduledTime);
        List<Instant> expected = Stream.iterate(first, t -> !t.isAfter(last), t -> t.plusSeconds(60)).toList();
        assertThat(fires).as("every fire time from the first to the last handled")
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    private List<Instant> fireTimes(String schedule) {
        return tasks(schedule).stream()
                .map(t -> Instant.parse(t.getMetadata().getAnnotations().get(Berth.ANNOTATION_FIRE_TIME)))
                .toList();
    }

    private List<Task> tasks(String schedule) {
        return client.resources(Task.class).inNamespace(ns).withLabel(Berth.LABEL_SCHEDULED_TASK, schedule).list().getItems();
    }

    private ScheduledTaskStatus schedule(String name) {
        ScheduledTask schedule = client.resources(ScheduledTask.class).inNamespace(ns).withName(name).get();
        return schedule == null || schedule.getStatus() == null ? new ScheduledTaskStatus() : schedule.getStatus();
    }
}
