package dev.berth.service;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import dev.berth.api.v1alpha1.Berth;
import dev.berth.api.v1alpha1.Cluster;
import dev.berth.api.v1alpha1.EcsTaskDefinition;
import dev.berth.api.v1alpha1.Service;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskDefinitionRevision;
import dev.berth.api.v1alpha1.TaskSpec;
import dev.berth.cluster.CapacityProviders;
import dev.berth.cluster.ClusterStatusCalculator;
import dev.berth.config.BerthConfig;
import dev.berth.events.EventRecorder;
import dev.berth.status.StatusWriter;
import dev.berth.task.TaskReference;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
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

    static final String BY_FAMILY = "by-family";
    static final String BY_CLUSTER = "by-cluster";
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
        services.addIndexer(BY_FAMILY, s -> List.of(key(s.getMetadata().getNamespace(),
                TaskReference.parse(s.getSpec().taskDefinition).family())));
        services.addIndexer(BY_CLUSTER, s -> List.of(key(s.getMetadata().getNamespace(), s.getSpec().cluster)));
        var tasks = InformerEventSourceConfiguration.from(Task.class, Service.class)
                .withLabelSelector(Berth.LABEL_SERVICE)
                .build();
        var revisions = InformerEventSourceConfiguration.from(TaskDefinitionRevision.class, Service.class)
                .withLabelSelector(Berth.LABEL_MANAGED_BY + "=" + Berth.MANAGED_BY)
                .withSecondaryToPrimaryMapper(r -> ids(services, BY_FAMILY, r.getMetadata().getNamespace(), r.getSpec().family))
                .build();
        var clusters = InformerEventSourceConfiguration.from(Cluster.class, Service.class)
                .withSecondaryToPrimaryMapper(c -> ids(services, BY_CLUSTER, c.getMetadata().getNamespace(), c.getMetadata().getName()))
                .build();
        var kubernetesServices = InformerEventSourceConfiguration.from(io.fabric8.kubernetes.api.model.Service.class, Service.class)
                .withLabelSelector(Berth.LABEL_SERVICE)
                .build();
        return List.of(new InformerEventSource<>(tasks, context), new InformerEventSource<>(revisions, context),
                new InformerEventSource<>(clusters, context), new InformerEventSource<>(kubernetesServices, context));
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
        ServicePlan plan = ServicePlanner.plan(new ServiceObservation(service.getMetadata().getName(), service.getSpec(),
                service.getMetadata().getGeneration(), service.getStatus(), view.targetTaskDefinition(), view.tasks(),
                view.capacityProviders(), deleting, clock.instant(), config.service().healthyAfterRunning()));
        boolean clusterMissing = view.cluster() == null && !Cluster.DEFAULT.equals(service.getSpec().cluster);
        var status = clusterMissing
                ? ServiceReports.clusterMissing(service, plan.status(), events, clock.instant())
                : LoadBalancing.apply(service, plan.status(), view.definition(plan.status().taskDefinition),
                        view.kubernetesService(KubernetesServiceRenderer.name(service)), context.getClient(), events,
                        clock.instant());
        status = ServiceReports.unsupported(service, status, events, clock.instant());
        Service written = StatusWriter.write(service, status, context);
        events.record(written, plan.events());

        KubernetesClient client = context.getClient();
        List<String> started = new ArrayList<>();
        if (!clusterMissing) {
            @SuppressWarnings("unchecked")
            var taskCache = (InformerEventSource<Task, Service>) context.eventSourceRetriever().getEventSourceFor(Task.class);
            for (TaskLaunch launch : plan.launches()) {
                Task created = client.resource(ServiceTasks.launch(service, launch)).create();
                taskCache.handleRecentResourceCreate(ResourceID.fromResource(created), created);
                started.add(created.getMetadata().getName());
            }
        }
        for (TaskStop stop : plan.stops()) {
            client.resources(Task.class).inNamespace(service.getMetadata().getNamespace()).withName(stop.taskName())
                    .edit(t -> {
                        t.getSpec().desiredStatus = TaskSpec.DesiredStatus.STOPPED;
                        t.getSpec().stopReason = stop.stoppedReason();
                        t.getSpec().stopCode = TaskSpec.StopCode.ServiceSchedulerInitiated;
                        return t;
                    });
        }
        if (!started.isEmpty()) {
            ServiceReports.Started recorded = ServiceReports.started(written.getStatus(), service.getMetadata().getName(), started,
                    clock.instant());
            StatusWriter.write(written, recorded.status(), context);
            events.record(written, recorded.event());
        }
        return plan;
    }

    private static Set<ResourceID> ids(IndexerResourceCache<Service> services, String index, String namespace, String name) {
        return services.byIndex(index, key(namespace, name)).stream().map(ResourceID::fromResource).collect(Collectors.toSet());
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
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
            TaskReference ref = TaskReference.parse(familyRevision);
            if (ref.revision() == null) {
                return null;
            }
            return cache(TaskDefinitionRevision.class)
                    .get(new ResourceID(TaskDefinitionRevision.name(ref.family(), ref.revision()), namespace()))
                    .map(r -> r.getSpec().taskDefinition).orElse(null);
        }

        List<ServiceTask> tasks() {
            return context.getSecondaryResourcesAsStream(Task.class)
                    .map(t -> ServiceTasks.view(t, definition(t.getStatus() != null && t.getStatus().taskDefinition != null
                            ? t.getStatus().taskDefinition : t.getSpec().taskDefinition)))
                    .toList();
        }

        Cluster cluster() {
            return cache(Cluster.class).get(new ResourceID(service.getSpec().cluster, namespace())).orElse(null);
        }

        Set<String> capacityProviders() {
            Cluster cluster = cluster();
            return cluster == null ? Set.copyOf(CapacityProviders.BUILT_IN) : Set.copyOf(ClusterStatusCalculator.providerNames(cluster));
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
