package dev.berth.ecsapi;

/**
 * The errors the ECS API answers, with the HTTP status the AWS SDK registers for each (DefaultEcsClient): every ECS
 * exception is a client error (400) except ServerException (500), which clients retry. The authentication errors are
 * the common AWS ones the SDKs and CLIs understand.
 */
public enum EcsError {
    CLIENT("ClientException", 400),
    INVALID_PARAMETER("InvalidParameterException", 400),
    CLUSTER_NOT_FOUND("ClusterNotFoundException", 400),
    CLUSTER_CONTAINS_SERVICES("ClusterContainsServicesException", 400),
    CLUSTER_CONTAINS_TASKS("ClusterContainsTasksException", 400),
    SERVICE_NOT_FOUND("ServiceNotFoundException", 400),
    SERVICE_NOT_ACTIVE("ServiceNotActiveException", 400),
    RESOURCE_NOT_FOUND("ResourceNotFoundException", 400),
    CONFLICT("ConflictException", 400),
    UNSUPPORTED_FEATURE("UnsupportedFeatureException", 400),
    LIMIT_EXCEEDED("LimitExceededException", 400),
    ACCESS_DENIED("AccessDeniedException", 400),
    /** The body is not JSON, or a member has the wrong type. */
    SERIALIZATION("SerializationException", 400),
    /** X-Amz-Target names no ECS operation Berth serves (convention of AWS JSON services; not an ECS shape). */
    UNKNOWN_OPERATION("UnknownOperationException", 400),
    /** The body exceeds what the server reads (EcsApiServer.MAX_BODY). */
    REQUEST_TOO_LARGE("RequestEntityTooLargeException", 413),
    MISSING_AUTHENTICATION_TOKEN("MissingAuthenticationTokenException", 403),
    INCOMPLETE_SIGNATURE("IncompleteSignatureException", 400),
    INVALID_SIGNATURE("InvalidSignatureException", 400),
    UNRECOGNIZED_CLIENT("UnrecognizedClientException", 400),
    SERVER("ServerException", 500);

    private final String type;
    private final int httpStatus;

    EcsError(String type, int httpStatus) {
        this.type = type;
        this.httpStatus = httpStatus;
    }

    /** The {@code __type} of the error body (the short shape name, as awsJson1_1 servers send it). */
    public String type() {
        return type;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
