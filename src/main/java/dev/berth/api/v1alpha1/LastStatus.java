package dev.berth.api.v1alpha1;

/** ECS task lastStatus, in lifecycle order: a task only ever moves forward. Serialised as the ECS name. */
public enum LastStatus {
    PROVISIONING("Provisioning"),
    PENDING("Pending"),
    ACTIVATING("Activating"),
    RUNNING("Running"),
    DEACTIVATING("Deactivating"),
    STOPPING("Stopping"),
    DEPROVISIONING("Deprovisioning"),
    STOPPED("Stopped");

    private final String reason;

    LastStatus(String reason) {
        this.reason = reason;
    }

    /** UpperCamelCase form for Event and condition reasons. */
    public String reason() {
        return reason;
    }

    public boolean isAtLeast(LastStatus other) {
        return compareTo(other) >= 0;
    }

    /** On the way to RUNNING: PROVISIONING, PENDING or ACTIVATING (ECS's pendingCount). */
    public boolean isPending() {
        return !isAtLeast(RUNNING);
    }

    /** Whether a stop has been decided: DEACTIVATING and later. */
    public boolean isStopping() {
        return isAtLeast(DEACTIVATING);
    }

    /** The later of the two; a null previous status never holds a task back. */
    public static LastStatus latest(LastStatus previous, LastStatus next) {
        return previous == null || next.isAtLeast(previous) ? next : previous;
    }
}
