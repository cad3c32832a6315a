package dev.berth.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import dev.berth.api.v1alpha1.ServiceDeployment;
import dev.berth.api.v1alpha1.ServiceDeployment.DeploymentStatus;
import dev.berth.api.v1alpha1.ServiceDeployment.RolloutState;
import dev.berth.api.v1alpha1.ServiceStatus;
import dev.berth.status.Copies;

/**
 * A service's deployments as one immutable value (newest first, at most one PRIMARY) with its last completed one, and
 * the ECS deployment state machine over it (6.1–6.3): a new PRIMARY, a change to the PRIMARY, completion. Every
 * transition returns a new Rollout of fresh copies; the records of the status it came from are never changed.
 */
record Rollout(List<ServiceDeployment> deployments, ServiceDeployment lastCompleted) {

    Rollout {
        deployments = List.copyOf(Deployments.copy(deployments));
        lastCompleted = Copies.deep(lastCompleted);
    }

    static Rollout of(ServiceStatus previous) {
        return new Rollout(previous.deployments == null ? List.of() : previous.deployments, previous.lastCompletedDeployment);
    }

    /** The PRIMARY deployment, a copy; null before the first deployment. */
    ServiceDeployment primary() {
        return deployments.stream().filter(d -> DeploymentStatus.PRIMARY.equals(d.status)).findFirst().map(Copies::deep)
                .orElse(null);
    }

    String primaryId() {
        return deployments.stream().filter(d -> DeploymentStatus.PRIMARY.equals(d.status)).findFirst().map(d -> d.id)
                .orElse(null);
    }

    boolean primaryIn(RolloutState rolloutState) {
        ServiceDeployment primary = primary();
        return primary != null && primary.rolloutState == rolloutState;
    }

    /** A new PRIMARY deployment {@code id} of {@code taskDefinition}: every other one becomes ACTIVE. */
    Rollout start(String id, String taskDefinition, String trigger, int desired, Instant now) {
        ServiceDeployment primary = Deployments.start(id, taskDefinition, trigger, now);
        primary.desiredCount = desired;
        List<ServiceDeployment> next = new ArrayList<>();
        next.add(primary);
        for (ServiceDeployment d : Deployments.copy(deployments)) {
            d.status = DeploymentStatus.ACTIVE;
            next.add(d);
        }
        return new Rollout(next, lastCompleted);
    }

    /** This rollout with {@code change} made to (a copy of) its PRIMARY. */
    Rollout withPrimary(Consumer<ServiceDeployment> change) {
        List<ServiceDeployment> next = Deployments.copy(deployments);
        next.stream().filter(d -> DeploymentStatus.PRIMARY.equals(d.status)).findFirst().ifPresent(change);
        return new Rollout(next, lastCompleted);
    }

    /** This rollout with {@code change} made to (copies of) every deployment. */
    Rollout withEach(Consumer<ServiceDeployment> change) {
        List<ServiceDeployment> next = Deployments.copy(deployments);
        next.forEach(change);
        return new Rollout(next, lastCompleted);
    }

    /** Only the PRIMARY is left; an IN_PROGRESS one is COMPLETED and becomes the last completed deployment. */
    Rollout complete() {
        ServiceDeployment primary = primary();
        if (RolloutState.IN_PROGRESS.equals(primary.rolloutState)) {
            primary.rolloutState = RolloutState.COMPLETED;
            primary.rolloutStateReason = Deployments.completed(primary.id);
            return new Rollout(List.of(primary), primary);
        }
        return new Rollout(List.of(primary), lastCompleted);
    }

    /**
     * A FAILED PRIMARY that did not roll back starts nothing more, but the service still runs: the newest older
     * deployment keeps the tasks it had when the deployment failed.
     */
    Optional<ServiceDeployment> kept() {
        return deployments.stream().filter(d -> !DeploymentStatus.PRIMARY.equals(d.status)).findFirst().map(Copies::deep);
    }
}
