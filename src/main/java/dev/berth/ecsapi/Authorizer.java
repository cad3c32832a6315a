package dev.berth.ecsapi;

/** Decides whether an access key's Kubernetes identity may do what an ECS operation does. */
public interface Authorizer {

    /** Returns normally when allowed; throws AccessDeniedException otherwise. */
    void authorize(AccessKey key, String operation, Permission permission);
}
