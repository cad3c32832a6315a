package dev.berth.translate;

/** What a task container becomes in the Pod, decided by the dependsOn conditions pointing at it. */
enum ContainerRole {
    /** Nothing depends on it: a regular container, started after every init container. */
    APP,
    /** Another container waits for it to exit (COMPLETE or SUCCESS): a run-to-completion init container. */
    INIT,
    /** Another container waits for it to start (START): a native sidecar. */
    SIDECAR,
    /** Another container waits for it to be healthy (HEALTHY): a native sidecar gated by a startup probe. */
    HEALTHY_SIDECAR;

    boolean isInitContainer() {
        return this != APP;
    }
}
