package dev.berth.ecsapi;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.ecs.model.*;

/**
 * The ECS API, independent of the HTTP server: awsJson1_1 (POST, {@code X-Amz-Target:
 * AmazonEC2ContainerServiceV20141113.<Operation>}), authenticated (SigV4) and authorised per call, each operation
 * parsed by the SDK's codec into its typed request and answered by the operations on Berth's custom resources. Every
 * caller mistake is a 4xx with ECS's {@code __type}; only a fault of Berth itself is a 500 ServerException.
 */
public final class EcsApi {

    public static final String TARGET_PREFIX = "AmazonEC2ContainerServiceV20141113.";
    private static final Logger LOG = Logger.getLogger(EcsApi.class);
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    /** One answer: HTTP status, headers and JSON body. */
    public record Response(int status, Map<String, String> headers, byte[] body) {

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** An operation: how to read its request, what it needs in Kubernetes terms, and what it does. */
    record Operation<Q extends SdkPojo>(Supplier<? extends SdkPojo> request, Permission permission,
            BiFunction<EcsCall, Q, ? extends SdkPojo> handler) {

        @SuppressWarnings("unchecked")
        SdkPojo apply(EcsCall call, SdkPojo request) {
            return handler.apply(call, (Q) request);
        }
    }

    private final Map<String, Operation<?>> operations = new LinkedHashMap<>();
    private final Authenticator authenticator;
    private final Authorizer authorizer;
    private final EcsCodec codec;
    private final ObjectMapper json;

    public EcsApi(Authenticator authenticator, Authorizer authorizer, EcsStore store, EcsCodec codec) {
        this.authenticator = authenticator;
        this.authorizer = authorizer;
        this.codec = codec;
        this.json = store.json;
        EcsShapes shapes = new EcsShapes(codec, store.json);
        ClusterOperations clusters = new ClusterOperations(store, shapes);
        TaskDefinitionOperations taskDefinitions = new TaskDefinitionOperations(store, shapes, codec);
        TaskOperations tasks = new TaskOperations(store, shapes, codec);
        ServiceOperations services = new ServiceOperations(store, shapes, codec);
        TagOperations tags = new TagOperations(store, shapes);

        add("CreateCluster", CreateClusterRequest::builder, Permission.create("clusters"), clusters::createCluster);
        add("DescribeClusters", DescribeClustersRequest::builder, Permission.read("clusters"),
                clusters::describeClusters);
        add("ListClusters", ListClustersRequest::builder, Permission.read("clusters"), clusters::listClusters);
        add("DeleteCluster", DeleteClusterRequest::builder, Permission.delete("clusters"), clusters::deleteCluster);
        add("PutClusterCapacityProviders", PutClusterCapacityProvidersRequest::builder, Permission.update("clusters"),
                clusters::putClusterCapacityProviders);
        add("DescribeCapacityProviders", DescribeCapacityProvidersRequest::builder, Permission.read("clusters"),
                clusters::describeCapacityProviders);

        add("RegisterTaskDefinition", RegisterTaskDefinitionRequest::builder, Permission.create("taskdefinitions"),
                taskDefinitions::registerTaskDefinition);
        add("DescribeTaskDefinition", DescribeTaskDefinitionRequest::builder,
                Permission.read("taskdefinitionrevisions"), taskDefinitions::describeTaskDefinition);
        add("ListTaskDefinitions", ListTaskDefinitionsRequest::builder, Permission.read("taskdefinitionrevisions"),
                taskDefinitions::listTaskDefinitions);
        add("ListTaskDefinitionFamilies", ListTaskDefinitionFamiliesRequest::builder,
                Permission.read("taskdefinitionrevisions"), taskDefinitions::listTaskDefinitionFamilies);
        add("DeregisterTaskDefinition", DeregisterTaskDefinitionRequest::builder, Permission.update("taskdefinitions"),
                taskDefinitions::deregisterTaskDefinition);
        add("DeleteTaskDefinitions", DeleteTaskDefinitionsRequest::builder, Permission.update("taskdefinitions"),
                taskDefinitions::deleteTaskDefinitions);

        add("RunTask", RunTaskRequest::builder, Permission.create("tasks"), tasks::runTask);
        add("StartTask", StartTaskRequest::builder, Permission.create("tasks"), tasks::startTask);
        add("StopTask", StopTaskRequest::builder, Permission.update("tasks"), tasks::stopTask);
        add("DescribeTasks", DescribeTasksRequest::builder, Permission.read("tasks"), tasks::describeTasks);
        add("ListTasks", ListTasksRequest::builder, Permission.read("tasks"), tasks::listTasks);

        add("CreateService", CreateServiceRequest::builder, Permission.create("services"), services::createService);
        add("UpdateService", UpdateServiceRequest::builder, Permission.update("services"), services::updateService);
        add("DescribeServices", DescribeServicesRequest::builder, Permission.read("services"),
                services::describeServices);
        add("ListServices", ListServicesRequest::builder, Permission.read("services"), services::listServices);
        add("DeleteService", DeleteServiceRequest::builder, Permission.delete("services"), services::deleteService);

        add("TagResource", TagResourceRequest::builder, null, tags::tagResource);
        add("UntagResource", UntagResourceRequest::builder, null, tags::untagResource);
        add("ListTagsForResource", ListTagsForResourceRequest::builder, null, tags::listTagsForResource);
        tags.authorizer(authorizer);
    }

