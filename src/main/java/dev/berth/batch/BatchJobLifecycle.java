package dev.berth.batch;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import dev.berth.api.v1alpha1.BatchJobSpec;
import dev.berth.api.v1alpha1.BatchJobSpec.DesiredStatus;
import dev.berth.api.v1alpha1.BatchJobStatus;
import dev.berth.api.v1alpha1.BatchJobStatus.ArrayStatus;
import dev.berth.api.v1alpha1.BatchJobStatus.AttemptDetail;
import dev.berth.api.v1alpha1.BatchJobStatus.FailedChild;
import dev.berth.api.v1alpha1.JobStatus;
import dev.berth.events.BerthEvent;
import dev.berth.status.Conditions;

/**
 * The AWS Batch job state machine, pure: from the job's last status (which indices finished, which attempt each is
 * on) and its Tasks, where every child stands ({@link #plan}), then, given what the queue admits, the status to
 * write and the attempts to start and stop ({@link #decide}).
 *
 * <p>
 * The status is the ledger that makes the job survive a killed operator: an index's outcome is recorded there
 * before its Task may be garbage-collected (a succeeded attempt's Task is deleted a TTL after the status recording its
 * index was written; a failed one is kept for its Task TTL, for its logs), and a retry's attempt number before its Task
 * is created, so a Task name (job, index, attempt) is never created for a second run and no index is forgotten.
 */
final class BatchJobLifecycle {

    /** What AWS Batch reports when it stops an attempt that ran past attemptDurationSeconds. */
    static final String TIMEOUT_REASON = "Job attempt duration exceeded timeout";
    static final String CANCELLED_REASON = "Job cancelled";
    static final String TERMINATED_REASON = "Job terminated";
    static final String DEPENDENCY_NOT_FOUND = "DependencyNotFound";

    private BatchJobLifecycle() {
    }

