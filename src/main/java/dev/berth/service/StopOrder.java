package dev.berth.service;

import java.util.Comparator;

/**
 * Which of a service's tasks the scheduler stops first when it has too many (ECS scale-in, like the ReplicaSet
 * controller's ranked deletion): pending first, then running but not healthy, then healthy; newest first within each.
 */
final class StopOrder {

    private StopOrder() {
    }

    static Comparator<ServiceTask> of(TaskHealth health) {
        return Comparator.<ServiceTask> comparingInt(t -> t.pending() ? 0 : health.healthy(t) ? 2 : 1)
                .thenComparing(ServiceTask::createdAt, Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(ServiceTask::name, Comparator.reverseOrder());
    }
}
