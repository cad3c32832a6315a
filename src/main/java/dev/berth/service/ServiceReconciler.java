package dev.berth.service;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.berth.api.EcsNames;
import dev.berth.api.TaskReference;
import dev.berth.api.v1alpha1.Berth;
import dev.berth.api.v1alpha1.Cluster;
import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.Service;
import dev.berth.api.v1alpha1.ServiceSpec.SchedulingStrategy;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskDefinitionRevision;
import dev.berth.autoscaling.Autoscaler;
import dev.berth.autoscaling.ResourceMetricsReader;
import dev.berth.cache.LeanItemStore;
import dev.berth.cache.References;
import dev.berth.cache.SharedTaskEventSource;
import dev.berth.cache.TaskCache;
import dev.berth.config.BerthConfig;
import dev.berth.config.Leadership;
import dev.berth.events.EventRecorder;
import dev.berth.status.StatusWriter;
import dev.berth.usage.RightSizer;
import io.fabric8.kubernetes.api.model.Node;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

/**
 * Keeps an ECS service's tasks: observe ({@link ServiceObserver}, caches only), decide ({@link ServiceScheduler}, pure),
 * create what the status names (the Kubernetes Service of its load balancers, the launched Tasks), write the status
 * once, then stop tasks and delete. Launches come before the status write, as the Task controller creates its Pod
 * before deciding, and the status's ECS event names the tasks that exist once they are done; a crash in between is
 * repaired by the next reconcile, which sees the launched tasks. Task names are deterministic
 * ({@link ServiceTaskNames}), so a launch repeated before the cache shows the first is an AlreadyExists, not a second
 * Task. The autoscaler and right-sizing run inside this
 * controller ({@link AutoscalingTimer}), on its caches, and their reports are written here with the rest of the status.
 * Deleting the Service drains it.
 */
@ControllerConfiguration(name = "service")
public class ServiceReconciler implements Reconciler<Service>, Cleaner<Service> {

    static final String BY_SCHEDULING_STRATEGY = "by-scheduling-strategy";
    static final String BY_KUBERNETES_SERVICE = "by-kubernetes-service";
    /** How often a deleted Service's drain is looked at, besides its tasks' own events. */
    private static final Duration DRAIN_RECHECK = Duration.ofSeconds(10);

    private final EventRecorder events;
    private final Clock clock;
    private final BerthConfig config;
    private final Autoscaler autoscaler;
    private final RightSizer rightSizer;
    private final ResourceMetricsReader resourceMetrics;
    private final Leadership leadership;
    private final TaskCache taskCache;

    public ServiceReconciler(EventRecorder events, Clock clock, BerthConfig config, Autoscaler autoscaler,
            RightSizer rightSizer, ResourceMetricsReader resourceMetrics, Leadership leadership, TaskCache taskCache) {
        this.events = events;
        this.clock = clock;
        this.config = config;
        this.autoscaler = autoscaler;
        this.rightSizer = rightSizer;
        this.resourceMetrics = resourceMetrics;
        this.leadership = leadership;
        this.taskCache = taskCache;
    }

