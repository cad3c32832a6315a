package dev.berth.task;

import static dev.berth.task.TestingPods.pod;
import static dev.berth.task.TestingPods.running;
import static dev.berth.task.TestingTasks.container;
import static dev.berth.task.TestingTasks.decide;
import static dev.berth.task.TestingTasks.step;
import static dev.berth.task.TestingTasks.task;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.Task;
import dev.berth.events.BerthEvent;

/** Tasks that do not reach RUNNING: TaskFailedToStart with the most specific ECS reason, at the deadline or at once. */
class TaskStartFailureTest {

    static final String PULL_MESSAGE = "rpc error: code = NotFound desc = failed to pull and unpack image \"web:nope\": not found";
    static final String UNSCHEDULABLE = "0/3 nodes are available: 3 Insufficient cpu.";

    record Row(String name, TestingPods pod, long now, String lastStatus, String stoppedReason, TaskAction action,
            Optional<Duration> recheckAfter) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** Placed at once, init done, the sidecar up, web stuck. */
    static TestingPods webStuck(String reason, String message) {
        return pod().scheduled(0).terminated("init", 0, "Completed", 5, 8).running("proxy", 9, true)
                .waiting("web", reason, message).waiting("metrics", "ContainerCreating", null);
    }

    static Stream<Row> startFailures() {
        TaskAction delete = new TaskAction.DeletePod(null);
        TaskAction release = TaskAction.RELEASE_POD;
        return Stream.of(
                new Row("image pull failing, before the deadline", webStuck("ErrImagePull", PULL_MESSAGE), 60,
                        "PENDING", null, TaskAction.NONE, Optional.of(Duration.ofSeconds(240))),
                new Row("image pull failing, at the deadline", webStuck("ErrImagePull", PULL_MESSAGE), 300,
                        "DEACTIVATING", "CannotPullContainerError: " + PULL_MESSAGE, delete, Optional.empty()),
                new Row("image pull backing off, after the deadline",
                        webStuck("ImagePullBackOff", "Back-off pulling image \"web:nope\""), 400,
                        "DEACTIVATING", "CannotPullContainerError: Back-off pulling image \"web:nope\"", delete,
                        Optional.empty()),
                new Row("invalid image name, at the deadline", webStuck("InvalidImageName", null), 300,
                        "DEACTIVATING", "CannotPullContainerError: InvalidImageName", delete, Optional.empty()),
                new Row("secret missing, at the deadline", webStuck("CreateContainerConfigError", "secret \"db\" not found"),
                        300,
                        "DEACTIVATING", "ResourceInitializationError: secret \"db\" not found", delete, Optional.empty()),
                new Row("unschedulable, before the deadline", pod().unschedulable(UNSCHEDULABLE), 20,
                        "PROVISIONING", null, TaskAction.NONE, Optional.of(Duration.ofSeconds(280))),
                new Row("unschedulable, at the deadline", pod().unschedulable(UNSCHEDULABLE), 300,
                        "DEACTIVATING", "ResourceInitializationError: unable to place the task: " + UNSCHEDULABLE, delete,
                        Optional.empty()),
                new Row("containers still being created, at the deadline", webStuck("ContainerCreating", null), 300,
                        "DEACTIVATING",
                        "ContainerRuntimeTimeoutError: Could not transition to running; timed out after waiting 300s",
                        delete, Optional.empty()),
                new Row("Pod not created yet (the operator was down), past the task's deadline", null, 300,
                        "PROVISIONING", null, TaskAction.CREATE_POD, Optional.empty()),
                new Row("dependency container exited 1", pod().scheduled(1).terminated("init", 1, "Error", 5, 8)
                        .waiting("proxy", "PodInitializing", null).waiting("web", "PodInitializing", null)
                        .waiting("metrics", "PodInitializing", null).phase("Failed"), 10,
                        "STOPPED", "CannotStartContainerError: dependency container init exited with code 1", release,
                        Optional.of(Duration.ofHours(1))),
                new Row("Pod rejected by the kubelet",
                        pod().scheduled(1).failed("OutOfcpu", "Node didn't have enough resource: cpu"), 10,
                        "STOPPED", "ResourceInitializationError: OutOfcpu: Node didn't have enough resource: cpu", release,
                        Optional.of(Duration.ofHours(1))));
    }

