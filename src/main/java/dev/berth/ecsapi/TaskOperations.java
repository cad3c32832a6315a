package dev.berth.ecsapi;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.berth.api.EcsNames;
import dev.berth.api.v1alpha1.Berth;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskDefinitionRevision;
import dev.berth.api.v1alpha1.TaskSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import software.amazon.awssdk.services.ecs.model.DescribeTasksRequest;
import software.amazon.awssdk.services.ecs.model.DescribeTasksResponse;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.ListTasksRequest;
import software.amazon.awssdk.services.ecs.model.ListTasksResponse;
import software.amazon.awssdk.services.ecs.model.RunTaskRequest;
import software.amazon.awssdk.services.ecs.model.RunTaskResponse;
import software.amazon.awssdk.services.ecs.model.StartTaskRequest;
import software.amazon.awssdk.services.ecs.model.StartTaskResponse;
import software.amazon.awssdk.services.ecs.model.StopTaskRequest;
import software.amazon.awssdk.services.ecs.model.StopTaskResponse;
import software.amazon.awssdk.services.ecs.model.TaskField;

/**
 * RunTask, StartTask, StopTask, DescribeTasks and ListTasks onto Task resources. A task's id is its Task's name (32
 * hex digits, as ECS task ids), so task ARNs round-trip.
 */
public final class TaskOperations {

    /** Members of RunTask that are not fields of a Task (they choose how many, where, or are idempotency tokens). */
    private static final List<String> NOT_TASK_FIELDS = List.of("cluster", "taskDefinition", "count", "clientToken",
            "containerInstances", "referenceId", "tags");
    private static final String ANNOTATION_CLIENT_TOKEN = "berth.dev/ecs-client-token";
    private static final String ANNOTATION_REQUEST_HASH = "berth.dev/ecs-request-hash";

    private final EcsStore store;
    private final EcsShapes shapes;
    private final EcsCodec codec;

    public TaskOperations(EcsStore store, EcsShapes shapes, EcsCodec codec) {
        this.store = store;
        this.shapes = shapes;
        this.codec = codec;
    }

