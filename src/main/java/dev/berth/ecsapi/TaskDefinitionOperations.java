package dev.berth.ecsapi;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.berth.api.EcsNames;
import dev.berth.api.v1alpha1.TaskDefinition;
import dev.berth.api.v1alpha1.TaskDefinitionRevision;
import dev.berth.api.v1alpha1.TaskDefinitionSpec;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import software.amazon.awssdk.services.ecs.model.DeleteTaskDefinitionsRequest;
import software.amazon.awssdk.services.ecs.model.DeleteTaskDefinitionsResponse;
import software.amazon.awssdk.services.ecs.model.DeregisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.DeregisterTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.ListTaskDefinitionFamiliesRequest;
import software.amazon.awssdk.services.ecs.model.ListTaskDefinitionFamiliesResponse;
import software.amazon.awssdk.services.ecs.model.ListTaskDefinitionsRequest;
import software.amazon.awssdk.services.ecs.model.ListTaskDefinitionsResponse;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;

/**
 * The task definition calls onto TaskDefinition resources (one per family, its spec the ECS document) and the
 * TaskDefinitionRevisions the operator registers from them: the API writes the document, the operator numbers the
 * revision, the API answers with it.
 */
public final class TaskDefinitionOperations {

    /** How long RegisterTaskDefinition waits for the operator to register the revision. */
    static final Duration REGISTRATION_WAIT = Duration.ofSeconds(20);

    private final EcsStore store;
    private final EcsShapes shapes;
    private final EcsCodec codec;

    public TaskDefinitionOperations(EcsStore store, EcsShapes shapes, EcsCodec codec) {
        this.store = store;
        this.shapes = shapes;
        this.codec = codec;
    }

    /**
     * Creates or replaces the family's TaskDefinition (named {@code EcsNames.kubernetesName(family)}, its spec the ECS
     * document with {@code family} unchanged; deregistered revisions and the history limit are kept), then answers
     * with the revision the operator registers. Unlike ECS, registering the same document again gives the same
     * revision: a revision is registered for every effective change (docs/ecs-api.md).
     */
    public RegisterTaskDefinitionResponse registerTaskDefinition(EcsCall call, RegisterTaskDefinitionRequest request) {
        String family = request.family();
        if (!EcsNames.isEcsName(family)) {
            throw EcsApiException.client("Family name must be 1-255 letters (uppercase and lowercase), numbers,"
                    + " hyphens and underscores.");
        }
        if (!request.hasContainerDefinitions() || request.containerDefinitions().isEmpty()) {
            throw EcsApiException.client("Container list cannot be empty.");
        }
        for (var container : request.containerDefinitions()) {
            if (container.image() == null || container.image().isBlank()) {
                throw EcsApiException.client("Container.image should not be null or empty.");
            }
            if (container.name() == null || container.name().isBlank()) {
                throw EcsApiException.client("Container.name should not be null or empty.");
            }
        }
        ObjectNode document;
        try {
            document = (ObjectNode) store.json.readTree(codec.write(request));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        String name = EcsNames.kubernetesName(family);
        TaskDefinitionSpec spec = store.spec(document, TaskDefinitionSpec.class);
        TaskDefinition written;
        try {
            Optional<TaskDefinition> existing = store.taskDefinition(call.namespace(), family);
            if (existing.isEmpty()) {
                TaskDefinition td = new TaskDefinition();
                td.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(call.namespace()).build());
                td.setSpec(spec);
                written = store.client.resource(td).create();
            } else {
                written = store.client.resources(TaskDefinition.class).inNamespace(call.namespace()).withName(name)
                        .edit(td -> {
                            spec.deregisteredRevisions = td.getSpec().deregisteredRevisions;
                            spec.revisionHistoryLimit = td.getSpec().revisionHistoryLimit;
                            td.setSpec(spec);
                            return td;
                        });
            }
        } catch (KubernetesClientException e) {
            throw e.getCode() == 422 ? EcsApiException.client(KubernetesErrors.translate(e).getMessage())
                    : KubernetesErrors.translate(e);
        }
        TaskDefinitionRevision revision = awaitRevision(call.namespace(), name, written.getMetadata().getGeneration());
        return RegisterTaskDefinitionResponse.builder().taskDefinition(shapes.taskDefinition(revision, call.arns()))
                .tags(shapes.taskDefinitionTags(revision)).build();
    }

