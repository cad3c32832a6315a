package dev.berth.task;

import static dev.berth.task.TestingPods.IP;
import static dev.berth.task.TestingPods.pod;
import static dev.berth.task.TestingPods.running;
import static dev.berth.task.TestingTasks.decide;
import static dev.berth.task.TestingTasks.step;
import static dev.berth.task.TestingTasks.task;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.Task;
import dev.berth.status.StatusWriter;
import dev.berth.usage.FinalUsage;
import dev.berth.usage.Rates;
import dev.berth.usage.TestingPrices;

/** The usage rides on the status write that records STOPPED, and every later decision keeps it as it was. */
class TaskUsageTest {

    @Test
    void theStatusThatRecordsStoppedCarriesTheUsageAndItNeverChanges() {
        Task task = task();
        step(task, running(), 12);
        assertThat(FinalUsage.stamp(task.getStatus(), TestingTasks.definition(), () -> false, TestingPrices.usEast1()))
                .as("a running task gets no usage written").isFalse();

        TaskDecision stopped = decide(task, pod().scheduled(1).ip(IP).terminated("init", 0, "Completed", 5, 8)
                .terminated("proxy", 0, "Completed", 9, 31).terminated("web", 1, "Error", 10, 30)
                .terminated("metrics", 2, "Error", 11, 26).phase("Failed"), 32);
        boolean stamped = FinalUsage.stamp(stopped.status(), TestingTasks.definition(), () -> false,
                TestingPrices.usEast1());
        task.setStatus(stopped.status());

        assertThat(stamped).isTrue();
        assertThat(stopped.status().lastStatus).isEqualTo(LastStatus.STOPPED);
        assertThat(stopped.status().usage.runSeconds).as("pulled at 1 s, stopped at 32 s").isEqualTo(31);
        assertThat(stopped.status().usage.billedSeconds).isEqualTo(60);
        // (0.25 x 0.04048 + 1 x 0.004445) x 60 / 3600
        assertThat(stopped.status().usage.cost).isEqualTo("0.000243");

        TaskDecision later = decide(task, null, 600);
        boolean again = FinalUsage.stamp(later.status(), TestingTasks.definition(), () -> true,
                TestingPrices.withProviders(Map.of("FARGATE", Rates.of("1", "1"))));

        assertThat(again).isFalse();
        assertThat(later.statusChanged()).isFalse();
        assertThat(StatusWriter.differ(stopped.status(), later.status())).isFalse();
    }
}
