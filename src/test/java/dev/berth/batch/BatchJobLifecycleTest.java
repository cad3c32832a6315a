package dev.berth.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.BatchJobSpec;
import dev.berth.api.v1alpha1.BatchJobSpec.EvaluateOnExit;
import dev.berth.api.v1alpha1.BatchJobStatus;
import dev.berth.api.v1alpha1.JobStatus;
import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.batch.QueueAdmission.Grant;
import dev.berth.events.BerthEvent;
import io.fabric8.kubernetes.client.utils.Serialization;

class BatchJobLifecycleTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:10:00Z");
    private static final ComputeEnvironment CE = new ComputeEnvironment("default", "FARGATE");
    private static final String EXITED = "Essential container in task exited";
    private static final Duration TTL = Duration.ofSeconds(60);

    @Test
    void anArrayStartsAsManyChildrenAsTheQueueAdmitsAndStaysPending() {
        BatchObservation in = observation(array(5), null, List.of());
        BatchDecision decision = decide(in, 2);
        assertEquals(List.of(new ChildLaunch(0, 1, CE), new ChildLaunch(1, 1, CE)), decision.launches());
        assertEquals(JobStatus.PENDING, decision.status().status, "an array parent is PENDING while children run (Batch)");
        assertEquals(Map.of("RUNNABLE", 5), decision.status().arrayProperties.statusSummary);
        assertEquals("Waiting for capacity in job queue q", decision.status().statusReason);
    }

    @Test
    void aSucceededChildGoesItsTtlAfterTheWrittenStatusRecordsItsIndexAndAFailedOneStays() {
        ChildTask justNow = stoppedAt(0, 0, NOW.minusSeconds(61));
        ChildTask recently = stoppedAt(1, 0, NOW.minusSeconds(30));
        ChildTask longAgo = stoppedAt(2, 0, NOW.minusSeconds(600));
        ChildTask failed = stoppedAt(3, 2, NOW.minusSeconds(600));
        ChildTask beingDeleted = new ChildTask(4, 1, name(4, 1), LastStatus.STOPPED, false,
                new AttemptExit(0, null, "EssentialContainerExited", EXITED), NOW.minusSeconds(700), NOW.minusSeconds(600),
                CE, true);
        List<ChildTask> children = List.of(justNow, recently, longAgo, failed, beingDeleted);

        BatchDecision first = decide(observation(array(6), null, children), 0);
        assertEquals(List.of(), first.deletes(), "not before a written status records the indices (the ledger)");
        assertEquals("0-2,4", first.status().succeededIndexes);

        BatchDecision next = decide(observation(array(6), first.status(), children), 0);
        assertEquals(List.of(name(0, 1), name(2, 1)), next.deletes(),
                "succeeded, recorded and past the TTL; not the failed one (kept for its logs) nor one being deleted");
        assertEquals(Optional.of(Duration.ofSeconds(31)), next.recheckAfter(), "when the next one's TTL runs out (+1 s)");
    }

    @Test
    void childStatesFollowTheirTasks() {
        List<ChildTask> children = List.of(task(0, 1, LastStatus.PROVISIONING, null),
                task(1, 1, LastStatus.RUNNING, NOW.minusSeconds(5)),
                stopped(2, 1, 0), stopped(3, 1, 3));
        BatchDecision decision = decide(observation(array(5), null, children), 0);
        assertEquals(Map.of("RUNNABLE", 1, "STARTING", 1, "RUNNING", 1, "SUCCEEDED", 1, "FAILED", 1),
                decision.status().arrayProperties.statusSummary);
        assertEquals("2", decision.status().succeededIndexes);
        assertEquals("3", decision.status().failedIndexes);
        assertEquals(NOW.minusSeconds(30).toString(), decision.status().startedAt, "the earliest attempt that ran");
        assertEquals(Map.of("default/FARGATE", 2), decision.status().attemptsByComputeEnvironment,
                "the attempts not STOPPED hold vCPUs where they were admitted (what the JobQueue status adds up)");
        assertEquals(null,
                decide(observation(array(5), null, List.of(stopped(2, 1, 0))), 0).status().attemptsByComputeEnvironment,
                "none held: the field is absent");
    }

    @Test
    void aRetriedIndexIsRecordedBeforeItsNextAttemptAndGoesFirst() {
        BatchJobSpec spec = array(3);
        spec.retryStrategy = RetryRulesTest.strategy(3, new EvaluateOnExit("EXIT", "2", null, null));
        BatchDecision decision = decide(observation(spec, null, List.of(stopped(2, 1, 1))), 2);
        assertEquals("2:2", decision.status().retries);
        assertEquals(List.of(new ChildLaunch(2, 2, CE), new ChildLaunch(0, 1, CE)), decision.launches());
        assertTrue(decision.events().stream().anyMatch(e -> e.reason().equals("AttemptRetried")
                && e.message().equals("Job job index 2 attempt 1 failed (exit code 1, EssentialContainerExited, " + EXITED
                        + "): starting attempt 2 of 3")),
                decision.events().toString());
    }

    @Test
    void afterARestartTheLedgerStartsTheRecordedAttemptOnceAndNeverRepeatsTheOldOne() {
        BatchJobSpec spec = array(3);
        spec.retryStrategy = RetryRulesTest.strategy(3);
        BatchJobStatus written = decide(observation(spec, null, List.of(stopped(1, 1, 1))), 0).status();
        // the operator died after writing the status, before creating job-1-2; the failed attempt is still cached
        BatchDecision again = decide(observation(spec, written, List.of(stopped(1, 1, 1))), 3);
        assertEquals(List.of(new ChildLaunch(1, 2, CE), new ChildLaunch(0, 1, CE), new ChildLaunch(2, 1, CE)),
                again.launches());
        assertTrue(again.events().stream().noneMatch(e -> e.reason().equals("AttemptRetried")), "retried once only");
        // job-1-2 exists now; the old attempt's Task was garbage-collected: nothing is started twice
        BatchDecision running = decide(observation(spec, again.status(), List.of(task(1, 2, LastStatus.RUNNING, NOW))), 3);
        assertEquals(List.of(new ChildLaunch(0, 1, CE), new ChildLaunch(2, 1, CE)), running.launches());
    }

    @Test
    void anExitRuleFailsTheIndexAndTheArrayFailsOnceEveryChildFinished() {
        BatchJobSpec spec = array(3);
        spec.retryStrategy = RetryRulesTest.strategy(3, new EvaluateOnExit("EXIT", "2", null, null));
        BatchDecision decision = decide(observation(spec, null, List.of(stopped(0, 1, 0), stopped(1, 1, 2),
                task(2, 1, LastStatus.RUNNING, NOW))), 0);
        assertEquals(JobStatus.PENDING, decision.status().status, "not every child finished yet");
        assertEquals("1", decision.status().failedIndexes);
        BatchJobStatus.FailedChild failure = decision.status().arrayProperties.failures.get(0);
        assertEquals(List.of(1, 1, 2, EXITED),
                List.of(failure.index, failure.attempts, failure.exitCode, failure.statusReason));

        BatchDecision done = decide(observation(spec, decision.status(), List.of(stopped(2, 1, 0))), 0);
        assertEquals(JobStatus.FAILED, done.status().status);
        assertEquals("1 of 3 child jobs failed (indices 1)", done.status().statusReason);
        assertEquals(Map.of("SUCCEEDED", 2, "FAILED", 1), done.status().arrayProperties.statusSummary);
        assertEquals(NOW.toString(), done.status().stoppedAt);
        assertTrue(done.events().stream().anyMatch(e -> e.type() == BerthEvent.Type.Warning && e.reason().equals("Failed")));
    }

    @Test
    void aPlainJobGoesThroughBatchStatesAndRecordsItsAttempts() {
        BatchJobSpec spec = plain();
        spec.retryStrategy = RetryRulesTest.strategy(2);
        assertEquals(JobStatus.RUNNABLE, decide(observation(spec, null, List.of()), 0).status().status);
        assertEquals(JobStatus.STARTING,
                decide(observation(spec, null, List.of(task(0, 1, LastStatus.PENDING, null))), 0).status().status);
        assertEquals(JobStatus.RUNNING,
                decide(observation(spec, null, List.of(task(0, 1, LastStatus.RUNNING, NOW))), 0).status().status);
        BatchDecision retried = decide(observation(spec, null, List.of(stopped(0, 1, 1))), 1);
        assertEquals(JobStatus.RUNNABLE, retried.status().status);
        assertEquals(List.of(new ChildLaunch(0, 2, CE)), retried.launches());
        BatchDecision done = decide(observation(spec, retried.status(), List.of(stopped(0, 2, 0))), 1);
        assertEquals(JobStatus.SUCCEEDED, done.status().status);
        assertEquals(List.of("job-0-1", "job-0-2"), done.status().attempts.stream().map(a -> a.taskName).toList());
        assertEquals(List.of(1, 0), done.status().attempts.stream().map(a -> a.exitCode).toList());
        assertNull(done.status().arrayProperties);
        assertTrue(done.launches().isEmpty());
    }

    @Test
    void anAttemptPastItsTimeoutIsStoppedWithBatchsReasonAndIsNotRetried() {
        BatchJobSpec spec = plain();
        spec.retryStrategy = RetryRulesTest.strategy(3);
        spec.timeout = new BatchJobSpec.JobTimeout();
        spec.timeout.attemptDurationSeconds = 60L;
        BatchDecision early = decide(observation(spec, null, List.of(task(0, 1, LastStatus.RUNNING, NOW.minusSeconds(20)))), 0);
        assertEquals(List.of(), early.stops());
        assertEquals(Optional.of(Duration.ofSeconds(41)), early.recheckAfter());
        BatchDecision late = decide(observation(spec, null, List.of(task(0, 1, LastStatus.RUNNING, NOW.minusSeconds(61)))), 0);
        assertEquals(List.of(new ChildStop("job-0-1", BatchJobLifecycle.TIMEOUT_REASON)), late.stops());
        ChildTask timedOut = new ChildTask(0, 1, "job-0-1", LastStatus.STOPPED, true,
                new AttemptExit(143, null, "UserInitiated", BatchJobLifecycle.TIMEOUT_REASON), NOW.minusSeconds(70), NOW,
                CE, false);
        BatchDecision failed = decide(observation(spec, null, List.of(timedOut)), 1);
        assertEquals(JobStatus.FAILED, failed.status().status);
        assertEquals(BatchJobLifecycle.TIMEOUT_REASON, failed.status().statusReason);
        assertTrue(failed.launches().isEmpty());
    }

    @Test
    void terminateStopsRunningAttemptsAndFailsTheRest() {
        BatchJobSpec spec = array(3);
        spec.desiredStatus = BatchJobSpec.DesiredStatus.TERMINATED;
        spec.reason = "no longer needed";
        BatchDecision decision = decide(observation(spec, null, List.of(task(0, 1, LastStatus.RUNNING, NOW), stopped(1, 1, 0))),
                3);
        assertEquals(List.of(new ChildStop("job-0-1", "no longer needed")), decision.stops());
        assertEquals("2", decision.status().failedIndexes);
        assertTrue(decision.launches().isEmpty());
        assertEquals(Boolean.TRUE, decision.status().isTerminated);
    }

    @Test
    void cancelLetsRunningAttemptsFinishButStartsNothing() {
        BatchJobSpec spec = array(2);
        spec.desiredStatus = BatchJobSpec.DesiredStatus.CANCELLED;
        BatchDecision decision = decide(observation(spec, null, List.of(task(0, 1, LastStatus.RUNNING, NOW))), 2);
        assertEquals(List.of(), decision.stops());
        assertTrue(decision.launches().isEmpty());
        assertEquals(Map.of("RUNNING", 1, "FAILED", 1), decision.status().arrayProperties.statusSummary);
        BatchJobStatus.FailedChild cancelled = decision.status().arrayProperties.failures.get(0);
        assertEquals(List.of(1, 0, BatchJobLifecycle.CANCELLED_REASON),
                List.of(cancelled.index, cancelled.attempts, cancelled.statusReason));
    }

    @Test
    void anUnchangedJobDecidesTheSameStatusAgain() {
        BatchJobSpec spec = plain();
        spec.dependsOn = List.of(new BatchJobSpec.JobDependency("prep", null));
        BatchObservation blocked = withBlocker(observation(spec, null, List.of()),
                new BatchObservation.Blocker("TaskDefinitionNotFound", "ClientException: Unable to describe", false));
        BatchJobStatus first = decide(blocked, 0).status();
        BatchObservation later = new BatchObservation("job", "uid-1", "q", blocked.createdAt(), 1L, spec, first,
                blocked.blocker(), "work:1", 256, List.of(), Map.of(), NOW.plusSeconds(30), TTL);
        BatchJobStatus second = BatchJobLifecycle.decide(later, BatchJobLifecycle.plan(later), List.of()).status();
        assertEquals(Serialization.asJson(first), Serialization.asJson(second), "no status write, no churn");
    }

    @Test
    void aMissingQueueKeepsTheJobSubmittedWithACondition() {
        BatchObservation in = withBlocker(observation(plain(), null, List.of()),
                new BatchObservation.Blocker("JobQueueNotFound", "JobQueue q not found: the job waits for it", false));
        BatchDecision decision = decide(in, 1);
        assertEquals(JobStatus.SUBMITTED, decision.status().status);
        assertTrue(decision.launches().isEmpty());
        assertTrue(decision.status().conditions.stream().anyMatch(c -> c.getType().equals("JobQueueNotFound")));
        assertTrue(decision.events().stream().anyMatch(e -> e.reason().equals("JobQueueNotFound")));
    }

    @Test
    void aJobRefusedByADisabledQueueStaysFailedWhenTheQueueIsEnabledAgain() {
        BatchObservation refused = withBlocker(observation(array(3), null, List.of()), new BatchObservation.Blocker(
                "QueueDisabled", "ClientException: job queue q is DISABLED and accepts no new jobs", true));
        BatchDecision failed = decide(refused, 3);
        assertEquals(JobStatus.FAILED, failed.status().status);
        assertEquals("0-2", failed.status().failedIndexes);
        assertTrue(failed.launches().isEmpty());
        BatchDecision later = decide(observation(array(3), failed.status(), List.of()), 3);
        assertEquals(JobStatus.FAILED, later.status().status);
        assertEquals("ClientException: job queue q is DISABLED and accepts no new jobs", later.status().statusReason);
        assertTrue(later.launches().isEmpty());
        assertTrue(later.events().isEmpty(), later.events().toString());
    }

    @Test
    void aMissingDependencyWaitsWithAConditionAndAFailedOneFailsTheJob() {
        BatchJobSpec spec = plain();
        spec.dependsOn = List.of(new BatchJobSpec.JobDependency("prep", null));
        BatchDecision waiting = decide(observation(spec, null, List.of()), 1);
        assertEquals(JobStatus.PENDING, waiting.status().status);
        assertTrue(waiting.launches().isEmpty());
        assertTrue(waiting.status().conditions.stream().anyMatch(c -> c.getType().equals("DependencyNotFound")));
        BatchObservation failedDependency = withDependencies(observation(spec, waiting.status(), List.of()), Map.of("prep",
                new DependencyState("prep", JobStatus.FAILED, null, IndexSet.empty(), IndexSet.parse("0"))));
        BatchDecision failed = decide(failedDependency, 1);
        assertEquals(JobStatus.FAILED, failed.status().status);
        assertEquals("Dependent Job failed: prep", failed.status().statusReason);
    }

    @Test
    void theStatusOfATenThousandChildArrayStaysSmall() {
        List<ChildTask> children = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            children.add(i % 500 == 7 ? stopped(i, 1, 2) : stopped(i, 1, 0));
        }
        BatchJobSpec spec = array(10_000);
        spec.retryStrategy = RetryRulesTest.strategy(1);
        BatchJobStatus status = decide(observation(spec, null, children), 0).status();
        assertEquals(JobStatus.FAILED, status.status);
        assertEquals(20, status.arrayProperties.failures.size());
        int bytes = Serialization.asJson(status).length();
        assertTrue(bytes < 16 * 1024, "status is " + bytes + " bytes");
    }

    private static BatchDecision decide(BatchObservation in, int granted) {
        ChildPlan plan = BatchJobLifecycle.plan(in);
        return BatchJobLifecycle.decide(in, plan, granted == 0 ? List.of() : List.of(new Grant(CE, granted)));
    }

    static BatchJobSpec plain() {
        BatchJobSpec spec = new BatchJobSpec();
        spec.jobQueue = "q";
        spec.taskDefinition = "work";
        return spec;
    }

    static BatchJobSpec array(int size) {
        BatchJobSpec spec = plain();
        spec.arrayProperties = new BatchJobSpec.ArrayProperties();
        spec.arrayProperties.size = size;
        return spec;
    }

    private static BatchObservation observation(BatchJobSpec spec, BatchJobStatus previous, List<ChildTask> children) {
        return new BatchObservation("job", "uid-1", "q", NOW.minusSeconds(600), 1L, spec, previous, null, "work:1", 256,
                children, Map.of(), NOW, TTL);
    }

    private static BatchObservation withBlocker(BatchObservation in, BatchObservation.Blocker blocker) {
        return new BatchObservation(in.jobName(), in.jobId(), in.queueName(), in.createdAt(), in.generation(), in.spec(),
                in.previous(), blocker, in.taskDefinition(), in.unitsPerAttempt(), in.children(), in.dependencies(), in.now(),
                in.succeededChildTtl());
    }

    private static BatchObservation withDependencies(BatchObservation in, Map<String, DependencyState> dependencies) {
        return new BatchObservation(in.jobName(), in.jobId(), in.queueName(), in.createdAt(), in.generation(), in.spec(),
                in.previous(), in.blocker(), in.taskDefinition(), in.unitsPerAttempt(), in.children(), dependencies, in.now(),
                in.succeededChildTtl());
    }

    private static ChildTask task(int index, int attempt, LastStatus lastStatus, Instant startedAt) {
        return new ChildTask(index, attempt, name(index, attempt), lastStatus, false, new AttemptExit(null, null, null, null),
                startedAt, null, CE, false);
    }

    private static ChildTask stopped(int index, int attempt, int exitCode) {
        return new ChildTask(index, attempt, name(index, attempt), LastStatus.STOPPED, false,
                new AttemptExit(exitCode, null, "EssentialContainerExited", EXITED), NOW.minusSeconds(30), NOW, CE, false);
    }

    private static ChildTask stoppedAt(int index, int exitCode, Instant stoppedAt) {
        return new ChildTask(index, 1, name(index, 1), LastStatus.STOPPED, false,
                new AttemptExit(exitCode, null, "EssentialContainerExited", EXITED), stoppedAt.minusSeconds(10), stoppedAt,
                CE, false);
    }

    private static String name(int index, int attempt) {
        return "job-" + index + "-" + attempt;
    }
}
