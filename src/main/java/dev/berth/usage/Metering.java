package dev.berth.usage;

import java.time.Instant;
import java.util.function.Supplier;

import jakarta.inject.Singleton;

import dev.berth.api.v1alpha1.Cluster;
import dev.berth.api.v1alpha1.EcsTaskDefinition;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskDefinitionRevision;
import dev.berth.api.v1alpha1.TaskStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

/** What the Task controller calls for usage: one dependency, so the Task path stays as it was plus three calls. */
@Singleton
public class Metering {

    private final PriceTable prices;
    private final UsageMetrics metrics;
    private final TaskMeters meters;

    public Metering(PriceTable prices, UsageMetrics metrics, TaskMeters meters) {
        this.prices = prices;
        this.metrics = metrics;
        this.meters = meters;
    }

    /** The Task controller's caches, which running tasks are metered from. */
    public void watch(IndexerResourceCache<Task> tasks, InformerEventSource<TaskDefinitionRevision, Task> revisions,
            InformerEventSource<Cluster, Task> clusters) {
        meters.watch(revisions, clusters);
        metrics.watch(() -> tasks.list().toList());
    }

    /** {@link FinalUsage#stamp}: the usage goes into the status that records STOPPED. */
    public boolean stampFinal(TaskStatus next, EcsTaskDefinition definition, Pod pod, Cluster cluster) {
        return FinalUsage.stamp(next, definition, () -> FinalUsage.spot(next.capacityProviderName, pod, cluster), prices);
    }

    /** After a Task's status write (see {@link UsageMetrics#recorded}). */
    public void recorded(Task written, boolean metered) {
        metrics.recorded(written, metered);
    }

    /** Whether a Task being deleted may go: see {@link DeletionHold}. */
    public DeletionHold.Decision hold(Task task, Cluster cluster, Supplier<EcsTaskDefinition> definition, Pod pod,
            Instant now) {
        String provider = task.getStatus() == null ? null : task.getStatus().capacityProviderName;
        return DeletionHold.decide(task, cluster, definition, () -> FinalUsage.spot(provider, pod, cluster), prices, now);
    }
}
