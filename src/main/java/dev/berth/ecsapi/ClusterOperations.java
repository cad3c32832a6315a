package dev.berth.ecsapi;

import java.util.ArrayList;
import java.util.List;

import dev.berth.api.EcsNames;
import dev.berth.api.v1alpha1.Cluster;
import dev.berth.api.v1alpha1.TaskSpec;
import software.amazon.awssdk.services.ecs.model.CapacityProvider;
import software.amazon.awssdk.services.ecs.model.ClusterField;
import software.amazon.awssdk.services.ecs.model.CreateClusterRequest;
import software.amazon.awssdk.services.ecs.model.CreateClusterResponse;
import software.amazon.awssdk.services.ecs.model.DeleteClusterRequest;
import software.amazon.awssdk.services.ecs.model.DeleteClusterResponse;
import software.amazon.awssdk.services.ecs.model.DescribeCapacityProvidersRequest;
import software.amazon.awssdk.services.ecs.model.DescribeCapacityProvidersResponse;
import software.amazon.awssdk.services.ecs.model.DescribeClustersRequest;
import software.amazon.awssdk.services.ecs.model.DescribeClustersResponse;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.ListClustersRequest;
import software.amazon.awssdk.services.ecs.model.ListClustersResponse;
import software.amazon.awssdk.services.ecs.model.PutClusterCapacityProvidersRequest;
import software.amazon.awssdk.services.ecs.model.PutClusterCapacityProvidersResponse;

/** CreateCluster, DescribeClusters, ListClusters and DeleteCluster onto Cluster resources. */
public final class ClusterOperations {

    private final EcsStore store;
    private final EcsShapes shapes;

    public ClusterOperations(EcsStore store, EcsShapes shapes) {
        this.store = store;
        this.shapes = shapes;
    }

