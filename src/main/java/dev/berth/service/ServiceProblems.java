package dev.berth.service;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.berth.api.v1alpha1.ServiceDeployment;
import dev.berth.api.v1alpha1.ServiceDeployment.RolloutState;

/**
 * Why a service is Degraded (pure), most important first: a failed or rolled back deployment, a task definition or
 * capacity provider that does not resolve, placement Berth cannot express, bounds that leave the scheduler no room.
 * Each situation is a Warning once while it lasts, not at every reconcile.
 */
final class ServiceProblems {

    private ServiceProblems() {
    }

    static PlanProgress report(PlanFacts f, PlanProgress p, List<String> missingProviders, Optional<String> invalidPlacement,
            boolean complete) {
        ServiceDeployment primary = p.rollout().primary();
        if (primary != null && RolloutState.FAILED.equals(primary.rolloutState)) {
            p = p.problem(new ServiceConditions.Problem("DeploymentFailed", "Deployment " + primary.id + " failed: "
                    + CircuitBreaker.FAILED_REASON + " Update the service to deploy again."));
        } else if (primary != null && Deployments.rolledBack(primary)) {
            p = p.problem(new ServiceConditions.Problem("DeploymentRolledBack", "The circuit breaker rolled back to "
                    + primary.taskDefinition + "; update the service to deploy again."));
        }
        Instant since = ServiceConditions.degradedSince(f.previous().conditions, f.o().now());
        boolean deleting = f.o().deleting();
        if (f.o().targetTaskDefinition() == null && !deleting) {
            p = problem(f, p, since, "TaskDefinitionNotFound",
                    ServiceEvents.taskDefinitionNotFound(f.service(), f.o().spec().taskDefinition));
        }
        if (!missingProviders.isEmpty() && !deleting) {
            p = problem(f, p, since, "CapacityProviderNotFound",
                    ServiceEvents.capacityProviderNotFound(f.service(), missingProviders));
        }
        if (invalidPlacement.isPresent() && !deleting) {
            p = problem(f, p, since, "InvalidPlacement", "(service " + f.service() + ") cannot place tasks: "
                    + invalidPlacement.get()
                    + ". Fix placementConstraints or placementStrategy; no task is started meanwhile.");
        }
        if (unableToStartOrStop(f, p, missingProviders, complete)) {
            p = problem(f, p, since, "UnableToStartOrStopTasks", ServiceEvents.unableToStartOrStop(f.service()));
        }
        return p;
    }

    /** A problem, reported as a Warning unless it already was since the service became Degraded. */
    private static PlanProgress problem(PlanFacts f, PlanProgress p, Instant since, String reason, String message) {
        PlanProgress next = p.problem(new ServiceConditions.Problem(reason, message));
        return ServiceEvents.reportedSince(f.previous().events, message, since) ? next : next.report(true, reason, message);
    }

    /** Nothing to start, nothing to stop, nothing on its way, and yet not done: the bounds leave no room. */
    private static boolean unableToStartOrStop(PlanFacts f, PlanProgress p, List<String> missingProviders,
            boolean complete) {
        ServiceDeployment primary = p.rollout().primary();
        if (complete || f.o().deleting() || primary == null || RolloutState.FAILED.equals(primary.rolloutState)
                || !missingProviders.isEmpty() || !p.problems().isEmpty() || !p.launches().isEmpty()
                || !p.stops().isEmpty() || p.recheck() != null) {
            return false;
        }
        return f.o().tasks().stream().filter(t -> !t.stopped()).allMatch(f.health()::healthy);
    }
}
