package dev.berth.task;

import java.util.Optional;

import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.TaskStatus;

/** One sentence saying where the task is and what it waits for: the Ready condition's message and the Event's. */
final class StatusMessages {

    private StatusMessages() {
    }

    static String of(TaskStatus next, TaskFacts facts) {
        LastStatus status = next.lastStatus;
        PodView pod = facts.pod();
        String prefix = "Task is " + status + ": ";
        return switch (status) {
            case PROVISIONING -> prefix + provisioning(facts);
            case PENDING -> prefix + pending(next, pod);
            case ACTIVATING -> prefix + "essential containers are running, waiting for the Pod IP";
            case RUNNING -> "Task is RUNNING" + (pod == null ? "" : " on node " + pod.node() + " with IP " + pod.ip());
            case DEACTIVATING -> prefix + next.stoppedReason;
            case STOPPING -> prefix + "waiting for the containers to exit (" + next.stoppedReason + ")";
            case DEPROVISIONING -> prefix + "all containers have stopped";
            case STOPPED -> next.stoppedReason;
        };
    }

    private static String provisioning(TaskFacts facts) {
        Optional<StartBlocker> blocker = facts.blocker();
        if (blocker.isPresent()) {
            return blocker.get().stoppedReason();
        }
        PodView pod = facts.pod();
        if (pod == null) {
            return "creating Pod " + facts.observation().task().getMetadata().getName();
        }
        return pod.unschedulableMessage().map(m -> "unable to place the task: " + m)
                .orElse("waiting for a scheduler to place Pod " + pod.name() + " (the start timeout counts from then)");
    }

    private static String pending(TaskStatus next, PodView pod) {
        return next.containers.stream().filter(c -> ContainerStates.PENDING.equals(c.lastStatus) && c.reason != null)
                .findFirst().map(c -> "container " + c.name + ": " + c.reason)
                .orElse("starting containers on node " + (pod == null ? null : pod.node()));
    }
}
