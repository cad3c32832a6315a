package dev.berth.config;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Singleton;

import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;

/**
 * Whether the operator can reach the API server, and when it last could not. A request of the operator's client that
 * fails to connect or to get an answer (refused, reset, timed out: a stalled etcd is seen this way) makes the API
 * server unreachable until the next answer, whatever its status. While the API server cannot be reached nothing moves a
 * Pod on — no binding, no kubelet status — so that time must not count towards a task's start timeout, as the time the
 * operator itself was down does not: the start timeout counts from no earlier than {@link #lastLost()}, which is now
 * while the API server cannot be reached and the moment it answered again after that.
 */
@Singleton
public class ApiServerReachability {

    static final String INTERCEPTOR = "berth-api-server-reachability";

    private final Clock clock;
    private volatile Instant lastLost;
    private volatile boolean unreachable;

    public ApiServerReachability(Clock clock) {
        this.clock = clock;
    }

    /** Now while the API server cannot be reached; else when it answered again, if it ever could not be reached. */
    public Optional<Instant> lastLost() {
        return unreachable ? Optional.of(clock.instant()) : Optional.ofNullable(lastLost);
    }

    void lost() {
        unreachable = true;
        lastLost = clock.instant();
    }

    void answered() {
        if (unreachable) {
            unreachable = false;
            lastLost = clock.instant();
        }
    }

    /** The client interceptor that tells it: connection failures make it unreachable, any answer reachable. */
    Interceptor interceptor() {
        return new Interceptor() {
            @Override
            public void afterConnectionFailure(HttpRequest request, Throwable failure) {
                lost();
            }

            @Override
            public void after(HttpRequest request, HttpResponse<?> response, AsyncBody.Consumer<List<ByteBuffer>> consumer) {
                answered();
            }
        };
    }
}
