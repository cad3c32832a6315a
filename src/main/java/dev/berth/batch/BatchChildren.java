package dev.berth.batch;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskStatus;

/**
 * What a job reads of its children in the shared Task cache: which of their updates concern it (its plan reads only
 * whether a child started, is stopping, stopped or is deleted, and its labels), and the reason a child stopped.
 */
final class BatchChildren {

    private BatchChildren() {
    }

    /**
     * Whether an update changes what {@link BatchJobLifecycle#plan} reads of a child: started (startedAt), stopped,
     * asked to stop, deleted, or its labels (index, attempt, job).
     */
    static boolean planChanged(Task before, Task after) {
        return !Objects.equals(planned(before), planned(after));
    }

    private static List<Object> planned(Task task) {
        TaskStatus status = task.getStatus() == null ? new TaskStatus() : task.getStatus();
        return Arrays.asList(status.startedAt != null, status.lastStatus == LastStatus.STOPPED,
                task.getSpec() == null ? null : task.getSpec().desiredStatus, task.getMetadata().getDeletionTimestamp(),
                task.getMetadata().getLabels());
    }

    /** The reason AWS Batch reports for a stopped child: that of its first essential container with one, or null. */
    static String containerReason(TaskStatus status) {
        return status.containers == null ? null
                : status.containers.stream().filter(c -> c.reason != null && !Boolean.FALSE.equals(c.essential))
                        .map(c -> c.reason).findFirst().orElse(null);
    }
}
