package dev.berth.config;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * Fencing for leader election: a replica writes to the API server only while its last successful Lease renewal is
 * within the renew deadline, on a monotonic clock. Leader election alone does not stop a leader that was paused (GC,
 * SIGSTOP, a frozen VM) past its lease: when it resumes, the reconciles it was running carry on and write while
 * another replica holds the Lease, until the elector notices and the process exits. With the fence, every mutating
 * request (POST, PUT, PATCH, DELETE) but the Lease's own is refused before it is sent once the renew deadline has
 * passed since the start of the last renewal that succeeded; a replica that never held the Lease writes nothing.
 * Reviews (authorization.k8s.io, authentication.k8s.io: a POST that stores nothing, such as the elector's own
 * SelfSubjectRulesReview at start) are questions, not writes, and pass.
 * <p>
 * Why this is safe: another replica takes the Lease only after it saw the renew time unchanged for the lease
 * duration, which is longer than the renew deadline (15 s and 10 s in the chart); a renewal counts from the moment
 * its request was sent, so the fence closes before the Lease can be taken. What it does not cover: a process
 * paused between the last check, on the event loop, and the socket write (that request is then sent late), and wall
 * clocks of the replicas' nodes that disagree by more than lease duration − renew deadline (the elector compares the
 * Lease's renew time, a wall clock time, with its own).
 * <p>
 * The operator's Kubernetes client ({@link KubernetesClients}) checks it twice: when a request is made
 * ({@link FencingInterceptor}, which fails the caller with a clear {@link NotLeaderException} and learns the renewals
 * from the Lease's answers), and again on the connection's event loop just before the request is written to the
 * socket ({@link FencingChannelHandler}): a request checked, then held in the client's queues while the process was
 * paused, would otherwise be sent when it resumes.
 */
public final class LeaseFence {

    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final long NONE = Long.MIN_VALUE;
    private static final Pattern REVIEW = Pattern.compile("/apis/(authorization|authentication)\\.k8s\\.io/.*");

    private final boolean enabled;
    private final Pattern leaseWrite;
    private final Duration renewDeadline;
    private final LongSupplier nanoClock;
    /** When the oldest Lease write not answered yet was sent; a success counts from there. */
    private final AtomicLong unansweredLeaseWrite = new AtomicLong(NONE);
    /** When the last Lease write that succeeded was sent ({@link #NONE}: never). */
    private volatile long lastRenewal = NONE;

    /**
     * @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime} in production)
     */
    public LeaseFence(BerthConfig.LeaderElectionSettings settings, LongSupplier nanoClock) {
        this.enabled = settings.enabled();
        // the elector creates its Lease with a POST to the collection, then updates it by name
        this.leaseWrite = Pattern.compile("/apis/coordination\\.k8s\\.io/v1/namespaces/[^/]+/leases(/"
                + Pattern.quote(settings.leaseName()) + ")?/?");
        this.renewDeadline = settings.renewDeadline();
        this.nanoClock = nanoClock;
    }

    /**
     * Before a request is sent: refuses a write (other than the Lease's) when this replica may no longer hold the
     * Lease, and notes when a Lease write starts.
     *
     * @throws NotLeaderException the request must not be sent
     */
    public void beforeSending(String method, String path) {
        if (!enabled || !WRITES.contains(method) || REVIEW.matcher(path).matches()) {
            return;
        }
        long now = nanoClock.getAsLong();
        if (isLeaseWrite(path)) {
            unansweredLeaseWrite.compareAndSet(NONE, now);
            return;
        }
        long renewal = lastRenewal;
        if (renewal == NONE) {
            throw new NotLeaderException("Refused %s %s: this replica has not held the leader-election Lease"
                    .formatted(method, path));
        }
        Duration sinceRenewal = Duration.ofNanos(now - renewal);
        if (sinceRenewal.compareTo(renewDeadline) >= 0) {
            throw new NotLeaderException(("Refused %s %s: not the leader since %.1f s ago: the last successful renewal"
                    + " of the leader-election Lease was %.1f s ago, past the renew deadline (%s s); another replica may"
                    + " hold the Lease").formatted(method, path,
                            (sinceRenewal.toMillis() - renewDeadline.toMillis()) / 1000.0, sinceRenewal.toMillis() / 1000.0,
                            renewDeadline.toMillis() / 1000.0));
        }
    }

    /**
     * After a request was answered ({@code status} its HTTP status) or failed without an answer ({@code status} 0): a
     * successful Lease write renews the fence from the moment it was sent.
     */
    public void answered(String method, String path, int status) {
        if (!enabled || !WRITES.contains(method) || !isLeaseWrite(path)) {
            return;
        }
        long sent = unansweredLeaseWrite.getAndSet(NONE);
        if (status >= 200 && status < 300 && sent != NONE) {
            lastRenewal = sent;
        }
    }

    private boolean isLeaseWrite(String path) {
        return leaseWrite.matcher(path).matches();
    }

    /** A write refused because this replica may no longer hold the leader-election Lease. */
    public static final class NotLeaderException extends io.fabric8.kubernetes.client.KubernetesClientException {

        NotLeaderException(String message) {
            super(message);
        }
    }
}