    @Override
    public List<EventSource<?, Service>> prepareEventSources(EventSourceContext<Service> context) {
        IndexerResourceCache<Service> services = context.getPrimaryCache();
        References.index(services, References.FAMILY, s -> TaskReference.parse(s.getSpec().taskDefinition).family());
        References.index(services, References.CLUSTER, s -> EcsNames.kubernetesName(s.getSpec().cluster));
        services.addIndexer(BY_KUBERNETES_SERVICE, s -> java.util.stream.Stream
                .concat(java.util.stream.Stream.of(KubernetesServiceRenderer.name(s)), DiscoveryServices.names(s).stream())
                .map(name -> s.getMetadata().getNamespace() + "/" + name).distinct().toList());
        services.addIndexer(BY_SCHEDULING_STRATEGY, s -> List.of(String.valueOf(s.getSpec().schedulingStrategy)));
        // the Task controller's Tasks (held once): every change of one of its tasks wakes the Service
        var tasks = new SharedTaskEventSource<Service>(taskCache, References.SERVICE, References::service,
                (newer, older) -> true, context.getControllerConfiguration().getConfigurationService().cacheSyncTimeout());
        var revisions = InformerEventSourceConfiguration.from(TaskDefinitionRevision.class, Service.class)
                .withLabelSelector(Berth.LABEL_MANAGED_BY + "=" + Berth.MANAGED_BY)
                .withSecondaryToPrimaryMapper(
                        r -> ids(services, References.FAMILY, r.getMetadata().getNamespace(), r.getSpec().family))
                .build();
        var clusters = InformerEventSourceConfiguration.from(Cluster.class, Service.class)
                .withSecondaryToPrimaryMapper(
                        c -> ids(services, References.CLUSTER, c.getMetadata().getNamespace(), c.getMetadata().getName()))
                .build();
        // every Kubernetes Service of the namespace, not only Berth's: one of the wanted name that someone else owns
        // must be seen (and left alone) without asking the API server; it wakes the ECS service that wants its name
        var kubernetesServices = InformerEventSourceConfiguration
                .from(io.fabric8.kubernetes.api.model.Service.class, Service.class)
                .withItemStore(new LeanItemStore<>())
                .withSecondaryToPrimaryMapper(s -> ids(services, BY_KUBERNETES_SERVICE, s.getMetadata().getNamespace(),
                        s.getMetadata().getName()))
                .build();
        // DAEMON services follow the nodes; only changes that can change a node's eligibility wake them
        var nodes = InformerEventSourceConfiguration.from(Node.class, Service.class)
                .withWatchAllNamespaces()
                .withSecondaryToPrimaryMapper(n -> services.byIndex(BY_SCHEDULING_STRATEGY, SchedulingStrategy.DAEMON.name())
                        .stream().map(ResourceID::fromResource).collect(Collectors.toSet()))
                .withOnUpdateFilter((updated, old) -> !DaemonNodes.sameEligibility(updated, old))
                .build();
        List<EventSource<?, Service>> sources = new ArrayList<>(List.of(tasks, new InformerEventSource<>(revisions, context),
                new InformerEventSource<>(clusters, context), new InformerEventSource<>(kubernetesServices, context),
                new InformerEventSource<>(nodes, context)));
        if (metricsTimer()) {
            sources.add(new AutoscalingTimer(autoscaler, rightSizer, resourceMetrics, leadership, services, tasks));
        }
        return sources;
    }

    @Override
    public UpdateControl<Service> reconcile(Service service, Context<Service> context) {
        ServiceDecision decision = decideAndAct(service, context, false);
        return decision.recheckAfter().map(after -> UpdateControl.<Service> noUpdate().rescheduleAfter(after))
                .orElseGet(UpdateControl::noUpdate);
    }

    /** Drain: desired 0, every task stopped (stopCode ServiceSchedulerInitiated), then let the Service go. */
    @Override
    public DeleteControl cleanup(Service service, Context<Service> context) {
        decideAndAct(service, context, true);
        boolean drained = context.getSecondaryResourcesAsStream(Task.class)
                .allMatch(t -> t.getStatus() != null && t.getStatus().lastStatus == LastStatus.STOPPED);
        return drained ? DeleteControl.defaultDelete() : DeleteControl.noFinalizerRemoval().rescheduleAfter(DRAIN_RECHECK);
    }

    private ServiceDecision decideAndAct(Service service, Context<Service> context, boolean deleting) {
        ServiceInputs inputs = new ServiceObserver(context, clock.instant(), config.service().healthyAfterRunning(),
                autoscaling(context)).observe(service, deleting);
        ServiceActions actions = new ServiceActions(context.getClient(), taskCache);
        ServiceDecision decision = ServiceScheduler.decide(inputs);
        actions.perform(service, decision.beforeStatusWrite());
        SlowStart.Outcome<String> launched = actions.launch(service, decision.launches());
        decision = decision.started(service.getMetadata().getName(), launched.done(), inputs.now());
        // status.usage is the service-usage controller's (dev.berth.usage): a retried write keeps the newest
        Service written = StatusWriter.write(service, decision.status(), context, (latest, mine) -> mine.usage = latest.usage);
        events.record(written, decision.events());
        actions.perform(written, decision.afterStatusWrite());
        launched.failure().ifPresent(failure -> {
            throw failure;
        });
        return decision;
    }

    /** The metrics timer runs when the autoscaler or right-sizing does. */
    private boolean metricsTimer() {
        return autoscaler.enabled() || rightSizer.enabled();
    }

    private Optional<AutoscalingTimer> autoscaling(Context<Service> context) {
        return metricsTimer()
                ? Optional.of((AutoscalingTimer) context.eventSourceRetriever().getEventSourceFor(Void.class))
                : Optional.empty();
    }

    private static Set<ResourceID> ids(IndexerResourceCache<Service> services, String index, String namespace, String name) {
        return References.naming(services, index, namespace, name).map(ResourceID::fromResource).collect(Collectors.toSet());
    }
}
