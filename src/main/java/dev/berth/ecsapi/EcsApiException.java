package dev.berth.ecsapi;

/**
 * An ECS error answered to the caller: its {@code __type}, ECS's message and HTTP status. The caller's mistake (or
 * missing rights), never a bug: bugs surface as {@link EcsError#SERVER} from anything else thrown.
 */
public final class EcsApiException extends RuntimeException {

    private final EcsError error;

    public EcsApiException(EcsError error, String message) {
        super(message, null, false, false);
        this.error = error;
    }

    public EcsError error() {
        return error;
    }

    public static EcsApiException invalidParameter(String message) {
        return new EcsApiException(EcsError.INVALID_PARAMETER, message);
    }

    public static EcsApiException client(String message) {
        return new EcsApiException(EcsError.CLIENT, message);
    }

    public static EcsApiException clusterNotFound() {
        return new EcsApiException(EcsError.CLUSTER_NOT_FOUND, "Cluster not found.");
    }

    public static EcsApiException serviceNotFound() {
        return new EcsApiException(EcsError.SERVICE_NOT_FOUND, "Service not found.");
    }

    public static EcsApiException taskDefinitionNotFound() {
        return new EcsApiException(EcsError.CLIENT, "Unable to describe task definition.");
    }
}
