package dev.berth.service;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.berth.api.EcsNames;
import dev.berth.api.v1alpha1.Berth;
import dev.berth.api.v1alpha1.Cluster;
import dev.berth.api.v1alpha1.EcsTaskDefinition;
import dev.berth.api.v1alpha1.PlacementConstraint;
import dev.berth.api.v1alpha1.Service;
import dev.berth.api.v1alpha1.ServiceSpec;
import dev.berth.api.v1alpha1.ServiceSpec.SchedulingStrategy;
import dev.berth.api.v1alpha1.ServiceStatus;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskDefinitionRevision;
import dev.berth.api.v1alpha1.TaskSpec;
import dev.berth.cache.LeanItemStore;
import dev.berth.cache.References;
import dev.berth.cluster.CapacityProviders;
import dev.berth.cluster.ClusterStatusCalculator;
import dev.berth.config.BerthConfig;
import dev.berth.events.BerthEvent;
import dev.berth.events.EventRecorder;
import dev.berth.status.Copies;
import dev.berth.status.StatusWriter;
import dev.berth.task.TaskReference;
import dev.berth.translate.Placement;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.utils.Serialization;
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
 * Keeps an ECS service's tasks: observe (caches), plan ({@link ServicePlanner}, pure), write the status,
 * launch and stop Tasks, keep the Kubernetes Service of its load balancers. Deleting the Service drains it.
 */
@ControllerConfiguration(name = "service")
public class ServiceReconciler implements Reconciler<Service>, Cleaner<Service> {

    static final String BY_SCHEDULING_STRATEGY = "by-scheduling-strategy";
    private static final Duration DRAIN_RECHECK = Duration.ofSeconds(10);

    private final EventRecorder events;
    private final Clock clock;
    private final BerthConfig config;

    public ServiceReconciler(EventRecorder events, Clock clock, BerthConfig config) {
        this.events = events;
        this.clock = clock;
        this.config = config;
    }

    @Override
    public List<EventSource<?, Service>> prepareEventSources(EventSourceContext<Service> context) {
        IndexerResourceCache<Service> services = context.getPrimaryCache();
        References.index(services, References.FAMILY, s -> TaskReference.parse(s.getSpec().taskDefinition).family());
        References.index(services, References.CLUSTER, s -> EcsNames.kubernetesName(s.getSpec().cluster));
        services.addIndexer(BY_SCHEDULING_STRATEGY, s -> List.of(String.valueOf(s.getSpec().schedulingStrategy)));
        var tasks = InformerEventSourceConfiguration.from(Task.class, Service.class)
                .withLabelSelector(Berth.LABEL_SERVICE)
                .withItemStore(new LeanItemStore<>())
                .build();
        var revisions = InformerEventSourceConfiguration.from(TaskDefinitionRevision.class, Service.class)
                .withLabelSelector(Berth.LABEL_MANAGED_BY + "=" + Berth.MANAGED_BY)
                .withSecondaryToPrimaryMapper(
                        r -> ids(services, References.FAMILY, r.getMetadata().getNamespace(), r.getSpec().family))
                .build();
        var clusters = InformerEventSourceConfiguration.from(Cluster.class, Service.class)
                .withSecondaryToPrimaryMapper(
                        c -> ids(services, References.CLUSTER, c.getMetadata().getNamespace(), c.getMetadata().getName()))
                .build();
        var kubernetesServices = InformerEventSourceConfiguration
                .from(io.fabric8.kubernetes.api.model.Service.class, Service.class)
                .withLabelSelector(Berth.LABEL_SERVICE)
                .build();
        // DAEMON services follow the nodes; only changes that can change a node's eligibility wake them
        var nodes = InformerEventSourceConfiguration.from(Node.class, Service.class)
                .withWatchAllNamespaces()
                .withSecondaryToPrimaryMapper(n -> services.byIndex(BY_SCHEDULING_STRATEGY, SchedulingStrategy.DAEMON.name())
                        .stream().map(ResourceID::fromResource).collect(Collectors.toSet()))
                .withOnUpdateFilter((updated, old) -> !DaemonNodes.sameEligibility(updated, old))
                .build();
        return List.of(new InformerEventSource<>(tasks, context), new InformerEventSource<>(revisions, context),
                new InformerEventSource<>(clusters, context), new InformerEventSource<>(kubernetesServices, context),
                new InformerEventSource<>(nodes, context));
    }

