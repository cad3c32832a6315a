package dev.berth.config;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.javaoperatorsdk.operator.api.config.ConfigurationService;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/** The operator's JOSDK configuration carries Berth's handler for an informer that stops on an error. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class ExitWhenAnInformerFailsTest {

    @Inject
    ConfigurationService configuration;

    @Test
    void josdkUsesBerthsHandlerForAStoppedInformer() {
        assertThat(configuration.getInformerStoppedHandler()).get().isInstanceOf(ExitWhenAnInformerFails.class);
    }
}