    static ChildPlan plan(BatchObservation in) {
        BatchJobStatus previous = in.previous() == null ? new BatchJobStatus() : in.previous();
        BatchJobSpec spec = in.spec();
        IndexSet succeeded = IndexSet.parse(previous.succeededIndexes);
        IndexSet failed = IndexSet.parse(previous.failedIndexes);
        SortedMap<Integer, Integer> retries = parseRetries(previous.retries);
        Map<Integer, ChildTask> latest = new HashMap<>();
        for (ChildTask child : in.children()) {
            latest.merge(child.index(), child, (a, b) -> a.attempt() >= b.attempt() ? a : b);
        }
        List<AttemptDetail> attempts = new ArrayList<>(previous.attempts == null ? List.of() : previous.attempts);
        List<FailedChild> failures = new ArrayList<>(previous.arrayProperties == null
                || previous.arrayProperties.failures == null ? List.of() : previous.arrayProperties.failures);
        Map<JobStatus, Integer> counts = new EnumMap<>(JobStatus.class);
        List<ChildLaunch> retried = new ArrayList<>();
        List<ChildLaunch> fresh = new ArrayList<>();
        List<ChildStop> stops = new ArrayList<>();
        List<BerthEvent> events = new ArrayList<>();
        String stopReason = stopReason(spec);
        long timeout = spec.timeout == null || spec.timeout.attemptDurationSeconds == null ? 0
                : spec.timeout.attemptDurationSeconds;
        String waitingFor = null;
        String missing = null;
        String failureReason = null;
        Instant firstStarted = null;
        Instant nextDeadline = null;

        for (int index = 0; index < in.size(); index++) {
            JobStatus state;
            if (succeeded.contains(index)) {
                state = JobStatus.SUCCEEDED;
            } else if (failed.contains(index)) {
                state = JobStatus.FAILED;
            } else {
                int attempt = retries.getOrDefault(index, 1);
                ChildTask task = latest.get(index);
                if (task != null && task.attempt() > attempt) {
                    attempt = task.attempt(); // recorded in status by a write the cache has not shown yet
                }
                if (task != null && task.attempt() == attempt) {
                    if (task.running()) {
                        firstStarted = earliest(firstStarted, task.startedAt());
                    }
                    if (!task.stopped()) {
                        state = task.running() ? JobStatus.RUNNING : JobStatus.STARTING;
                        Instant deadline = timeout > 0 && task.running() ? task.startedAt().plusSeconds(timeout) : null;
                        if (stopReason != null && spec.desiredStatus == DesiredStatus.TERMINATED && !task.stopping()) {
                            stops.add(new ChildStop(task.name(), stopReason));
                        } else if (deadline != null && !deadline.isAfter(in.now()) && !task.stopping()) {
                            stops.add(new ChildStop(task.name(), TIMEOUT_REASON));
                            events.add(BerthEvent.warning("AttemptTimedOut", childName(in, index) + " attempt " + attempt
                                    + " ran longer than " + timeout + "s: stopped (" + TIMEOUT_REASON + ")"));
                        } else if (deadline != null && !task.stopping()) {
                            nextDeadline = nextDeadline == null || deadline.isBefore(nextDeadline) ? deadline : nextDeadline;
                        }
                    } else {
                        AttemptExit exit = task.exit();
                        if (!in.isArray() && attempts.stream().noneMatch(a -> task.name().equals(a.taskName))) {
                            attempts.add(attemptDetail(task));
                        }
                        if (exit.succeeded()) {
                            state = JobStatus.SUCCEEDED;
                            succeeded.add(index);
                            retries.remove(index);
                        } else if (!TIMEOUT_REASON.equals(exit.stoppedReason()) && stopReason == null
                                && RetryRules.retry(spec.retryStrategy, exit, attempt)) {
                            state = JobStatus.RUNNABLE;
                            retries.put(index, attempt + 1);
                            retried.add(new ChildLaunch(index, attempt + 1, null));
                            events.add(BerthEvent.normal("AttemptRetried", childName(in, index) + " attempt " + attempt
                                    + " failed (" + describe(exit) + "): starting attempt " + (attempt + 1) + " of "
                                    + RetryRules.attempts(spec.retryStrategy)));
                        } else {
                            state = JobStatus.FAILED;
                            failed.add(index);
                            retries.remove(index);
                            failureReason = exit.stoppedReason() != null ? exit.stoppedReason() : describe(exit);
                            if (in.isArray() && failures.size() < FailedChild.MAX) {
                                failures.add(failedChild(index, attempt, exit, failureReason));
                                events.add(BerthEvent.warning("ChildFailed", childName(in, index) + " failed after "
                                        + attempt + " attempt(s): " + describe(exit)));
                            }
                        }
                    }
                } else if (stopReason != null) {
                    state = JobStatus.FAILED;
                    failed.add(index);
                    retries.remove(index);
                    failureReason = stopReason;
                    if (in.isArray() && failures.size() < FailedChild.MAX) {
                        failures.add(failedChild(index, attempt - 1, new AttemptExit(null, null, null, null), stopReason));
                    }
                } else {
                    Dependencies.Readiness readiness = Dependencies.of(index, spec.dependsOn, in.dependencies(), succeeded,
                            failed);
                    if (readiness instanceof Dependencies.Failed f) {
                        state = JobStatus.FAILED;
                        failed.add(index);
                        failureReason = f.reason();
                        if (in.isArray() && failures.size() < FailedChild.MAX) {
                            failures.add(failedChild(index, 0, new AttemptExit(null, null, null, null), f.reason()));
                        }
                    } else if (readiness instanceof Dependencies.Waiting w) {
                        state = JobStatus.PENDING;
                        waitingFor = waitingFor == null ? w.jobName() : waitingFor;
                        missing = missing == null && w.missing() ? w.jobName() : missing;
                    } else {
                        state = JobStatus.RUNNABLE;
                        (attempt > 1 ? retried : fresh).add(new ChildLaunch(index, attempt, null));
                    }
                }
            }
            counts.merge(state, 1, Integer::sum);
        }
        List<ChildLaunch> runnable = new ArrayList<>(retried);
        runnable.addAll(fresh);
        // a succeeded attempt's outcome is in the ledger once the written status records its index: its Task (and Pod)
        // may go after its TTL, so the operator holds the running set and the last minute's successes, not the array
        IndexSet recorded = IndexSet.parse(previous.succeededIndexes);
        List<String> deletes = new ArrayList<>();
        Instant nextDeletion = null;
        for (ChildTask child : in.children()) {
            if (child.stopped() && !child.deleting() && child.stoppedAt() != null && child.exit().succeeded()
                    && recorded.contains(child.index())) {
                Instant due = child.stoppedAt().plus(in.succeededChildTtl());
                if (due.isAfter(in.now())) {
                    nextDeletion = earliest(nextDeletion, due);
                } else {
                    deletes.add(child.name());
                }
            }
        }
        return new ChildPlan(counts, runnable, succeeded, failed, retries, stops, attempts, failures, events, waitingFor,
                missing, failureReason, firstStarted, nextDeadline, deletes, nextDeletion);
    }