    @Override
    public UpdateControl<Service> reconcile(Service service, Context<Service> context) {
        ServicePlan plan = schedule(service, context, false);
        return plan.recheckAfter().map(after -> UpdateControl.<Service> noUpdate().rescheduleAfter(after))
                .orElseGet(UpdateControl::noUpdate);
    }

    /** Drain: desired 0, every task stopped (stopCode ServiceSchedulerInitiated), then let the Service go. */
    @Override
    public DeleteControl cleanup(Service service, Context<Service> context) {
        schedule(service, context, true);
        boolean drained = context.getSecondaryResourcesAsStream(Task.class)
                .allMatch(t -> t.getStatus() != null && "STOPPED".equals(t.getStatus().lastStatus));
        return drained ? DeleteControl.defaultDelete() : DeleteControl.noFinalizerRemoval().rescheduleAfter(DRAIN_RECHECK);
    }

    private ServicePlan schedule(Service service, Context<Service> context, boolean deleting) {
        ServiceView view = new ServiceView(service, context);
        ServiceSpec spec = view.effectiveSpec();
        String target = view.targetTaskDefinition();
        ServicePlan plan = ServicePlanner.plan(new ServiceObservation(service.getMetadata().getName(), spec,
                service.getMetadata().getGeneration(), service.getStatus(), target, view.tasks(), view.capacityProviders(),
                deleting, clock.instant(), config.service().healthyAfterRunning(), view.daemonNodes(spec, target)));
        boolean clusterMissing = view.cluster() == null && !Cluster.DEFAULT.equals(service.getSpec().cluster);
        var status = clusterMissing
                ? ServiceReports.clusterMissing(service, plan.status(), events, clock.instant())
                : LoadBalancing.apply(service, plan.status(), view.definition(plan.status().taskDefinition),
                        view.kubernetesService(KubernetesServiceRenderer.name(service)), context.getClient(), events,
                        clock.instant());
        status = ServiceReports.unsupported(service, status, events, clock.instant());
        Service written = StatusWriter.write(service, status, context);
        events.record(written, plan.events());

        SlowStart.Outcome<String> started = clusterMissing ? SlowStart.Outcome.none()
                : launch(service, plan.launches(), context);
        stop(service, plan.stops(), context);
        if (!started.done().isEmpty()) {
            String message = ServiceEvents.started(service.getMetadata().getName(), started.done());
            ServiceStatus withEvent = Copies.deep(written.getStatus());
            withEvent.events = ServiceEvents.record(withEvent.events, List.of(message), clock.instant());
            StatusWriter.write(written, withEvent, context);
            events.record(written, BerthEvent.normal("TasksStarted", message));
        }
        started.failure().ifPresent(failure -> {
            throw failure;
        });
        return plan;
    }

    /**
     * Creates the Tasks in slow-start batches, and puts each in the cache at once, so a quick next plan never launches
     * them twice.
     */
    private static SlowStart.Outcome<String> launch(Service service, List<TaskLaunch> launches, Context<Service> context) {
        var tasks = taskCache(context);
        return SlowStart.run(launches, launch -> {
            Task created = context.getClient().resource(ServiceTasks.launch(service, launch)).create();
            tasks.handleRecentResourceCreate(ResourceID.fromResource(created), created);
            return created.getMetadata().getName();
        });
    }

    /** Stops Tasks as ECS's scheduler does (stopCode ServiceSchedulerInitiated), the cache updated at once. */
    private static void stop(Service service, List<TaskStop> stops, Context<Service> context) {
        var tasks = taskCache(context);
        for (TaskStop stop : stops) {
            ResourceID id = new ResourceID(stop.taskName(), service.getMetadata().getNamespace());
            Task updated = context.getClient().resources(Task.class).inNamespace(id.getNamespace().orElseThrow())
                    .withName(stop.taskName()).edit(t -> {
                        t.getSpec().desiredStatus = TaskSpec.DesiredStatus.STOPPED;
                        t.getSpec().stopReason = stop.stoppedReason();
                        t.getSpec().stopCode = TaskSpec.StopCode.ServiceSchedulerInitiated;
                        return t;
                    });
            tasks.get(id).ifPresent(previous -> tasks.handleRecentResourceUpdate(id, updated, previous));
        }
    }

    @SuppressWarnings("unchecked")
    private static InformerEventSource<Task, Service> taskCache(Context<Service> context) {
        return (InformerEventSource<Task, Service>) context.eventSourceRetriever().getEventSourceFor(Task.class);
    }

