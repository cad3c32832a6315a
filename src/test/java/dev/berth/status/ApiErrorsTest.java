package dev.berth.status;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;

class ApiErrorsTest {

    @Test
    void aNamespaceBeingDeletedIsToldByTheCauseOfTheRefusal() {
        // found by HostileInputIT: the load balancers' Service created in a namespace being deleted escaped the reconcile.
        // The Status as kube-apiserver 1.36 answers it (captured with kubectl -v=9).
        assertThat(ApiErrors.namespaceGone(refused(403, "NamespaceTerminating"))).isTrue();
        assertThat(ApiErrors.namespaceGone(refused(403, null))).as("RBAC's Forbidden has no such cause").isFalse();
        assertThat(ApiErrors.namespaceGone(refused(500, "NamespaceTerminating"))).isFalse();
        assertThat(ApiErrors.namespaceGone(new KubernetesClientException("connection reset"))).isFalse();
        // and once it is deleted (seen in HostileInputIT: a TaskDefinition's retries outlived its namespace)
        assertThat(ApiErrors.namespaceGone(new KubernetesClientException(new StatusBuilder().withCode(404)
                .withReason("NotFound").withNewDetails().withKind("namespaces").withName("fuzz-1").endDetails().build())))
                .isTrue();
        assertThat(ApiErrors.namespaceGone(new KubernetesClientException(new StatusBuilder().withCode(404)
                .withReason("NotFound").withNewDetails().withKind("services").withName("web").endDetails().build())))
                .as("the object itself not found").isFalse();
    }

    private static KubernetesClientException refused(int code, String cause) {
        StatusBuilder status = new StatusBuilder().withCode(code).withReason("Forbidden").withMessage(
                "services \"web\" is forbidden: unable to create new content in namespace fuzz-1 because it is being terminated");
        if (cause != null) {
            status.withNewDetails().withName("web").withKind("services").addNewCause().withReason(cause)
                    .withMessage("namespace fuzz-1 is being terminated").withField("metadata.namespace").endCause()
                    .endDetails();
        }
        return new KubernetesClientException(status.build());
    }
}
