package dev.berth.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.berth.api.v1alpha1.BatchJobSpec.EvaluateOnExit;
import dev.berth.api.v1alpha1.BatchJobSpec.RetryStrategy;

class RetryRulesTest {

    /** "Retry on SpotInterruption, exit on code 2", then the catch-all AWS recommends last. */
    private static final RetryStrategy STRATEGY = strategy(3,
            new EvaluateOnExit("RETRY", null, "SpotInterruption", null),
            new EvaluateOnExit("exit", "2", null, null),
            new EvaluateOnExit("Retry", "1*", null, "Essential container*"),
            new EvaluateOnExit("EXIT", null, "*", null));

    @ParameterizedTest(name = "exit {0}, reason {1}, stopCode {2}, stoppedReason {3} -> {4}")
    @CsvSource(nullValues = "null", value = {
            // stopCode matched by onReason
            "null, null, SpotInterruption, Your Spot Task was interrupted., RETRY",
            // exit code 2: EXIT
            "2, null, EssentialContainerExited, Essential container in task exited, EXIT",
            // code 1 and 137 both start with 1 and the stoppedReason prefix matches: RETRY
            "1, null, EssentialContainerExited, Essential container in task exited, RETRY",
            "137, OutOfMemoryError: Container killed due to memory usage, EssentialContainerExited, Essential container in task exited, RETRY",
            // 3 matches nothing before the catch-all
            "3, null, EssentialContainerExited, Essential container in task exited, EXIT",
            // the catch-all '*' matches a task stopped before any container ran (no exit code, no reason)
            "null, null, null, null, EXIT",
            // 12 matches '1*' but the stoppedReason does not: every condition of a rule must match
            "12, null, UserInitiated, Task stopped by user, EXIT" })
    void firstMatchingRuleWins(Integer exitCode, String reason, String stopCode, String stoppedReason, String action) {
        assertEquals(RetryRules.Action.valueOf(action),
                RetryRules.action(STRATEGY, new AttemptExit(exitCode, reason, stopCode, stoppedReason)));
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = { "*, null, true", "*, x, true",
            "Host EC2*, Host EC2 (instance i-1) terminated., true",
            "Host EC2*, host EC2, false", "2, 2, true", "2, 20, false", "2*, 20, true", "abc, null, false", "'', '', true" })
    void globsMatchExactlyOrByPrefix(String pattern, String value, boolean matches) {
        assertEquals(matches, RetryRules.glob(pattern, value));
    }

    @ParameterizedTest
    @CsvSource({ "1, 1, false", "3, 1, true", "3, 2, true", "3, 3, false" })
    void retriesWhileAttemptsRemain(int attempts, int attempt, boolean retried) {
        RetryStrategy noRules = strategy(attempts);
        assertEquals(retried, RetryRules.retry(noRules, new AttemptExit(1, null, "EssentialContainerExited", null), attempt));
    }

    @org.junit.jupiter.api.Test
    void noStrategyMeansOneAttemptAndNoRuleMeansRetry() {
        AttemptExit failed = new AttemptExit(1, null, "EssentialContainerExited", null);
        assertEquals(1, RetryRules.attempts(null));
        assertEquals(RetryRules.Action.RETRY, RetryRules.action(null, failed));
        assertEquals(false, RetryRules.retry(null, failed, 1));
        assertEquals(RetryRules.Action.RETRY,
                RetryRules.action(strategy(2, new EvaluateOnExit("EXIT", "2", null, null)), failed));
    }

    static RetryStrategy strategy(int attempts, EvaluateOnExit... rules) {
        RetryStrategy strategy = new RetryStrategy();
        strategy.attempts = attempts;
        strategy.evaluateOnExit = rules.length == 0 ? null : List.copyOf(Arrays.asList(rules));
        return strategy;
    }
}
