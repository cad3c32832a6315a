package dev.berth.e2e;

import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The operator SIGKILLed at a random moment (seeded, see {@link Chaos}) of a task burst, a Service rollout, a
 * circuit-breaker rollback, an array BatchJob and around a ScheduledTask's fire time, then started again: every repetition must
 * converge with 0 tasks lost and 0 duplicate
 * Pods or Tasks. {@code make test} runs one small repetition of each; {@code make chaos} 20 at full scale.
 */
class OperatorKillChaosIT extends ChaosScenarios {

    private static final Chaos REPORT = new Chaos("operator-kill", "Operator SIGKILLed at random moments");

    @AfterAll
    static void report() {
        REPORT.write();
    }

    @Test
    void killedDuringABurst() {
        Random random = Chaos.random("operator-kill-burst");
        String scenario = "operator SIGKILL, burst of " + Chaos.BURST + " tasks";
        REPORT.repeat(scenario, () -> burst(Chaos.BURST, random, operatorKill()));
    }

    @Test
    void killedDuringARollout() {
        Random random = Chaos.random("operator-kill-rollout");
        String scenario = "operator SIGKILL, rollout of " + Chaos.SERVICE_TASKS + " tasks";
        REPORT.repeat(scenario, () -> rollout(Chaos.SERVICE_TASKS, random, operatorKill()));
    }

    @Test
    void killedDuringACircuitBreakerRollback() {
        Random random = Chaos.random("operator-kill-rollback");
        String scenario = "operator SIGKILL, circuit-breaker rollback";
        REPORT.repeat(scenario, () -> rollback(random, operatorKill()));
    }

    @Test
    void killedDuringABatchArray() {
        Random random = Chaos.random("operator-kill-batch");
        String scenario = "operator SIGKILL, array job of " + Chaos.ARRAY + " children";
        REPORT.repeat(scenario, () -> batchArray(Chaos.ARRAY, random, operatorKill()));
    }

    @Test
    void killedAroundAScheduleFireTime() {
        Random random = Chaos.random("operator-kill-schedule");
        String scenario = "operator SIGKILL, schedule fire time of 3 tasks";
        REPORT.repeat(scenario, () -> scheduleFireTime(random, operatorKill()));
    }
}
