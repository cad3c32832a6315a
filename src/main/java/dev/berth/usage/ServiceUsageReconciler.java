package dev.berth.usage;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.berth.api.EcsNames;
import dev.berth.api.v1alpha1.Cluster;
import dev.berth.api.v1alpha1.Service;
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
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.rate.RateLimited;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

/**
 * Keeps a Service's status.usage: its share of its cluster's usage ledger (its deleted tasks) plus its present tasks
 * ({@link Ledgers#serviceTotals}). A view derived from exact figures, so it is written with a merge patch of
 * status.usage alone (no resourceVersion), which never races the Service controller's writes of the other fields. Every change
 * of the
 * Service wakes it (not only of its spec): should a Service controller's write put back an older status.usage (its
 * conflict retries reapply what it computed), it is corrected at once.
 */
@ControllerConfiguration(name = "service-usage", generationAwareEventProcessing = false)
@RateLimited(maxReconciliations = 1, within = 1, unit = TimeUnit.SECONDS)
public class ServiceUsageReconciler implements Reconciler<Service> {

    /** The shared Task cache's index of service Tasks by their Service (as usage groups them). */
    private static final String SERVICE = "usage-by-service";

    private final Clock clock;
    private final PriceTable prices;
    private final TaskMeters meters;
    private final TaskCache taskCache;

    public ServiceUsageReconciler(Clock clock, PriceTable prices, TaskMeters meters, TaskCache taskCache) {
        this.clock = clock;
        this.prices = prices;
        this.meters = meters;
        this.taskCache = taskCache;
    }

    @Override
    public List<EventSource<?, Service>> prepareEventSources(EventSourceContext<Service> context) {
        var services = context.getPrimaryCache();
        References.index(services, References.CLUSTER, s -> EcsNames.kubernetesName(s.getSpec().cluster));
        // the Task controller's Tasks (held once), woken only by changes of a figure
        var tasks = new SharedTaskEventSource<Service>(taskCache, SERVICE, task -> {
            String service = UsageKey.of(task).service();
            return service.isEmpty() ? null : service;
        }, UsageChanges::changed, context.getControllerConfiguration().getConfigurationService().cacheSyncTimeout());
        var clusters = InformerEventSourceConfiguration.from(Cluster.class, Service.class)
                .withSecondaryToPrimaryMapper(cluster -> References
                        .naming(services, References.CLUSTER, cluster.getMetadata().getNamespace(),
                                cluster.getMetadata().getName())
                        .map(ResourceID::fromResource).collect(Collectors.toSet()))
                .withPrimaryToSecondaryMapper(
                        (Service s) -> Set.of(new ResourceID(EcsNames.kubernetesName(s.getSpec().cluster),
                                s.getMetadata().getNamespace())))
                .build();
        return List.of(tasks, new InformerEventSource<>(clusters, context));
    }

    @Override
    public UpdateControl<Service> reconcile(Service service, Context<Service> context) {
        UsageLedger ledger = context.getSecondaryResource(Cluster.class)
                .map(c -> c.getStatus() == null ? null : c.getStatus().usageLedger).orElse(null);
        UsageTotals totals = Ledgers.serviceTotals(service.getMetadata().getName(), ledger,
                context.getSecondaryResources(Task.class), meters::of, prices, clock.instant());
        UsageTotals previous = service.getStatus() == null ? null : service.getStatus().usage;
        if (StatusWriter.differ(previous, totals)) {
            context.getClient().resource(service).subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
                    Serialization.asJson(Map.of("status", Map.of("usage", totals))));
        }
        return UpdateControl.noUpdate();
    }
}
