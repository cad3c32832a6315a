package dev.berth.service;

import java.time.Instant;
import java.util.List;

import dev.berth.api.v1alpha1.ServiceDeployment.RolloutState;
import dev.berth.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;

/** Available, Progressing and Degraded for a Service, from what the planner found. */
final class ServiceConditions {

    static final String AVAILABLE = "Available";
    static final String PROGRESSING = "Progressing";
    static final String DEGRADED = "Degraded";
    static final String STEADY_STATE = "SteadyState";

    /** Why the service is degraded, most important first; none when it is fine. */
    record Problem(String reason, String message) {
    }

    private ServiceConditions() {
    }

    static List<Condition> of(List<Condition> previous, Long generation, Instant now, int desired, int healthy,
            boolean steady, boolean deleting, RolloutState rolloutState, String rolloutReason, List<Problem> problems) {
        List<Condition> conditions = previous;
        if (deleting) {
            conditions = Conditions.with(conditions, AVAILABLE, false, "Draining",
                    "The service is being deleted; its tasks are stopping.", generation, now);
        } else {
            boolean available = desired == 0 || healthy >= desired;
            String reason = steady ? STEADY_STATE : available ? "TasksHealthy" : "TasksNotHealthy";
            conditions = Conditions.with(conditions, AVAILABLE, available, reason,
                    healthy + " of " + desired + " desired tasks healthy.", generation, now);
        }
        boolean progressing = RolloutState.IN_PROGRESS.equals(rolloutState);
        conditions = Conditions.with(conditions, PROGRESSING, progressing, progressReason(rolloutState),
                rolloutReason == null ? "No deployment." : rolloutReason, generation, now);
        if (problems.isEmpty()) {
            return Conditions.with(conditions, DEGRADED, false, "AsExpected", "", generation, now);
        }
        Problem first = problems.get(0);
        String message = String.join(" ", problems.stream().map(Problem::message).toList());
        return Conditions.with(conditions, DEGRADED, true, first.reason(), message, generation, now);
    }

    /** Since when the service has been degraded without a break; {@code now} when it was not. */
    static Instant degradedSince(List<Condition> previous, Instant now) {
        return Conditions.find(previous, DEGRADED).filter(c -> "True".equals(c.getStatus()))
                .map(c -> Instant.parse(c.getLastTransitionTime())).orElse(now);
    }

    static boolean wasSteady(List<Condition> previous) {
        return Conditions.find(previous, AVAILABLE).map(c -> STEADY_STATE.equals(c.getReason())).orElse(false);
    }

    private static String progressReason(RolloutState rolloutState) {
        if (rolloutState == null) {
            return "NoDeployment";
        }
        return switch (rolloutState) {
            case IN_PROGRESS -> "DeploymentInProgress";
            case COMPLETED -> "DeploymentCompleted";
            case FAILED -> "DeploymentFailed";
        };
    }
}
