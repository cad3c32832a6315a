package dev.berth.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.ScheduledTaskSpec;
import dev.berth.api.v1alpha1.ScheduledTaskSpec.ConcurrencyPolicy;
import dev.berth.api.v1alpha1.ScheduledTaskStatus;
import dev.berth.api.v1alpha1.ScheduledTaskStatus.DeadLetter;
import dev.berth.api.v1alpha1.ScheduledTaskStatus.Run;
import dev.berth.api.v1alpha1.ScheduledTaskStatus.RunResult;
import dev.berth.api.v1alpha1.ScheduledTaskStatus.RunTask;
import dev.berth.events.BerthEvent;
import dev.berth.schedule.ScheduleObservation.ChildTask;
import dev.berth.status.Conditions;
import dev.berth.status.Copies;

/**
 * The scheduler of ScheduledTasks, pure: from the last status, the Tasks in the cache and the time, which fire times
 * are due, which runs finished, what to retry, and the new status.
 * <p>
 * Exactly once: {@code status.lastScheduledTime} is the cursor of handled fire times and every run is recorded with
 * its Task names before those Tasks are created. A crash after the status write leaves a recorded Task unseen, and it
 * is created again under the same name (the API server refuses a duplicate); a crash before it leaves the cursor
 * where it was, and the same fire time is decided again to the same names.
 */
public final class ScheduleDecider {

    static final String READY = "Ready";
    static final String DEGRADED = "Degraded";
    /** EventBridge's RetryPolicy defaults. */
    static final int DEFAULT_RETRY_ATTEMPTS = 185;
    static final int DEFAULT_EVENT_AGE_SECONDS = 86400;
    /** Fire times started or skipped in one reconcile; a longer catch-up continues at once in the next. */
    static final int MAX_FIRES_PER_PASS = 10;
    /** Missed fire times counted one by one; past this a catch-up jumps to the oldest one still deliverable. */
    static final int MAX_MISSED_COUNTED = 10_000;
    static final int SKIPPED_AND_MISSED_KEPT = 5;
    static final Duration FIRST_RETRY = Duration.ofSeconds(10);
    static final Duration MAX_RETRY_DELAY = Duration.ofMinutes(5);
    static final String FAILED_TO_START = "TaskFailedToStart";
    static final String EXITED = "EssentialContainerExited";

    private ScheduleDecider() {
    }

    public static ScheduleDecision decide(ScheduleObservation o) {
        return new Pass(o).run();
    }

    /** The delay before retry {@code attempt + 1}: exponential from 10 s, at most 5 minutes (EventBridge backs off too). */
    public static Duration retryDelay(int attempt) {
        Duration delay = FIRST_RETRY.multipliedBy(1L << Math.min(attempt, 6));
        return delay.compareTo(MAX_RETRY_DELAY) > 0 ? MAX_RETRY_DELAY : delay;
    }

    /**
     * The status after the API server refused to create some of the recorded Tasks (e.g. a target it rejects): each
     * counts as a Task that failed to start, with the server's message, and is retried as the retry policy says.
     */
    public static ScheduledTaskStatus rejected(ScheduledTaskStatus written, Map<String, String> messages, Instant now) {
        ScheduledTaskStatus status = Copies.deep(written);
        for (Run run : status.runs) {
            for (RunTask task : run.tasks == null ? List.<RunTask> of() : run.tasks) {
                if (task.lastStatus == null && messages.containsKey(task.name)) {
                    task.lastStatus = LastStatus.STOPPED;
                    task.stopCode = FAILED_TO_START;
                    task.stoppedReason = "RunTask refused: " + messages.get(task.name);
                    task.stoppedAt = now.toString();
                }
            }
        }
        return status;
    }

    /** One decision; fields are its working state, discarded afterwards. */
    private static final class Pass {
        private final ScheduleObservation o;
        private final ScheduledTaskSpec spec;
        private final ScheduledTaskStatus status;
        private final Map<String, ChildTask> tasks;
        private final List<RunLaunch> launches = new ArrayList<>();
        private final List<String> stops = new ArrayList<>();
        private final List<BerthEvent> events = new ArrayList<>();
        private final List<Instant> wakeUps = new ArrayList<>();
        private final int maxRetries;
        private final Duration maxAge;
        private Schedule schedule;

        Pass(ScheduleObservation o) {
            this.o = o;
            this.spec = o.spec();
            this.status = o.previous() == null ? new ScheduledTaskStatus() : Copies.deep(o.previous());
            this.tasks = o.tasks().stream().collect(Collectors.toMap(ChildTask::name, Function.identity(), (a, b) -> a));
            var retry = spec.retryPolicy;
            this.maxRetries = retry == null || retry.maximumRetryAttempts == null ? DEFAULT_RETRY_ATTEMPTS
                    : retry.maximumRetryAttempts;
            this.maxAge = Duration.ofSeconds(retry == null || retry.maximumEventAgeInSeconds == null ? DEFAULT_EVENT_AGE_SECONDS
                    : retry.maximumEventAgeInSeconds);
        }

