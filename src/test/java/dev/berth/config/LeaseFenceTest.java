package dev.berth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The fencing rule on a clock the test moves: writes only within the renew deadline of a successful renewal. */
class LeaseFenceTest {

    static final String LEASE = ("/apis/coordination.k8s.io/v1/namespaces/berth-system/leases/berth");
    static final String LEASES = ("/apis/coordination.k8s.io/v1/namespaces/berth-system/leases");
    static final String POD = ("/api/v1/namespaces/team-a/pods/run-1");
    static final String TASKS = ("/apis/berth.dev/v1alpha1/namespaces/team-a/tasks");
    static final long SECOND = 1_000_000_000L;

    long now = 1234 * SECOND;
    final LeaseFence fence = new LeaseFence(settings(true), () -> now);

    @Test
    void aReplicaThatNeverRenewedTheLeaseWritesNothingButReadsAndTheLease() {
        assertThatThrownBy(() -> fence.beforeSending("POST", TASKS)).isInstanceOf(LeaseFence.NotLeaderException.class)
                .hasMessage("Refused POST /apis/berth.dev/v1alpha1/namespaces/team-a/tasks: this replica has not held"
                        + " the leader-election Lease");
        for (String read : List.of("GET", "HEAD")) {
            assertThatCode(() -> fence.beforeSending(read, POD)).doesNotThrowAnyException();
        }
        assertThatCode(() -> fence.beforeSending("POST", LEASES)).doesNotThrowAnyException();
        assertThatCode(() -> fence.beforeSending("PUT", LEASE)).doesNotThrowAnyException();
        assertThatCode(() -> fence.beforeSending("POST", ("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")))
                .doesNotThrowAnyException();
    }

    @Test
    void aSuccessfulRenewalOpensTheFenceUntilTheRenewDeadlineCountedFromWhenItWasSent() {
        renew(3 * SECOND, 200);
        for (String write : List.of("POST", "PUT", "PATCH", "DELETE")) {
            assertThatCode(() -> fence.beforeSending(write, POD)).doesNotThrowAnyException();
        }
        now += 7 * SECOND - 1; // 10 s minus 1 ns after the renewal was sent
        assertThatCode(() -> fence.beforeSending("DELETE", POD)).doesNotThrowAnyException();
        now += 2_400_000_001L;
        assertThatThrownBy(() -> fence.beforeSending("PATCH", POD)).isInstanceOf(LeaseFence.NotLeaderException.class)
                .hasMessage("Refused PATCH /api/v1/namespaces/team-a/pods/run-1: not the leader since 2.4 s ago: the"
                        + " last successful renewal of the leader-election Lease was 12.4 s ago, past the renew deadline"
                        + " (10.0 s); another replica may hold the Lease");
        assertThatCode(() -> fence.beforeSending("GET", POD)).doesNotThrowAnyException();
    }

    @Test
    void aFailedOrUnansweredRenewalDoesNotOpenTheFence() {
        renew(SECOND, 409);
        renew(SECOND, 0);
        assertThatThrownBy(() -> fence.beforeSending("POST", TASKS)).isInstanceOf(LeaseFence.NotLeaderException.class);
    }

    @Test
    void anotherLeaseIsAWriteLikeAnyOtherAndNeverRenews() {
        String other = ("/apis/coordination.k8s.io/v1/namespaces/berth-system/leases/other");
        assertThatThrownBy(() -> fence.beforeSending("PUT", other)).isInstanceOf(LeaseFence.NotLeaderException.class);
        fence.answered("PUT", other, 200);
        fence.answered("GET", LEASE, 200);
        assertThatThrownBy(() -> fence.beforeSending("POST", TASKS)).isInstanceOf(LeaseFence.NotLeaderException.class);
    }

    @Test
    void withoutLeaderElectionNothingIsFenced() {
        LeaseFence off = new LeaseFence(settings(false), () -> now);
        assertThatCode(() -> off.beforeSending("POST", TASKS)).doesNotThrowAnyException();
        now += 3600 * SECOND;
        assertThatCode(() -> off.beforeSending("DELETE", POD)).doesNotThrowAnyException();
    }

    /**
     * Random sequences of Lease writes (sent, answered with any status or not at all, in any order) and writes: a
     * write passes exactly when some successful Lease write was sent less than the renew deadline before, never
     * counting from later than the send time of the renewal that succeeded.
     */
    @Test
    void aWritePassesOnlyWithinTheDeadlineOfTheSendTimeOfASuccessfulRenewal() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        try {
            for (int run = 0; run < 200; run++) {
                LeaseFence checked = new LeaseFence(settings(true), () -> now);
                Long latestSuccessSent = null;
                java.util.ArrayDeque<Long> sent = new java.util.ArrayDeque<>();
                for (int step = 0; step < 60; step++) {
                    now += (long) (random.nextDouble() * 6 * SECOND);
                    switch (random.nextInt(3)) {
                        case 0 -> {
                            checked.beforeSending("PUT", LEASE);
                            sent.add(now);
                        }
                        case 1 -> {
                            if (!sent.isEmpty()) {
                                int status = List.of(200, 201, 409, 500, 0).get(random.nextInt(5));
                                Long oldest = sent.poll();
                                sent.clear(); // the fence counts a success from the oldest write not answered
                                checked.answered("PUT", LEASE, status);
                                if (status / 100 == 2) {
                                    latestSuccessSent = oldest;
                                }
                            }
                        }
                        default -> {
                            boolean mayWrite = latestSuccessSent != null && now - latestSuccessSent < 10 * SECOND;
                            boolean passed;
                            try {
                                checked.beforeSending("POST", TASKS);
                                passed = true;
                            } catch (LeaseFence.NotLeaderException e) {
                                passed = false;
                            }
                            assertThat(passed).as("write at %d, last successful renewal sent at %s", now, latestSuccessSent)
                                    .isEqualTo(mayWrite);
                        }
                    }
                }
            }
        } catch (AssertionError e) {
            throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
        }
    }

    private void renew(long after, int status) {
        fence.beforeSending("PUT", LEASE);
        now += after;
        fence.answered("PUT", LEASE, status);
    }

    static BerthConfig.LeaderElectionSettings settings(boolean enabled) {
        return new BerthConfig.LeaderElectionSettings() {
            @Override
            public boolean enabled() {
                return enabled;
            }

            @Override
            public String leaseName() {
                return "berth";
            }

            @Override
            public Optional<String> leaseNamespace() {
                return Optional.of("berth-system");
            }

            @Override
            public Optional<String> identity() {
                return Optional.empty();
            }

            @Override
            public Duration leaseDuration() {
                return Duration.ofSeconds(15);
            }

            @Override
            public Duration renewDeadline() {
                return Duration.ofSeconds(10);
            }

            @Override
            public Duration retryPeriod() {
                return Duration.ofSeconds(2);
            }
        };
    }
}