    @ParameterizedTest
    @MethodSource("startFailures")
    void startFailureTable(Row row) {
        TaskDecision decision = decide(task(), row.pod(), row.now());

        var status = decision.status();
        assertThat(status.lastStatus).isEqualTo(LastStatus.valueOf(row.lastStatus()));
        assertThat(status.stopCode).isEqualTo(row.stoppedReason() == null ? null : "TaskFailedToStart");
        assertThat(status.stoppedReason).isEqualTo(row.stoppedReason());
        assertThat(decision.action()).isEqualTo(row.action());
        assertThat(decision.recheckAfter()).isEqualTo(row.recheckAfter());
    }

    @Test
    void waitingContainerShowsItsErrorBeforeTheDeadline() {
        TaskDecision decision = decide(task(), webStuck("ErrImagePull", PULL_MESSAGE), 60);

        assertThat(container(decision.status(), "web").lastStatus).isEqualTo("PENDING");
        assertThat(container(decision.status(), "web").reason).isEqualTo("CannotPullContainerError: " + PULL_MESSAGE);
        assertThat(decision.status().conditions.get(0).getReason()).isEqualTo("Pending");
        assertThat(decision.status().conditions.get(0).getMessage())
                .isEqualTo("Task is PENDING: container web: CannotPullContainerError: " + PULL_MESSAGE);
    }

    @Test
    void failedStartKeepsTheContainersReasonAndEndsWithAWarning() {
        Task task = task();
        step(task, webStuck("ErrImagePull", PULL_MESSAGE), 300);
        step(task, webStuck("ErrImagePull", PULL_MESSAGE).deleted(300, 30), 301);

        TaskDecision stopped = step(task, null, 303);

        assertThat(container(stopped.status(), "web").lastStatus).isEqualTo("STOPPED");
        assertThat(container(stopped.status(), "web").reason).isEqualTo("CannotPullContainerError: " + PULL_MESSAGE);
        assertThat(container(stopped.status(), "metrics").reason).isEqualTo("Task stopped before the container started");
        assertThat(stopped.events()).filteredOn(e -> e.reason().equals("Stopped")).containsExactly(BerthEvent.warning(
                "Stopped", "TaskFailedToStart: CannotPullContainerError: " + PULL_MESSAGE
                        + "; container proxy stopped: Task stopped before the container exited"));
    }

    @Test
    void essentialExitWinsOverAFailedDependency() {
        TaskDecision decision = decide(task(), pod().scheduled(1).terminated("init", 1, "Error", 5, 8)
                .restarted("proxy", 2, 3, 4, 6).phase("Failed"), 10);

        assertThat(decision.status().stopCode).isEqualTo("EssentialContainerExited");
        assertThat(decision.status().exitCode).isEqualTo(2);
    }

    @Test
    void startTimeoutNoLongerAppliesOnceRunning() {
        Task task = task();
        step(task, running(), 12);

        TaskDecision decision = decide(task, running(), 1000);

        assertThat(decision.status().lastStatus).isEqualTo(LastStatus.RUNNING);
        assertThat(decision.recheckAfter()).isEmpty();
    }

    @Test
    void startDeadlineCountsFromTheTasksCreation() {
        Task task = task();
        task.getMetadata().setCreationTimestamp(TestingPods.at(100));

        assertThat(decide(task, webStuck("ErrImagePull", PULL_MESSAGE), 399).status().lastStatus).isEqualTo(LastStatus.PENDING);
        assertThat(decide(task, webStuck("ErrImagePull", PULL_MESSAGE), 400).status().lastStatus)
                .isEqualTo(LastStatus.DEACTIVATING);
    }

