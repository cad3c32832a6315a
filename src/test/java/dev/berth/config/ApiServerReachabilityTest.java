package dev.berth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The API server is unreachable from a request that got no answer until the next answer, as the operator's client reports it.
 */
@EnableKubernetesMockClient(crud = true)
class ApiServerReachabilityTest {

    static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

    Instant now = T0;
    KubernetesClient plain;
    final ApiServerReachability reachability = new ApiServerReachability(new Clock() {
        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    });

    @Test
    void unreachableFromAFailedRequestUntilTheNextAnswer() {
        assertThat(reachability.lastLost()).as("never lost").isEmpty();
        reachability.answered();
        assertThat(reachability.lastLost()).isEmpty();

        reachability.lost();
        now = T0.plusSeconds(20);
        assertThat(reachability.lastLost()).as("still unreachable: the start timeout does not run").contains(now);

        now = T0.plusSeconds(35);
        reachability.answered();
        now = T0.plusSeconds(50);
        assertThat(reachability.lastLost()).as("when it answered again").contains(T0.plusSeconds(35));
        reachability.answered();
        assertThat(reachability.lastLost()).contains(T0.plusSeconds(35));
    }

    @Test
    void theOperatorClientReportsRequestsThatGetNoAnswerAndAnswersOfAnyStatus() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Config nowhere = new ConfigBuilder(plain.getConfiguration()).withMasterUrl("http://127.0.0.1:" + closedPort)
                .withRequestRetryBackoffLimit(1).withRequestRetryBackoffInterval(1).build();
        KubernetesClients clients = new KubernetesClients();
        LeaseFence unfenced = new LeaseFence(LeaseFenceTest.settings(false), System::nanoTime);
        try (KubernetesClient down = clients.operatorClient(new KubernetesSerialization(), nowhere, unfenced, reachability);
                KubernetesClient up = clients.operatorClient(new KubernetesSerialization(), plain.getConfiguration(), unfenced,
                        reachability)) {
            assertThatThrownBy(() -> down.configMaps().inNamespace("team-a").list());
            now = T0.plusSeconds(30);
            assertThat(reachability.lastLost()).contains(T0.plusSeconds(30));

            assertThat(up.configMaps().inNamespace("team-a").withName("absent").get()).as("a 404 is an answer").isNull();
            now = T0.plusSeconds(60);
            assertThat(reachability.lastLost()).contains(T0.plusSeconds(30));
        }
    }
}
