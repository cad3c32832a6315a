package dev.berth.status;

import java.util.Objects;
import java.util.function.BiConsumer;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;

/**
 * Writes a primary's status only when it changed, with optimistic locking, and puts the result in
 * the controller's cache so the next reconcile never works from a status older than its own write.
 */
public final class StatusWriter {

    private StatusWriter() {
    }

    public static <S, P extends CustomResource<?, S>> P write(P primary, S status, Context<P> context) {
        return write(primary, status, context, (latest, mine) -> {
        });
    }

    /**
     * The same, for a status some fields of which another controller writes: {@code keep} copies them from the copy
     * being replaced into the status written. JOSDK retries a conflicting write on the newest cached copy; without
     * this, the retry would put back the other controller's fields as they were when this status was computed.
     */
    public static <S, P extends CustomResource<?, S>> P write(P primary, S status, Context<P> context,
            BiConsumer<S, S> keep) {
        if (!differ(primary.getStatus(), status)) {
            return primary;
        }
        return PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(primary, context, p -> {
            if (p.getStatus() != null) {
                keep.accept(p.getStatus(), status);
            }
            p.setStatus(status);
            return p;
        });
    }

    /** Whether two statuses differ as the API server would store them (JSON), whatever their Java identity. */
    public static boolean differ(Object previous, Object next) {
        return !Objects.equals(tree(previous), tree(next));
    }

    private static JsonNode tree(Object value) {
        return Serialization.jsonMapper().valueToTree(value);
    }
}
