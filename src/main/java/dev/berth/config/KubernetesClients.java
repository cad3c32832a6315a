package dev.berth.config;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The Kubernetes clients, built as Quarkus builds its default one (whose place the first takes): the operator's,
 * fenced by the leader-election Lease ({@link LeaseFence}), which JOSDK, the reconcilers and the Event writers use;
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
    KubernetesClient operatorClient(KubernetesSerialization serialization, Config config, LeaseFence fence) {
        FencingInterceptor interceptor = new FencingInterceptor(fence);
        return new KubernetesClientBuilder().withKubernetesSerialization(serialization).withConfig(config)
                .withHttpClientBuilderConsumer(builder -> builder.addOrReplaceInterceptor(FencingInterceptor.NAME,
                        interceptor))
                .build();
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
