package dev.berth.config;

import java.lang.reflect.Field;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The Kubernetes clients, built as Quarkus builds its default one (whose place the first takes): the operator's,
 * fenced by the leader-election Lease ({@link LeaseFence}) and telling {@link ApiServerReachability} when the API
 * server cannot be reached, which JOSDK, the reconcilers and the Event writers use;
 * and an {@link Unfenced} one for the ECS API.
 */
@Singleton
public class KubernetesClients {

    @Produces
    @Singleton
    LeaseFence leaseFence(BerthConfig config) {
        return new LeaseFence(config.leaderElection(), System::nanoTime);
    }

    @Produces
    @Singleton
    KubernetesClient operatorClient(KubernetesSerialization serialization, Config config, LeaseFence fence,
            ApiServerReachability reachability) {
        FencingInterceptor interceptor = new FencingInterceptor(fence);
        KubernetesClient client = new KubernetesClientBuilder().withKubernetesSerialization(serialization)
                .withConfig(config).withHttpClientBuilderConsumer(builder -> builder
                        .addOrReplaceInterceptor(FencingInterceptor.NAME, interceptor)
                        .addOrReplaceInterceptor(ApiServerReachability.INTERCEPTOR, reachability.interceptor()))
                .build();
        vertxClient(client).connectionHandler(connection -> FencingChannelHandler.install(fence, connection));
        return client;
    }

    /**
     * The Vert.x client under a fabric8 client (Quarkus's HTTP client factory), for a hook fabric8 does not offer: a
     * handler on each new connection. fabric8 keeps it in a private field.
     */
    private static io.vertx.core.http.HttpClient vertxClient(KubernetesClient client) {
        HttpClient http = client.getHttpClient();
        try {
            Field field = http.getClass().getDeclaredField("client");
            field.setAccessible(true);
            return (io.vertx.core.http.HttpClient) field.get(http);
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException("The lease fence needs fabric8's Vert.x HTTP client (its field 'client'), not "
                    + http.getClass().getName(), e);
        }
    }

    @Produces
    @Singleton
    @Unfenced
    KubernetesClient unfencedClient(KubernetesSerialization serialization, Config config) {
        return new KubernetesClientBuilder().withKubernetesSerialization(serialization).withConfig(config).build();
    }

    void close(@Disposes KubernetesClient client) {
        client.close();
    }

    void closeUnfenced(@Disposes @Unfenced KubernetesClient client) {
        client.close();
    }
}
