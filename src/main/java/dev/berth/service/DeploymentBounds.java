package dev.berth.service;

import dev.berth.api.v1alpha1.ServiceSpec;

/**
 * The ECS rolling-update bounds (6.1): at most {@code upper} tasks RUNNING or PENDING, at least {@code lower} healthy.
 */
record DeploymentBounds(int desired, int upper, int lower) {

    static final int DEFAULT_MAXIMUM_PERCENT = 200;
    static final int DEFAULT_MINIMUM_HEALTHY_PERCENT = 100;

    /** DAEMON services run one task per eligible node: at most 100 %, and by default no minimum (ECS). */
    static DeploymentBounds of(ServiceSpec spec, boolean deleting, int daemonNodes) {
        boolean daemon = spec.schedulingStrategy == ServiceSpec.SchedulingStrategy.DAEMON;
        int desired = deleting ? 0 : daemon ? daemonNodes : spec.desiredCount == null ? 1 : spec.desiredCount;
        ServiceSpec.DeploymentConfiguration config = spec.deploymentConfiguration;
        int maximumPercent = config == null || config.maximumPercent == null
                ? daemon ? 100 : DEFAULT_MAXIMUM_PERCENT
                : config.maximumPercent;
        int minimumHealthyPercent = config == null || config.minimumHealthyPercent == null
                ? daemon ? 0 : DEFAULT_MINIMUM_HEALTHY_PERCENT
                : config.minimumHealthyPercent;
        return of(desired, minimumHealthyPercent, maximumPercent);
    }

    static DeploymentBounds of(int desired, int minimumHealthyPercent, int maximumPercent) {
        int upper = (int) Math.floorDiv((long) desired * maximumPercent, 100L);
        int lower = (int) -Math.floorDiv(-(long) desired * minimumHealthyPercent, 100L);
        return new DeploymentBounds(desired, upper, lower);
    }
}
