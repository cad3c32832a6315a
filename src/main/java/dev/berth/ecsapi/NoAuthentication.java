package dev.berth.ecsapi;

import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * berth.ecs-api.auth=none: every request acts in one namespace, signed or not (the region of a signature, if any,
 * goes into ARNs). Only for a laptop; the server logs a warning at start.
 */
final class NoAuthentication implements Authenticator {

    private static final Pattern REGION = Pattern.compile("Credential=[^/]+/\\d{8}/([^/]+)/");
    private final String namespace;

    NoAuthentication(String namespace) {
        this.namespace = namespace;
    }

    @Override
    public Caller authenticate(SignedRequest request, Instant now) {
        String authorization = request.header("authorization");
        Matcher m = authorization == null ? null : REGION.matcher(authorization);
        String region = m != null && m.find() ? m.group(1) : "us-east-1";
        return new Caller(new AccessKey("anonymous", "", namespace, "none"), region);
    }
}
