package dev.berth.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;

class ServiceActionsTest {

    @Test
    void aNamespaceBeingDeletedIsNotAnErrorOfTheServicesReconcile() {
        // found by HostileInputIT: the load balancers' Service created in a namespace being deleted escaped the reconcile
        assertThat(ServiceActions.namespaceTerminating(refused(403, "services \"web\" is forbidden: unable to create new"
                + " content in namespace fuzz-1 because it is being terminated"))).isTrue();
        assertThat(ServiceActions.namespaceTerminating(refused(403, "services is forbidden: User cannot create"))).isFalse();
        assertThat(ServiceActions.namespaceTerminating(refused(500, "because it is being terminated"))).isFalse();
    }

    private static KubernetesClientException refused(int code, String message) {
        return new KubernetesClientException(new StatusBuilder().withCode(code).withMessage(message).build());
    }
}
