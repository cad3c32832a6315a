package dev.berth.ecsapi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.berth.api.EcsNames;
import dev.berth.api.v1alpha1.Service;
import dev.berth.api.v1alpha1.ServiceSpec;
import dev.berth.api.v1alpha1.TaskDefinitionRevision;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import software.amazon.awssdk.services.ecs.model.CreateServiceRequest;
import software.amazon.awssdk.services.ecs.model.CreateServiceResponse;
import software.amazon.awssdk.services.ecs.model.DeleteServiceRequest;
import software.amazon.awssdk.services.ecs.model.DeleteServiceResponse;
import software.amazon.awssdk.services.ecs.model.DescribeServicesRequest;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.ListServicesRequest;
import software.amazon.awssdk.services.ecs.model.ListServicesResponse;
import software.amazon.awssdk.services.ecs.model.ServiceField;
import software.amazon.awssdk.services.ecs.model.UpdateServiceRequest;
import software.amazon.awssdk.services.ecs.model.UpdateServiceResponse;

/**
 * CreateService, UpdateService, DescribeServices, ListServices and DeleteService onto Service resources. A Service
 * created here is the one {@code kubectl get ecsservice} shows, and the reverse.
 */
public final class ServiceOperations {

    /** Members of CreateService/UpdateService that are not fields of a Service's spec. */
    private static final List<String> NOT_SPEC_FIELDS = List.of("serviceName", "service", "cluster", "taskDefinition",
            "clientToken", "forceNewDeployment", "role", "deploymentController");

    private final EcsStore store;
    private final EcsShapes shapes;
    private final EcsCodec codec;

    public ServiceOperations(EcsStore store, EcsShapes shapes, EcsCodec codec) {
        this.store = store;
        this.shapes = shapes;
        this.codec = codec;
    }