        ScheduleDecision run() {
            status.observedGeneration = o.generation();
            String invalid = null;
            try {
                schedule = Schedule.of(spec, o.createdAt(), o.key());
            } catch (InvalidScheduleException e) {
                invalid = e.getMessage();
            }
            for (Run run : status.runs) {
                if (!run.result.finished()) {
                    follow(run);
                }
            }
            boolean more = false;
            if (invalid != null || spec.state == ScheduledTaskSpec.State.DISABLED) {
                // nothing fires meanwhile, and nothing is caught up once it is valid or enabled again
                status.lastScheduledTime = o.now().toString();
                status.nextRunTime = null;
            } else {
                more = fire();
            }
            List<String> deletes = prune();
            conditions(invalid);
            Optional<Duration> recheck = more ? Optional.of(Duration.ofSeconds(1))
                    : wakeUps.stream().min(Comparator.naturalOrder())
                            .map(t -> max(Duration.between(o.now(), t), Duration.ofSeconds(1)));
            boolean delete = spec.actionAfterCompletion == ScheduledTaskSpec.ActionAfterCompletion.DELETE && schedule != null
                    && status.nextRunTime == null && !status.runs.isEmpty()
                    && status.runs.stream().allMatch(r -> r.result.finished())
                    && !atInThePast();
            return new ScheduleDecision(status, launches, stops, deletes, events, recheck, delete);
        }

        /** Starts, skips or records as missed every fire time up to now; true when some are left for the next pass. */
        private boolean fire() {
            Instant cursor = status.lastScheduledTime == null ? null : Instant.parse(status.lastScheduledTime);
            int handled = 0;
            boolean more = false;
            for (Optional<Instant> next = schedule.next(cursor); next.isPresent(); next = schedule.next(cursor)) {
                Instant fire = next.get();
                Instant start = schedule.startTime(fire);
                if (start.isAfter(o.now())) {
                    break;
                }
                if (Duration.between(start, o.now()).compareTo(maxAge) > 0) {
                    cursor = missed(cursor);
                    continue;
                }
                if (handled == MAX_FIRES_PER_PASS) {
                    more = true;
                    break;
                }
                handled++;
                cursor = fire;
                start(fire);
            }
            status.lastScheduledTime = cursor == null ? null : cursor.toString();
            Optional<Instant> next = schedule.next(cursor);
            status.nextRunTime = next.map(schedule::startTime).map(Instant::toString).orElse(null);
            next.map(schedule::startTime).ifPresent(wakeUps::add);
            return more;
        }

        /** Records every fire time older than the event age as one MISSED entry; returns the new cursor. */
        private Instant missed(Instant cursor) {
            Instant oldestDeliverable = o.now().minus(maxAge);
            Instant first = null;
            Instant last = cursor;
            long count = 0;
            boolean capped = false;
            for (Optional<Instant> next = schedule.next(cursor); next.isPresent()
                    && schedule.startTime(next.get()).isBefore(oldestDeliverable); next = schedule.next(last)) {
                if (count == MAX_MISSED_COUNTED) {
                    // every fire time before this one is too old, whatever its flexible offset
                    last = oldestDeliverable.minus(schedule.window()).minusNanos(1);
                    capped = true;
                    break;
                }
                first = first == null ? next.get() : first;
                last = next.get();
                count++;
            }
            Run run = new Run();
            run.fireTime = first.toString();
            run.result = RunResult.MISSED;
            run.count = count;
            run.message = (capped ? "more than " : "") + count + " fire time(s) from " + first + " were not run: they were"
                    + " older than maximumEventAgeInSeconds (" + maxAge.getSeconds() + ") when the operator could start them";
            status.runs.add(0, run);
            status.missedRuns += count;
            events.add(BerthEvent.warning("RunsMissed", run.message));
            return last;
        }

