package dev.berth.autoscaling;

import java.util.Map;
import java.util.Optional;

import dev.berth.api.v1alpha1.Berth;
import dev.berth.api.v1alpha1.Service;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.autoscaling.v1.ScaleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * The autoscaler's one write: a Service's desiredCount, through its /scale subresource (a merge patch of a typed
 * {@code Scale}) with the field manager {@value #FIELD_MANAGER}. The API server records it as the owner of
 * spec.desiredCount, so server-side applies of manifests without desiredCount keep it, and those with it conflict
 * instead of silently fighting. The status is not written here: the Service reconciler writes the autoscaler's report.
 */
final class ServiceScaler {

    static final String FIELD_MANAGER = "berth-autoscaler";

    private static final PatchContext MERGE = new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE)
            .withFieldManager(FIELD_MANAGER).build();

    private static final ResourceDefinitionContext SERVICES = ResourceDefinitionContext.fromResourceType(Service.class);

    private final KubernetesClient client;

    ServiceScaler(KubernetesClient client) {
        this.client = client;
    }

    /**
     * Sets desiredCount to {@code replicas}. The API server refuses /scale while spec.desiredCount is absent ("the spec
     * replicas field does not exist"), so that first write sets the field itself, with the same field manager. Empty
     * when written, else the API server's answer.
     */
    Optional<String> scale(Service service, int replicas) {
        // the item names the object, so fabric8 does not read it from the server first
        String namespace = service.getMetadata().getNamespace();
        try {
            if (service.getSpec().desiredCount == null) {
                client.resources(Service.class).inNamespace(namespace).resource(service).patch(MERGE,
                        Serialization.asJson(Map.of("spec", Map.of("desiredCount", replicas))));
            } else {
                // the generic client, because the answer is a Scale, which does not read as a Service
                GenericKubernetesResource named = new GenericKubernetesResourceBuilder().withApiVersion(Berth.API_VERSION)
                        .withKind(HasMetadata.getKind(Service.class)).withNewMetadata()
                        .withName(service.getMetadata().getName()).withNamespace(namespace).endMetadata().build();
                client.genericKubernetesResources(SERVICES).inNamespace(namespace).resource(named).subresource("scale")
                        .patch(MERGE, Serialization.asJson(
                                new ScaleBuilder().withNewSpec().withReplicas(replicas).endSpec().build()));
            }
            return Optional.empty();
        } catch (KubernetesClientException e) {
            return Optional.of(e.getCode() == 0 ? e.getMessage() : "HTTP " + e.getCode() + ": " + e.getMessage());
        }
    }
}