    /**
     * The status to write and the work to do once {@code granted} attempts may start (the first of
     * {@link ChildPlan#runnable()}, in the compute environments the queue admitted them to).
     */
    static BatchDecision decide(BatchObservation in, ChildPlan plan, List<QueueAdmission.Grant> granted) {
        BatchJobStatus previous = in.previous() == null ? new BatchJobStatus() : in.previous();
        BatchJobStatus status = new BatchJobStatus();
        status.observedGeneration = in.generation();
        status.jobId = in.jobId();
        status.createdAt = text(in.createdAt());
        status.taskDefinition = in.taskDefinition() != null ? in.taskDefinition() : previous.taskDefinition;
        status.vcpus = in.unitsPerAttempt() > 0 ? VcpuUnits.format(in.unitsPerAttempt()) : previous.vcpus;
        status.isCancelled = in.spec().desiredStatus == DesiredStatus.CANCELLED ? Boolean.TRUE : null;
        status.isTerminated = in.spec().desiredStatus == DesiredStatus.TERMINATED ? Boolean.TRUE : null;
        status.succeededIndexes = plan.succeeded().format();
        status.failedIndexes = plan.failed().format();
        status.retries = formatRetries(plan.retries());
        status.attempts = in.isArray() || plan.attempts().isEmpty() ? null : plan.attempts();
        status.startedAt = previous.startedAt != null ? previous.startedAt : text(plan.firstStartedAt());

        // whether the job ever started a child: then a blocker only holds back what has not started yet
        boolean started = !in.children().isEmpty() || previous.startedAt != null || previous.succeededIndexes != null
                || previous.failedIndexes != null || previous.retries != null;
        BatchObservation.Blocker blocker = in.blocker();
        int finished = plan.count(JobStatus.SUCCEEDED) + plan.count(JobStatus.FAILED);
        if (previous.status != null && previous.status.isTerminal()) {
            // SUCCEEDED and FAILED are final, whatever changes around the job later (a queue enabled again)
            status.status = previous.status;
            status.statusReason = previous.statusReason;
        } else if (blocker != null && blocker.failsJob() && !started) {
            status.status = JobStatus.FAILED;
            status.statusReason = blocker.message();
            IndexSet all = IndexSet.empty();
            for (int index = 0; index < in.size(); index++) {
                all.add(index);
            }
            status.failedIndexes = all.format();
        } else if (finished == in.size()) {
            status.status = plan.failed().isEmpty() ? JobStatus.SUCCEEDED : JobStatus.FAILED;
            status.statusReason = plan.failed().isEmpty() ? "Essential container in task exited"
                    : failureReason(in, plan);
        } else if (blocker != null && !started) {
            status.status = "DependencyCycle".equals(blocker.reason()) ? JobStatus.PENDING : JobStatus.SUBMITTED;
            status.statusReason = blocker.message();
        } else {
            status.status = in.isArray() ? JobStatus.PENDING : only(plan);
            status.statusReason = runningReason(in, plan, blocker);
        }
        if (status.status.isTerminal()) {
            status.stoppedAt = previous.stoppedAt != null ? previous.stoppedAt : text(in.now());
        }
        if (in.isArray()) {
            status.arrayProperties = arrayStatus(in, plan, previous);
        }
        status.attemptsByComputeEnvironment = holding(in.children());
        status.conditions = conditions(in, plan, previous, status);

        List<BerthEvent> events = new ArrayList<>(plan.events());
        if (previous.status != status.status) {
            events.add(BerthEvent.of(status.status == JobStatus.FAILED, camel(status.status),
                    "Job " + in.jobName() + " is " + status.status
                            + (status.statusReason == null ? "" : ": " + status.statusReason)));
        }
        if (blocker != null && Conditions.find(previous.conditions, blocker.reason()).isEmpty()) {
            events.add(BerthEvent.warning(blocker.reason(), blocker.message()));
        }

        List<ChildLaunch> launches = new ArrayList<>();
        if (blocker == null && !status.status.isTerminal()) {
            int next = 0;
            for (QueueAdmission.Grant grant : granted) {
                for (int n = 0; n < grant.count() && next < plan.runnable().size(); n++, next++) {
                    ChildLaunch waiting = plan.runnable().get(next);
                    launches.add(new ChildLaunch(waiting.index(), waiting.attempt(), grant.environment()));
                }
            }
        }
        Optional<Duration> recheck = plan.deadline().map(d -> Duration.between(in.now(), d).plusSeconds(1));
        return new BatchDecision(status, launches, plan.stops(), plan.deletes(), events, recheck);
    }

