package dev.berth.task;

import static dev.berth.task.TestingPods.IP;
import static dev.berth.task.TestingPods.at;
import static dev.berth.task.TestingPods.pod;
import static dev.berth.task.TestingPods.running;
import static dev.berth.task.TestingTasks.container;
import static dev.berth.task.TestingTasks.decide;
import static dev.berth.task.TestingTasks.step;
import static dev.berth.task.TestingTasks.task;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskSpec;
import dev.berth.events.BerthEvent;

/** Stops that do not come from the task's own containers: the user, and whoever deletes or evicts the Pod. */
class TaskTerminationTest {

    record Row(String name, TestingPods pod, String lastStatus, String stopCode, String stoppedReason, TaskAction action) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Row> podEnds() {
        return Stream.of(
                new Row("Pod deleted outside Berth", running().deleted(25, 30),
                        "STOPPING", "TerminationNotice", "Task stopped: its Pod was deleted (deleted outside Berth)",
                        TaskAction.NONE),
                new Row("Pod evicted through the Eviction API",
                        running().disruption("EvictionByEvictionAPI", "Eviction API: evicting", 25),
                        "DEACTIVATING", "TerminationNotice",
                        "Task stopped: its Pod was deleted (EvictionByEvictionAPI: Eviction API: evicting)",
                        new TaskAction.DeletePod(null)),
                new Row("Pod evicted by the kubelet", pod().scheduled(1).ip(IP).terminated("init", 0, "Completed", 5, 8)
                        .terminated("proxy", 137, "Error", 9, 30).terminated("web", 137, "Error", 10, 30)
                        .terminated("metrics", 137, "Error", 11, 30).failed("Evicted", "The node was low on resource: memory."),
                        "STOPPED", "TerminationNotice",
                        "Task stopped: its Pod was deleted (Evicted: The node was low on resource: memory.)",
                        TaskAction.RELEASE_POD),
                new Row("essential container exited before the Pod was deleted",
                        running().terminated("web", 3, "Error", 10, 20).deleted(25, 30),
                        "STOPPING", "EssentialContainerExited", "Essential container in task exited", TaskAction.NONE),
                new Row("essential container exited because the Pod was deleted",
                        running().terminated("web", 143, "Error", 10, 26).deleted(25, 30),
                        "STOPPING", "TerminationNotice", "Task stopped: its Pod was deleted (deleted outside Berth)",
                        TaskAction.NONE),
                new Row("node lost: Pod evicted by the taint-eviction controller (NotReady/unreachable past its toleration)",
                        running().disruption("DeletionByTaintManager", "Taint manager: deleting due to NoExecute taint", 25)
                                .deleted(25, 0),
                        "STOPPING", "InfrastructureHealth",
                        "Task stopped: the node it ran on (" + TestingPods.NODE
                                + ") was lost (DeletionByTaintManager: Taint manager: deleting due to NoExecute taint)",
                        TaskAction.NONE),
                new Row("node lost: Pod of a deleted Node removed by the Pod garbage collector",
                        running().disruption("DeletionByPodGC", "PodGC: node no longer exists", 25).deleted(25, 0),
                        "STOPPING", "InfrastructureHealth", "Task stopped: the node it ran on (" + TestingPods.NODE
                                + ") was lost (DeletionByPodGC: PodGC: node no longer exists)",
                        TaskAction.NONE),
                new Row("Pod failed after running, no container record",
                        pod().scheduled(1).ip(IP).failed("NodeShutdown",
                                "Pod was terminated in response to imminent node shutdown."),
                        "STOPPED", "TerminationNotice",
                        "Task stopped: its Pod failed (NodeShutdown: Pod was terminated in response to imminent node shutdown.)",
                        TaskAction.RELEASE_POD));
    }

    @ParameterizedTest
    @MethodSource("podEnds")
    void podEndTable(Row row) {
        Task task = task();
        step(task, running(), 12);

        TaskDecision decision = decide(task, row.pod(), 30);

        assertThat(decision.status().lastStatus).isEqualTo(LastStatus.valueOf(row.lastStatus()));
        assertThat(decision.status().stopCode).isEqualTo(row.stopCode());
        assertThat(decision.status().stoppedReason).isEqualTo(row.stoppedReason());
        assertThat(decision.status().desiredStatus).isEqualTo(TaskSpec.DesiredStatus.STOPPED);
        assertThat(decision.status().stoppingAt).isEqualTo(at(30));
        assertThat(decision.action()).isEqualTo(row.action());
    }

