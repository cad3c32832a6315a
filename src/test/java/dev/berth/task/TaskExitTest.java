package dev.berth.task;

import static dev.berth.task.TestingPods.IP;
import static dev.berth.task.TestingPods.at;
import static dev.berth.task.TestingPods.pod;
import static dev.berth.task.TestingPods.running;
import static dev.berth.task.TestingTasks.container;
import static dev.berth.task.TestingTasks.containers;
import static dev.berth.task.TestingTasks.decide;
import static dev.berth.task.TestingTasks.step;
import static dev.berth.task.TestingTasks.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskSpec;
import dev.berth.events.BerthEvent;

/** Containers exiting while the task runs: which exits stop it, and what is recorded. */
class TaskExitTest {

    record Row(String name, TestingPods pod, String lastStatus, String stopCode, Integer exitCode,
            Map<String, String> containers) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Row> exits() {
        return Stream.of(
                new Row("essential container exits 3", running().terminated("web", 3, "Error", 10, 30),
                        "DEACTIVATING", "EssentialContainerExited", 3,
                        Map.of("init", "STOPPED(0)", "proxy", "RUNNING", "web", "STOPPED(3)", "metrics", "RUNNING")),
                new Row("essential container exits 0", running().terminated("web", 0, "Completed", 10, 30),
                        "DEACTIVATING", "EssentialContainerExited", 0,
                        Map.of("init", "STOPPED(0)", "proxy", "RUNNING", "web", "STOPPED(0)", "metrics", "RUNNING")),
                new Row("non-essential container exits 1", running().terminated("metrics", 1, "Error", 11, 30),
                        "RUNNING", null, null,
                        Map.of("init", "STOPPED(0)", "proxy", "RUNNING", "web", "RUNNING", "metrics", "STOPPED(1)")),
                new Row("essential sidecar exited 2 and was restarted", running().restarted("proxy", 2, 9, 25, 27),
                        "DEACTIVATING", "EssentialContainerExited", 2,
                        Map.of("init", "STOPPED(0)", "proxy", "STOPPED(2)", "web", "RUNNING", "metrics", "RUNNING")),
                new Row("essential container OOMKilled", running().terminated("web", 137, "OOMKilled", 10, 30),
                        "DEACTIVATING", "EssentialContainerExited", 137,
                        Map.of("init", "STOPPED(0)", "proxy", "RUNNING", "web", "STOPPED(137)", "metrics", "RUNNING")),
                new Row("two essential containers exited: the first to exit stopped the task",
                        running().terminated("web", 3, "Error", 10, 30).terminated("proxy", 4, "Error", 9, 25),
                        "DEACTIVATING", "EssentialContainerExited", 4,
                        Map.of("init", "STOPPED(0)", "proxy", "STOPPED(4)", "web", "STOPPED(3)", "metrics", "RUNNING")),
                new Row("Pod Failed, every container exited", pod().scheduled(1).ip(IP).terminated("init", 0, "Completed", 5, 8)
                        .terminated("proxy", 0, "Completed", 9, 31).terminated("web", 1, "Error", 10, 30)
                        .terminated("metrics", 2, "Error", 11, 26).phase("Failed"),
                        "STOPPED", "EssentialContainerExited", 1,
                        Map.of("init", "STOPPED(0)", "proxy", "STOPPED(0)", "web", "STOPPED(1)", "metrics", "STOPPED(2)")));
    }

    @ParameterizedTest
    @MethodSource("exits")
    void exitTable(Row row) {
        Task task = runningTask();

        TaskDecision decision = decide(task, row.pod(), 32);

        var status = decision.status();
        assertThat(status.lastStatus).isEqualTo(LastStatus.valueOf(row.lastStatus()));
        assertThat(status.stopCode).isEqualTo(row.stopCode());
        assertThat(status.exitCode).isEqualTo(row.exitCode());
        assertThat(containers(status)).containsExactlyInAnyOrderEntriesOf(row.containers());
        TaskAction expected = row.stopCode() == null ? TaskAction.NONE
                : LastStatus.STOPPED.name().equals(row.lastStatus()) ? TaskAction.RELEASE_POD : new TaskAction.DeletePod(null);
        assertThat(decision.action()).isEqualTo(expected);
    }

    @Test
    void outOfMemoryIsReportedInEcsWords() {
        TaskDecision decision = decide(runningTask(), running().terminated("web", 137, "OOMKilled", 10, 30), 32);

        assertThat(container(decision.status(), "web").reason)
                .isEqualTo("OutOfMemoryError: Container killed due to memory usage");
        assertThat(decision.status().stoppedReason).isEqualTo("Essential container in task exited");
    }

