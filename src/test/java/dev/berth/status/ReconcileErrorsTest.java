package dev.berth.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;

class ReconcileErrorsTest {

    /** A Context that only answers getRetryInfo, which is all the decision reads. */
    @SuppressWarnings("unchecked")
    private static Context<?> context(Optional<RetryInfo> retry) {
        return (Context<?>) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] { Context.class },
                (proxy, method, args) -> {
                    if (method.getName().equals("getRetryInfo")) {
                        return retry;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static RetryInfo attempt(int count, boolean last) {
        return new RetryInfo() {
            @Override
            public int getAttemptCount() {
                return count;
            }

            @Override
            public boolean isLastAttempt() {
                return last;
            }
        };
    }

    @Test
    void onlyTheLastAttemptIsReported() {
        assertThat(ReconcileErrors.retriesExhausted(context(Optional.of(attempt(2, false))))).isFalse();
        assertThat(ReconcileErrors.retriesExhausted(context(Optional.of(attempt(6, true))))).isTrue();
        assertThat(ReconcileErrors.retriesExhausted(context(Optional.empty()))).as("retries off").isTrue();
    }

    @Test
    void theMessageNamesTheErrorAndStaysBounded() {
        assertThat(ReconcileErrors.message(new IllegalStateException("boom")))
                .startsWith("reconcile failed and retries are exhausted: IllegalStateException: boom");
        assertThat(ReconcileErrors.message(new IllegalStateException("x".repeat(5000)))).hasSize(1000).endsWith("...");
    }
}