    @Test
    void anEvictedSpotTaskIsASpotInterruption() {
        Task task = task();
        step(task, running().spot(), 12);

        TaskDecision decision = decide(task, running().spot().disruption("EvictionByEvictionAPI", "Eviction API: evicting", 25),
                30);

        assertThat(decision.status().stopCode).isEqualTo("SpotInterruption");
        assertThat(decision.status().stoppedReason).isEqualTo("Your Spot Task was interrupted.");
    }

    /**
     * A Pod evicted from a lost node: no kubelet confirms its deletion, its containers keep reporting running and the
     * Pod stays Terminating until the node comes back or is deleted. The task stops with InfrastructureHealth at once,
     * and is STOPPED once Berth released the Pod and its containers were to be killed 15 s ago (the grace period
     * plus the report margin): it does not wait for a node that may never return.
     */
    @Test
    void aTaskOnALostNodeIsStoppedWithoutTheNodeConfirmingItsPodsDeletion() {
        Task task = task();
        step(task, running(), 12);
        TestingPods evicted = running()
                .disruption("DeletionByTaintManager", "Taint manager: deleting due to NoExecute taint", 25).deleted(25, 30);

        TaskDecision stopping = step(task, evicted, 26);
        assertThat(stopping.status().lastStatus).isEqualTo(LastStatus.STOPPING);
        assertThat(stopping.status().stopCode).isEqualTo("InfrastructureHealth");
        assertThat(stopping.action()).isEqualTo(TaskAction.NONE);
        assertThat(stopping.recheckAfter()).contains(java.time.Duration.ofSeconds(25 + 30 + 15 - 26));

        TaskDecision deprovisioning = step(task, evicted, 70);
        assertThat(deprovisioning.status().lastStatus).isEqualTo(LastStatus.DEPROVISIONING);
        assertThat(deprovisioning.action()).isEqualTo(TaskAction.RELEASE_POD);

        TaskDecision released = step(task, evicted.released(), 70);
        assertThat(released.status().lastStatus).isEqualTo(LastStatus.STOPPED);
        assertThat(released.status().stopCode).isEqualTo("InfrastructureHealth");
        assertThat(released.status().stoppedReason).startsWith("Task stopped: the node it ran on (" + TestingPods.NODE + ")");
        assertThat(released.status().stoppedAt).isEqualTo(at(70));
        assertThat(released.action()).isEqualTo(TaskAction.NONE);

        assertThat(decide(task, evicted.released(), 80).statusChanged()).as("STOPPED is final while the Pod lingers").isFalse();
    }

    @Test
    void aReleasedPodWhoseContainersMayStillBeKilledKeepsTheTaskStopping() {
        Task task = task();
        step(task, running(), 12);

        TaskDecision decision = decide(task, running().deleted(25, 30).released(), 40);

        assertThat(decision.status().lastStatus).isEqualTo(LastStatus.STOPPING);
    }

    @Test
    void userStopBeforeThePodExistsStopsAtOnce() {
        Task task = task();
        step(task, null, 0);
        task.getSpec().desiredStatus = TaskSpec.DesiredStatus.STOPPED;

        TaskDecision decision = decide(task, null, 5);

        var status = decision.status();
        assertThat(status.lastStatus).isEqualTo(LastStatus.STOPPED);
        assertThat(status.desiredStatus).isEqualTo(TaskSpec.DesiredStatus.STOPPED);
        assertThat(status.stopCode).isEqualTo("UserInitiated");
        assertThat(status.stoppedReason).isEqualTo("Task stopped by user");
        assertThat(decision.action()).isEqualTo(TaskAction.NONE);
        assertThat(status.containers).extracting(c -> c.lastStatus).containsOnly("STOPPED");
        assertThat(container(status, "web").reason).isEqualTo("Task stopped before the container started");
        assertThat(status.stoppingAt).isEqualTo(at(5));
        assertThat(status.stoppedAt).isEqualTo(at(5));
        assertThat(status.executionStoppedAt).isNull();
        assertThat(status.startedAt).isNull();
        assertThat(decision.events()).containsExactly(BerthEvent.normal("Stopped", "UserInitiated: Task stopped by user"));
    }

