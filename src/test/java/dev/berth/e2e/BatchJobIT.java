package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.berth.api.v1alpha1.BatchJob;
import dev.berth.api.v1alpha1.BatchJobStatus;
import dev.berth.api.v1alpha1.JobQueue;
import dev.berth.api.v1alpha1.JobQueueStatus;
import dev.berth.api.v1alpha1.JobStatus;
import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.Task;

/**
 * AWS Batch jobs on the real control plane: children exit as a kwok Stage of this test decides from their
 * AWS_BATCH_JOB_ARRAY_INDEX and AWS_BATCH_JOB_ATTEMPT (src/test/resources/e2e/batch-exit-stage.yaml), so retries,
 * EXIT rules, dependencies and the queue budget run through the real API server, scheduler, garbage collector and
 * the operator as users run it.
 */
class BatchJobIT extends EndToEnd {

    private static final Duration LONG_WAIT = Duration.ofMinutes(4);

    @BeforeEach
    void exitStage() {
        Shell.kubectlOk("apply", "-f", LocalControlPlane.ROOT.resolve("src/test/resources/e2e/batch-exit-stage.yaml")
                .toString());
    }

    @Test
    void anArrayRetriesByRuleFailsByExitRuleAndItsN2NFollowerRunsOnlyAfterEachChildWithinTheBudget() {
        applyText(taskDefinition("cruncher", "7@1=1 13@1=1 20@*=2") + "---\n" + taskDefinition("reporter", "none")
                + queue("crunch", 2) + """
                        ---
                        apiVersion: berth.dev/v1alpha1
                        kind: BatchJob
                        metadata: {name: crunch}
                        spec:
                          jobQueue: crunch
                          taskDefinition: cruncher
                          arrayProperties: {size: 50}
                          retryStrategy:
                            attempts: 3
                            evaluateOnExit:
                              - {onExitCode: "2", action: EXIT}
                              - {onStatusReason: "Essential container*", action: RETRY}
                        ---
                        apiVersion: berth.dev/v1alpha1
                        kind: BatchJob
                        metadata: {name: report}
                        spec:
                          jobQueue: crunch
                          taskDefinition: reporter
                          arrayProperties: {size: 50}
                          dependsOn: [{jobName: crunch, type: N_TO_N}]
                        """);
        // 2 vCPUs, 0.25 each: never more than 8 attempts hold the budget, whichever job they belong to
        AtomicInteger most = new AtomicInteger();
        await().atMost(LONG_WAIT).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            long unfinished = tasks().stream().filter(t -> !stopped(t)).count();
            most.accumulateAndGet((int) unfinished, Math::max);
            assertThat(job("report").status).isEqualTo(JobStatus.FAILED);
        });
        assertThat(most.get()).as("attempts holding vCPUs at one sample: within the budget, and more than one at a time")
                .isBetween(3, 8);

        BatchJobStatus crunch = job("crunch");
        assertThat(crunch.status).isEqualTo(JobStatus.FAILED);
        assertThat(crunch.statusReason).isEqualTo("1 of 50 child jobs failed (indices 20)");
        assertThat(crunch.arrayProperties.statusSummary).containsOnly(Map.entry("SUCCEEDED", 49), Map.entry("FAILED", 1));
        assertThat(crunch.succeededIndexes).isEqualTo("0-19,21-49");
        assertThat(crunch.failedIndexes).isEqualTo("20");
        assertThat(crunch.arrayProperties.failures).singleElement().satisfies(f -> {
            assertThat(f.index).isEqualTo(20);
            assertThat(f.attempts).isEqualTo(1);
            assertThat(f.exitCode).isEqualTo(2);
        });
        Map<String, Task> byName = tasks().stream().collect(Collectors.toMap(t -> t.getMetadata().getName(), t -> t));
        assertThat(byName).containsKeys("crunch-7-1", "crunch-7-2", "crunch-13-1", "crunch-13-2", "crunch-20-1")
                .doesNotContainKeys("crunch-7-3", "crunch-20-2", "report-20-1");
        assertThat(byName.get("crunch-7-1").getStatus().exitCode).isEqualTo(1);
        assertThat(byName.get("crunch-7-2").getStatus().exitCode).isEqualTo(0);
        assertThat(byName.keySet().stream().filter(n -> n.startsWith("crunch-"))).hasSize(52);

        BatchJobStatus report = job("report");
        assertThat(report.statusReason).isEqualTo("1 of 50 child jobs failed (indices 20)");
        assertThat(report.arrayProperties.failures).singleElement()
                .satisfies(f -> assertThat(f.statusReason).isEqualTo("Dependent Job failed: crunch index 20"));
        for (int i = 0; i < 50; i++) {
            if (i == 20) {
                continue;
            }
            Task first = byName.get("crunch-" + i + "-" + (i == 7 || i == 13 ? 2 : 1));
            Task follower = byName.get("report-" + i + "-1");
            assertThat(Instant.parse(follower.getMetadata().getCreationTimestamp()))
                    .as("report %d starts after crunch %d succeeded", i, i)
                    .isAfterOrEqualTo(
                            Instant.parse(first.getStatus().stoppedAt).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        }
    }

    @Test
    void theOperatorKilledMidArrayRunsEveryIndexOnceAndLosesNone() throws InterruptedException {
        applyText(taskDefinition("steady", "none") + queue("steady", 3) + """
                ---
                apiVersion: berth.dev/v1alpha1
                kind: BatchJob
                metadata: {name: steady}
                spec:
                  jobQueue: steady
                  taskDefinition: steady
                  arrayProperties: {size: 40}
                  retryStrategy: {attempts: 2}
                """);
        await().atMost(WAIT).until(() -> tasks().stream().filter(BatchJobIT::stopped).count() >= 4);
        plane.operator.kill();
        Thread.sleep(Duration.ofSeconds(3).toMillis());
        plane.operator.start();
        AtomicInteger most = new AtomicInteger();
        await().atMost(LONG_WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            most.accumulateAndGet((int) tasks().stream().filter(t -> !stopped(t)).count(), Math::max);
            assertThat(job("steady").status).isEqualTo(JobStatus.SUCCEEDED);
        });
        assertThat(most.get()).as("3 vCPUs of 0.25 across the restart").isLessThanOrEqualTo(12);
        assertThat(job("steady").succeededIndexes).isEqualTo("0-39");
        Map<String, Integer> attemptsByIndex = new HashMap<>();
        tasks().forEach(t -> attemptsByIndex.merge(t.getMetadata().getLabels().get("berth.dev/array-index"), 1,
                Integer::sum));
        assertThat(attemptsByIndex).as("one Task per index: no index ran twice, none was lost").hasSize(40)
                .allSatisfy((index, count) -> assertThat(count).isEqualTo(1));
        assertThat(tasks()).allSatisfy(t -> assertThat(t.getMetadata().getName()).endsWith("-1"));
    }

    @Test
    void thePipelineExampleRunsItsStagesInOrder() {
        apply("deploy/examples/batch-pipeline.yaml");
        AtomicInteger most = new AtomicInteger();
        await().atMost(LONG_WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            most.accumulateAndGet((int) tasks().stream().filter(t -> !stopped(t)).count(), Math::max);
            assertThat(job("encode").status).isEqualTo(JobStatus.SUCCEEDED);
        });
        assertThat(most.get()).as("2 vCPUs of 0.5").isLessThanOrEqualTo(4);
        assertThat(job("extract").status).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(job("encode").arrayProperties.statusSummary).containsOnly(Map.entry("SUCCEEDED", 10));
    }

    @Test
    void anAttemptRunningPastItsTimeoutIsStoppedAndFailsTheJob() {
        // no exit annotation: the container runs until the timeout stops it
        applyText("""
                apiVersion: berth.dev/v1alpha1
                kind: TaskDefinition
                metadata: {name: forever}
                spec:
                  cpu: "256"
                  memory: "512"
                  containerDefinitions:
                    - {name: app, image: busybox:1.36, stopTimeout: 2}
                """ + queue("slow", 1) + """
                ---
                apiVersion: berth.dev/v1alpha1
                kind: BatchJob
                metadata: {name: slow}
                spec:
                  jobQueue: slow
                  taskDefinition: forever
                  retryStrategy: {attempts: 3}
                  timeout: {attemptDurationSeconds: 60}
                """);
        BatchJobStatus failed = await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                .until(() -> job("slow"), s -> s.status == JobStatus.FAILED);
        assertThat(failed.statusReason).isEqualTo("Job attempt duration exceeded timeout");
        assertThat(failed.attempts).singleElement().satisfies(a -> {
            assertThat(a.taskName).isEqualTo("slow-1");
            assertThat(a.statusReason).isEqualTo("Job attempt duration exceeded timeout");
            assertThat(Duration.between(Instant.parse(a.startedAt), Instant.parse(a.stoppedAt)))
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(60));
        });
        assertThat(tasks()).as("a timed-out attempt is not retried").hasSize(1);
    }

    @Test
    void terminateStopsRunningAttemptsWithTheReasonAndDeletingTheJobLeavesNothingBehind() {
        // children never exit on their own; 1 vCPU holds 4 of them
        applyText(taskDefinition("idle", "none").replace("sim.berth.dev/batch-exit: \"none\"", "team: batch")
                + queue("idle", 1) + """
                        ---
                        apiVersion: berth.dev/v1alpha1
                        kind: BatchJob
                        metadata: {name: idle}
                        spec: {jobQueue: idle, taskDefinition: idle, arrayProperties: {size: 10}, retryStrategy: {attempts: 3}}
                        """);
        await().atMost(WAIT).until(() -> tasks().stream()
                .filter(t -> t.getStatus() != null && LastStatus.RUNNING.equals(t.getStatus().lastStatus)).count() == 4);
        // a merge patch without resourceVersion, as kubectl patch sends: the operator writes the job's status meanwhile
        client.resources(BatchJob.class).inNamespace(ns).withName("idle").patch(
                io.fabric8.kubernetes.client.dsl.base.PatchContext
                        .of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                "{\"spec\": {\"desiredStatus\": \"TERMINATED\", \"reason\": \"Superseded by run 42\"}}");
        BatchJobStatus terminated = await().atMost(WAIT).until(() -> job("idle"), s -> s.status == JobStatus.FAILED);
        assertThat(terminated.isTerminated).isTrue();
        assertThat(terminated.statusReason).isEqualTo("10 of 10 child jobs failed (indices 0, 1, 2, 3, 4, 5, 6, 7, 8, 9)");
        assertThat(terminated.arrayProperties.failures).hasSize(10)
                .allSatisfy(f -> assertThat(f.statusReason).isEqualTo("Superseded by run 42"));
        assertThat(tasks()).hasSize(4).allSatisfy(t -> {
            assertThat(t.getStatus().lastStatus).isEqualTo(LastStatus.STOPPED);
            assertThat(t.getStatus().stoppedReason).isEqualTo("Superseded by run 42");
        });

        client.resources(BatchJob.class).inNamespace(ns).withName("idle").delete();
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(tasks()).as("Tasks garbage-collected with their job").isEmpty();
            assertThat(taskPods()).as("and their Pods").isEmpty();
        });
    }

    @Test
    void aQueueReportsItsJobsAndTheVcpusInUseAndIsInvalidWhileAClusterItNamesIsMissing() {
        // children never exit on their own; 1 vCPU holds 4 of them. Queue gpu shares default/FARGATE with queue idle
        applyText(taskDefinition("idle", "none").replace("sim.berth.dev/batch-exit: \"none\"", "team: batch")
                + queue("idle", 1) + """
                        ---
                        apiVersion: berth.dev/v1alpha1
                        kind: JobQueue
                        metadata: {name: gpu}
                        spec:
                          priority: 5
                          computeEnvironmentOrder: [{order: 1, maxvCpus: 4}, {order: 2, cluster: gpu, maxvCpus: 1}]
                        ---
                        apiVersion: berth.dev/v1alpha1
                        kind: BatchJob
                        metadata: {name: idle}
                        spec: {jobQueue: idle, taskDefinition: idle, arrayProperties: {size: 10}}
                        """);
        await().atMost(WAIT).untilAsserted(() -> {
            JobQueueStatus idle = queueStatus("idle");
            assertThat(idle.status).isEqualTo(JobQueueStatus.QueueStatus.VALID);
            assertThat(idle.statusReason).isEqualTo("JobQueue Healthy");
            assertThat(idle.jobSummary).isEqualTo(Map.of("SUBMITTED", 0, "PENDING", 0, "RUNNABLE", 6, "STARTING", 0,
                    "RUNNING", 4));
            assertThat(idle.vcpus).isEqualTo("1/1");
            assertThat(idle.computeEnvironments).singleElement().satisfies(ce -> {
                assertThat(ce.name).isEqualTo("default/FARGATE");
                assertThat(ce.vcpusInUse).isEqualTo("1");
            });
            JobQueueStatus gpu = queueStatus("gpu");
            assertThat(gpu.status).isEqualTo(JobQueueStatus.QueueStatus.INVALID);
            assertThat(gpu.statusReason)
                    .isEqualTo("CLIENT_ERROR - compute environment order 2: Cluster gpu does not exist");
            assertThat(gpu.vcpus).as("the shared compute environment's vCPUs, none of its own jobs").isEqualTo("1/5");
            assertThat(gpu.jobSummary).containsEntry("RUNNING", 0);
        });
        assertThat(Shell.kubectlOk("get", "jobqueue", "idle", "-n", ns))
                .containsPattern("idle\\s+ENABLED\\s+VALID\\s+1\\s+6\\s+4\\s+1/1");
        await().atMost(WAIT).until(() -> queueEvents().contains("JobQueueInvalid: Job queue gpu is INVALID: CLIENT_ERROR"
                + " - compute environment order 2: Cluster gpu does not exist"));

        applyText("""
                apiVersion: berth.dev/v1alpha1
                kind: Cluster
                metadata: {name: gpu}
                spec: {}
                """);
        await().atMost(WAIT).until(() -> queueStatus("gpu").status == JobQueueStatus.QueueStatus.VALID);
        await().atMost(WAIT).until(() -> queueEvents().contains("JobQueueValid: Job queue gpu is VALID again"));

        client.resources(BatchJob.class).inNamespace(ns).withName("idle").edit(j -> {
            j.getSpec().desiredStatus = dev.berth.api.v1alpha1.BatchJobSpec.DesiredStatus.TERMINATED;
            return j;
        });
        await().atMost(WAIT).untilAsserted(() -> {
            JobQueueStatus idle = queueStatus("idle");
            assertThat(idle.jobSummary).as("a FAILED job is no longer listed").allSatisfy((s, n) -> assertThat(n).isZero());
            assertThat(idle.vcpus).as("its stopped attempts hold nothing").isEqualTo("0/1");
        });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "size 1 | arrayProperties: {size: 1} | spec.arrayProperties.size: Invalid value: 1",
            "size 10001 | arrayProperties: {size: 10001} | spec.arrayProperties.size: Invalid value: 10001",
            "attempts 11 | retryStrategy: {attempts: 11} | spec.retryStrategy.attempts: Invalid value: 11",
            "6 rules | retryStrategy: {attempts: 2, evaluateOnExit: [{action: EXIT}, {action: EXIT}, {action: EXIT}, {action: EXIT}, {action: EXIT}, {action: EXIT}]} | spec.retryStrategy.evaluateOnExit: Too many: 6: must have at most 5 items",
            "glob in the middle | retryStrategy: {attempts: 2, evaluateOnExit: [{onReason: 'Spot*Interruption', action: RETRY}]} | onReason: '*' is only allowed at the end of the glob",
            "exit code glob | retryStrategy: {attempts: 2, evaluateOnExit: [{onExitCode: '1*3', action: RETRY}]} | spec.retryStrategy.evaluateOnExit[0].onExitCode",
            "timeout 30 | timeout: {attemptDurationSeconds: 30} | spec.timeout.attemptDurationSeconds: Invalid value: 30",
            "depends on itself | dependsOn: [{jobName: bad}] | a job cannot depend on itself",
            "sequential with a name | dependsOn: [{jobName: other, type: SEQUENTIAL}] | SEQUENTIAL chains this array's own children",
            "reserved variable | containerOverrides: {environment: [{name: AWS_BATCH_JOB_ID, value: x}]} | names starting with AWS_BATCH are reserved",
    })
    void badJobsAreRefusedAtApplyTimeNamingTheField(String name, String fields, String message) {
        Shell.Result result = Shell.kubectl("apply", "-n", ns, "-f", manifestFile("""
                apiVersion: berth.dev/v1alpha1
                kind: BatchJob
                metadata: {name: bad}
                spec: {jobQueue: q, taskDefinition: work, %s}
                """.formatted(fields)));
        assertThat(result.exitCode()).as(result.output()).isNotZero();
        assertThat(result.output()).contains("The BatchJob \"bad\" is invalid").contains(message);
    }

    @Test
    void aQueueWithoutVcpusIsRefusedAtApplyTime() {
        Shell.Result result = Shell.kubectl("apply", "-n", ns, "-f", manifestFile(queue("empty", 0)));
        assertThat(result.exitCode()).as(result.output()).isNotZero();
        assertThat(result.output()).contains("spec.computeEnvironmentOrder[0].maxvCpus: Invalid value: 0");
    }

    @Test
    void aCycleOfDependenciesIsReportedAndNothingInItStarts() throws InterruptedException {
        applyText(taskDefinition("cycler", "none") + queue("cycle", 1) + """
                ---
                apiVersion: berth.dev/v1alpha1
                kind: BatchJob
                metadata: {name: first}
                spec: {jobQueue: cycle, taskDefinition: cycler, dependsOn: [{jobName: second}]}
                ---
                apiVersion: berth.dev/v1alpha1
                kind: BatchJob
                metadata: {name: second}
                spec: {jobQueue: cycle, taskDefinition: cycler, dependsOn: [{jobName: first}]}
                ---
                apiVersion: berth.dev/v1alpha1
                kind: BatchJob
                metadata: {name: orphan}
                spec: {jobQueue: cycle, taskDefinition: cycler, dependsOn: [{jobName: nowhere}]}
                """);
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(job("first").status).isEqualTo(JobStatus.PENDING);
            assertThat(job("first").statusReason)
                    .isEqualTo("Dependency cycle first -> second -> first: no job in it can start");
            assertThat(job("second").conditions).anySatisfy(c -> assertThat(c.getType()).isEqualTo("DependencyCycle"));
            assertThat(job("orphan").status).isEqualTo(JobStatus.PENDING);
            assertThat(job("orphan").conditions).anySatisfy(c -> {
                assertThat(c.getType()).isEqualTo("DependencyNotFound");
                assertThat(c.getMessage()).isEqualTo("BatchJob nowhere does not exist: the children that depend on it wait");
            });
        });
        Thread.sleep(2000);
        assertThat(tasks()).isEmpty();
    }

    private static String taskDefinition(String name, String exits) {
        return """
                apiVersion: berth.dev/v1alpha1
                kind: TaskDefinition
                metadata: {name: %s}
                spec:
                  cpu: "256"
                  memory: "512"
                  containerDefinitions:
                    - name: work
                      image: busybox:1.36
                      dockerLabels:
                        sim.berth.dev/batch-exit: "%s"
                        sim.berth.dev/exit-after: "1s"
                """.formatted(name, exits);
    }

    private static String queue(String name, int maxvCpus) {
        return """
                ---
                apiVersion: berth.dev/v1alpha1
                kind: JobQueue
                metadata: {name: %s}
                spec:
                  priority: 1
                  computeEnvironmentOrder: [{order: 1, maxvCpus: %d}]
                """.formatted(name, maxvCpus);
    }

    private JobQueueStatus queueStatus(String name) {
        JobQueue queue = client.resources(JobQueue.class).inNamespace(ns).withName(name).get();
        return queue == null || queue.getStatus() == null ? new JobQueueStatus() : queue.getStatus();
    }

    /** "Reason: message" of the namespace's Events about JobQueues. */
    private List<String> queueEvents() {
        return client.v1().events().inNamespace(ns).list().getItems().stream()
                .filter(e -> "JobQueue".equals(e.getInvolvedObject().getKind()))
                .map(e -> e.getReason() + ": " + e.getMessage()).toList();
    }

    private List<Task> tasks() {
        return client.resources(Task.class).inNamespace(ns).withLabel("berth.dev/batch-job").list().getItems();
    }

    private static boolean stopped(Task task) {
        return task.getStatus() != null && LastStatus.STOPPED.equals(task.getStatus().lastStatus);
    }

    private BatchJobStatus job(String name) {
        BatchJob job = client.resources(BatchJob.class).inNamespace(ns).withName(name).get();
        return job == null || job.getStatus() == null ? new BatchJobStatus() : job.getStatus();
    }
}
