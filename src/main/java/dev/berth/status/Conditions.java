package dev.berth.status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;

/** Standard Kubernetes conditions, computed purely; lastTransitionTime moves only when the status flips. */
public final class Conditions {

    private Conditions() {
    }

    /** A copy of {@code conditions} with {@code type} set, keeping its transition time if the status is unchanged. */
    public static List<Condition> with(List<Condition> conditions, String type, boolean status, String reason,
            String message, Long observedGeneration, Instant now) {
        List<Condition> result = new ArrayList<>();
        Condition previous = null;
        for (Condition c : conditions == null ? List.<Condition> of() : conditions) {
            if (type.equals(c.getType())) {
                previous = c;
            } else {
                result.add(c);
            }
        }
        String statusText = status ? "True" : "False";
        String since = previous != null && statusText.equals(previous.getStatus()) && previous.getLastTransitionTime() != null
                ? previous.getLastTransitionTime()
                : now.toString();
        result.add(new ConditionBuilder().withType(type).withStatus(statusText).withReason(reason)
                .withMessage(message).withObservedGeneration(observedGeneration).withLastTransitionTime(since).build());
        result.sort((a, b) -> a.getType().compareTo(b.getType()));
        return result;
    }

    /** A copy of {@code conditions} without {@code type}. */
    public static List<Condition> without(List<Condition> conditions, String type) {
        List<Condition> result = new ArrayList<>(conditions == null ? List.of() : conditions);
        result.removeIf(c -> type.equals(c.getType()));
        return result;
    }

    public static Optional<Condition> find(List<Condition> conditions, String type) {
        return conditions == null ? Optional.empty() : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }
}
