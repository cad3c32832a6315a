package dev.berth.usage;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.berth.api.v1alpha1.Cluster;
import dev.berth.api.v1alpha1.ClusterStatus;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.UsageLedger;
import dev.berth.api.v1alpha1.UsageTotals;
import dev.berth.cache.References;
import dev.berth.cache.SharedTaskEventSource;
import dev.berth.cache.TaskCache;
import dev.berth.status.StatusWriter;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.rate.RateLimited;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;

/**
 * Keeps a Cluster's status.usage and status.usageLedger ({@link Ledgers}): observe its tasks, decide the ledger and
 * totals, write both in one status patch with optimistic locking (a conflict is retried from a fresh cache, so the
 * ledger never adds a task on a stale copy), and keep the result in the cache for the next reconcile. Woken when a task starts,
 * stops or is deleted; at most once a second per
 * Cluster, so a burst of deletions is counted in a few writes. Every change of the Cluster wakes it too (not only of
 * its spec), so figures another writer put back are corrected.
 */
@ControllerConfiguration(name = "cluster-usage", generationAwareEventProcessing = false)
@RateLimited(maxReconciliations = 1, within = 1, unit = TimeUnit.SECONDS)
public class ClusterUsageReconciler implements Reconciler<Cluster> {

    private final Clock clock;
    private final PriceTable prices;
    private final TaskMeters meters;
    private final TaskCache taskCache;

    public ClusterUsageReconciler(Clock clock, PriceTable prices, TaskMeters meters, TaskCache taskCache) {
        this.clock = clock;
        this.prices = prices;
        this.meters = meters;
        this.taskCache = taskCache;
    }

    @Override
    public List<EventSource<?, Cluster>> prepareEventSources(EventSourceContext<Cluster> context) {
        // the Task controller's Tasks (held once), woken only by changes of a figure
        return List.of(new SharedTaskEventSource<Cluster>(taskCache, References.CLUSTER, References::cluster,
                UsageChanges::changed, context.getControllerConfiguration().getConfigurationService().cacheSyncTimeout()));
    }

    /**
     * A merge patch of status.usage and status.usageLedger only (the Cluster controller owns the rest), conditional on
     * the resourceVersion the ledger was computed from. A concurrent write makes it fail with 409; JOSDK then retries
     * on the newest cached copy, which is fine for the counts the Cluster controller wrote, but if the ledger itself
     * changed the reconcile fails and starts over from the new one.
     */
    private static Cluster patch(Context<Cluster> context, Cluster cluster, UsageLedger basis, UsageLedger ledger,
            UsageTotals totals) {
        UsageLedger current = cluster.getStatus() == null ? null : cluster.getStatus().usageLedger;
        if (StatusWriter.differ(basis, current)) {
            // JOSDK retries a conflicting write on the newest copy: a ledger computed from another one must not land
            throw new StaleLedgerException(cluster);
        }
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("usage", totals);
        status.put("usageLedger", ledger);
        Map<String, Object> body = Map.of("metadata", Map.of("resourceVersion", cluster.getMetadata().getResourceVersion()),
                "status", status);
        return context.getClient().resource(cluster).subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(body));
    }

    @Override
    public UpdateControl<Cluster> reconcile(Cluster cluster, Context<Cluster> context) {
        ClusterStatus previous = cluster.getStatus() == null ? new ClusterStatus() : cluster.getStatus();
        var tasks = context.getSecondaryResources(Task.class);
        UsageLedger ledger = Ledgers.next(previous.usageLedger, tasks);
        UsageTotals totals = Ledgers.clusterTotals(ledger, tasks, meters::of, prices, clock.instant());
        if (StatusWriter.differ(previous.usageLedger, ledger) || StatusWriter.differ(previous.usage, totals)) {
            PrimaryUpdateAndCacheUtils.updateAndCacheResource(cluster, context, c -> c,
                    c -> patch(context, c, previous.usageLedger, ledger, totals));
        }
        return UpdateControl.noUpdate();
    }
}