    private static Set<ResourceID> ids(IndexerResourceCache<Service> services, String index, String namespace, String name) {
        return References.naming(services, index, namespace, name).map(ResourceID::fromResource).collect(Collectors.toSet());
    }

    /** What the caches say about one Service. */
    private static final class ServiceView {
        private final Service service;
        private final Context<Service> context;

        ServiceView(Service service, Context<Service> context) {
            this.service = service;
            this.context = context;
        }

        String targetTaskDefinition() {
            TaskReference ref = TaskReference.parse(service.getSpec().taskDefinition);
            return revisions(ref.family()).stream()
                    .filter(r -> ref.revision() == null || ref.revision().equals(r.getSpec().revision))
                    .filter(TaskDefinitionRevision::isActive)
                    .max(Comparator.comparing(r -> r.getSpec().revision))
                    .map(TaskDefinitionRevision::familyRevision).orElse(null);
        }

        EcsTaskDefinition definition(String familyRevision) {
            TaskReference ref = familyRevision == null ? null : TaskReference.parse(familyRevision);
            if (ref == null || ref.revision() == null) {
                return null;
            }
            return cache(TaskDefinitionRevision.class)
                    .get(new ResourceID(TaskDefinitionRevision.name(ref.family(), ref.revision()), namespace()))
                    .map(r -> r.getSpec().taskDefinition).orElse(null);
        }

        List<ServiceTask> tasks() {
            return context.getSecondaryResourcesAsStream(Task.class)
                    .map(t -> ServiceTasks.view(t, definition(t.getStatus() != null && t.getStatus().taskDefinition != null
                            ? t.getStatus().taskDefinition
                            : t.getSpec().taskDefinition)))
                    .toList();
        }

        /** The spec with the capacity provider strategy in force (the Cluster's default when it has none). */
        ServiceSpec effectiveSpec() {
            ServiceSpec spec = Serialization.jsonMapper().convertValue(service.getSpec(), ServiceSpec.class);
            spec.capacityProviderStrategy = CapacityProviders.strategy(cluster(), spec.capacityProviderStrategy,
                    spec.launchType);
            return spec;
        }

        Cluster cluster() {
            return cache(Cluster.class).get(new ResourceID(EcsNames.kubernetesName(service.getSpec().cluster), namespace()))
                    .orElse(null);
        }

        /**
         * For a DAEMON service, the nodes its tasks may run on, each with its capacity provider; else none.
         *
         * @param spec the effective spec; @param target its task definition resolved to family:revision
         */
        Map<String, String> daemonNodes(ServiceSpec spec, String target) {
            if (spec.schedulingStrategy != SchedulingStrategy.DAEMON) {
                return Map.of();
            }
            EcsTaskDefinition definition = definition(target);
            Cluster cluster = cluster();
            List<Placement> providers = ServicePlanner.strategy(spec).stream()
                    .map(item -> CapacityProviders.placement(cluster, item.capacityProvider)).flatMap(Optional::stream)
                    .toList();
            List<PlacementConstraint> constraints = new ArrayList<>();
            Optional.ofNullable(spec.placementConstraints).ifPresent(constraints::addAll);
            Optional.ofNullable(definition).map(d -> d.placementConstraints).ifPresent(constraints::addAll);
            try {
                return DaemonNodes.eligible(cache(Node.class).list().toList(), providers, definition, constraints);
            } catch (IllegalArgumentException e) {
                return Map.of(); // the planner reports the invalid placement
            }
        }

        Set<String> capacityProviders() {
            Cluster cluster = cluster();
            return cluster == null ? Set.copyOf(CapacityProviders.BUILT_IN)
                    : Set.copyOf(ClusterStatusCalculator.providerNames(cluster));
        }

        io.fabric8.kubernetes.api.model.Service kubernetesService(String name) {
            return cache(io.fabric8.kubernetes.api.model.Service.class).get(new ResourceID(name, namespace())).orElse(null);
        }

        private List<TaskDefinitionRevision> revisions(String family) {
            return cache(TaskDefinitionRevision.class).list(namespace(), r -> family.equals(r.getSpec().family)).toList();
        }

        private String namespace() {
            return service.getMetadata().getNamespace();
        }

        @SuppressWarnings("unchecked")
        private <R extends HasMetadata> InformerEventSource<R, Service> cache(Class<R> type) {
            return (InformerEventSource<R, Service>) context.eventSourceRetriever().getEventSourceFor(type);
        }
    }
}
