package dev.berth.config;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.ConfigurationService;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/** JOSDK (its leader election and every controller) works through the fenced client, the ECS API through another. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class OperatorClientTest {

    @Inject
    ConfigurationService configuration;

    @Inject
    KubernetesClient operatorClient;

    @Inject
    @Unfenced
    KubernetesClient unfencedClient;

    @Test
    void josdkUsesTheFencedClient() {
        assertThat(configuration.getKubernetesClient()).isSameAs(operatorClient).isNotSameAs(unfencedClient);
    }
}
