package dev.berth.ecsapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.berth.api.v1alpha1.Berth;
import dev.berth.api.v1alpha1.Cluster;
import dev.berth.api.v1alpha1.EcsTaskDefinition;
import dev.berth.api.v1alpha1.Service;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskDefinitionRevision;
import dev.berth.api.v1alpha1.TaskDefinitionRevisionSpec;
import dev.berth.api.v1alpha1.TaskDefinitionRevisionStatus;
import dev.berth.api.v1alpha1.TaskSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;

/**
 * The ECS API's operations on Berth's resources (fabric8 mock server in CRUD mode; the operator's reconcilers are not
 * running, so statuses are what a test writes). Requests are the CLI's JSON bodies.
 */
@EnableKubernetesMockClient(crud = true)
class EcsApiTest {

    static final String NS = "team-a";
    static final Instant NOW = Instant.parse("2026-12-05T08:00:00Z");
    static final EcsArns ARNS = EcsArns.of("us-east-1", NS);

    KubernetesClient client;
    final ObjectMapper json = EcsStore.mapper();
    final List<String> authorised = new ArrayList<>();
    String denyVerb;
    EcsApi api;

    @BeforeEach
    void api() throws Exception {
        Authenticator caller = (request, now) -> new Authenticator.Caller(new AccessKey("AKID", "s", NS, "ci"),
                "us-east-1");
        Authorizer authorizer = (key, operation, permission) -> {
            authorised.add(operation + " " + permission.verb() + " " + permission.resource());
            if (permission.verb().equals(denyVerb)) {
                throw new EcsApiException(EcsError.ACCESS_DENIED, "denied " + operation);
            }
        };
        api = new EcsApi(caller, authorizer, new EcsStore(client, json), new EcsCodec());
        TaskDefinitionRevision revision = new TaskDefinitionRevision();
        revision.setMetadata(new ObjectMetaBuilder().withName("my-task-1").withNamespace(NS)
                .addToLabels("berth.dev/family", "my-task").addToLabels("berth.dev/revision", "1").build());
        revision.setSpec(new TaskDefinitionRevisionSpec());
        revision.getSpec().family = "my-task";
        revision.getSpec().revision = 1;
        revision.getSpec().taskDefinition = json.readValue(
                Files.readString(Path.of("src/test/resources/ecsapi/my-task.json")), EcsTaskDefinition.class);
        revision.setStatus(new TaskDefinitionRevisionStatus("ACTIVE", "2026-12-05T07:00:00Z", null));
        client.resource(revision).create();
    }

