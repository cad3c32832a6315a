package dev.berth.usage;

import java.time.Instant;
import java.util.function.BooleanSupplier;

import dev.berth.api.v1alpha1.Berth;
import dev.berth.api.v1alpha1.Cluster;
import dev.berth.api.v1alpha1.EcsTaskDefinition;
import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.TaskStatus;
import dev.berth.cluster.CapacityProviders;
import dev.berth.task.Times;
import dev.berth.translate.Placement;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * Puts a task's final usage into the status that records STOPPED, so it is written by the same status write and
 * never by one of its own. A status that already has its usage keeps it: the figures are final, whatever the prices
 * are later.
 */
public final class FinalUsage {

    private FinalUsage() {
    }

    /**
     * Adds the usage to {@code next} when it is STOPPED without one, and says whether it did.
     *
     * @param next the status about to be written (changed in place, as the lifecycle builds it)
     * @param definition the task's revision with its overrides, or null when it is gone
     * @param spot whether the task ran on spot capacity (asked only when the usage is due)
     */
    public static boolean stamp(TaskStatus next, EcsTaskDefinition definition, BooleanSupplier spot, PriceTable prices) {
        if (next.usage != null || next.lastStatus != LastStatus.STOPPED) {
            return false;
        }
        Instant stoppedAt = Times.parse(next.stoppedAt).orElse(null);
        if (stoppedAt == null) {
            return false;
        }
        next.usage = Meter.usage(MeteredTask.of(next, definition, spot.getAsBoolean()), stoppedAt, prices);
        return true;
    }

    /**
     * Whether a task's capacity is spot: its Pod says so when it still exists, else its capacity provider does
     * (FARGATE_SPOT, or a provider of its cluster with spot: true).
     */
    public static boolean spot(String capacityProvider, Pod pod, Cluster cluster) {
        if (pod != null && pod.getMetadata().getLabels() != null
                && "true".equals(pod.getMetadata().getLabels().get(Berth.LABEL_SPOT))) {
            return true;
        }
        return capacityProvider != null
                && CapacityProviders.placement(cluster, capacityProvider).map(Placement::spot).orElse(false);
    }
}
