package dev.berth.status;

import java.util.List;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusDetails;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** What an API server's refusal means to a controller, read from the Status it answers with, never from its wording. */
public final class ApiErrors {

    /** The cause the NamespaceLifecycle admission plugin gives a create in a namespace being deleted. */
    static final String NAMESPACE_TERMINATING = "NamespaceTerminating";

    private ApiErrors() {
    }

    /**
     * A namespace being deleted refuses new objects (403 Forbidden with the cause NamespaceTerminating): whatever was to
     * be created goes away with the namespace, so there is nothing to do.
     */
    public static boolean namespaceTerminating(KubernetesClientException e) {
        List<StatusCause> causes = Optional.ofNullable(e.getStatus()).map(Status::getDetails).map(StatusDetails::getCauses)
                .orElse(List.of());
        return e.getCode() == 403 && causes.stream().anyMatch(c -> NAMESPACE_TERMINATING.equals(c.getReason()));
    }
}
