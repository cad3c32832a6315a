package dev.berth.reconcilers;

import java.util.concurrent.atomic.AtomicInteger;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/** A fresh namespace per test, so tests sharing one operator never see each other's objects. */
public final class Namespaces {

    private static final AtomicInteger NEXT = new AtomicInteger();

    private Namespaces() {
    }

    public static String create(KubernetesClient client) {
        String name = "test-" + NEXT.incrementAndGet();
        client.resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
        return name;
    }
}
