package dev.berth.task;

import static dev.berth.task.TestingPods.IP;
import static dev.berth.task.TestingPods.at;
import static dev.berth.task.TestingPods.creating;
import static dev.berth.task.TestingPods.initializing;
import static dev.berth.task.TestingPods.pod;
import static dev.berth.task.TestingPods.running;
import static dev.berth.task.TestingTasks.decide;
import static dev.berth.task.TestingTasks.step;
import static dev.berth.task.TestingTasks.task;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskSpec;
import dev.berth.events.BerthEvent;
import dev.berth.task.TaskAction.CreatePod;
import dev.berth.task.TaskAction.DeletePod;
import dev.berth.task.TaskAction.None;
import dev.berth.task.TaskAction.ReleasePod;

class TaskLifecycleStatesTest {

    record Row(String name, TestingPods pod, LastStatus lastStatus, Class<? extends TaskAction> action, String desiredStatus) {
        @Override
        public String toString() {
            return name;
        }
    }

    static TestingPods allExited() {
        return pod().scheduled(1).ip(IP).terminated("init", 0, "Completed", 5, 8).terminated("proxy", 0, "Completed", 9, 21)
                .terminated("web", 0, "Completed", 10, 20).terminated("metrics", 0, "Completed", 11, 21);
    }

    static Stream<Row> podStates() {
        return Stream.of(
                new Row("no Pod yet", null, LastStatus.PROVISIONING, CreatePod.class, "RUNNING"),
                new Row("Pod not scheduled", pod(), LastStatus.PROVISIONING, None.class, "RUNNING"),
                new Row("Pod unschedulable", pod().unschedulable("0/3 nodes are available"), LastStatus.PROVISIONING,
                        None.class, "RUNNING"),
                new Row("init container running", initializing(), LastStatus.PENDING, None.class, "RUNNING"),
                new Row("sidecar running, app containers being created", creating(), LastStatus.PENDING, None.class, "RUNNING"),
                new Row("essential containers running, no Pod IP", running().ip(null), LastStatus.ACTIVATING, None.class,
                        "RUNNING"),
                new Row("every container running", running(), LastStatus.RUNNING, None.class, "RUNNING"),
                new Row("non-essential container still being created", running().waiting("metrics", "ContainerCreating", null),
                        LastStatus.RUNNING, None.class, "RUNNING"),
                new Row("Pod Succeeded: nothing left to stop, the Pod is kept", allExited().phase("Succeeded"),
                        LastStatus.STOPPED,
                        ReleasePod.class, "STOPPED"),
                new Row("essential container exited, others still run", running().terminated("web", 0, "Completed", 10, 20),
                        LastStatus.DEACTIVATING, DeletePod.class, "STOPPED"),
                new Row("Pod deleted outside Berth, containers running", running().deleted(15, 30), LastStatus.STOPPING,
                        None.class, "STOPPED"),
                new Row("Pod deleted, every container exited", allExited().deleted(15, 30), LastStatus.DEPROVISIONING,
                        ReleasePod.class, "STOPPED"),
                new Row("Pod deleted, containers exited, finalizer already removed", allExited().deleted(15, 30).released(),
                        LastStatus.DEPROVISIONING, None.class, "STOPPED"));
    }

    @ParameterizedTest
    @MethodSource("podStates")
    void podStateGivesEcsLastStatus(Row row) {
        TaskDecision decision = decide(task(), row.pod(), 25);

        assertThat(decision.status().lastStatus).isEqualTo(row.lastStatus());
        assertThat(decision.action()).isInstanceOf(row.action());
        assertThat(decision.status().desiredStatus).isEqualTo(TaskSpec.DesiredStatus.valueOf(row.desiredStatus()));
    }

    @Test
    void deletePodUsesThePodsOwnGracePeriod() {
        TaskDecision decision = decide(task(), running().terminated("web", 0, "Completed", 10, 20), 25);

        assertThat(decision.action()).isEqualTo(new DeletePod(null));
    }

