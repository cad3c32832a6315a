package dev.berth.task;

import static dev.berth.task.TestingPods.running;
import static dev.berth.task.TestingTasks.decide;
import static dev.berth.task.TestingTasks.step;
import static dev.berth.task.TestingTasks.task;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.berth.api.v1alpha1.Task;

/**
 * Deciding again on the same observation, with the decided status recorded, gives the same status, the same action
 * and no Event: a reconcile can repeat, or an operator restart replay, any observation.
 */
class TaskIdempotenceTest {

    static Stream<Arguments> observations() {
        Stream<Arguments> fresh = Stream.of(
                TaskLifecycleStatesTest.podStates().map(r -> Arguments.of("new task, " + r.name(), r.pod(), 25L)),
                TaskStartFailureTest.startFailures().map(r -> Arguments.of("new task, " + r.name(), r.pod(), r.now())))
                .flatMap(s -> s);
        Stream<Arguments> afterRunning = Stream.of(
                TaskExitTest.exits().map(r -> Arguments.of("running task, " + r.name(), r.pod(), -32L)),
                TaskTerminationTest.podEnds().map(r -> Arguments.of("running task, " + r.name(), r.pod(), -30L)),
                Stream.of(Arguments.of("running task, Pod gone", null, -40L)))
                .flatMap(s -> s);
        return Stream.concat(fresh, afterRunning);
    }

    /** A negative time means: the task was RUNNING (at 12s) before this observation at minus that time. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("observations")
    void decidingTwiceChangesNothing(String name, TestingPods pod, long now) {
        Task task = task();
        if (now < 0) {
            step(task, running(), 12);
        }
        stepAndRepeat(task, pod, Math.abs(now));
    }

    /** Decides and records the status, then checks that deciding again on the same observation changes nothing. */
    static TaskDecision stepAndRepeat(Task task, TestingPods pod, long now) {
        TaskDecision first = step(task, pod, now);
        TaskDecision again = decide(task, pod, now);

        assertThat(again.status()).usingRecursiveComparison().isEqualTo(first.status());
        assertThat(again.statusChanged()).isFalse();
        assertThat(again.events()).isEmpty();
        assertThat(again.action()).isEqualTo(first.action());
        assertThat(again.recheckAfter()).isEqualTo(first.recheckAfter());
        return first;
    }
}
