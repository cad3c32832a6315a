package dev.berth.task;

import dev.berth.api.v1alpha1.Task;

/** A Task's reference to a task definition: {@code family} or {@code family:revision}. */
public record TaskReference(String family, Integer revision) {

    public static TaskReference parse(String reference) {
        int colon = reference.lastIndexOf(':');
        if (colon < 0) {
            return new TaskReference(reference, null);
        }
        return new TaskReference(reference.substring(0, colon), Integer.valueOf(reference.substring(colon + 1)));
    }

    /** The revision number a Task runs or will run, pinned or named, or null if only the family is known. */
    public static Integer revisionInUse(Task task) {
        if (task.getStatus() != null && task.getStatus().taskDefinition != null) {
            return parse(task.getStatus().taskDefinition).revision();
        }
        return parse(task.getSpec().taskDefinition).revision();
    }

    @Override
    public String toString() {
        return revision == null ? family : family + ":" + revision;
    }
}