    @Test
    void nonEssentialExitIsAnEventNotAStop() {
        TaskDecision decision = decide(runningTask(), running().terminated("metrics", 1, "Error", 11, 30), 32);

        assertThat(decision.status().desiredStatus).isEqualTo(TaskSpec.DesiredStatus.RUNNING);
        assertThat(decision.events()).containsExactly(
                BerthEvent.warning("ContainerExited", "Container metrics exited with code 1"));
    }

    @Test
    void aPodThatEndedOnItsOwnGivesOneStoppedEventTellingEveryExit() {
        TaskDecision stopped = decide(runningTask(), pod().scheduled(1).ip(IP).terminated("init", 0, "Completed", 5, 8)
                .terminated("proxy", 0, "Completed", 9, 31).terminated("web", 1, "Error", 10, 30)
                .terminated("metrics", 2, "Error", 11, 26).phase("Failed"), 32);

        assertThat(stopped.events()).containsExactly(BerthEvent.warning("Stopped",
                "EssentialContainerExited: Essential container in task exited (exit code 1); container proxy exited with "
                        + "code 0, web exited with code 1, metrics exited with code 2"));
    }

    @Test
    void everyContainersExitCodeIsRecordedBeforeThePodIsReleased() {
        Task task = runningTask();
        step(task, running().terminated("web", 3, "Error", 10, 30), 31);

        TaskDecision deprovisioning = step(task, pod().scheduled(1).ip(IP).terminated("init", 0, "Completed", 5, 8)
                .terminated("proxy", 143, "Error", 9, 33).terminated("web", 3, "Error", 10, 30)
                .terminated("metrics", 137, "Error", 11, 40).phase("Failed").deleted(31, 30), 41);

        assertThat(deprovisioning.action()).isEqualTo(TaskAction.RELEASE_POD);
        assertThat(containers(deprovisioning.status())).containsExactly(entry("init", "STOPPED(0)"),
                entry("proxy", "STOPPED(143)"), entry("web", "STOPPED(3)"), entry("metrics", "STOPPED(137)"));
        assertThat(deprovisioning.status().exitCode).isEqualTo(3);
        assertThat(deprovisioning.status().executionStoppedAt).isEqualTo(at(40));
        assertThat(deprovisioning.events()).extracting(BerthEvent::message).containsExactly(
                "Container proxy exited with code 143", "Container metrics exited with code 137",
                "Task is DEPROVISIONING: all containers have stopped");

        TaskDecision stopped = step(task, null, 42);
        assertThat(stopped.status().lastStatus).isEqualTo(LastStatus.STOPPED);
        assertThat(containers(stopped.status())).isEqualTo(containers(deprovisioning.status()));
        assertThat(stopped.events()).containsExactly(BerthEvent.warning("Stopped",
                "EssentialContainerExited: Essential container in task exited (exit code 3)"));
        assertThat(stopped.status().conditions.get(0).getReason()).isEqualTo("EssentialContainerExited");
        assertThat(stopped.status().conditions.get(0).getMessage()).isEqualTo("Essential container in task exited");
    }

    @Test
    void essentialExitZeroStopsWithANormalEvent() {
        Task task = runningTask();
        step(task, running().terminated("web", 0, "Completed", 10, 30), 31);

        TaskDecision stopped = step(task, null, 40);

        assertThat(stopped.events()).filteredOn(e -> e.reason().equals("Stopped")).containsExactly(BerthEvent.normal("Stopped",
                "EssentialContainerExited: Essential container in task exited (exit code 0); container proxy stopped: Task "
                        + "stopped before the container exited, metrics stopped: Task stopped before the container exited"));
    }

    @Test
    void restartedNonEssentialSidecarKeepsItsFirstExit() {
        var definition = TestingTasks.definition();
        definition.containerDefinitions.get(1).essential = false;
        Task task = runningTask();
        TaskObservation first = new TaskObservation(task, "my-task:3", definition,
                running().restarted("proxy", 2, 9, 25, 27).build(), null, TestingPods.T0.plusSeconds(30),
                TestingTasks.START_TIMEOUT, List.of());
        task.setStatus(TaskLifecycle.decide(first).status());

        TaskDecision later = TaskLifecycle.decide(new TaskObservation(task, "my-task:3", definition,
                running().restarted("proxy", 5, 27, 50, 52).build(), null, TestingPods.T0.plusSeconds(55),
                TestingTasks.START_TIMEOUT, List.of()));

        assertThat(later.status().lastStatus).isEqualTo(LastStatus.RUNNING);
        assertThat(containers(later.status())).containsEntry("proxy", "STOPPED(2)");
        assertThat(later.events()).isEmpty();
    }

    private static Task runningTask() {
        Task task = task();
        step(task, running(), 12);
        return task;
    }
}
