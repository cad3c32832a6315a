package dev.berth.task;

import static dev.berth.task.TestingPods.IP;
import static dev.berth.task.TestingPods.at;
import static dev.berth.task.TestingPods.creating;
import static dev.berth.task.TestingPods.initializing;
import static dev.berth.task.TestingPods.pod;
import static dev.berth.task.TestingPods.running;
import static dev.berth.task.TestingTasks.step;
import static dev.berth.task.TestingTasks.task;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskStatus;
import dev.berth.events.BerthEvent;

/**
 * What a task writes (issue 20): states it passed before anyone looked are one status write with every timestamp, and
 * by default two Events tell its life — started (or failed to start) and stopped.
 */
class TaskWritesTest {

    private static final TestingPods EXITED = pod().scheduled(1).ip(IP).terminated("init", 0, "Completed", 5, 8)
            .terminated("proxy", 0, "Completed", 9, 21).terminated("web", 0, "Completed", 10, 20)
            .terminated("metrics", 0, "Completed", 11, 21).phase("Succeeded");

    /** The Pod's life as the Task controller may observe it, in order. */
    private static final List<TestingPods> LIFE = List.of(pod(), initializing(), creating(), running().ip(null), running(),
            EXITED);

    @Test
    void aPodAlreadyRunningWhenFirstObservedIsOneWriteOfRunningWithEveryEarlierTimestamp() {
        Task task = task();
        TaskDecision first = step(task, running(), 12);

        assertThat(first.status().lastStatus).isEqualTo(LastStatus.RUNNING);
        assertThat(first.status().pullStartedAt).isEqualTo(at(1));
        assertThat(first.status().pullStoppedAt).isEqualTo(at(11));
        assertThat(first.status().startedAt).as("the essential containers' latest start").isEqualTo(at(10));
        assertThat(first.status().createdAt).isNotNull();
        assertThat(TaskEvents.worthRecording(first.events(), false, false)).extracting(BerthEvent::reason)
                .containsExactly("Running");
    }

    @Test
    void byDefaultATaskThatRunsAndStopsTellsItInTwoEvents() {
        Task task = task();
        List<BerthEvent> recorded = new ArrayList<>();
        List<BerthEvent> every = new ArrayList<>();
        long now = 0;
        for (TestingPods observed : LIFE) {
            TaskDecision decision = step(task, observed, now += 5);
            recorded.addAll(TaskEvents.worthRecording(decision.events(), false, false));
            every.addAll(TaskEvents.worthRecording(decision.events(), true, false));
        }

        assertThat(recorded).extracting(BerthEvent::reason).containsExactly("Running", "Stopped");
        assertThat(recorded.get(1).message()).contains("exited with code 0");
        assertThat(every).extracting(BerthEvent::reason).contains("Provisioning", "Pending", "ContainerExited",
                "Activating", "Running", "HealthChanged", "Stopped");
    }

    @Test
    void warningsWaitsAndExitsAreAlwaysTold() {
        List<BerthEvent> events = List.of(BerthEvent.normal("Provisioning", "p"), BerthEvent.normal("Waiting", "w"),
                BerthEvent.warning("ContainerExited", "c"), BerthEvent.normal("ContainerExited", "init exited with code 0"),
                BerthEvent.normal("Stopping", "s"), BerthEvent.warning("Stopped", "failed to start"),
                BerthEvent.normal("HealthChanged", "healthy"), BerthEvent.warning("HealthChanged", "h"));

        assertThat(TaskEvents.worthRecording(events, false, false)).extracting(BerthEvent::reason)
                .containsExactly("Waiting", "ContainerExited", "Stopped", "HealthChanged");
        assertThat(TaskEvents.worthRecording(events, false, true)).as("a batch child leaves the rest to its job")
                .extracting(BerthEvent::reason).containsExactly("ContainerExited", "Stopped", "HealthChanged");
        assertThat(TaskEvents.worthRecording(events, true, true)).as("every state asked for: every Event").hasSize(8);
    }

    /**
     * Any subsequence of the Pod's life (the observations a loaded controller happens to make, the rest coalesced):
     * each written lastStatus is at least the previous one, a timestamp once written never changes, and the
     * timestamps taken from the Pod end up the same as when every state was observed.
     */
    @Test
    void coalescedObservationsMoveForwardAndKeepEveryTimestamp() {
        TaskStatus full = life(List.copyOf(LIFE));
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        try {
            for (int run = 0; run < 200; run++) {
                List<TestingPods> seen = new ArrayList<>(LIFE.stream().filter(p -> random.nextBoolean()).toList());
                seen.add(EXITED);
                TaskStatus last = life(seen);
                assertThat(last.pullStartedAt).isEqualTo(full.pullStartedAt);
                assertThat(last.pullStoppedAt).isEqualTo(full.pullStoppedAt);
                assertThat(last.startedAt).isEqualTo(full.startedAt);
                assertThat(last.executionStoppedAt).isEqualTo(full.executionStoppedAt);
                assertThat(last.lastStatus).isEqualTo(LastStatus.STOPPED);
                assertThat(last.exitCode).isEqualTo(full.exitCode);
            }
        } catch (AssertionError e) {
            throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
        }
    }

    private static TaskStatus life(List<TestingPods> seen) {
        Task task = task();
        TaskStatus written = null;
        long now = 20;
        for (TestingPods observed : seen) {
            TaskStatus next = step(task, observed, now += 3).status();
            if (written != null) {
                assertThat(next.lastStatus.isAtLeast(written.lastStatus))
                        .as("%s after %s", next.lastStatus, written.lastStatus).isTrue();
                for (String kept : List.of("pullStartedAt", "pullStoppedAt", "startedAt", "stoppingAt",
                        "executionStoppedAt", "stoppedAt")) {
                    Object before = field(written, kept);
                    if (before != null) {
                        assertThat(field(next, kept)).as(kept).isEqualTo(before);
                    }
                }
            }
            written = next;
        }
        return written;
    }

    private static Object field(TaskStatus status, String name) {
        try {
            return TaskStatus.class.getField(name).get(status);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
