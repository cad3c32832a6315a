package dev.berth.ecsapi;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * What an API server refusal means to an ECS caller: the CRD's validation (422, the message names the field and the
 * rule) is the caller's InvalidParameterException; a Kubernetes RBAC refusal of the operator itself is AccessDenied.
 * Anything else is not the caller's doing and stays an exception (ServerException, retried by clients).
 */
final class KubernetesErrors {

    private KubernetesErrors() {
    }

    static RuntimeException translate(KubernetesClientException e) {
        Status status = e.getStatus();
        String message = status != null && status.getMessage() != null ? status.getMessage() : e.getMessage();
        return switch (e.getCode()) {
            case 422, 400 -> EcsApiException.invalidParameter(message);
            case 403 -> new EcsApiException(EcsError.ACCESS_DENIED, "The operator may not do this: " + message);
            default -> e;
        };
    }
}
