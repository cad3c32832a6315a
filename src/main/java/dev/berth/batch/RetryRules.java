package dev.berth.batch;

import java.util.List;
import java.util.Locale;

import dev.berth.api.v1alpha1.BatchJobSpec.EvaluateOnExit;
import dev.berth.api.v1alpha1.BatchJobSpec.RetryStrategy;

/**
 * AWS Batch's retryStrategy: a failed attempt is retried while attempts remain, unless the first evaluateOnExit rule
 * that matches says EXIT. With no matching rule the attempt is retried, as AWS Batch does.
 */
final class RetryRules {

    enum Action {
        RETRY,
        EXIT
    }

    private RetryRules() {
    }

    static int attempts(RetryStrategy strategy) {
        return strategy == null || strategy.attempts == null ? 1 : strategy.attempts;
    }

    /** Whether the failed attempt number {@code attempt} is followed by another. */
    static boolean retry(RetryStrategy strategy, AttemptExit exit, int attempt) {
        return attempt < attempts(strategy) && action(strategy, exit) == Action.RETRY;
    }

    /** The action of the first rule whose conditions all match; RETRY when none does. */
    static Action action(RetryStrategy strategy, AttemptExit exit) {
        List<EvaluateOnExit> rules = strategy == null || strategy.evaluateOnExit == null ? List.of()
                : strategy.evaluateOnExit;
        for (EvaluateOnExit rule : rules) {
            if (matches(rule, exit)) {
                return Action.valueOf(rule.action.toUpperCase(Locale.ROOT));
            }
        }
        return Action.RETRY;
    }

    /** A rule matches when every condition it gives matches; onReason may match the container reason or the stopCode. */
    static boolean matches(EvaluateOnExit rule, AttemptExit exit) {
        String exitCode = exit.exitCode() == null ? null : exit.exitCode().toString();
        return (rule.onExitCode == null || glob(rule.onExitCode, exitCode))
                && (rule.onReason == null || glob(rule.onReason, exit.containerReason())
                        || glob(rule.onReason, exit.stopCode()))
                && (rule.onStatusReason == null || glob(rule.onStatusReason, exit.stoppedReason()));
    }

    /**
     * Batch's glob: exact, or a prefix when it ends with '*'. A lone '*' also matches a value that is absent (a task
     * stopped before its container ran has no exit code), which is how a catch-all final rule is written.
     */
    static boolean glob(String pattern, String value) {
        if (pattern.equals("*")) {
            return true;
        }
        if (value == null) {
            return false;
        }
        return pattern.endsWith("*") ? value.startsWith(pattern.substring(0, pattern.length() - 1))
                : value.equals(pattern);
    }
}