    @Test
    void userStopOfANewTaskNeverCreatesThePod() {
        Task task = task();
        task.getSpec().desiredStatus = TaskSpec.DesiredStatus.STOPPED;

        TaskDecision decision = decide(task, null, 0);

        assertThat(decision.status().lastStatus).isEqualTo(LastStatus.STOPPED);
        assertThat(decision.action()).isEqualTo(TaskAction.NONE);
    }

    @Test
    void userStopOfARunningTaskKeepsItsReasonWhileTheContainersExit() {
        Task task = task();
        step(task, running(), 12);
        task.getSpec().desiredStatus = TaskSpec.DesiredStatus.STOPPED;
        task.getSpec().stopReason = "Scaling down";

        TaskDecision deactivating = step(task, running(), 30);
        TaskDecision stopping = step(task, running().deleted(30, 30), 31);
        TaskDecision deprovisioning = step(task, pod().scheduled(1).ip(IP).terminated("init", 0, "Completed", 5, 8)
                .terminated("proxy", 137, "Error", 9, 33).terminated("web", 143, "Error", 10, 32)
                .terminated("metrics", 143, "Error", 11, 32).deleted(30, 30), 34);

        assertThat(deactivating.status().lastStatus).isEqualTo(LastStatus.DEACTIVATING);
        assertThat(deactivating.action()).isEqualTo(new TaskAction.DeletePod(null));
        assertThat(deactivating.status().stoppingAt).isEqualTo(at(30));
        assertThat(deactivating.status().conditions.get(0).getReason()).isEqualTo("Deactivating");
        assertThat(deactivating.status().conditions.get(0).getStatus()).isEqualTo("False");
        assertThat(stopping.status().lastStatus).isEqualTo(LastStatus.STOPPING);
        assertThat(deprovisioning.status().lastStatus).isEqualTo(LastStatus.DEPROVISIONING);
        assertThat(deprovisioning.status().stopCode).isEqualTo("UserInitiated");
        assertThat(deprovisioning.status().stoppedReason).isEqualTo("Scaling down");
        assertThat(deprovisioning.status().exitCode).as("the first essential container's").isEqualTo(137);
        assertThat(deprovisioning.status().stoppingAt).isEqualTo(at(30));
    }

    @Test
    void aDeletedPodWhoseContainersNeverReportAnEndStopsOnceTheKillIsOverdue() {
        Task task = task();
        step(task, running(), 12);
        task.getSpec().desiredStatus = TaskSpec.DesiredStatus.STOPPED;
        step(task, running(), 30);

        TaskDecision waiting = step(task, running().deleted(30, 30), 31);
        TaskDecision overdue = step(task, running().deleted(30, 30), 75);

        assertThat(waiting.status().lastStatus).isEqualTo(LastStatus.STOPPING);
        assertThat(waiting.recheckAfter()).as("deletionTimestamp 60 s + 15 s margin")
                .contains(java.time.Duration.ofSeconds(44));
        assertThat(overdue.status().lastStatus).as("a lost node never reports the kill").isEqualTo(LastStatus.DEPROVISIONING);
        assertThat(overdue.action()).isEqualTo(TaskAction.RELEASE_POD);
        assertThat(container(overdue.status(), "web").lastStatus).isEqualTo("STOPPED");
        assertThat(overdue.status().stopCode).isEqualTo("UserInitiated");
    }

    @Test
    void deletingTheTaskStopsItLikeStopTask() {
        Task task = task();
        step(task, running(), 12);
        task.getMetadata().setDeletionTimestamp(at(29));

        TaskDecision decision = decide(task, running(), 30);

        assertThat(decision.status().stopCode).isEqualTo("UserInitiated");
        assertThat(decision.action()).isEqualTo(new TaskAction.DeletePod(null));
    }

    @Test
    void firstStopReasonIsNeverOverwritten() {
        Task task = task();
        step(task, running(), 12);
        step(task, running().terminated("web", 3, "Error", 10, 30), 31);
        task.getSpec().desiredStatus = TaskSpec.DesiredStatus.STOPPED;

        TaskDecision decision = decide(task, running().terminated("web", 3, "Error", 10, 30).deleted(32, 30), 33);

        assertThat(decision.status().stopCode).isEqualTo("EssentialContainerExited");
        assertThat(decision.status().exitCode).isEqualTo(3);
    }
}