    EcsApi.Response call(String operation, String body) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("X-Amz-Target", List.of(EcsApi.TARGET_PREFIX + operation));
        headers.put("Content-Type", List.of(EcsCodec.CONTENT_TYPE));
        return api.handle(new SignedRequest("POST", "/", "", headers, body.getBytes(StandardCharsets.UTF_8)), NOW,
                "req-1");
    }

    JsonNode ok(String operation, String body) {
        EcsApi.Response response = call(operation, body);
        assertThat(response.status()).as(operation + " " + response.bodyText()).isEqualTo(200);
        try {
            return json.readTree(response.body());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    void assertError(EcsApi.Response response, int status, String type, String message) {
        assertThat(response.status()).as(response.bodyText()).isEqualTo(status);
        assertThat(response.headers()).containsEntry("X-Amzn-Errortype", type).containsKey("x-amzn-RequestId")
                .containsKey("Date").containsEntry("Content-Type", "application/x-amz-json-1.1");
        assertThat(response.bodyText()).contains("\"__type\":\"" + type + "\"").contains(message);
    }

    @Test
    void createClusterIsIdempotentAndDescribeReportsMissingOnes() {
        JsonNode created = ok("CreateCluster", "{\"clusterName\": \"my-cluster\"}");
        assertThat(created.at("/cluster/clusterArn").asText())
                .isEqualTo("arn:aws:ecs:us-east-1:" + EcsArns.accountOf(NS) + ":cluster/my-cluster");
        assertThat(created.at("/cluster/status").asText()).isEqualTo("ACTIVE");
        ok("CreateCluster", "{\"clusterName\": \"my-cluster\"}");
        assertThat(client.resources(Cluster.class).inNamespace(NS).list().getItems()).hasSize(1);

        JsonNode described = ok("DescribeClusters", "{\"clusters\": [\"my-cluster\", \"nope\"]}");
        assertThat(described.at("/clusters/0/clusterName").asText()).isEqualTo("my-cluster");
        assertThat(described.at("/failures/0/reason").asText()).isEqualTo("MISSING");
        assertThat(described.at("/failures/0/arn").asText()).endsWith(":cluster/nope");
        assertThat(ok("ListClusters", "{}").at("/clusterArns").toString()).contains("cluster/my-cluster");
    }

    @Test
    void anEcsNameThatIsNoDnsLabelKeepsItsNameThroughTheApi() {
        ok("CreateCluster", "{\"clusterName\": \"My_Cluster\"}");
        Cluster cluster = client.resources(Cluster.class).inNamespace(NS).list().getItems().get(0);
        assertThat(cluster.getMetadata().getName()).isEqualTo(dev.berth.api.EcsNames.kubernetesName("My_Cluster"));
        assertThat(ok("DescribeClusters", "{\"clusters\": [\"My_Cluster\"]}").at("/clusters/0/clusterName").asText())
                .isEqualTo("My_Cluster");
    }

    @Test
    void runTaskCreatesTasksPinnedToTheLatestRevisionWithEcsIds() {
        ok("CreateCluster", "{\"clusterName\": \"my-cluster\"}");
        JsonNode run = ok("RunTask", "{\"cluster\": \"my-cluster\", \"taskDefinition\": \"my-task\", \"count\": 2,"
                + " \"overrides\": {\"containerOverrides\": [{\"name\": \"my-container\", \"command\": [\"echo\"]}]},"
                + " \"startedBy\": \"ci\", \"networkConfiguration\": {\"awsvpcConfiguration\": {\"subnets\": [\"s\"]}}}");
        assertThat(run.at("/tasks")).hasSize(2);
        assertThat(run.at("/failures")).isEmpty();
        String arn = run.at("/tasks/0/taskArn").asText();
        assertThat(arn).matches("arn:aws:ecs:us-east-1:\\d{12}:task/my-cluster/[0-9a-f]{32}");
        assertThat(run.at("/tasks/0/lastStatus").asText()).isEqualTo("PROVISIONING");
        assertThat(run.at("/tasks/0/desiredStatus").asText()).isEqualTo("RUNNING");
        assertThat(run.at("/tasks/0/taskDefinitionArn").asText()).endsWith(":task-definition/my-task:1");
        assertThat(run.at("/tasks/0/group").asText()).isEqualTo("family:my-task");

        Task task = client.resources(Task.class).inNamespace(NS).withName(EcsArns.taskId(arn)).get();
        assertThat(task.getSpec().taskDefinition).isEqualTo("my-task:1");
        assertThat(task.getSpec().cluster).isEqualTo("my-cluster");
        assertThat(task.getSpec().startedBy).isEqualTo("ci");
        assertThat(task.getSpec().overrides.containerOverrides.get(0).command).containsExactly("echo");
        assertThat(task.getSpec().networkConfiguration.awsvpcConfiguration.subnets).containsExactly("s");
        assertThat(task.getSpec().unmodeledFields()).doesNotContainKey("count");
        assertThat(task.getMetadata().getFinalizers()).as("created holding it: no round trip to add it before the Pod")
                .containsExactly(Berth.TASK_FINALIZER);

        JsonNode described = ok("DescribeTasks", "{\"cluster\": \"my-cluster\", \"tasks\": [\"" + arn + "\", \""
                + EcsArns.taskId(arn) + "\", \"0123456789abcdef0123456789abcdef\"]}");
        assertThat(described.at("/tasks")).hasSize(2);
        assertThat(described.at("/failures/0/reason").asText()).isEqualTo("MISSING");

        assertThat(ok("ListTasks", "{\"cluster\": \"my-cluster\"}").at("/taskArns")).hasSize(2);
        assertThat(ok("ListTasks", "{\"cluster\": \"my-cluster\", \"startedBy\": \"other\"}").at("/taskArns"))
                .isEmpty();
        JsonNode firstPage = ok("ListTasks", "{\"cluster\": \"my-cluster\", \"maxResults\": 1}");
        assertThat(firstPage.at("/taskArns")).hasSize(1);
        JsonNode second = ok("ListTasks", "{\"cluster\": \"my-cluster\", \"maxResults\": 1, \"nextToken\": \""
                + firstPage.at("/nextToken").asText() + "\"}");
        assertThat(second.at("/taskArns")).hasSize(1);
        assertThat(second.has("nextToken")).isFalse();

        JsonNode stopped = ok("StopTask", "{\"cluster\": \"my-cluster\", \"task\": \"" + arn + "\", \"reason\": \"bye\"}");
        assertThat(stopped.at("/task/desiredStatus").asText()).isEqualTo("STOPPED");
        Task stoppedTask = client.resources(Task.class).inNamespace(NS).withName(EcsArns.taskId(arn)).get();
        assertThat(stoppedTask.getSpec().desiredStatus).isEqualTo(TaskSpec.DesiredStatus.STOPPED);
        assertThat(stoppedTask.getSpec().stopReason).isEqualTo("bye");
        assertThat(ok("ListTasks", "{\"cluster\": \"my-cluster\"}").at("/taskArns")).hasSize(1);
        assertThat(ok("ListTasks", "{\"cluster\": \"my-cluster\", \"desiredStatus\": \"STOPPED\"}").at("/taskArns"))
                .hasSize(1);
    }

    @Test
    void theSameClientTokenGivesTheSameTasksAndOtherParametersAConflict() {
        String request = "{\"taskDefinition\": \"my-task\", \"count\": 3, \"clientToken\": \"token-1\"}";
        JsonNode first = ok("RunTask", request);
        JsonNode again = ok("RunTask", request);
        assertThat(again.at("/tasks").findValuesAsText("taskArn"))
                .containsExactlyElementsOf(first.at("/tasks").findValuesAsText("taskArn"));
        assertThat(client.resources(Task.class).inNamespace(NS).list().getItems()).hasSize(3);
        assertThat(client.resources(Cluster.class).inNamespace(NS).withName("default").get())
                .as("the default cluster is created on first use").isNotNull();

        assertError(call("RunTask", "{\"taskDefinition\": \"my-task\", \"count\": 3, \"clientToken\": \"token-1\","
                + " \"startedBy\": \"x\"}"), 400, "ConflictException", "same client token");
        assertThat(client.resources(Task.class).inNamespace(NS).list().getItems()).hasSize(3);
    }

    @Test
    void errorsAreEcsExceptionsWith4xx() {
        assertError(call("RunTask", "{\"cluster\": \"nope\", \"taskDefinition\": \"my-task\"}"), 400,
                "ClusterNotFoundException", "Cluster not found.");
        assertError(call("RunTask", "{\"taskDefinition\": \"other\"}"), 400, "ClientException",
                "Unable to describe task definition.");
        assertError(call("RunTask", "{\"taskDefinition\": \"my-task\", \"count\": 11}"), 400,
                "InvalidParameterException", "count must be between 1 and 10.");
        assertError(call("RunTask", "{\"taskDefinition\": \"my-task:x\"}"), 400, "InvalidParameterException",
                "Invalid revision number. Number: x");
        assertError(call("RunTask", "{\"taskDefinition\": \"my-task\", \"launchType\": \"FARGATE\","
                + " \"capacityProviderStrategy\": [{\"capacityProvider\": \"FARGATE\"}]}"), 400,
                "InvalidParameterException", "launch type and capacity provider strategy");
        assertError(call("RunTask", "{\"taskDefinition\": "), 400, "SerializationException", "");
        // found by EcsApiFuzzIT: a list member given a string, and an enum value Berth's spec has no constant for,
        // were 500 ServerExceptions
        assertError(call("DescribeServices", "{\"services\": \"web\"}"), 400, "SerializationException",
                "A JSON string cannot be converted to an array.");
        assertError(call("CreateCluster", "{\"clusterName\": \"c\", \"tags\": [null]}"), 400, "SerializationException",
                "Null or a value of the wrong type at tags[0].");
        assertError(call("RegisterTaskDefinition", "{\"family\": \"f\", \"requiresCompatibilities\": [\"a:b:c\"],"
                + " \"containerDefinitions\": [{\"name\": \"app\", \"image\": \"nginx\"}]}"), 400, "ClientException",
                "Invalid value a:b:c for requiresCompatibilities[0]: expected one of");
        // found by make chaos's random ECS API fuzz: a strategy item without its capacity provider was a 500
        ok("CreateCluster", "{\"clusterName\": \"strategy\"}");
        assertError(call("PutClusterCapacityProviders", "{\"cluster\": \"strategy\", \"defaultCapacityProviderStrategy\":"
                + " [{\"weight\": 1}]}"), 400, "InvalidParameterException", "each item needs a capacityProvider");
        assertError(call("StopTask", "{\"task\": \"0123456789abcdef0123456789abcdef\"}"), 400,
                "InvalidParameterException", "The referenced task was not found.");
        assertError(call("DescribeTasks", "{\"tasks\": []}"), 400, "InvalidParameterException",
                "Tasks cannot be empty.");
        assertError(call("ListTasks", "{\"maxResults\": 101}"), 400, "InvalidParameterException",
                "maxResults must be between 1 and 100.");
        assertError(call("DescribeServices", "{\"cluster\": \"nope\", \"services\": [\"web\"]}"), 400,
                "ClusterNotFoundException", "Cluster not found.");
        assertError(call("UpdateService", "{\"service\": \"nope\", \"desiredCount\": 1}"), 400,
                "ServiceNotFoundException", "Service not found.");
        assertError(call("DescribeTaskDefinition", "{\"taskDefinition\": \"my-task:9\"}"), 400, "ClientException",
                "Unable to describe task definition.");
        assertError(call("DeregisterTaskDefinition", "{\"taskDefinition\": \"my-task\"}"), 400, "ClientException",
                "Revision is missing.");
        assertError(call("DeleteCluster", "{\"cluster\": \"nope\"}"), 400, "ClusterNotFoundException",
                "Cluster not found.");
        assertError(call("CreateTaskSet", "{}"), 400, "UnknownOperationException",
                "does not support the operation CreateTaskSet");
        assertError(call("NoSuchThing", "{}"), 400, "UnknownOperationException", "Unknown operation NoSuchThing.");
        assertError(call("StartTask", "{\"taskDefinition\": \"my-task\", \"containerInstances\": [\"i\"]}"), 400,
                "UnsupportedFeatureException", "RunTask");
    }

    @Test
    void theKeysIdentityDecidesWhatItMayDo() {
        denyVerb = "create";
        assertError(call("RunTask", "{\"taskDefinition\": \"my-task\"}"), 400, "AccessDeniedException", "denied RunTask");
        assertThat(client.resources(Task.class).inNamespace(NS).list().getItems()).isEmpty();
        ok("ListClusters", "{}");
        assertThat(authorised).containsExactly("RunTask create tasks", "ListClusters list clusters");
    }

    @Test
    void anArnOfAnotherAccountIsAccessDenied() {
        String foreign = EcsArns.of("us-east-1", "team-b").cluster("my-cluster");
        assertError(call("DescribeClusters", "{\"clusters\": [\"" + foreign + "\"]}"), 400, "AccessDeniedException",
                "is not authorized to access " + foreign);
        assertThat(ok("DescribeClusters", "{\"clusters\": [\"" + ARNS.cluster("my-cluster") + "\"]}")
                .at("/failures/0/reason").asText()).isEqualTo("MISSING");
    }

    @Test
    void servicesAreCreatedUpdatedDescribedAndDeleted() {
        ok("CreateCluster", "{\"clusterName\": \"my-cluster\"}");
        JsonNode created = ok("CreateService", "{\"cluster\": \"my-cluster\", \"serviceName\": \"web\","
                + " \"taskDefinition\": \"my-task\", \"desiredCount\": 3}");
        assertThat(created.at("/service/serviceArn").asText()).endsWith(":service/my-cluster/web");
        assertThat(created.at("/service/status").asText()).isEqualTo("ACTIVE");
        assertThat(created.at("/service/desiredCount").asInt()).isEqualTo(3);
        assertThat(created.at("/service/deploymentConfiguration/maximumPercent").asInt()).isEqualTo(200);
        assertThat(created.at("/service/deployments/0/rolloutState").asText()).isEqualTo("IN_PROGRESS");
        Service service = client.resources(Service.class).inNamespace(NS).withName("web").get();
        assertThat(service.getSpec().taskDefinition).isEqualTo("my-task:1");
        assertThat(service.getSpec().desiredCount).isEqualTo(3);

        assertError(call("CreateService", "{\"cluster\": \"my-cluster\", \"serviceName\": \"web\","
                + " \"taskDefinition\": \"my-task\", \"desiredCount\": 3}"), 400, "InvalidParameterException",
                "Creation of service was not idempotent.");

        ok("UpdateService", "{\"cluster\": \"my-cluster\", \"service\": \"web\", \"desiredCount\": 5,"
                + " \"forceNewDeployment\": true}");
        Service updated = client.resources(Service.class).inNamespace(NS).withName("web").get();
        assertThat(updated.getSpec().desiredCount).isEqualTo(5);
        assertThat(updated.getSpec().forceNewDeployment).isEqualTo(NOW.toString());
        assertThat(updated.getSpec().taskDefinition).isEqualTo("my-task:1");

        JsonNode described = ok("DescribeServices", "{\"cluster\": \"my-cluster\", \"services\": [\"web\", \"gone\"]}");
        assertThat(described.at("/services/0/serviceName").asText()).isEqualTo("web");
        assertThat(described.at("/failures/0/reason").asText()).isEqualTo("MISSING");
        assertThat(ok("ListServices", "{\"cluster\": \"my-cluster\"}").at("/serviceArns/0").asText())
                .endsWith(":service/my-cluster/web");

        assertError(call("DeleteCluster", "{\"cluster\": \"my-cluster\"}"), 400, "ClusterContainsServicesException",
                "The Cluster cannot be deleted while Services are active.");
        assertError(call("DeleteService", "{\"cluster\": \"my-cluster\", \"service\": \"web\"}"), 400,
                "InvalidParameterException", "The service cannot be stopped while it is scaled above 0.");
        JsonNode deleted = ok("DeleteService", "{\"cluster\": \"my-cluster\", \"service\": \"web\", \"force\": true}");
        assertThat(deleted.at("/service/status").asText()).isEqualTo("DRAINING");
        assertThat(client.resources(Service.class).inNamespace(NS).withName("web").get()).isNull();
        assertThat(ok("DeleteCluster", "{\"cluster\": \"my-cluster\"}").at("/cluster/status").asText())
                .isEqualTo("INACTIVE");
    }

    @Test
    void aServiceAppliedWithKubectlShowsInDescribeServices() throws Exception {
        Service service = json.readValue("{\"apiVersion\": \"berth.dev/v1alpha1\", \"kind\": \"Service\","
                + " \"metadata\": {\"name\": \"api\", \"namespace\": \"team-a\", \"generation\": 1},"
                + " \"spec\": {\"taskDefinition\": \"my-task\", \"desiredCount\": 2},"
                + " \"status\": {\"observedGeneration\": 1, \"runningCount\": 2, \"desiredCount\": 2,"
                + " \"deployments\": [{\"id\": \"ecs-svc/1\", \"status\": \"PRIMARY\", \"taskDefinition\": \"my-task:1\","
                + " \"desiredCount\": 2, \"runningCount\": 2, \"rolloutState\": \"COMPLETED\"}],"
                + " \"events\": [{\"id\": \"e1\", \"createdAt\": \"2026-12-05T07:59:00Z\","
                + " \"message\": \"(service api) has reached a steady state.\"}]}}", Service.class);
        client.resource(service).create();
        JsonNode described = ok("DescribeServices", "{\"services\": [\"api\"]}");
        assertThat(described.at("/services/0/deployments")).hasSize(1);
        assertThat(described.at("/services/0/runningCount").asInt()).isEqualTo(2);
        assertThat(described.at("/services/0/desiredCount").asInt()).isEqualTo(2);
        assertThat(described.at("/services/0/events/0/message").asText()).contains("steady state");
        assertThat(described.at("/services/0/events/0/createdAt").asDouble()).isEqualTo(
                Instant.parse("2026-12-05T07:59:00Z").getEpochSecond());
        assertThat(described.at("/services/0/clusterArn").asText()).endsWith(":cluster/default");
    }

    @Test
    void taskDefinitionsAreDescribedAndListedInEcsForm() {
        JsonNode described = ok("DescribeTaskDefinition", "{\"taskDefinition\": \"my-task\"}");
        assertThat(described.at("/taskDefinition/taskDefinitionArn").asText()).endsWith(":task-definition/my-task:1");
        assertThat(described.at("/taskDefinition/revision").asInt()).isEqualTo(1);
        assertThat(described.at("/taskDefinition/status").asText()).isEqualTo("ACTIVE");
        assertThat(described.at("/taskDefinition/containerDefinitions/0/image").asText()).isEqualTo("nginx:alpine");
        assertThat(described.at("/taskDefinition/containerDefinitions/0/cpu").asInt()).isEqualTo(256);
        assertThat(described.at("/taskDefinition/containerDefinitions/0/environment")).isEmpty();
        assertThat(ok("DescribeTaskDefinition", "{\"taskDefinition\": \""
                + ARNS.taskDefinition("my-task", 1) + "\"}").at("/taskDefinition/family").asText()).isEqualTo("my-task");
        assertThat(ok("ListTaskDefinitions", "{}").at("/taskDefinitionArns/0").asText())
                .isEqualTo(ARNS.taskDefinition("my-task", 1));
        assertThat(ok("ListTaskDefinitionFamilies", "{}").at("/families/0").asText()).isEqualTo("my-task");
        assertThat(ok("ListTaskDefinitions", "{\"status\": \"INACTIVE\"}").at("/taskDefinitionArns")).isEmpty();
    }
}