    @Test
    void aTaskWhosePodEndedStopsAtOnceAndKeepsItsPodUntilItsTtl() {
        Task task = task();
        TaskDecision stopped = TaskIdempotenceTest.stepAndRepeat(task, allExited().phase("Succeeded"), 25);

        assertThat(stopped.status().lastStatus).isEqualTo(LastStatus.STOPPED);
        assertThat(stopped.action()).isEqualTo(TaskAction.RELEASE_POD);
        assertThat(stopped.events()).extracting(BerthEvent::reason).endsWith("Stopped");
        assertThat(stopped.recheckAfter()).contains(Duration.ofHours(1));
        assertThat(step(task, allExited().phase("Succeeded").released(), 60).action()).isEqualTo(TaskAction.NONE);
        assertThat(step(task, allExited().phase("Succeeded").released(), 25 + 3600).action())
                .as("the Pod goes with the Task (owner reference)").isEqualTo(TaskAction.DELETE_TASK);
    }

    @Test
    void wholeLifeOfATaskWhoseEssentialContainerExits() {
        Task task = task();
        List<Object[]> expected = List.of(
                new Object[] { "PROVISIONING", TaskAction.CREATE_POD, List.of("Provisioning") },
                new Object[] { "PROVISIONING", TaskAction.NONE, List.of() },
                new Object[] { "PENDING", TaskAction.NONE, List.of("Pending") },
                new Object[] { "RUNNING", TaskAction.NONE, List.of("ContainerExited", "Running", "HealthChanged") },
                new Object[] { "DEACTIVATING", new DeletePod(null), List.of("ContainerExited", "Deactivating") },
                new Object[] { "STOPPING", TaskAction.NONE, List.of("Stopping") },
                new Object[] { "DEPROVISIONING", TaskAction.RELEASE_POD,
                        List.of("ContainerExited", "ContainerExited", "Deprovisioning") },
                new Object[] { "STOPPED", TaskAction.NONE, List.of("Stopped") });
        TestingPods webExited = running().terminated("web", 3, "Error", 10, 30);
        List<TestingPods> pods = List.of(pod(), pod(), initializing(), running(), webExited,
                running().terminated("web", 3, "Error", 10, 30).deleted(31, 30),
                pod().scheduled(1).ip(IP).terminated("init", 0, "Completed", 5, 8).terminated("proxy", 143, "Error", 9, 33)
                        .terminated("web", 3, "Error", 10, 30).terminated("metrics", 143, "Error", 11, 34).deleted(31, 30),
                pod());
        long[] times = { 0, 1, 5, 12, 31, 32, 35, 36 };

        for (int i = 0; i < expected.size(); i++) {
            TestingPods observed = i == 0 || i == 7 ? null : pods.get(i);
            TaskDecision decision = TaskIdempotenceTest.stepAndRepeat(task, observed, times[i]);

            assertThat(decision.status().lastStatus).as("step %d", i)
                    .isEqualTo(LastStatus.valueOf((String) expected.get(i)[0]));
            assertThat(decision.action()).as("step %d", i).isEqualTo(expected.get(i)[1]);
            assertThat(decision.events()).as("step %d", i).extracting(BerthEvent::reason).isEqualTo(expected.get(i)[2]);
        }
        var status = task.getStatus();
        assertThat(TestingTasks.containers(status))
                .containsExactly(Map.entry("init", "STOPPED(0)"), Map.entry("proxy", "STOPPED(143)"),
                        Map.entry("web", "STOPPED(3)"), Map.entry("metrics", "STOPPED(143)"));
        assertThat(status.stopCode).isEqualTo("EssentialContainerExited");
        assertThat(status.stoppedReason).isEqualTo("Essential container in task exited");
        assertThat(status.exitCode).isEqualTo(3);
        assertThat(status.desiredStatus).isEqualTo(TaskSpec.DesiredStatus.STOPPED);
        assertThat(status.podName).isEqualTo(TestingTasks.TASK);
        assertThat(List.of(status.createdAt, status.pullStartedAt, status.pullStoppedAt, status.startedAt,
                status.stoppingAt, status.executionStoppedAt, status.stoppedAt))
                .containsExactly(at(0), at(1), at(11), at(10), at(31), at(34), at(36));
    }

    @Test
    void firstDecisionReportsAChangedStatus() {
        assertThat(decide(task(), null, 0).statusChanged()).isTrue();
    }

