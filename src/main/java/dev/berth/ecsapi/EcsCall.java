package dev.berth.ecsapi;

import java.time.Instant;

/**
 * One authenticated ECS API call: the namespace (ECS account) it acts in, its ARNs, its request id and time, and the
 * caller's key (for operations that authorise per resource).
 */
public record EcsCall(String namespace, EcsArns arns, String requestId, Instant now, AccessKey key) {
}
