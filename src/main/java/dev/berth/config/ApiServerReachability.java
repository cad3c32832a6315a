package dev.berth.config;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import jakarta.inject.Singleton;

import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;

/**
 * When the operator last could not reach the API server: a request of the operator's client that failed to connect
 * (refused, reset, timed out; whether an informer's watch reconnection is reported here is fabric8's choice). While the
 * API server is down nothing moves a Pod on — no binding, no kubelet status — so that time must not count towards a
 * task's start timeout, as the time the operator itself was down does not: the start timeout counts from the later of
 * the Pod's creation and this moment. Measured by the chaos suite as not enough for a start timeout shorter than the
 * control plane's own recovery (docs/reliability.md, "Session 4").
 */
@Singleton
public class ApiServerReachability {

    static final String INTERCEPTOR = "berth-api-server-reachability";

    private final Clock clock;
    private volatile Instant lastLost;

    public ApiServerReachability(Clock clock) {
        this.clock = clock;
    }

    /** The last moment a request could not reach the API server, if one could not since the operator started. */
    public Optional<Instant> lastLost() {
        return Optional.ofNullable(lastLost);
    }

    void lost() {
        lastLost = clock.instant();
    }

    /** The client interceptor that tells it: connection failures only, never an answer, whatever its status. */
    Interceptor interceptor() {
        return new Interceptor() {
            @Override
            public void afterConnectionFailure(HttpRequest request, Throwable failure) {
                lost();
            }
        };
    }
}