    @Test
    void aPodNoSchedulerHasLookedAtHasNoDeadlineYet() {
        // found by ControlPlaneChaosIT: after a kube-apiserver restart, kube-scheduler waits ~15 s for its lease
        assertThat(decide(task(), pod(), 1000).status().lastStatus).as("waiting for the control plane, not for the task")
                .isEqualTo(LastStatus.PROVISIONING);
        assertThat(decide(task(), pod(), 1000).recheckAfter()).as("the scheduler's verdict is a Pod event").isEmpty();
        assertThat(decide(task(), pod(), 1000).status().conditions.get(0).getMessage()).isEqualTo(
                "Task is PROVISIONING: waiting for a scheduler to place Pod report-1 (the start timeout counts from then)");
        assertThat(decide(task(), pod().bindingFailed(), 1000).status().lastStatus).as("a binding the API server refused")
                .isEqualTo(LastStatus.PROVISIONING);
    }

    @Test
    void aPodThatRunsIsRunningWhateverItsPodScheduledConditionSays() {
        // found by ControlPlaneChaosIT: kube-apiserver killed while kube-scheduler bound the Pod; the binding was
        // written, its answer lost, and the condition stayed False (SchedulerError) while the Pod ran
        Task task = task();
        TaskDecision decision = step(task, running().bindingFailed(), 12);

        assertThat(decision.status().lastStatus).isEqualTo(LastStatus.RUNNING);
        assertThat(decision.status().pullStartedAt).as("bound at the failed binding's time").isEqualTo(TestingPods.at(0));
        assertThat(decide(task, running().bindingFailed(), 1000).status().lastStatus).isEqualTo(LastStatus.RUNNING);
    }

    @Test
    void startDeadlineCountsFromTheSchedulersLastVerdict() {
        var placedLate = webStuck("ContainerCreating", null).scheduled(250);

        assertThat(decide(task(), placedLate, 549).status().lastStatus).isEqualTo(LastStatus.PENDING);
        assertThat(decide(task(), placedLate, 550).status().lastStatus).isEqualTo(LastStatus.DEACTIVATING);
        assertThat(decide(task(), pod().unschedulable(UNSCHEDULABLE), 300).status().stoppedReason)
                .as("a Pod the scheduler cannot place counts from its first verdict").startsWith("ResourceInitializationError");
    }

    @Test
    void startDeadlineCountsFromThePodsCreationWhenItCameLater() {
        Task task = task();
        task.getMetadata().setCreationTimestamp(TestingPods.at(100));
        var stuck = webStuck("ErrImagePull", PULL_MESSAGE).createdAt(200);

        assertThat(decide(task, stuck, 499).status().lastStatus).isEqualTo(LastStatus.PENDING);
        assertThat(decide(task, stuck, 500).status().lastStatus).isEqualTo(LastStatus.DEACTIVATING);
    }

    @Test
    void timeTheApiServerCouldNotBeReachedDoesNotCountTowardsTheStartTimeout() {
        // found by ControlPlaneChaosIT: a kube-apiserver restart longer than the start timeout failed the tasks of a
        // burst whose Pods nothing could move on meanwhile
        Task task = task();
        task.getMetadata().setCreationTimestamp(TestingPods.at(100));
        var pending = pod().scheduled(101).createdAt(100);

        assertThat(decideWithApiServerLostAt(task, pending, 420, 350).status().lastStatus).as("the outage ended at 350")
                .isEqualTo(LastStatus.PENDING);
        assertThat(decideWithApiServerLostAt(task, pending, 420, 350).recheckAfter()).contains(Duration.ofSeconds(230));
        assertThat(decideWithApiServerLostAt(task, pending, 650, 350).status().lastStatus).isEqualTo(LastStatus.DEACTIVATING);
        assertThat(decideWithApiServerLostAt(task, pending, 420, 50).status().lastStatus)
                .as("an outage before the Pod existed changes nothing").isEqualTo(LastStatus.DEACTIVATING);
    }

    private static TaskDecision decideWithApiServerLostAt(Task task, TestingPods pod, long now, long lost) {
        TaskObservation seen = TestingTasks.observe(task, pod, now);
        return TaskLifecycle.decide(new TaskObservation(seen.task(), seen.pinnedTaskDefinition(), seen.taskDefinition(),
                seen.pod(), seen.blocker(), seen.now(), seen.startTimeout(), seen.notApplied(),
                TestingPods.T0.plusSeconds(lost)));
    }
}
