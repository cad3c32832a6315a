package dev.berth.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.berth.api.EcsNames;
import dev.berth.api.TaskReference;
import dev.berth.api.v1alpha1.Berth;
import dev.berth.api.v1alpha1.Cluster;
import dev.berth.api.v1alpha1.EcsTaskDefinition;
import dev.berth.api.v1alpha1.PlacementConstraint;
import dev.berth.api.v1alpha1.Service;
import dev.berth.api.v1alpha1.ServiceAutoScalingStatus;
import dev.berth.api.v1alpha1.ServiceRightSizingStatus;
import dev.berth.api.v1alpha1.ServiceSpec;
import dev.berth.api.v1alpha1.ServiceSpec.SchedulingStrategy;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskDefinitionRevision;
import dev.berth.cluster.CapacityProviders;
import dev.berth.cluster.ClusterStatusCalculator;
import dev.berth.translate.Placement;
import dev.berth.translate.UnrunnableTask;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

/**
 * Reads what one decision about a Service needs, from the Service controller's caches only: its Tasks, the revisions
 * it may run, its Cluster, the nodes (DAEMON), the Kubernetes Service of its load balancers, and the autoscaler's
 * latest report and right-sizing's. It never asks the API server.
 */
final class ServiceObserver {

    private final Context<Service> context;
    private final Instant now;
    private final Duration healthyAfterRunning;
    private final Optional<AutoscalingTimer> autoscaling;

    ServiceObserver(Context<Service> context, Instant now, Duration healthyAfterRunning,
            Optional<AutoscalingTimer> autoscaling) {
        this.context = context;
        this.now = now;
        this.healthyAfterRunning = healthyAfterRunning;
        this.autoscaling = autoscaling;
    }

    ServiceInputs observe(Service service, boolean deleting) {
        String namespace = service.getMetadata().getNamespace();
        Cluster cluster = cache(Cluster.class)
                .get(new ResourceID(EcsNames.kubernetesName(service.getSpec().cluster), namespace))
                .orElse(null);
        ServiceSpec spec = effectiveSpec(service, cluster);
        String target = targetTaskDefinition(service);
        Map<String, EcsTaskDefinition> definitions = definitions(service, target);
        List<ServiceTask> tasks = context.getSecondaryResourcesAsStream(Task.class)
                .map(t -> ServiceTasks.view(t, definition(namespace, revisionOf(t), definitions))).toList();
        ServiceObservation scheduling = new ServiceObservation(service.getMetadata().getName(), spec,
                service.getMetadata().getGeneration(), service.getStatus(), target, tasks, capacityProviders(cluster),
                deleting, now, healthyAfterRunning, daemonNodes(spec, cluster, definitions.get(target)));
        boolean clusterMissing = cluster == null && !Cluster.DEFAULT.equals(service.getSpec().cluster);
        ServiceAutoScalingStatus report = autoscaling.map(a -> a.latest(service)).orElse(null);
        ServiceRightSizingStatus rightSizing = autoscaling.map(a -> a.latestRightSizing(service)).orElse(null);
        return new ServiceInputs(service, scheduling, clusterMissing, definitions,
                cache(io.fabric8.kubernetes.api.model.Service.class)
                        .get(new ResourceID(KubernetesServiceRenderer.name(service), namespace)).orElse(null),
                discoveryServices(service), report, rightSizing);
    }

    /** The Services of the names discovery wants, and the discovery Services this service owns (from the cache). */
    private Map<String, io.fabric8.kubernetes.api.model.Service> discoveryServices(Service service) {
        String namespace = service.getMetadata().getNamespace();
        Map<String, io.fabric8.kubernetes.api.model.Service> found = new java.util.TreeMap<>();
        var cache = cache(io.fabric8.kubernetes.api.model.Service.class);
        DiscoveryServices.names(service).forEach(name -> cache.get(new ResourceID(name, namespace))
                .ifPresent(s -> found.put(name, s)));
        cache.list(namespace, s -> s.getMetadata().getLabels() != null
                && s.getMetadata().getLabels().containsKey(DiscoveryServices.LABEL_DISCOVERY)
                && service.getMetadata().getName().equals(s.getMetadata().getLabels().get(Berth.LABEL_SERVICE)))
                .forEach(s -> found.put(s.getMetadata().getName(), s));
        return found;
    }