    public RunTaskResponse runTask(EcsCall call, RunTaskRequest request) {
        int count = request.count() == null ? 1 : request.count();
        if (count < 1 || count > 10) {
            throw EcsApiException.invalidParameter("count must be between 1 and 10.");
        }
        if (request.launchType() != null && request.hasCapacityProviderStrategy()
                && !request.capacityProviderStrategy().isEmpty()) {
            throw EcsApiException.invalidParameter(
                    "Specifying both a launch type and capacity provider strategy is not supported.");
        }
        if (request.clientToken() != null && (request.clientToken().length() > 64
                || !request.clientToken().chars().allMatch(c -> c >= 33 && c <= 126))) {
            throw EcsApiException.invalidParameter("clientToken must be 1-64 printable ASCII characters.");
        }
        String clusterName = EcsArns.clusterName(request.cluster());
        store.requireCluster(call, clusterName);
        TaskDefinitionRevision revision = store.revision(call.namespace(), request.taskDefinition());
        if (!revision.isActive()) {
            throw EcsApiException.client("TaskDefinition is inactive");
        }
        // the SDK's marshaller fills in an idempotency token when there is none: it is no part of the request's identity
        ObjectNode document = (ObjectNode) readTree(codec.write(request));
        document.remove("clientToken");
        String requestHash = SigV4Verifier.hex(SigV4Verifier.sha256(document.toString().getBytes(StandardCharsets.UTF_8)))
                .substring(0, 16);
        NOT_TASK_FIELDS.forEach(document::remove);

        List<Task> created = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Task task = new Task();
            String id = request.clientToken() == null ? UUID.randomUUID().toString().replace("-", "")
                    : taskId(call.namespace(), request.clientToken(), i);
            // created holding the Task controller's finalizer, as Service, ScheduledTask and BatchJob tasks: no round trip
            // to add it before the Pod, whether or not the chart's admission policy runs (docs/architecture.md)
            task.setMetadata(new ObjectMetaBuilder().withName(id).withNamespace(call.namespace())
                    .addToFinalizers(Berth.TASK_FINALIZER).build());
            if (request.clientToken() != null) {
                task.getMetadata().getAnnotations().put(ANNOTATION_CLIENT_TOKEN, request.clientToken());
                task.getMetadata().getAnnotations().put(ANNOTATION_REQUEST_HASH, requestHash);
            }
            TaskSpec spec = store.spec(document, TaskSpec.class);
            spec.cluster = clusterName;
            spec.taskDefinition = revision.familyRevision();
            if (spec.group == null) {
                spec.group = "family:" + revision.getSpec().family;
            }
            spec.tags = request.hasTags() ? store.json.convertValue(readTree(codec.write(
                    RunTaskRequest.builder().tags(request.tags()).build())).get("tags"),
                    store.json.getTypeFactory().constructCollectionType(List.class, dev.berth.api.v1alpha1.Tag.class))
                    : null;
            task.setSpec(spec);
            created.add(createOnce(task, requestHash, request.clientToken()));
        }
        return RunTaskResponse.builder().tasks(created.stream().map(t -> shapes.task(t, call.arns(), false)).toList())
                .failures(List.of()).build();
    }

    /**
     * Creates the Task; with a clientToken its name is derived from the token, so a retry (or a second call with the
     * same token) finds the first one instead of launching again. The same token with other parameters is ECS's
     * ConflictException.
     */
    private Task createOnce(Task task, String requestHash, String clientToken) {
        try {
            return store.client.resource(task).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409 || clientToken == null) {
                throw KubernetesErrors.translate(e);
            }
            Task existing = store.task(task.getMetadata().getNamespace(), task.getMetadata().getName())
                    .orElseThrow(() -> e);
            Map<String, String> annotations = existing.getMetadata().getAnnotations();
            if (!requestHash.equals(annotations.get(ANNOTATION_REQUEST_HASH))
                    || !clientToken.equals(annotations.get(ANNOTATION_CLIENT_TOKEN))) {
                throw new EcsApiException(EcsError.CONFLICT, "The request uses the same client token as a previous,"
                        + " but non-identical request. Do not reuse a client token with different requests, unless the"
                        + " requests are identical.");
            }
            return existing;
        }
    }

    /** The task id of the i-th task of a RunTask with a client token: 32 hex digits, stable across retries. */
    static String taskId(String namespace, String clientToken, int index) {
        byte[] digest = SigV4Verifier.sha256((namespace + "\n" + clientToken + "\n" + index)
                .getBytes(StandardCharsets.UTF_8));
        return SigV4Verifier.hex(digest).substring(0, 32);
    }

    /** StartTask places tasks on named container instances (EC2); Berth has none, only the scheduler's nodes. */
    public StartTaskResponse startTask(EcsCall call, StartTaskRequest request) {
        throw new EcsApiException(EcsError.UNSUPPORTED_FEATURE, "StartTask needs EC2 container instances, which"
                + " Berth does not have: use RunTask (the Kubernetes scheduler places the task), or a placement"
                + " constraint memberOf(...) to choose nodes.");
    }

    public StopTaskResponse stopTask(EcsCall call, StopTaskRequest request) {
        if (request.task() == null || request.task().isBlank()) {
            throw EcsApiException.invalidParameter("Task can not be blank.");
        }
        String clusterName = EcsArns.clusterName(request.cluster());
        store.requireCluster(call, clusterName);
        String id = EcsArns.taskId(request.task());
        Task task = store.task(call.namespace(), id)
                .filter(t -> clusterName.equals(EcsStore.clusterOf(t.getSpec().cluster)))
                .orElseThrow(() -> EcsApiException.invalidParameter("The referenced task was not found."));
        if (task.getSpec().desiredStatus != TaskSpec.DesiredStatus.STOPPED) {
            task = store.client.resources(Task.class).inNamespace(call.namespace()).withName(id).edit(t -> {
                t.getSpec().desiredStatus = TaskSpec.DesiredStatus.STOPPED;
                t.getSpec().stopCode = TaskSpec.StopCode.UserInitiated;
                if (request.reason() != null && !request.reason().isBlank()) {
                    t.getSpec().stopReason = request.reason();
                }
                return t;
            });
        }
        return StopTaskResponse.builder().task(shapes.task(task, call.arns(), false)).build();
    }

    public DescribeTasksResponse describeTasks(EcsCall call, DescribeTasksRequest request) {
        if (!request.hasTasks() || request.tasks().isEmpty()) {
            throw EcsApiException.invalidParameter("Tasks cannot be empty.");
        }
        if (request.tasks().size() > 100) {
            throw EcsApiException.invalidParameter("taskIds can have at most 100 items.");
        }
        String clusterName = EcsArns.clusterName(request.cluster());
        store.requireCluster(call, clusterName);
        boolean tags = request.hasInclude() && request.include().contains(TaskField.TAGS);
        List<software.amazon.awssdk.services.ecs.model.Task> found = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        for (String reference : request.tasks()) {
            String id = EcsArns.taskId(reference);
            store.task(call.namespace(), id).filter(t -> clusterName.equals(EcsStore.clusterOf(t.getSpec().cluster)))
                    .ifPresentOrElse(t -> found.add(shapes.task(t, call.arns(), tags)),
                            () -> failures.add(Failure.builder().arn(call.arns().task(clusterName, id))
                                    .reason("MISSING").build()));
        }
        return DescribeTasksResponse.builder().tasks(found).failures(failures).build();
    }

    public ListTasksResponse listTasks(EcsCall call, ListTasksRequest request) {
        String clusterName = EcsArns.clusterName(request.cluster());
        store.requireCluster(call, clusterName);
        if (request.startedBy() != null && (request.family() != null || request.serviceName() != null)) {
            throw EcsApiException.invalidParameter("startedBy must be the only filter when listing tasks.");
        }
        String desired = request.desiredStatusAsString() == null ? "RUNNING" : request.desiredStatusAsString();
        String serviceLabel = null;
        if (request.serviceName() != null) {
            String service = EcsArns.serviceName(request.serviceName());
            store.service(call.namespace(), service).orElseThrow(EcsApiException::serviceNotFound);
            serviceLabel = EcsNames.kubernetesName(service);
        }
        String service = serviceLabel;
        List<String> arns = "PENDING".equals(desired) ? List.of()
                : store.tasks(call.namespace()).stream()
                        .filter(t -> clusterName.equals(EcsStore.clusterOf(t.getSpec().cluster)))
                        .filter(t -> desired.equals(t.getSpec().desiredStatus == null ? "RUNNING"
                                : t.getSpec().desiredStatus.name()))
                        .filter(t -> request.family() == null || request.family().equals(family(t)))
                        .filter(t -> request.startedBy() == null || request.startedBy().equals(t.getSpec().startedBy))
                        .filter(t -> service == null || service.equals(labels(t).get(Berth.LABEL_SERVICE)))
                        .filter(t -> request.launchType() == null || Objects.equals(request.launchTypeAsString(),
                                t.getSpec().launchType == null ? "FARGATE" : t.getSpec().launchType))
                        .sorted(Comparator.comparing((Task t) -> t.getMetadata().getCreationTimestamp())
                                .thenComparing(t -> t.getMetadata().getName()))
                        .map(t -> call.arns().task(clusterName, t.getMetadata().getName())).toList();
        Paging.Page<String> page = Paging.page(arns, request.maxResults(), request.nextToken(), 100);
        return ListTasksResponse.builder().taskArns(page.items()).nextToken(page.nextToken()).build();
    }

    private static Map<String, String> labels(Task task) {
        return task.getMetadata().getLabels() == null ? Map.of() : task.getMetadata().getLabels();
    }

    private static String family(Task task) {
        String reference = task.getStatus() != null && task.getStatus().taskDefinition != null
                ? task.getStatus().taskDefinition
                : task.getSpec().taskDefinition;
        int colon = reference.indexOf(':');
        return colon < 0 ? reference : reference.substring(0, colon);
    }

    private com.fasterxml.jackson.databind.JsonNode readTree(byte[] bytes) {
        try {
            return store.json.readTree(bytes);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