    /** The job's status while it runs: what its one child is doing (an array parent is PENDING meanwhile). */
    private static JobStatus only(ChildPlan plan) {
        for (JobStatus status : List.of(JobStatus.RUNNING, JobStatus.STARTING, JobStatus.RUNNABLE, JobStatus.PENDING)) {
            if (plan.count(status) > 0) {
                return status;
            }
        }
        return JobStatus.PENDING;
    }

    /** Attempts holding vCPUs (every attempt not STOPPED, as admission counts them) by compute environment. */
    static Map<String, Integer> holding(List<ChildTask> children) {
        Map<String, Integer> holding = new TreeMap<>();
        for (ChildTask child : children) {
            if (!child.stopped() && child.environment() != null) {
                holding.merge(child.environment().displayName(), 1, Integer::sum);
            }
        }
        return holding.isEmpty() ? null : holding;
    }

    private static String runningReason(BatchObservation in, ChildPlan plan, BatchObservation.Blocker blocker) {
        if (blocker != null) {
            return blocker.message();
        }
        if (plan.missingDependency() != null) {
            return "Waiting for BatchJob " + plan.missingDependency() + ", which does not exist";
        }
        if (plan.count(JobStatus.PENDING) > 0 && plan.count(JobStatus.RUNNING) + plan.count(JobStatus.STARTING) == 0
                && plan.count(JobStatus.RUNNABLE) == 0) {
            return "Waiting for " + plan.waitingFor();
        }
        if (plan.count(JobStatus.RUNNABLE) > 0 && plan.count(JobStatus.RUNNING) + plan.count(JobStatus.STARTING) == 0) {
            return "Waiting for capacity in job queue " + in.queueName();
        }
        return null;
    }

    private static String failureReason(BatchObservation in, ChildPlan plan) {
        if (!in.isArray()) {
            return plan.failureReason() != null ? plan.failureReason()
                    : in.previous() != null ? in.previous().statusReason : null;
        }
        return plan.failed().size() + " of " + in.size() + " child jobs failed (indices " + plan.failed().sample(10) + ")";
    }

    private static ArrayStatus arrayStatus(BatchObservation in, ChildPlan plan, BatchJobStatus previous) {
        ArrayStatus array = new ArrayStatus();
        array.size = in.size();
        for (JobStatus status : JobStatus.values()) {
            if (plan.count(status) > 0) {
                array.statusSummary.put(status.name(), plan.count(status));
            }
        }
        boolean same = previous.arrayProperties != null
                && Objects.equals(previous.arrayProperties.statusSummary, array.statusSummary);
        array.statusSummaryLastUpdatedAt = same ? previous.arrayProperties.statusSummaryLastUpdatedAt : text(in.now());
        array.failures = plan.failures().isEmpty() ? null : plan.failures();
        return array;
    }