    /** The spec's taskDefinition resolved to the newest ACTIVE family:revision it names, or null. */
    private String targetTaskDefinition(Service service) {
        TaskReference ref = TaskReference.parse(service.getSpec().taskDefinition);
        return cache(TaskDefinitionRevision.class)
                .list(service.getMetadata().getNamespace(), r -> ref.family().equals(r.getSpec().family))
                .filter(r -> ref.revision() == null || ref.revision().equals(r.getSpec().revision))
                .filter(TaskDefinitionRevision::isActive)
                .max(Comparator.comparing(r -> r.getSpec().revision))
                .map(TaskDefinitionRevision::familyRevision).orElse(null);
    }

    /** The documents of the revisions the service may run: its target, its deployments', its last completed one's. */
    private Map<String, EcsTaskDefinition> definitions(Service service, String target) {
        List<String> revisions = new ArrayList<>();
        revisions.add(target);
        if (service.getStatus() != null) {
            Optional.ofNullable(service.getStatus().deployments).orElse(List.of()).stream()
                    .map(d -> d.taskDefinition).forEach(revisions::add);
            Optional.ofNullable(service.getStatus().lastCompletedDeployment).map(d -> d.taskDefinition)
                    .ifPresent(revisions::add);
        }
        Map<String, EcsTaskDefinition> definitions = new HashMap<>();
        for (String revision : revisions) {
            definition(service.getMetadata().getNamespace(), revision, definitions);
        }
        return definitions;
    }

    /** The document of {@code familyRevision}, remembered in {@code known}; null when it names no revision in cache. */
    private EcsTaskDefinition definition(String namespace, String familyRevision, Map<String, EcsTaskDefinition> known) {
        TaskReference ref = familyRevision == null ? null : TaskReference.parse(familyRevision);
        if (ref == null || ref.revision() == null) {
            return null;
        }
        if (!known.containsKey(familyRevision)) {
            cache(TaskDefinitionRevision.class)
                    .get(new ResourceID(TaskDefinitionRevision.name(ref.family(), ref.revision()), namespace))
                    .ifPresent(r -> known.put(familyRevision, r.getSpec().taskDefinition));
        }
        return known.get(familyRevision);
    }

    private static String revisionOf(Task task) {
        return task.getStatus() != null && task.getStatus().taskDefinition != null ? task.getStatus().taskDefinition
                : task.getSpec().taskDefinition;
    }

    /** The spec with the capacity provider strategy in force (the Cluster's default when it has none). */
    private static ServiceSpec effectiveSpec(Service service, Cluster cluster) {
        ServiceSpec spec = Serialization.jsonMapper().convertValue(service.getSpec(), ServiceSpec.class);
        spec.capacityProviderStrategy = CapacityProviders.strategy(cluster, spec.capacityProviderStrategy, spec.launchType);
        return spec;
    }

    /** For a DAEMON service, the nodes its tasks may run on, each with its capacity provider; else none. */
    private Map<String, String> daemonNodes(ServiceSpec spec, Cluster cluster, EcsTaskDefinition definition) {
        if (spec.schedulingStrategy != SchedulingStrategy.DAEMON) {
            return Map.of();
        }
        List<Placement> providers = PlanFacts.strategy(spec).stream()
                .map(item -> CapacityProviders.placement(cluster, item.capacityProvider)).flatMap(Optional::stream)
                .toList();
        List<PlacementConstraint> constraints = new ArrayList<>();
        Optional.ofNullable(spec.placementConstraints).ifPresent(constraints::addAll);
        Optional.ofNullable(definition).map(d -> d.placementConstraints).ifPresent(constraints::addAll);
        try {
            return DaemonNodes.eligible(cache(Node.class).list().toList(), providers, definition, constraints);
        } catch (UnrunnableTask e) {
            return Map.of(); // the planner reports the invalid placement
        }
    }

    private static Set<String> capacityProviders(Cluster cluster) {
        return cluster == null ? Set.copyOf(CapacityProviders.BUILT_IN)
                : Set.copyOf(ClusterStatusCalculator.providerNames(cluster));
    }

    @SuppressWarnings("unchecked")
    private <R extends HasMetadata> InformerEventSource<R, Service> cache(Class<R> type) {
        return (InformerEventSource<R, Service>) context.eventSourceRetriever().getEventSourceFor(type);
    }
}
