package dev.berth.cluster;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import dev.berth.api.EcsNames;
import dev.berth.api.v1alpha1.Cluster;
import dev.berth.api.v1alpha1.Service;
import dev.berth.api.v1alpha1.Task;
import dev.berth.cache.References;
import dev.berth.cache.SharedTaskEventSource;
import dev.berth.cache.TaskCache;
import dev.berth.cache.TaskChanges;
import dev.berth.status.StatusWriter;
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
 * Keeps a Cluster's ECS counts (running and pending tasks, active services) and capacity providers in its status.
 * At most one reconcile per Cluster and second: every task start and stop changes a count, and a burst of tasks
 * must not cost a status write each (JOSDK delays the reconciles over the limit, it drops none).
 */
@ControllerConfiguration(name = "cluster")
@RateLimited(maxReconciliations = 1, within = 1, unit = TimeUnit.SECONDS)
public class ClusterReconciler implements Reconciler<Cluster> {

    private final Clock clock;
    private final TaskCache taskCache;

    public ClusterReconciler(Clock clock, TaskCache taskCache) {
        this.clock = clock;
        this.taskCache = taskCache;
    }

    @Override
    public List<EventSource<?, Cluster>> prepareEventSources(EventSourceContext<Cluster> context) {
        // the Task controller's Tasks (held once); counts need only each Task's lastStatus: no reconcile for other updates
        var tasks = new SharedTaskEventSource<Cluster>(taskCache, References.CLUSTER, References::cluster,
                TaskChanges::summaryChanged, context.getControllerConfiguration().getConfigurationService().cacheSyncTimeout());
        var services = InformerEventSourceConfiguration.from(Service.class, Cluster.class)
                .withSecondaryToPrimaryMapper(service -> Set.of(
                        new ResourceID(EcsNames.kubernetesName(service.getSpec().cluster),
                                service.getMetadata().getNamespace())))
                .build();
        return List.of(tasks, new InformerEventSource<>(services, context));
    }

    @Override
    public UpdateControl<Cluster> reconcile(Cluster cluster, Context<Cluster> context) {
        StatusWriter.write(cluster, ClusterStatusCalculator.status(cluster, context.getSecondaryResources(Task.class),
                context.getSecondaryResources(Service.class), clock.instant()), context, ClusterStatusCalculator::keepUsage);
        return UpdateControl.noUpdate();
    }
}
