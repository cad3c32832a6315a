package dev.berth.translate;

import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Toleration;

/**
 * Where a task runs, as decided by its capacity provider: the provider's name (a Pod label, so
 * tasks can be counted per provider) and the node selector and tolerations that reach its nodes.
 */
public record Placement(String capacityProvider, Map<String, String> nodeSelector, List<Toleration> tolerations,
        boolean spot) {

    /** No capacity provider: the Pod may go to any node. */
    public static final Placement NONE = new Placement(null, Map.of(), List.of());

    /** On-demand capacity. */
    public Placement(String capacityProvider, Map<String, String> nodeSelector, List<Toleration> tolerations) {
        this(capacityProvider, nodeSelector, tolerations, false);
    }

    public Placement {
        nodeSelector = nodeSelector == null ? Map.of() : Map.copyOf(nodeSelector);
        tolerations = tolerations == null ? List.of() : List.copyOf(tolerations);
    }
}