    @Test
    void podGoneWithoutItsEndSeenStopsTheTaskWithTerminationNotice() {
        Task task = task();
        step(task, running(), 12);

        TaskDecision decision = decide(task, null, 40);

        var status = decision.status();
        assertThat(status.lastStatus).isEqualTo(LastStatus.STOPPED);
        assertThat(status.stopCode).isEqualTo("TerminationNotice");
        assertThat(status.stoppedReason).isEqualTo("Task stopped: its Pod was deleted (Pod disappeared)");
        assertThat(TestingTasks.containers(status)).containsExactly(Map.entry("init", "STOPPED(0)"),
                Map.entry("proxy", "STOPPED"), Map.entry("web", "STOPPED"), Map.entry("metrics", "STOPPED"));
        assertThat(TestingTasks.container(status, "web").reason).isEqualTo("Task stopped before the container exited");
        assertThat(status.exitCode).isNull();
        assertThat(status.stoppingAt).isEqualTo(at(40));
        assertThat(status.executionStoppedAt).isEqualTo(at(40));
        assertThat(status.stoppedAt).isEqualTo(at(40));
        assertThat(decision.action()).isEqualTo(TaskAction.NONE);
    }

    @Test
    void neverGoesBackFromRunningWhenTheCacheShowsAnOlderPod() {
        Task task = task();
        step(task, running(), 12);

        TaskDecision decision = decide(task, running().waiting("web", "ContainerCreating", null), 13);

        assertThat(decision.status().lastStatus).isEqualTo(LastStatus.RUNNING);
        assertThat(TestingTasks.containers(decision.status())).containsEntry("web", "RUNNING");
        assertThat(decision.events()).isEmpty();
    }

    @Test
    void neverGoesBackFromDeprovisioningWhileTheCacheStillShowsARunningContainer() {
        Task task = task();
        step(task, running(), 12);
        step(task, allExited().deleted(25, 30), 26);

        TaskDecision decision = decide(task, running().deleted(25, 30), 27);

        assertThat(decision.status().lastStatus).isEqualTo(LastStatus.DEPROVISIONING);
        assertThat(decision.action()).isEqualTo(TaskAction.NONE);
        assertThat(TestingTasks.containers(decision.status())).containsEntry("web", "STOPPED(0)");
    }

    @Test
    void podThatAppearsAfterTheTaskStoppedIsDeletedAndReleased() {
        Task task = task();
        step(task, null, 0);
        task.getSpec().desiredStatus = TaskSpec.DesiredStatus.STOPPED;
        step(task, null, 2);

        TaskDecision appeared = step(task, pod(), 3);
        TaskDecision deleting = step(task, pod().deleted(4, 30), 5);
        TaskDecision afterTtl = decide(task, pod().deleted(4, 30), 2 + 3600 + 10);

        assertThat(List.of(appeared.status().lastStatus, deleting.status().lastStatus)).containsOnly(LastStatus.STOPPED);
        assertThat(appeared.action()).isEqualTo(new DeletePod(null));
        assertThat(deleting.action()).isEqualTo(TaskAction.RELEASE_POD);
        assertThat(afterTtl.action()).isEqualTo(TaskAction.RELEASE_POD);
        assertThat(appeared.events()).isEmpty();
    }

    @Test
    void stoppedTaskWaitsForItsTtlThenIsDeleted() {
        Task task = task();
        task.getSpec().ttlSecondsAfterStopped = 600L;
        step(task, running(), 12);
        step(task, null, 40);

        TaskDecision before = decide(task, null, 639);
        TaskDecision due = decide(task, null, 640);

        assertThat(before.action()).isEqualTo(TaskAction.NONE);
        assertThat(before.recheckAfter()).contains(Duration.ofSeconds(1));
        assertThat(due.action()).isEqualTo(TaskAction.DELETE_TASK);
        assertThat(due.recheckAfter()).isEmpty();
        assertThat(due.statusChanged()).isFalse();
    }

    @Test
    void ttlDefaultsToOneHour() {
        Task task = task();
        task.getSpec().ttlSecondsAfterStopped = null;
        step(task, running(), 12);

        TaskDecision stopped = decide(task, null, 40);

        assertThat(stopped.recheckAfter()).contains(Duration.ofSeconds(3600));
    }

    @Test
    void ttlZeroDeletesTheTaskWithTheStatusThatStopsIt() {
        Task task = task();
        task.getSpec().ttlSecondsAfterStopped = 0L;
        step(task, running(), 12);

        TaskDecision decision = decide(task, null, 40);

        assertThat(decision.status().lastStatus).isEqualTo(LastStatus.STOPPED);
        assertThat(decision.action()).isEqualTo(TaskAction.DELETE_TASK);
    }