    private <Q extends SdkPojo> void add(String name, Supplier<? extends SdkPojo> request, Permission permission,
            BiFunction<EcsCall, Q, ? extends SdkPojo> handler) {
        operations.put(name, new Operation<>(request, permission, handler));
    }

    /** The operations served, in the order of docs/ecs-api.md. */
    public java.util.Set<String> operations() {
        return java.util.Collections.unmodifiableSet(operations.keySet());
    }

    public Response handle(SignedRequest request, Instant now, String requestId) {
        String target = request.header("x-amz-target");
        String operationName = target != null && target.startsWith(TARGET_PREFIX)
                ? target.substring(TARGET_PREFIX.length())
                : target;
        try {
            if (!"POST".equals(request.method())) {
                throw new EcsApiException(EcsError.UNKNOWN_OPERATION,
                        "The ECS API is served as AWS JSON 1.1: POST with an X-Amz-Target header.");
            }
            Authenticator.Caller caller = authenticator.authenticate(request, now);
            Operation<?> operation = operation(target, operationName);
            SdkPojo typed = codec.read(request.body(), operation.request());
            if (operation.permission() != null) {
                authorizer.authorize(caller.key(), operationName, operation.permission());
            }
            EcsCall call = new EcsCall(caller.key().namespace(), EcsArns.of(caller.region(), caller.key().namespace()),
                    requestId, now, caller.key());
            String foreign = call.arns().foreignArn(json.readTree(codec.write(typed)));
            if (foreign != null) {
                throw new EcsApiException(EcsError.ACCESS_DENIED, "User: " + caller.key().accessKeyId()
                        + " is not authorized to access " + foreign + ": its access key acts in account "
                        + call.arns().account() + " (namespace " + caller.key().namespace() + ") only.");
            }
            SdkPojo answer = operation.apply(call, typed);
            return new Response(200, headers(requestId, now, null), codec.write(answer));
        } catch (EcsApiException e) {
            if (e.error() == EcsError.SERVER) {
                LOG.warnf("ECS API %s: %s", operationName, e.getMessage());
            } else {
                LOG.debugf("ECS API %s: %s %s", operationName, e.error().type(), e.getMessage());
            }
            return error(e.error(), e.getMessage(), requestId, now);
        } catch (RuntimeException | java.io.IOException e) {
            LOG.errorf(e, "ECS API %s failed (request %s)", operationName, requestId);
            return error(EcsError.SERVER, "Berth could not complete the request (" + e.getClass().getSimpleName()
                    + "); the operator log has the details under request id " + requestId + ".", requestId, now);
        }
    }

    private Operation<?> operation(String target, String operationName) {
        if (target == null || !target.startsWith(TARGET_PREFIX)) {
            throw new EcsApiException(EcsError.UNKNOWN_OPERATION, "X-Amz-Target must be " + TARGET_PREFIX
                    + "<Operation>, got " + (target == null ? "none" : "'" + target + "'") + ".");
        }
        Operation<?> operation = operations.get(operationName);
        if (operation != null) {
            return operation;
        }
        if (isEcsOperation(operationName)) {
            throw new EcsApiException(EcsError.UNKNOWN_OPERATION, "Berth's ECS API does not support the operation "
                    + operationName + " (supported: " + String.join(", ", operations.keySet())
                    + "; see docs/ecs-api.md).");
        }
        throw new EcsApiException(EcsError.UNKNOWN_OPERATION, "Unknown operation " + operationName + ".");
    }

    /** Whether ECS has this operation (the SDK models a request class per operation). */
    private static boolean isEcsOperation(String name) {
        if (name == null || !name.matches("[A-Z][A-Za-z]+")) {
            return false;
        }
        try {
            Class<?> type = Class.forName("software.amazon.awssdk.services.ecs.model." + name + "Request");
            return software.amazon.awssdk.services.ecs.model.EcsRequest.class.isAssignableFrom(type);
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** The answer to a body larger than the server reads. */
    public Response tooLarge(String requestId, Instant now, int limit) {
        return error(EcsError.REQUEST_TOO_LARGE, "The request body exceeds " + limit + " bytes.", requestId, now);
    }

    private Response error(EcsError error, String message, String requestId, Instant now) {
        ObjectNode body = json.createObjectNode();
        body.put("__type", error.type());
        body.put("message", message);
        try {
            return new Response(error.httpStatus(), headers(requestId, now, error.type()), json.writeValueAsBytes(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> headers(String requestId, Instant now, String errorType) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", EcsCodec.CONTENT_TYPE);
        headers.put("x-amzn-RequestId", requestId);
        headers.put("Date", HTTP_DATE.format(now));
        if (errorType != null) {
            headers.put("X-Amzn-Errortype", errorType);
        }
        return headers;
    }
}