    public CreateServiceResponse createService(EcsCall call, CreateServiceRequest request) {
        String name = request.serviceName();
        if (!EcsNames.isEcsName(name)) {
            throw EcsApiException.invalidParameter("Service name must be 1-255 letters (uppercase and lowercase),"
                    + " numbers, hyphens and underscores.");
        }
        if (request.launchType() != null && request.hasCapacityProviderStrategy()
                && !request.capacityProviderStrategy().isEmpty()) {
            throw EcsApiException.invalidParameter(
                    "Specifying both a launch type and capacity provider strategy is not supported.");
        }
        if (request.desiredCount() != null && request.desiredCount() < 0) {
            throw EcsApiException.invalidParameter("desiredCount can not be negative.");
        }
        String clusterName = EcsArns.clusterName(request.cluster());
        store.requireCluster(call, clusterName);
        if (request.taskDefinition() == null) {
            throw EcsApiException.invalidParameter("TaskDefinition must be specified for a service with the ECS"
                    + " deployment controller.");
        }
        TaskDefinitionRevision revision = activeRevision(call, request.taskDefinition());
        ObjectNode document = document(codec.write(request));
        Service service = new Service();
        service.setMetadata(new ObjectMetaBuilder().withName(EcsNames.kubernetesName(name))
                .withNamespace(call.namespace()).build());
        if (!EcsNames.isKubernetesName(name)) {
            service.getMetadata().getAnnotations().put(EcsShapes.ANNOTATION_ECS_NAME, name);
        }
        ServiceSpec spec = store.spec(document, ServiceSpec.class);
        spec.cluster = clusterName;
        spec.taskDefinition = revision.familyRevision();
        service.setSpec(spec);
        try {
            service = store.client.resource(service).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                throw EcsApiException.invalidParameter("Creation of service was not idempotent.");
            }
            throw KubernetesErrors.translate(e);
        }
        return CreateServiceResponse.builder().service(shapes.service(service, call.arns(), false)).build();
    }

    public UpdateServiceResponse updateService(EcsCall call, UpdateServiceRequest request) {
        String clusterName = EcsArns.clusterName(request.cluster());
        store.requireCluster(call, clusterName);
        Service current = service(call, clusterName, request.service());
        if (current.getMetadata().getDeletionTimestamp() != null) {
            throw new EcsApiException(EcsError.SERVICE_NOT_ACTIVE, "Service was not ACTIVE.");
        }
        if (request.desiredCount() != null && request.desiredCount() < 0) {
            throw EcsApiException.invalidParameter("desiredCount can not be negative.");
        }
        String taskDefinition = request.taskDefinition() == null ? null
                : activeRevision(call, request.taskDefinition()).familyRevision();
        ObjectNode changes = document(codec.write(request));
        Service updated;
        try {
            updated = store.client.resources(Service.class).inNamespace(call.namespace())
                    .withName(current.getMetadata().getName()).edit(s -> {
                        ObjectNode spec = store.json.valueToTree(s.getSpec());
                        spec.setAll(changes);
                        if (changes.has("capacityProviderStrategy") && changes.get("capacityProviderStrategy").size() > 0) {
                            spec.remove("launchType");
                        }
                        if (changes.has("launchType")) {
                            spec.remove("capacityProviderStrategy");
                        }
                        ServiceSpec next = store.json.convertValue(spec, ServiceSpec.class);
                        if (taskDefinition != null) {
                            next.taskDefinition = taskDefinition;
                        }
                        if (Boolean.TRUE.equals(request.forceNewDeployment())) {
                            next.forceNewDeployment = call.now().toString();
                        }
                        s.setSpec(next);
                        return s;
                    });
        } catch (KubernetesClientException e) {
            throw KubernetesErrors.translate(e);
        }
        return UpdateServiceResponse.builder().service(shapes.service(updated, call.arns(), false)).build();
    }

    public DescribeServicesResponse describeServices(EcsCall call, DescribeServicesRequest request) {
        if (!request.hasServices() || request.services().isEmpty()) {
            throw EcsApiException.invalidParameter("Services cannot be empty.");
        }
        if (request.services().size() > 10) {
            throw EcsApiException.invalidParameter("services can have at most 10 items.");
        }
        String clusterName = EcsArns.clusterName(request.cluster());
        store.requireCluster(call, clusterName);
        boolean tags = request.hasInclude() && request.include().contains(ServiceField.TAGS);
        List<software.amazon.awssdk.services.ecs.model.Service> found = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        for (String reference : request.services()) {
            String name = EcsArns.serviceName(reference);
            store.service(call.namespace(), name).filter(s -> clusterName.equals(EcsStore.clusterOf(s.getSpec().cluster)))
                    .ifPresentOrElse(s -> found.add(shapes.service(s, call.arns(), tags)),
                            () -> failures.add(Failure.builder().arn(call.arns().service(clusterName, name))
                                    .reason("MISSING").build()));
        }
        return DescribeServicesResponse.builder().services(found).failures(failures).build();
    }

    public ListServicesResponse listServices(EcsCall call, ListServicesRequest request) {
        String clusterName = EcsArns.clusterName(request.cluster());
        store.requireCluster(call, clusterName);
        List<String> arns = store.services(call.namespace()).stream()
                .filter(s -> clusterName.equals(EcsStore.clusterOf(s.getSpec().cluster)))
                .filter(s -> s.getMetadata().getDeletionTimestamp() == null)
                .filter(s -> request.schedulingStrategy() == null
                        || request.schedulingStrategyAsString().equals(s.getSpec().schedulingStrategy == null ? "REPLICA"
                                : s.getSpec().schedulingStrategy.name()))
                .map(EcsShapes::ecsName).sorted(Comparator.naturalOrder())
                .map(name -> call.arns().service(clusterName, name)).toList();
        Paging.Page<String> page = Paging.page(arns, request.maxResults(), request.nextToken(), 10);
        return ListServicesResponse.builder().serviceArns(page.items()).nextToken(page.nextToken()).build();
    }

    /**
     * Deletes the Service; its Tasks stop with it (owner references, foreground deletion, so the service stays
     * visible as DRAINING until they are gone). Without force a service scaled above 0 stays, as in ECS.
     */
    public DeleteServiceResponse deleteService(EcsCall call, DeleteServiceRequest request) {
        String clusterName = EcsArns.clusterName(request.cluster());
        store.requireCluster(call, clusterName);
        Service service = service(call, clusterName, request.service());
        int desired = service.getSpec().desiredCount == null ? 1 : service.getSpec().desiredCount;
        if (!Boolean.TRUE.equals(request.force()) && desired > 0
                && service.getSpec().schedulingStrategy != ServiceSpec.SchedulingStrategy.DAEMON) {
            throw EcsApiException.invalidParameter("The service cannot be stopped while it is scaled above 0.");
        }
        store.client.resources(Service.class).inNamespace(call.namespace()).withName(service.getMetadata().getName())
                .withPropagationPolicy(DeletionPropagation.FOREGROUND).delete();
        Service draining = store.service(call.namespace(), EcsArns.serviceName(request.service())).orElse(service);
        if (draining.getMetadata().getDeletionTimestamp() == null) {
            draining.getMetadata().setDeletionTimestamp(call.now().toString());
        }
        return DeleteServiceResponse.builder().service(shapes.service(draining, call.arns(), false)).build();
    }

    private Service service(EcsCall call, String clusterName, String reference) {
        if (reference == null || reference.isBlank()) {
            throw EcsApiException.invalidParameter("Service can not be blank.");
        }
        return store.service(call.namespace(), EcsArns.serviceName(reference))
                .filter(s -> clusterName.equals(EcsStore.clusterOf(s.getSpec().cluster)))
                .orElseThrow(EcsApiException::serviceNotFound);
    }

    private TaskDefinitionRevision activeRevision(EcsCall call, String reference) {
        TaskDefinitionRevision revision = store.revision(call.namespace(), reference);
        if (!revision.isActive()) {
            throw EcsApiException.client("TaskDefinition is inactive");
        }
        return revision;
    }

    private ObjectNode document(byte[] request) {
        try {
            JsonNode tree = store.json.readTree(request);
            ObjectNode document = tree instanceof ObjectNode o ? o : store.json.createObjectNode();
            NOT_SPEC_FIELDS.forEach(document::remove);
            return document;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
