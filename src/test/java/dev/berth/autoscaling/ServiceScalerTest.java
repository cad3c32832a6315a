package dev.berth.autoscaling;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.Service;
import dev.berth.api.v1alpha1.ServiceSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;

/** The autoscaler's write, as the API server receives it (fabric8 mock server). */
@EnableKubernetesMockClient
class ServiceScalerTest {

    static final String SERVICE = "/apis/berth.dev/v1alpha1/namespaces/shop/services/web";

    KubernetesMockServer server;
    KubernetesClient client;

    @Test
    void desiredCountGoesThroughTheScaleSubresourceUnderTheAutoscalersFieldManager() throws Exception {
        server.expect().patch().withPath(SERVICE + "/scale?fieldManager=berth-autoscaler").andReturn(200, """
                {"kind": "Scale", "apiVersion": "autoscaling/v1", "metadata": {"name": "web", "namespace": "shop"},
                 "spec": {"replicas": 4}, "status": {"replicas": 2}}""").once();

        assertThat(new ServiceScaler(client).scale(service(2), 4)).isEmpty();

        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("PATCH");
        assertThat(request.getHeader("Content-Type")).startsWith("application/merge-patch+json");
        assertThat(request.getUtf8Body()).contains("\"kind\":\"Scale\"").contains("\"spec\":{\"replicas\":4}");
    }

    @Test
    void aServiceWithoutDesiredCountGetsTheFieldItselfFirst() throws Exception {
        server.expect().patch().withPath(SERVICE + "?fieldManager=berth-autoscaler").andReturn(200, service(3)).once();

        assertThat(new ServiceScaler(client).scale(service(null), 3)).isEmpty();

        RecordedRequest request = server.takeRequest();
        assertThat(request.getHeader("Content-Type")).startsWith("application/merge-patch+json");
        assertThat(request.getUtf8Body()).isEqualTo("{\"spec\":{\"desiredCount\":3}}");
    }

    @Test
    void aRefusedWriteIsTheApiServersAnswer() {
        server.expect().patch().withPath(SERVICE + "/scale?fieldManager=berth-autoscaler").andReturn(403, """
                {"kind": "Status", "apiVersion": "v1", "status": "Failure", "reason": "Forbidden", "code": 403,
                 "message": "services.berth.dev \\"web\\" is forbidden"}""").once();

        assertThat(new ServiceScaler(client).scale(service(2), 4)).hasValueSatisfying(
                failure -> assertThat(failure).startsWith("HTTP 403").contains("forbidden"));
    }

    private static Service service(Integer desiredCount) {
        Service service = new Service();
        service.setMetadata(new ObjectMetaBuilder().withName("web").withNamespace("shop").build());
        service.setSpec(new ServiceSpec());
        service.getSpec().desiredCount = desiredCount;
        return service;
    }
}
