package dev.berth.task;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.berth.api.v1alpha1.TaskStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;

/** The Task's one standard condition: Ready is True while the task is RUNNING. */
final class ReadyCondition {

    static final String TYPE = "Ready";

    private ReadyCondition() {
    }

    /** The Ready condition, keeping the previous lastTransitionTime while status and reason stay the same. */
    static Condition of(TaskStatus previous, boolean ready, String reason, String message, Long generation, Instant now) {
        String status = ready ? "True" : "False";
        String since = find(previous)
                .filter(c -> status.equals(c.getStatus()) && Objects.equals(reason, c.getReason()))
                .map(Condition::getLastTransitionTime)
                .orElse(Times.format(now));
        return new ConditionBuilder().withType(TYPE).withStatus(status).withReason(reason).withMessage(message)
                .withObservedGeneration(generation).withLastTransitionTime(since).build();
    }

    static Optional<Condition> find(TaskStatus status) {
        List<Condition> conditions = status == null || status.conditions == null ? List.of() : status.conditions;
        return conditions.stream().filter(c -> TYPE.equals(c.getType())).findFirst();
    }
}
