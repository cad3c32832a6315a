package dev.berth.ecsapi;

import java.time.Instant;

/** Who sent a request: the access key (bound to a namespace and an identity) and the region it signed for. */
public interface Authenticator {

    record Caller(AccessKey key, String region) {
    }

    /** The caller, or an EcsApiException with ECS's authentication error. */
    Caller authenticate(SignedRequest request, Instant now);
}
