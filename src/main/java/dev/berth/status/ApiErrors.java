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
     * The object's namespace is going or gone: being deleted, it refuses new objects (403 Forbidden with the cause
     * NamespaceTerminating); deleted, a create in it is 404 NotFound naming the namespace. Whatever was to be created
     * goes with the namespace, so there is nothing to do.
     */
    public static boolean namespaceGone(KubernetesClientException e) {
        Optional<StatusDetails> details = Optional.ofNullable(e.getStatus()).map(Status::getDetails);
        List<StatusCause> causes = details.map(StatusDetails::getCauses).orElse(List.of());
        boolean terminating = e.getCode() == 403 && causes.stream().anyMatch(c -> NAMESPACE_TERMINATING.equals(c.getReason()));
        boolean deleted = e.getCode() == 404 && details.map(StatusDetails::getKind).filter("namespaces"::equals).isPresent();
        return terminating || deleted;
    }
}