        private void start(Instant fire) {
            List<Run> active = status.runs.stream().filter(r -> !r.result.finished()).toList();
            Run run = new Run();
            run.fireTime = fire.toString();
            if (!active.isEmpty() && spec.concurrencyPolicy == ConcurrencyPolicy.Forbid) {
                run.result = RunResult.SKIPPED;
                run.message = "concurrencyPolicy Forbid: the run of " + active.get(0).fireTime + " is still active";
                status.runs.add(0, run);
                status.skippedRuns++;
                events.add(BerthEvent.normal("RunSkipped", "run of " + fire + " skipped: " + run.message));
                return;
            }
            if (!active.isEmpty() && spec.concurrencyPolicy == ConcurrencyPolicy.Replace) {
                for (Run old : active) {
                    old.tasks.stream().filter(t -> t.lastStatus != LastStatus.STOPPED).map(t -> t.name).forEach(stops::add);
                    old.message = "concurrencyPolicy Replace: stopped for the run of " + fire;
                }
            }
            int count = spec.target.taskCount == null ? 1 : spec.target.taskCount;
            run.result = RunResult.RUNNING;
            run.tasks = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                run.tasks.add(launch(fire, i, count, 0));
            }
            status.runs.add(0, run);
            status.lastRunTime = run.fireTime;
            events.add(BerthEvent.normal("RunStarted", "run of " + fire + " started "
                    + run.tasks.stream().map(t -> t.name).collect(Collectors.joining(", "))));
        }

        private RunTask launch(Instant fire, int index, int count, int attempt) {
            RunTask task = new RunTask();
            task.name = RunNames.task(o.name(), fire, index, count, attempt);
            task.index = index;
            task.attempt = attempt;
            launches.add(new RunLaunch(task.name, fire, index, attempt));
            return task;
        }

        /** Brings an active run up to date with its Tasks: finished, failed to start (retry or give up), or still on. */
        private void follow(Run run) {
            Instant fire = Instant.parse(run.fireTime);
            int count = run.tasks.stream().mapToInt(t -> t.index).max().orElse(-1) + 1;
            boolean active = false;
            boolean retrying = false;
            boolean failedToStart = false;
            boolean failed = false;
            Instant nextAttempt = null;
            for (int index = 0; index < count; index++) {
                final int i = index;
                RunTask latest = run.tasks.stream().filter(t -> t.index == i).max(Comparator.comparing(t -> t.attempt))
                        .orElseThrow();
                ChildTask child = tasks.get(latest.name);
                if (child != null) {
                    latest.lastStatus = child.lastStatus();
                    latest.exitCode = child.exitCode();
                    latest.stopCode = child.stopCode();
                    latest.stoppedReason = child.stoppedReason();
                    latest.stoppedAt = child.stoppedAt() == null ? null : child.stoppedAt().toString();
                } else if (latest.lastStatus == null) {
                    // recorded, never seen: (re)create it; AlreadyExists means an earlier pass did
                    launches.add(new RunLaunch(latest.name, fire, latest.index, latest.attempt));
                    active = true;
                    continue;
                } else if (latest.lastStatus != LastStatus.STOPPED) {
                    latest.lastStatus = LastStatus.STOPPED;
                    latest.stoppedReason = "Task " + latest.name + " was deleted";
                }
                if (latest.lastStatus != LastStatus.STOPPED) {
                    active = true;
                } else if (FAILED_TO_START.equals(latest.stopCode)) {
                    Instant stoppedAt = latest.stoppedAt == null ? o.now() : Instant.parse(latest.stoppedAt);
                    Instant retryAt = stoppedAt.plus(retryDelay(latest.attempt));
                    boolean young = Duration.between(schedule == null ? fire : schedule.startTime(fire), retryAt)
                            .compareTo(maxAge) <= 0;
                    if (latest.attempt < maxRetries && young) {
                        if (!retryAt.isAfter(o.now())) {
                            run.tasks.add(launch(fire, latest.index, count, latest.attempt + 1));
                            active = true;
                        } else {
                            retrying = true;
                            nextAttempt = nextAttempt == null || retryAt.isBefore(nextAttempt) ? retryAt : nextAttempt;
                        }
                    } else {
                        failedToStart = true;
                        DeadLetter letter = new DeadLetter();
                        letter.errorMessage = latest.stoppedReason;
                        letter.exhaustedRetryCondition = latest.attempt >= maxRetries ? "MaximumRetryAttempts"
                                : "MaximumEventAgeInSeconds";
                        letter.retryAttempts = latest.attempt;
                        run.deadLetter = letter;
                    }
                } else if (!EXITED.equals(latest.stopCode) || !Objects.equals(latest.exitCode, 0)) {
                    failed = true;
                }
            }
            run.nextAttemptTime = retrying ? nextAttempt.toString() : null;
            if (retrying) {
                wakeUps.add(nextAttempt);
            }
            RunResult result = active ? RunResult.RUNNING
                    : retrying ? RunResult.RETRYING
                            : failedToStart ? RunResult.FAILED_TO_START : failed ? RunResult.FAILED : RunResult.SUCCEEDED;
            if (result == RunResult.RETRYING && run.result != RunResult.RETRYING) {
                events.add(BerthEvent.warning("RunRetrying", "run of " + run.fireTime + ": a Task failed to start ("
                        + run.tasks.get(run.tasks.size() - 1).stoppedReason + "); retrying at " + nextAttempt));
            }
            run.result = result;
            if (result.finished()) {
                finished(run);
            }
        }