    /** Idempotent, as in ECS: an existing cluster of that name is returned unchanged. */
    public CreateClusterResponse createCluster(EcsCall call, CreateClusterRequest request) {
        String name = request.clusterName() == null ? Cluster.DEFAULT : request.clusterName();
        if (!EcsNames.isEcsName(name)) {
            throw EcsApiException.invalidParameter("Cluster name must be 1-255 letters (uppercase and lowercase),"
                    + " numbers, hyphens and underscores.");
        }
        Cluster cluster = store.createCluster(call.namespace(), name, c -> {
            if (request.hasDefaultCapacityProviderStrategy() && !request.defaultCapacityProviderStrategy().isEmpty()) {
                c.getSpec().defaultCapacityProviderStrategy = request.defaultCapacityProviderStrategy().stream()
                        .map(s -> new dev.berth.api.v1alpha1.CapacityProviderStrategyItem(s.capacityProvider(),
                                s.weight(), s.base()))
                        .toList();
            }
            if (request.hasTags() && !request.tags().isEmpty()) {
                List<dev.berth.api.v1alpha1.Tag> tags = request.tags().stream()
                        .map(t -> new dev.berth.api.v1alpha1.Tag(t.key(), t.value())).toList();
                try {
                    c.getMetadata().getAnnotations().put(EcsShapes.ANNOTATION_TAGS, store.json.writeValueAsString(tags));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        return CreateClusterResponse.builder().cluster(shapes.cluster(cluster, call.arns(), false)).build();
    }

    public DescribeClustersResponse describeClusters(EcsCall call, DescribeClustersRequest request) {
        List<String> references = request.hasClusters() && !request.clusters().isEmpty() ? request.clusters()
                : List.of(Cluster.DEFAULT);
        if (references.size() > 100) {
            throw EcsApiException.invalidParameter("clusters can have at most 100 items.");
        }
        boolean tags = request.hasInclude() && request.include().contains(ClusterField.TAGS);
        List<software.amazon.awssdk.services.ecs.model.Cluster> found = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        for (String reference : references) {
            String name = EcsArns.clusterName(reference);
            (EcsNames.isEcsName(name) ? store.cluster(call.namespace(), name) : java.util.Optional.<Cluster> empty())
                    .ifPresentOrElse(c -> found.add(shapes.cluster(c, call.arns(), tags)),
                            () -> failures.add(Failure.builder().arn(call.arns().cluster(name)).reason("MISSING").build()));
        }
        return DescribeClustersResponse.builder().clusters(found).failures(failures).build();
    }

    public ListClustersResponse listClusters(EcsCall call, ListClustersRequest request) {
        List<String> arns = store.clusters(call.namespace()).stream()
                .filter(c -> c.getMetadata().getDeletionTimestamp() == null)
                .map(c -> call.arns().cluster(EcsShapes.ecsName(c))).toList();
        Paging.Page<String> page = Paging.page(arns, request.maxResults(), request.nextToken(), 100);
        return ListClustersResponse.builder().clusterArns(page.items()).nextToken(page.nextToken()).build();
    }

    /** Refused while services or running tasks remain, with ECS's exceptions; the answer shows it INACTIVE. */
    public DeleteClusterResponse deleteCluster(EcsCall call, DeleteClusterRequest request) {
        if (request.cluster() == null) {
            throw EcsApiException.invalidParameter("Cluster can not be blank.");
        }
        String name = EcsArns.clusterName(request.cluster());
        Cluster cluster = store.cluster(call.namespace(), name).orElseThrow(EcsApiException::clusterNotFound);
        if (store.services(call.namespace()).stream().anyMatch(s -> name.equals(EcsStore.clusterOf(s.getSpec().cluster))
                && s.getMetadata().getDeletionTimestamp() == null)) {
            throw new EcsApiException(EcsError.CLUSTER_CONTAINS_SERVICES,
                    "The Cluster cannot be deleted while Services are active.");
        }
        if (store.tasks(call.namespace()).stream().anyMatch(t -> name.equals(EcsStore.clusterOf(t.getSpec().cluster))
                && t.getSpec().desiredStatus != TaskSpec.DesiredStatus.STOPPED)) {
            throw new EcsApiException(EcsError.CLUSTER_CONTAINS_TASKS,
                    "The Cluster cannot be deleted while Tasks are active.");
        }
        store.client.resource(cluster).delete();
        var shape = shapes.cluster(cluster, call.arns(), false).toBuilder().status("INACTIVE").build();
        return DeleteClusterResponse.builder().cluster(shape).build();
    }

    /**
     * Sets the default capacity provider strategy. Every capacity provider of a Berth cluster (FARGATE, FARGATE_SPOT
     * and those in its spec) is always associated, so the list is checked, not stored.
     */
    public PutClusterCapacityProvidersResponse putClusterCapacityProviders(EcsCall call,
            PutClusterCapacityProvidersRequest request) {
        String name = EcsArns.clusterName(request.cluster());
        Cluster cluster = store.cluster(call.namespace(), name).orElseThrow(EcsApiException::clusterNotFound);
        java.util.Set<String> known = new java.util.HashSet<>(List.of("FARGATE", "FARGATE_SPOT"));
        if (cluster.getSpec() != null && cluster.getSpec().capacityProviders != null) {
            cluster.getSpec().capacityProviders.forEach(p -> known.add(p.name));
        }
        List<String> named = request.hasCapacityProviders() ? request.capacityProviders() : List.of();
        for (String provider : named) {
            if (!known.contains(provider)) {
                throw EcsApiException.invalidParameter("The specified capacity provider " + provider
                        + " does not exist. Specify a valid capacity provider and try again.");
            }
        }
        var strategy = request.hasDefaultCapacityProviderStrategy() ? request.defaultCapacityProviderStrategy()
                : List.<software.amazon.awssdk.services.ecs.model.CapacityProviderStrategyItem> of();
        for (var item : strategy) {
            if (item.capacityProvider() == null) {
                throw EcsApiException.invalidParameter("defaultCapacityProviderStrategy: each item needs a capacityProvider.");
            }
            if (!named.contains(item.capacityProvider())) {
                throw EcsApiException.invalidParameter("The specified capacity provider strategy cannot contain a"
                        + " capacity provider that is not associated with the cluster. Associate the capacity provider"
                        + " with the cluster or specify a valid capacity provider and try again.");
            }
        }
        Cluster updated;
        try {
            updated = store.client.resources(Cluster.class).inNamespace(call.namespace())
                    .withName(cluster.getMetadata().getName()).edit(c -> {
                        if (c.getSpec() == null) {
                            c.setSpec(new dev.berth.api.v1alpha1.ClusterSpec());
                        }
                        c.getSpec().defaultCapacityProviderStrategy = strategy.isEmpty() ? null
                                : strategy.stream().map(s -> new dev.berth.api.v1alpha1.CapacityProviderStrategyItem(
                                        s.capacityProvider(), s.weight(), s.base())).toList();
                        return c;
                    });
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
            throw KubernetesErrors.translate(e);
        }
        return PutClusterCapacityProvidersResponse.builder().cluster(shapes.cluster(updated, call.arns(), false))
                .build();
    }

    /** FARGATE, FARGATE_SPOT and the capacity providers of the namespace's clusters. */
    public DescribeCapacityProvidersResponse describeCapacityProviders(EcsCall call,
            DescribeCapacityProvidersRequest request) {
        java.util.Set<String> all = new java.util.TreeSet<>(List.of("FARGATE", "FARGATE_SPOT"));
        for (Cluster c : store.clusters(call.namespace())) {
            if (c.getSpec() != null && c.getSpec().capacityProviders != null) {
                c.getSpec().capacityProviders.forEach(p -> all.add(p.name));
            }
        }
        List<CapacityProvider> found = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        List<String> wanted = request.hasCapacityProviders() && !request.capacityProviders().isEmpty()
                ? request.capacityProviders()
                : List.copyOf(all);
        for (String reference : wanted) {
            String name = reference.substring(reference.lastIndexOf('/') + 1);
            if (all.contains(name)) {
                found.add(CapacityProvider.builder().capacityProviderArn(call.arns().capacityProvider(name)).name(name)
                        .status("ACTIVE").tags(List.of()).build());
            } else {
                failures.add(Failure.builder().arn(call.arns().capacityProvider(name)).reason("MISSING").build());
            }
        }
        Paging.Page<CapacityProvider> page = Paging.page(found, request.maxResults(), request.nextToken(), 100);
        return DescribeCapacityProvidersResponse.builder().capacityProviders(page.items()).failures(failures)
                .nextToken(page.nextToken()).build();
    }
}