    /** Waits until the operator has acted on the written generation, then returns its latest revision. */
    private TaskDefinitionRevision awaitRevision(String namespace, String name, long generation) {
        Instant deadline = Instant.now().plus(REGISTRATION_WAIT);
        while (Instant.now().isBefore(deadline)) {
            TaskDefinition td = store.client.resources(TaskDefinition.class).inNamespace(namespace).withName(name).get();
            var status = td == null ? null : td.getStatus();
            if (status != null && status.observedGeneration != null && status.observedGeneration >= generation) {
                if (status.latestRevision == null) {
                    String reason = status.conditions.stream().filter(c -> "False".equals(c.getStatus()))
                            .map(Condition::getMessage).findFirst().orElse("the task definition is not valid");
                    throw EcsApiException.client(reason);
                }
                int latest = status.latestRevision;
                Optional<TaskDefinitionRevision> revision = store.revisions(namespace, td.family()).stream()
                        .filter(r -> r.getSpec().revision == latest).findFirst();
                if (revision.isPresent()) {
                    return revision.get();
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new EcsApiException(EcsError.SERVER, "The task definition is stored but the operator has not registered"
                + " its revision yet; retry, or see kubectl describe taskdefinition " + name + ".");
    }

    public DescribeTaskDefinitionResponse describeTaskDefinition(EcsCall call, DescribeTaskDefinitionRequest request) {
        TaskDefinitionRevision revision = store.revision(call.namespace(), request.taskDefinition());
        var response = DescribeTaskDefinitionResponse.builder()
                .taskDefinition(shapes.taskDefinition(revision, call.arns()));
        if (request.hasInclude() && request.include().contains(TaskDefinitionField.TAGS)) {
            response.tags(shapes.taskDefinitionTags(revision));
        }
        return response.build();
    }

    /** ASC: by family, then revision; DESC reverses both. familyPrefix is an exact family, as in ECS. */
    public ListTaskDefinitionsResponse listTaskDefinitions(EcsCall call, ListTaskDefinitionsRequest request) {
        String status = request.statusAsString() == null ? "ACTIVE" : request.statusAsString();
        List<TaskDefinitionRevision> revisions = new ArrayList<>(store.revisions(call.namespace()).stream()
                .filter(r -> request.familyPrefix() == null || request.familyPrefix().equals(r.getSpec().family))
                .filter(r -> status.equals(r.isActive() ? "ACTIVE" : "INACTIVE")).toList());
        if ("DESC".equals(request.sortAsString())) {
            revisions.sort(Comparator.<TaskDefinitionRevision, String> comparing(r -> r.getSpec().family)
                    .thenComparing(r -> r.getSpec().revision).reversed());
        }
        List<String> arns = revisions.stream()
                .map(r -> call.arns().taskDefinition(r.getSpec().family, r.getSpec().revision)).toList();
        Paging.Page<String> page = Paging.page(arns, request.maxResults(), request.nextToken(), 100);
        return ListTaskDefinitionsResponse.builder().taskDefinitionArns(page.items()).nextToken(page.nextToken())
                .build();
    }

    /** A family is ACTIVE while it has an ACTIVE revision; status ALL (the default) lists both. */
    public ListTaskDefinitionFamiliesResponse listTaskDefinitionFamilies(EcsCall call,
            ListTaskDefinitionFamiliesRequest request) {
        String status = request.statusAsString() == null ? "ALL" : request.statusAsString();
        Map<String, Boolean> active = new LinkedHashMap<>();
        for (TaskDefinitionRevision r : store.revisions(call.namespace())) {
            active.merge(r.getSpec().family, r.isActive(), Boolean::logicalOr);
        }
        List<String> families = active.entrySet().stream()
                .filter(e -> request.familyPrefix() == null || e.getKey().startsWith(request.familyPrefix()))
                .filter(e -> "ALL".equals(status) || status.equals(e.getValue() ? "ACTIVE" : "INACTIVE"))
                .map(Map.Entry::getKey).sorted().toList();
        Paging.Page<String> page = Paging.page(families, request.maxResults(), request.nextToken(), 100);
        return ListTaskDefinitionFamiliesResponse.builder().families(page.items()).nextToken(page.nextToken()).build();
    }

    /** Adds the revision to the TaskDefinition's deregisteredRevisions; the operator marks it INACTIVE. */
    public DeregisterTaskDefinitionResponse deregisterTaskDefinition(EcsCall call,
            DeregisterTaskDefinitionRequest request) {
        String reference = EcsArns.taskDefinition(request.taskDefinition());
        if (reference == null || !reference.contains(":")) {
            throw EcsApiException.client("Revision is missing.");
        }
        TaskDefinitionRevision revision = store.revision(call.namespace(), reference);
        int number = revision.getSpec().revision;
        String family = revision.getSpec().family;
        try {
            store.client.resources(TaskDefinition.class).inNamespace(call.namespace())
                    .withName(EcsNames.kubernetesName(family)).edit(td -> {
                        List<Integer> deregistered = td.getSpec().deregisteredRevisions == null ? new ArrayList<>()
                                : new ArrayList<>(td.getSpec().deregisteredRevisions);
                        if (!deregistered.contains(number)) {
                            deregistered.add(number);
                        }
                        td.getSpec().deregisteredRevisions = deregistered;
                        return td;
                    });
        } catch (KubernetesClientException e) {
            throw KubernetesErrors.translate(e);
        }
        var shape = shapes.taskDefinition(revision, call.arns()).toBuilder().status("INACTIVE")
                .deregisteredAt(revision.getStatus() != null && revision.getStatus().deregisteredAt != null
                        ? Instant.parse(revision.getStatus().deregisteredAt)
                        : call.now())
                .build();
        return DeregisterTaskDefinitionResponse.builder().taskDefinition(shape).build();
    }

    /**
     * Revisions are deleted by the operator (revisionHistoryLimit) once no Task uses them; deleting them on request
     * would let the same number be registered again, which ECS never does.
     */
    public DeleteTaskDefinitionsResponse deleteTaskDefinitions(EcsCall call, DeleteTaskDefinitionsRequest request) {
        throw new EcsApiException(EcsError.UNSUPPORTED_FEATURE, "DeleteTaskDefinitions is not supported by Berth:"
                + " deregister the revision (DeregisterTaskDefinition); the operator deletes old revisions no task uses"
                + " (TaskDefinition spec.revisionHistoryLimit).");
    }
}