    private static List<io.fabric8.kubernetes.api.model.Condition> conditions(BatchObservation in, ChildPlan plan,
            BatchJobStatus previous, BatchJobStatus status) {
        BatchObservation.Blocker blocker = in.blocker();
        boolean dependencyMissing = plan.missingDependency() != null && !status.status.isTerminal();
        var conditions = previous.conditions;
        // a condition that still holds is rewritten in place, so its lastTransitionTime is kept
        for (String type : BatchObservation.Blocker.TYPES) {
            if (blocker == null || !blocker.reason().equals(type)) {
                conditions = Conditions.without(conditions, type);
            }
        }
        if (!dependencyMissing) {
            conditions = Conditions.without(conditions, DEPENDENCY_NOT_FOUND);
        }
        if (blocker != null) {
            conditions = Conditions.with(conditions, blocker.reason(), true, blocker.reason(), blocker.message(),
                    in.generation(), in.now());
        }
        if (dependencyMissing) {
            conditions = Conditions.with(conditions, DEPENDENCY_NOT_FOUND, true, DEPENDENCY_NOT_FOUND,
                    "BatchJob " + plan.missingDependency() + " does not exist: the children that depend on it wait",
                    in.generation(), in.now());
        }
        boolean succeeded = status.status == JobStatus.SUCCEEDED;
        conditions = Conditions.with(conditions, "Ready", succeeded, camel(status.status),
                status.statusReason == null ? "Job is " + status.status : status.statusReason, in.generation(), in.now());
        conditions = Conditions.with(conditions, "Progressing", !status.status.isTerminal(), camel(status.status),
                "Job is " + status.status, in.generation(), in.now());
        return conditions;
    }

    private static String stopReason(BatchJobSpec spec) {
        if (spec.desiredStatus == DesiredStatus.RUNNING || spec.desiredStatus == null) {
            return null;
        }
        if (spec.reason != null && !spec.reason.isBlank()) {
            return spec.reason;
        }
        return spec.desiredStatus == DesiredStatus.CANCELLED ? CANCELLED_REASON : TERMINATED_REASON;
    }

    private static AttemptDetail attemptDetail(ChildTask task) {
        AttemptDetail detail = new AttemptDetail();
        detail.taskName = task.name();
        detail.exitCode = task.exit().exitCode();
        detail.reason = task.exit().reason();
        detail.statusReason = task.exit().stoppedReason();
        detail.startedAt = text(task.startedAt());
        detail.stoppedAt = text(task.stoppedAt());
        return detail;
    }

    private static FailedChild failedChild(int index, int attempts, AttemptExit exit, String reason) {
        FailedChild child = new FailedChild();
        child.index = index;
        child.attempts = attempts;
        child.exitCode = exit.exitCode();
        child.statusReason = reason;
        return child;
    }

    private static String describe(AttemptExit exit) {
        List<String> parts = new ArrayList<>();
        if (exit.exitCode() != null) {
            parts.add("exit code " + exit.exitCode());
        }
        if (exit.reason() != null) {
            parts.add(exit.reason());
        }
        if (exit.stoppedReason() != null) {
            parts.add(exit.stoppedReason());
        }
        return parts.isEmpty() ? "stopped" : String.join(", ", parts);
    }

    private static String childName(BatchObservation in, int index) {
        return in.isArray() ? "Job " + in.jobName() + " index " + index : "Job " + in.jobName();
    }

    private static String camel(JobStatus status) {
        String name = status.name();
        return name.charAt(0) + name.substring(1).toLowerCase(java.util.Locale.ROOT);
    }

    private static Instant earliest(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    static SortedMap<Integer, Integer> parseRetries(String text) {
        SortedMap<Integer, Integer> retries = new TreeMap<>();
        if (text == null || text.isBlank()) {
            return retries;
        }
        for (String pair : text.split(",")) {
            String[] parts = pair.trim().split(":");
            try {
                retries.put(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                // not written by the operator: ignored, the index resumes from its Tasks
            }
        }
        return retries;
    }

    static String formatRetries(SortedMap<Integer, Integer> retries) {
        if (retries.isEmpty()) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        retries.forEach((index, attempt) -> text.append(text.isEmpty() ? "" : ",").append(index).append(':')
                .append(attempt));
        return text.toString();
    }
}
