package dev.berth.autoscaling;

import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.berth.api.v1alpha1.Berth;
import dev.berth.api.v1alpha1.Service;
import dev.berth.api.v1alpha1.ServiceAutoScalingStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * The autoscaler's two writes to a Service. desiredCount through the Service's /scale subresource (a merge patch of
 * spec.replicas) with the field
 * manager {@value #FIELD_MANAGER}: the API server records it as the owner of spec.desiredCount, so server-side
 * applies of manifests without desiredCount keep it, and those with it conflict instead of silently fighting.
 */
final class ServicePatches {

    static final String FIELD_MANAGER = "berth-autoscaler";

    private final KubernetesClient client;

    ServicePatches(KubernetesClient client) {
        this.client = client;
    }

    /**
     * Writes desiredCount through /scale. The API server refuses /scale while spec.desiredCount is absent ("the spec
     * replicas field does not exist"), so that first write sets the field itself, with the same field manager.
     * Empty when written, else the API server's answer.
     */
    Optional<String> scale(Service service, int replicas) {
        String namespace = service.getMetadata().getNamespace();
        String name = service.getMetadata().getName();
        if (service.getSpec().desiredCount == null) {
            return patch(namespace, name, "", "application/merge-patch+json",
                    "{\"spec\":{\"desiredCount\":" + replicas + "}}");
        }
        return patch(namespace, name, "scale", "application/merge-patch+json", "{\"spec\":{\"replicas\":" + replicas + "}}");
    }

    /**
     * Replaces (or, with null, removes) status.autoScaling only (a JSON patch on /status without resourceVersion), so it never
     * races the
     * scheduler's status writes for the other fields.
     */
    Optional<String> status(Service service, ServiceAutoScalingStatus status) {
        String value = Serialization.asJson(status);
        String body = status == null ? "[{\"op\":\"remove\",\"path\":\"/status/autoScaling\"}]"
                : service.getStatus() == null
                        ? "[{\"op\":\"add\",\"path\":\"/status\",\"value\":{\"autoScaling\":" + value + "}}]"
                        : "[{\"op\":\"add\",\"path\":\"/status/autoScaling\",\"value\":" + value + "}]";
        return patch(service.getMetadata().getNamespace(), service.getMetadata().getName(), "status",
                "application/json-patch+json", body);
    }

    private Optional<String> patch(String namespace, String name, String subresource, String type, String body) {
        String url = client.getMasterUrl().toString().replaceAll("/$", "") + "/apis/" + Berth.API_VERSION + "/namespaces/"
                + namespace + "/services/" + name + (subresource.isEmpty() ? "" : "/" + subresource) + "?fieldManager="
                + FIELD_MANAGER;
        HttpRequest request = client.getHttpClient().newHttpRequestBuilder().uri(url).method("PATCH", type, body).build();
        try {
            HttpResponse<String> response = client.getHttpClient().sendAsync(request, String.class).get(30, TimeUnit.SECONDS);
            return response.isSuccessful() ? Optional.empty()
                    : Optional.of("HTTP " + response.code() + ": " + response.body());
        } catch (ExecutionException | TimeoutException e) {
            return Optional.of(e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }
}