        private void finished(Run run) {
            status.lastResult = run.result;
            String summary = run.tasks.stream()
                    .map(t -> t.name + " " + (t.exitCode != null ? "exit " + t.exitCode : String.valueOf(t.stopCode)))
                    .collect(Collectors.joining(", "));
            switch (run.result) {
                case SUCCEEDED -> {
                    status.succeededRuns++;
                    events.add(BerthEvent.normal("RunSucceeded", "run of " + run.fireTime + " succeeded: " + summary));
                }
                case FAILED_TO_START -> {
                    status.failedRuns++;
                    run.message = "invocation failed after " + run.deadLetter.retryAttempts + " retries ("
                            + run.deadLetter.exhaustedRetryCondition + "): " + run.deadLetter.errorMessage;
                    events.add(BerthEvent.warning("InvocationFailed", "run of " + run.fireTime + ": " + run.message));
                }
                default -> {
                    status.failedRuns++;
                    run.message = summary;
                    events.add(BerthEvent.warning("RunFailed", "run of " + run.fireTime + " failed: " + summary));
                }
            }
        }

        /** Keeps active runs and the latest finished ones within the limits; returns the Tasks of the others. */
        private List<String> prune() {
            int succeeded = 0;
            int failed = 0;
            int other = 0;
            List<Run> kept = new ArrayList<>();
            List<String> deletes = new ArrayList<>();
            for (Run run : status.runs) {
                boolean keep = switch (run.result) {
                    case RUNNING, RETRYING -> true;
                    case SUCCEEDED -> succeeded++ < spec.successfulRunsHistoryLimit;
                    case FAILED, FAILED_TO_START -> failed++ < spec.failedRunsHistoryLimit;
                    case SKIPPED, MISSED -> other++ < SKIPPED_AND_MISSED_KEPT;
                };
                if (keep) {
                    kept.add(run);
                } else if (run.tasks != null) {
                    run.tasks.stream().map(t -> t.name).filter(tasks::containsKey).forEach(deletes::add);
                }
            }
            status.runs = kept;
            return deletes;
        }

        private void conditions(String invalid) {
            String reason;
            String message;
            boolean ready;
            if (invalid != null) {
                ready = false;
                reason = "InvalidSchedule";
                message = invalid;
            } else if (spec.state == ScheduledTaskSpec.State.DISABLED) {
                ready = false;
                reason = "Disabled";
                message = "state is DISABLED: nothing runs";
            } else if (atInThePast()) {
                ready = false;
                reason = "AtInThePast";
                message = spec.scheduleExpression + " in " + schedule.zone()
                        + " is before the schedule was created: it never runs";
            } else if (status.nextRunTime == null) {
                ready = true;
                reason = "Completed";
                message = "no fire time left";
            } else {
                ready = true;
                reason = "Scheduled";
                message = "next run at " + status.nextRunTime;
            }
            String previousReason = Conditions.find(status.conditions, READY).map(c -> c.getReason()).orElse(null);
            if (!ready && !reason.equals(previousReason) && !reason.equals("Disabled")) {
                events.add(BerthEvent.warning(reason, message));
            }
            status.conditions = Conditions.with(status.conditions, READY, ready, reason, message, o.generation(), o.now());
            boolean lastFailed = status.lastResult == RunResult.FAILED || status.lastResult == RunResult.FAILED_TO_START;
            status.conditions = Conditions.with(status.conditions, DEGRADED, invalid != null || lastFailed,
                    invalid != null ? "InvalidSchedule" : lastFailed ? "LastRun" + camel(status.lastResult) : "AsExpected",
                    invalid != null ? invalid
                            : lastFailed ? status.runs.stream().filter(r -> r.result == status.lastResult).findFirst()
                                    .map(r -> "run of " + r.fireTime + ": " + (r.message != null ? r.message : r.result))
                                    .orElse(String.valueOf(status.lastResult)) : "the latest run did not fail",
                    o.generation(), o.now());
        }

        private boolean atInThePast() {
            return schedule != null && schedule.isOneTime() && schedule.next(null).isEmpty();
        }

        private static String camel(RunResult result) {
            return result == RunResult.FAILED ? "Failed" : "FailedToStart";
        }

        private static Duration max(Duration a, Duration b) {
            return a.compareTo(b) >= 0 ? a : b;
        }
    }
}