    @Test
    void taskBeingDeletedIsNotDeletedAgain() {
        Task task = task();
        task.getSpec().ttlSecondsAfterStopped = 0L;
        step(task, running(), 12);
        task.getMetadata().setDeletionTimestamp(at(39));

        assertThat(decide(task, null, 40).action()).isEqualTo(TaskAction.NONE);
    }

    @Test
    void recordsTheTaskShape() {
        TaskDecision decision = decide(task(), running().capacityProvider("FARGATE_SPOT"), 12);

        var status = decision.status();
        assertThat(status.taskDefinition).isEqualTo("my-task:3");
        assertThat(status.cluster).isEqualTo("default");
        assertThat(status.cpu).isEqualTo("256");
        assertThat(status.memory).isEqualTo("1024");
        assertThat(status.startedBy).isEqualTo("ecs-svc/123");
        assertThat(status.group).isEqualTo("service:web");
        assertThat(status.capacityProviderName).isEqualTo("FARGATE_SPOT");
        assertThat(status.observedGeneration).isEqualTo(1L);
        assertThat(status.podName).isEqualTo(TestingTasks.TASK);
        assertThat(TestingTasks.container(status, "web").image).isEqualTo("web:1");
        assertThat(TestingTasks.container(status, "web").essential).isTrue();
        assertThat(TestingTasks.container(status, "metrics").essential).isFalse();
    }

    @Test
    void withoutATaskSizeCpuAndMemoryAreTheSumOfTheContainers() {
        var definition = TestingTasks.definition();
        definition.cpu = null;
        definition.memory = null;
        definition.containerDefinitions.get(1).cpu = 128;
        definition.containerDefinitions.get(2).cpu = 384;
        definition.containerDefinitions.get(1).memory = 64;
        definition.containerDefinitions.get(2).memoryReservation = 448;

        TaskDecision decision = TaskLifecycle.decide(new TaskObservation(task(), "my-task:3", definition, null, null,
                TestingPods.T0, TestingTasks.START_TIMEOUT, List.of()));

        assertThat(decision.status().cpu).isEqualTo("512");
        assertThat(decision.status().memory).isEqualTo("512");
    }

    @Test
    void imageDigestComesFromTheImageId() {
        TaskDecision decision = decide(task(),
                running().imageId("web", "docker.io/library/web@sha256:0123abcd").imageId("metrics", "sha256:9999"), 12);

        assertThat(TestingTasks.container(decision.status(), "web").imageDigest).isEqualTo("sha256:0123abcd");
        assertThat(TestingTasks.container(decision.status(), "metrics").imageDigest).isNull();
    }

    @Test
    void readyConditionFollowsRunningAndKeepsItsTransitionTime() {
        Task task = task();
        step(task, initializing(), 5);
        TaskDecision running = step(task, running(), 12);
        TaskDecision stillRunning = step(task, running(), 14);

        var condition = stillRunning.status().conditions.get(0);
        assertThat(stillRunning.status().conditions).hasSize(1);
        assertThat(condition.getType()).isEqualTo("Ready");
        assertThat(condition.getStatus()).isEqualTo("True");
        assertThat(condition.getReason()).isEqualTo("Running");
        assertThat(condition.getMessage()).isEqualTo("Task is RUNNING on node node-1 with IP 10.1.2.3");
        assertThat(condition.getLastTransitionTime()).isEqualTo(at(12));
        assertThat(condition.getObservedGeneration()).isEqualTo(1L);
        assertThat(running.status().conditions.get(0).getLastTransitionTime()).isEqualTo(at(12));
    }

    @Test
    void startDeadlineIsRecheckedWhileTheTaskStarts() {
        TaskDecision decision = decide(task(), pod().scheduled(0), 20);

        assertThat(decision.recheckAfter()).isEqualTo(Optional.of(Duration.ofSeconds(280)));
    }

    @Test
    void runTaskFieldsWithoutMeaningHereAreReportedOnceInAConditionAndAWarning() {
        Task task = task();
        task.getSpec().putUnmodeledField("count", 3);

        TaskDecision first = step(task, null, 0);
        TaskDecision again = decide(task, null, 1);

        assertThat(first.status().conditions).anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo("UnsupportedFields");
            assertThat(c.getMessage()).isEqualTo("count: one Task resource is one task; create several Tasks");
        });
        assertThat(first.events()).contains(dev.berth.events.BerthEvent.warning("UnsupportedFields",
                "Accepted but not applied: count: one Task resource is one task; create several Tasks"));
        assertThat(again.events()).isEmpty();
    }
}
