package dev.berth.usage;

import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import dev.berth.api.v1alpha1.Cluster;
import dev.berth.api.v1alpha1.EcsTaskDefinition;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskStatus;
import dev.berth.status.Copies;
import dev.berth.task.Times;

/**
 * Whether a Task being deleted may go (pure): only once its cluster's usage ledger has counted it, so its usage is
 * never lost (TTL deletion, kubectl delete, a deleted Service) and never counted twice, whatever restarts happen.
 */
public final class DeletionHold {

    private DeletionHold() {
    }

    public sealed interface Decision {
    }

    /** Nothing (more) to count: the Task may go. */
    public record Release() implements Decision {
    }

    /** Counted soon: the cluster's ledger has not added it yet. */
    public record Wait() implements Decision {
    }

    /** Deleted before it stopped: its usage until now goes into its status first (then it waits to be counted). */
    public record RecordUsage(TaskStatus status) implements Decision {
    }

    /**
     * @param definition the Task's revision with its overrides (asked only when its usage is to be recorded now)
     * @param spot whether its capacity is spot (same)
     */
    public static Decision decide(Task task, Cluster cluster, Supplier<EcsTaskDefinition> definition, BooleanSupplier spot,
            PriceTable prices, Instant now) {
        TaskStatus status = task.getStatus();
        if (cluster == null || cluster.getMetadata().getDeletionTimestamp() != null) {
            return new Release();
        }
        if (status == null || status.usage == null && status.podName == null) {
            return new Release();
        }
        if (status.usage == null) {
            TaskStatus metered = Copies.deep(status);
            Instant stoppedAt = Times.parse(status.stoppedAt).orElse(now);
            metered.usage = Meter.usage(MeteredTask.of(status, definition.get(), spot.getAsBoolean()), stoppedAt, prices);
            return new RecordUsage(metered);
        }
        boolean counted = cluster.getStatus() != null
                && Ledgers.counted(cluster.getStatus().usageLedger, task.getMetadata().getUid());
        return counted ? new Release() : new Wait();
    }
}
