package dev.berth.translate;

import java.util.List;
import java.util.Optional;

import dev.berth.api.v1alpha1.Berth;
import dev.berth.api.v1alpha1.NetworkMode;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;

/**
 * The network mode {@code none} as Kubernetes can express it (pure): a NetworkPolicy selecting the task's Pod by its
 * {@code berth.dev/task} label with both policy types and no rules, so no traffic reaches the Pod and none leaves it.
 * Named after the Task and owned by it, so it is created with the task's Pod and garbage-collected with the Task. The
 * containers still reach each other on localhost, as in ECS. Enforcement is the CNI's: without NetworkPolicy support
 * the task is not isolated (docs/networking.md).
 */
public final class NoneModeNetworkPolicy {

    static final List<String> BOTH_DIRECTIONS = List.of("Ingress", "Egress");

    private NoneModeNetworkPolicy() {
    }

    /** The isolating policy of a task in the none mode, empty in any other mode. */
    public static Optional<NetworkPolicy> render(PodInput in) {
        if (TaskNetwork.mode(in.taskDefinition()) != NetworkMode.none) {
            return Optional.empty();
        }
        String taskLabel = PodMetadata.labels(in).get(Berth.LABEL_TASK);
        return Optional.of(new NetworkPolicyBuilder()
                .withMetadata(new ObjectMetaBuilder()
                        .withName(in.taskName())
                        .withNamespace(in.namespace())
                        .addToLabels(Berth.LABEL_TASK, taskLabel)
                        .addToLabels(Berth.LABEL_MANAGED_BY, Berth.MANAGED_BY)
                        .withOwnerReferences(PodMetadata.ownerReference(in))
                        .build())
                .withNewSpec()
                .withNewPodSelector().addToMatchLabels(Berth.LABEL_TASK, taskLabel).endPodSelector()
                .withPolicyTypes(BOTH_DIRECTIONS)
                .endSpec()
                .build());
    }
}
