package dev.berth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The operator's client as {@link KubernetesClients} builds it, against a mock API server: a refused write is never
 * sent, and the Lease writes the client itself makes open the fence.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesClientsTest {

    static final long SECOND = 1_000_000_000L;

    long now = 99 * SECOND;
    /** How far the clock moves each time it is read: time a request spends in the client between its two checks. */
    long step;
    KubernetesMockServer server;
    KubernetesClient plain;
    KubernetesClient client;
    KubernetesClient unfenced;

    @BeforeEach
    void clients() {
        KubernetesClients clients = new KubernetesClients();
        LeaseFence fence = new LeaseFence(LeaseFenceTest.settings(true), () -> {
            long time = now;
            now += step;
            return time;
        });
        client = clients.operatorClient(new KubernetesSerialization(), plain.getConfiguration(), fence,
                new ApiServerReachability(java.time.Clock.systemUTC()));
        unfenced = clients.unfencedClient(new KubernetesSerialization(), plain.getConfiguration());
    }

    @AfterEach
    void close() {
        client.close();
        unfenced.close();
    }

    @Test
    void writesPassOnlyWithinTheRenewDeadlineOfTheClientsOwnLeaseRenewal() {
        int sent = server.getRequestCount();
        assertThatThrownBy(() -> client.resource(configMap("before-the-lease")).create())
                .isInstanceOf(LeaseFence.NotLeaderException.class)
                .hasMessageContaining("has not held the leader-election Lease");
        assertThat(server.getRequestCount()).as("the refused write was never sent").isEqualTo(sent);

        Lease lease = client.resource(new LeaseBuilder().withNewMetadata().withName("berth").withNamespace("berth-system")
                .endMetadata().withNewSpec().withHolderIdentity("replica-a").endSpec().build()).create();
        client.resource(configMap("led")).create();
        now += 9 * SECOND;
        lease.getSpec().setLeaseDurationSeconds(15);
        client.resource(lease).update();
        now += 9 * SECOND;
        client.resource(configMap("still-led")).create();
        sent = server.getRequestCount();

        now += SECOND;
        assertThatThrownBy(() -> client.resource(configMap("too-late")).create())
                .isInstanceOf(LeaseFence.NotLeaderException.class).hasMessageContaining("not the leader since 0.0 s ago");
        assertThat(server.getRequestCount()).as("the refused write was never sent").isEqualTo(sent);
        assertThat(client.configMaps().inNamespace("team-a").list().getItems()).extracting(c -> c.getMetadata().getName())
                .containsExactlyInAnyOrder("led", "still-led");
        unfenced.resource(configMap("for-a-caller")).create();
        assertThat(client.configMaps().inNamespace("team-a").withName("for-a-caller").get()).isNotNull();
    }

    @Test
    void aWriteHeldInTheClientPastTheDeadlineIsRefusedAtTheSocketAndNeverSent() {
        client.resource(new LeaseBuilder().withNewMetadata().withName("berth").withNamespace("berth-system").endMetadata()
                .withNewSpec().withHolderIdentity("replica-a").endSpec().build()).create();
        now += 9 * SECOND;
        step = 2 * SECOND; // checked when made 9 s after the renewal, when written 11 s after
        int sent = server.getRequestCount();
        // the caller sees the connection closed; the log says why (FencingChannelHandler)
        assertThatThrownBy(() -> client.resource(configMap("held")).create())
                .hasRootCauseInstanceOf(io.vertx.core.http.HttpClosedException.class);
        assertThat(server.getRequestCount()).as("the held write was never sent").isEqualTo(sent);
        assertThat(plain.configMaps().inNamespace("team-a").withName("held").get()).isNull();
    }

    private static ConfigMap configMap(String name) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace("team-a").endMetadata().build();
    }
}
