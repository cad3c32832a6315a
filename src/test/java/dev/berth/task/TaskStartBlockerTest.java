package dev.berth.task;

import static dev.berth.task.TestingPods.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskSpec;
import dev.berth.events.BerthEvent;

/** A Pod that cannot be created yet: the task waits (temporary blocker) or fails at once (permanent). */
class TaskStartBlockerTest {

    static final StartBlocker MISSING = StartBlocker.waiting("TaskDefinitionNotFound",
            "ClientException: Unable to describe task definition my-task:3.");
    static final StartBlocker INACTIVE = StartBlocker.fatal("TaskDefinitionInactive",
            "ClientException: TaskDefinition is inactive");

    @Test
    void temporaryBlockerKeepsTheTaskProvisioningAndSaysWhy() {
        TaskDecision decision = blocked(TestingTasks.task(), MISSING, 20);

        var status = decision.status();
        assertThat(status.lastStatus).isEqualTo(LastStatus.PROVISIONING);
        assertThat(status.desiredStatus).isEqualTo(TaskSpec.DesiredStatus.RUNNING);
        assertThat(status.taskDefinition).isNull();
        assertThat(status.containers).isEmpty();
        assertThat(decision.action()).isEqualTo(TaskAction.NONE);
        assertThat(decision.recheckAfter()).contains(Duration.ofSeconds(280));
        var ready = status.conditions.get(0);
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getReason()).isEqualTo("TaskDefinitionNotFound");
        assertThat(ready.getMessage()).isEqualTo("ClientException: Unable to describe task definition my-task:3.");
        assertThat(decision.events()).containsExactly(
                BerthEvent.normal("Provisioning",
                        "Task is PROVISIONING: ClientException: Unable to describe task definition my-task:3."),
                BerthEvent.normal("Waiting",
                        "Waiting to start: ClientException: Unable to describe task definition my-task:3."));
    }

    @Test
    void sameBlockerIsReportedOnceAndAChangedOneAgain() {
        Task task = TestingTasks.task();
        task.setStatus(blocked(task, MISSING, 20).status());

        TaskDecision same = blocked(task, MISSING, 40);
        StartBlocker other = StartBlocker.waiting("ClusterNotFound", "ClusterNotFoundException: Cluster not found.");
        TaskDecision changed = blocked(task, other, 60);

        assertThat(same.events()).isEmpty();
        assertThat(same.statusChanged()).isFalse();
        assertThat(changed.events())
                .containsExactly(
                        BerthEvent.normal("Waiting", "Waiting to start: ClusterNotFoundException: Cluster not found."));
        assertThat(changed.status().conditions.get(0).getReason()).isEqualTo("ClusterNotFound");
        assertThat(changed.status().conditions.get(0).getLastTransitionTime())
                .as("Kubernetes convention: the time Ready last changed status, not reason").isEqualTo(at(20));
    }

    @Test
    void waitingForTheDefaultClusterTheOperatorCreatesNeverTimesOut() {
        // found by LeaderElectionChaosIT: a leader change longer than the start timeout failed every task of a burst
        Task task = TestingTasks.task();
        task.getSpec().cluster = "default";
        StartBlocker defaultComing = StartBlocker.clusterNotFound("default");
        task.setStatus(blocked(task, defaultComing, 20).status());

        TaskDecision later = blocked(task, defaultComing, 3600);
        assertThat(later.status().lastStatus).isEqualTo(LastStatus.PROVISIONING);
        assertThat(later.recheckAfter()).as("nothing to wait for but the Cluster's own event").isEmpty();

        Task elsewhere = TestingTasks.task();
        elsewhere.getSpec().cluster = "prod";
        elsewhere.setStatus(blocked(elsewhere, StartBlocker.clusterNotFound("prod"), 20).status());
        assertThat(blocked(elsewhere, StartBlocker.clusterNotFound("prod"), 300).status().lastStatus)
                .as("a Cluster the user must create: the start timeout applies").isEqualTo(LastStatus.STOPPED);
    }

    @ParameterizedTest
    @ValueSource(longs = { 300, 301 })
    void temporaryBlockerFailsTheTaskAtTheDeadline(long now) {
        Task task = TestingTasks.task();
        task.setStatus(blocked(task, MISSING, 20).status());

        TaskDecision decision = blocked(task, MISSING, now);

        var status = decision.status();
        assertThat(status.lastStatus).isEqualTo(LastStatus.STOPPED);
        assertThat(status.stopCode).isEqualTo("TaskFailedToStart");
        assertThat(status.stoppedReason).isEqualTo("ClientException: Unable to describe task definition my-task:3.");
        assertThat(status.stoppedAt).isEqualTo(at(now));
        assertThat(decision.action()).isEqualTo(TaskAction.NONE);
        assertThat(decision.events()).containsExactly(BerthEvent.warning("Stopped",
                "TaskFailedToStart: ClientException: Unable to describe task definition my-task:3."));
        assertThat(status.conditions.get(0).getReason()).isEqualTo("TaskFailedToStart");
    }

    @Test
    void forbiddenPodIsRetriedWithBackOffUntilTheStartTimeout() {
        StartBlocker forbidden = StartBlocker.forbidden("pods \"run-1\" is forbidden: error looking up service account"
                + " gitops-a/web-role: serviceaccount \"web-role\" not found");
        Task task = TestingTasks.task();

        TaskDecision first = blocked(task, forbidden, 1);
        task.setStatus(first.status());
        TaskDecision later = blocked(task, forbidden, 60);
        task.setStatus(later.status());
        TaskDecision late = blocked(task, forbidden, 300);

        assertThat(first.status().lastStatus).isEqualTo(LastStatus.PROVISIONING);
        assertThat(first.status().conditions.get(0).getReason()).isEqualTo("ServiceAccountNotFound");
        assertThat(first.status().conditions.get(0).getMessage()).startsWith("ResourceInitializationError: pods \"run-1\"")
                .endsWith("serviceaccount \"web-role\" not found");
        assertThat(first.action()).isEqualTo(TaskAction.NONE);
        assertThat(first.recheckAfter()).as("soon after the first refusal").contains(Duration.ofMillis(500));
        assertThat(later.recheckAfter()).as("backed off, not past the longest wait").contains(Duration.ofSeconds(10));
        assertThat(later.statusChanged()).as("the same refusal again writes nothing").isFalse();
        assertThat(later.events()).isEmpty();
        assertThat(late.status().lastStatus).isEqualTo(LastStatus.STOPPED);
        assertThat(late.status().stopCode).isEqualTo("TaskFailedToStart");
        assertThat(late.status().stoppedReason).isEqualTo(forbidden.stoppedReason());
        assertThat(late.recheckAfter()).as("no retry once stopped: the TTL is next").contains(Duration.ofHours(1));
    }

    @Test
    void retryWaitsAboutHalfTheTimeWaitedSoFar() {
        assertThat(StartBlocker.retryAfter(Duration.ZERO)).isEqualTo(Duration.ofMillis(500));
        assertThat(StartBlocker.retryAfter(Duration.ofSeconds(3))).isEqualTo(Duration.ofMillis(1500));
        assertThat(StartBlocker.retryAfter(Duration.ofSeconds(8))).isEqualTo(Duration.ofSeconds(4));
        assertThat(StartBlocker.retryAfter(Duration.ofMinutes(5))).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void forbiddenNamesWhatTheTaskWaitsFor() {
        assertThat(StartBlocker.forbidden("pods \"x\" is forbidden: exceeded quota: q, requested: cpu=1").reason())
                .isEqualTo("QuotaExceeded");
        assertThat(StartBlocker.forbidden("pods \"x\" is forbidden: unable to create new content in namespace n")
                .reason()).isEqualTo("PodForbidden");
        assertThat(StartBlocker.forbidden("m").permanent()).isFalse();
        assertThat(StartBlocker.invalid("Pod \"x\" is invalid").permanent()).isTrue();
    }

    @Test
    void onlyTheDefaultClusterIsCuredByTheOperatorItself() {
        assertThat(StartBlocker.clusterNotFound("default").cure()).isEqualTo(StartBlocker.Cure.OPERATOR);
        assertThat(StartBlocker.clusterNotFound("prod").cure()).isEqualTo(StartBlocker.Cure.WATCHED_CHANGE);
        assertThat(StartBlocker.forbidden("m").retried()).isTrue();
        assertThat(StartBlocker.forbidden("m").permanent()).isFalse();
    }

    @Test
    void permanentBlockerFailsTheTaskAtOnce() {
        TaskDecision decision = blocked(TestingTasks.task(), INACTIVE, 0);

        assertThat(decision.status().lastStatus).isEqualTo(LastStatus.STOPPED);
        assertThat(decision.status().stopCode).isEqualTo("TaskFailedToStart");
        assertThat(decision.status().stoppedReason).isEqualTo("ClientException: TaskDefinition is inactive");
        assertThat(decision.action()).isEqualTo(TaskAction.NONE);
    }

    @Test
    void blockerClearedCreatesThePod() {
        Task task = TestingTasks.task();
        task.setStatus(blocked(task, MISSING, 20).status());

        TaskDecision decision = TaskLifecycle.decide(TestingTasks.observe(task, null, null, 30));

        assertThat(decision.action()).isEqualTo(TaskAction.CREATE_POD);
        assertThat(decision.status().taskDefinition).isEqualTo("my-task:3");
        assertThat(decision.status().conditions.get(0).getReason()).isEqualTo("Provisioning");
        assertThat(decision.events()).isEmpty();
    }

    @Test
    void blockerIsIgnoredOnceThePodExists() {
        TaskDecision decision = TaskLifecycle.decide(new TaskObservation(TestingTasks.task(), "my-task:3",
                TestingTasks.definition(), TestingPods.running().build(), INACTIVE, TestingPods.T0.plusSeconds(12),
                TestingTasks.START_TIMEOUT, List.of()));

        assertThat(decision.status().lastStatus).isEqualTo(LastStatus.RUNNING);
    }

    private static TaskDecision blocked(Task task, StartBlocker blocker, long now) {
        Instant at = TestingPods.T0.plusSeconds(now);
        return TaskLifecycle
                .decide(new TaskObservation(task, null, null, null, blocker, at, TestingTasks.START_TIMEOUT, List.of()));
    }
}
