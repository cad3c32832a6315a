package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.api.v1alpha1.Berth;
import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.Service;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskDefinition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.auth.signer.Aws4Signer;
import software.amazon.awssdk.auth.signer.params.Aws4SignerParams;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.RunTaskResponse;

/**
 * The issue's walkthrough, verbatim, with the real AWS CLI v1 and v2 and with the AWS SDK for Java v2 against the
 * operator's ECS API on the real control plane; the API and kubectl see the same resources; every authentication
 * failure answers like ECS and changes nothing; a RunTask survives the operator's SIGKILL.
 */
class EcsApiIT extends EndToEnd {

    static final String ENDPOINT = "http://127.0.0.1:" + OperatorProcess.ecsApiPort();
    static final String TASKDEF_FILE = "file://src/test/resources/ecsapi/my-task.json";

    String writerId;
    String writerSecret;
    String readerId;
    String readerSecret;

    /**
     * Two keys for this test's namespace, in the operator's key namespace: {@code writer} bound to a ServiceAccount
     * that may do anything with Berth's kinds, {@code reader} to one that may only read them.
     */
    @BeforeEach
    void keys() {
        applyText("""
                apiVersion: v1
                kind: ServiceAccount
                metadata: {name: deployer}
                ---
                apiVersion: v1
                kind: ServiceAccount
                metadata: {name: auditor}
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: Role
                metadata: {name: berth-write}
                rules:
                  - {apiGroups: [berth.dev], resources: ["*"], verbs: ["*"]}
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: Role
                metadata: {name: berth-read}
                rules:
                  - {apiGroups: [berth.dev], resources: ["*"], verbs: [get, list, watch]}
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: RoleBinding
                metadata: {name: deployer}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: berth-write}
                subjects: [{kind: ServiceAccount, name: deployer}]
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: RoleBinding
                metadata: {name: auditor}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: berth-read}
                subjects: [{kind: ServiceAccount, name: auditor}]
                """);
        writerId = "AKIA" + ns.replace("-", "").toUpperCase();
        writerSecret = UUID.randomUUID().toString();
        readerId = writerId + "R";
        readerSecret = UUID.randomUUID().toString();
        key(ns + "-deployer", writerId, writerSecret, ns, "deployer");
        key(ns + "-auditor", readerId, readerSecret, ns, "auditor");
        await().atMost(WAIT).until(() -> cli(AwsCli.v1()).ecs("list-clusters").exitCode() == 0);
    }

    void key(String name, String id, String secret, String namespace, String serviceAccount) {
        client.secrets().inNamespace(ChartIdentity.NAMESPACE).resource(new SecretBuilder().withNewMetadata()
                .withName(name).addToLabels("berth.dev/ecs-access-key", "true").endMetadata()
                .addToStringData("accessKeyId", id).addToStringData("secretAccessKey", secret)
                .addToStringData("namespace", namespace).addToStringData("serviceAccount", serviceAccount).build())
                .serverSideApply();
    }

    AwsCli cli(String executable) {
        return new AwsCli(executable, ENDPOINT, writerId, writerSecret);
    }

    @Test
    void theWalkthroughRunsVerbatimWithTheCliV1() {
        AwsCli aws = cli(AwsCli.v1());
        assertThat(aws.version()).startsWith("aws-cli/1.");
        walkthrough(aws, 255);
    }

    @Test
    void theWalkthroughRunsVerbatimWithTheCliV2() {
        AwsCli aws = cli(AwsCli.v2());
        assertThat(aws.version()).startsWith("aws-cli/2.");
        walkthrough(aws, 254);
    }

    void walkthrough(AwsCli aws, int errorExitCode) {
        JsonNode cluster = aws.ok("create-cluster", "--cluster-name", "my-cluster");
        assertThat(cluster.at("/cluster/clusterName").asText()).isEqualTo("my-cluster");
        assertThat(cluster.at("/cluster/status").asText()).isEqualTo("ACTIVE");

        JsonNode registered = aws.ok("register-task-definition", "--cli-input-json", TASKDEF_FILE);
        assertThat(registered.at("/taskDefinition/family").asText()).isEqualTo("my-task");
        assertThat(registered.at("/taskDefinition/revision").asInt()).isEqualTo(1);
        assertThat(registered.at("/taskDefinition/status").asText()).isEqualTo("ACTIVE");
        assertThat(registered.at("/taskDefinition/taskDefinitionArn").asText()).endsWith(":task-definition/my-task:1");
        assertThat(client.resources(TaskDefinition.class).inNamespace(ns).withName("my-task").get().getSpec().family)
                .isEqualTo("my-task");

        JsonNode run = aws.ok("run-task", "--cluster=my-cluster", "--task-definition=my-task");
        assertThat(run.at("/failures")).isEmpty();
        String arn = run.at("/tasks/0/taskArn").asText();
        assertThat(arn).matches("arn:aws:ecs:us-east-1:\\d{12}:task/my-cluster/[0-9a-f]{32}");
        assertThat(run.at("/tasks/0/desiredStatus").asText()).isEqualTo("RUNNING");
        String id = arn.substring(arn.lastIndexOf('/') + 1);

        JsonNode described = aws.ok("describe-tasks", "--cluster", "my-cluster", "--tasks", arn);
        assertThat(described.at("/tasks/0/taskArn").asText()).isEqualTo(arn);
        assertThat(described.at("/tasks/0/taskDefinitionArn").asText()).endsWith(":task-definition/my-task:1");

        assertThat(aws.ok("wait", "tasks-running", "--cluster", "my-cluster", "--tasks", arn)).isNull();
        JsonNode running = aws.ok("describe-tasks", "--cluster", "my-cluster", "--tasks", arn);
        assertThat(running.at("/tasks/0/lastStatus").asText()).isEqualTo("RUNNING");
        assertThat(running.at("/tasks/0/containers/0/name").asText()).isEqualTo("my-container");
        assertThat(Shell.kubectlOk("get", "ecstask", "-n", ns)).contains(id, "RUNNING", "my-task:1");

        JsonNode stopped = aws.ok("stop-task", "--cluster", "my-cluster", "--task", arn);
        assertThat(stopped.at("/task/desiredStatus").asText()).isEqualTo("STOPPED");
        assertThat(aws.ok("wait", "tasks-stopped", "--cluster", "my-cluster", "--tasks", arn)).isNull();
        JsonNode afterStop = aws.ok("describe-tasks", "--cluster", "my-cluster", "--tasks", arn);
        assertThat(afterStop.at("/tasks/0/stopCode").asText()).isEqualTo("UserInitiated");
        assertThat(afterStop.at("/tasks/0/stoppedReason").asText()).isEqualTo("Task stopped by user");

        JsonNode created = aws.ok("create-service", "--cluster", "my-cluster", "--service-name", "web",
                "--task-definition", "my-task", "--desired-count", "3");
        assertThat(created.at("/service/serviceName").asText()).isEqualTo("web");
        assertThat(created.at("/service/status").asText()).isEqualTo("ACTIVE");
        assertThat(created.at("/service/desiredCount").asInt()).isEqualTo(3);

        JsonNode updated = aws.ok("update-service", "--cluster", "my-cluster", "--service", "web", "--desired-count",
                "5", "--force-new-deployment");
        assertThat(updated.at("/service/desiredCount").asInt()).isEqualTo(5);

        assertThat(aws.ok("wait", "services-stable", "--cluster", "my-cluster", "--services", "web")).isNull();
        JsonNode stable = aws.ok("describe-services", "--cluster", "my-cluster", "--services", "web");
        assertThat(stable.at("/services/0/runningCount").asInt()).isEqualTo(5);
        assertThat(stable.at("/services/0/deployments")).hasSize(1);
        assertThat(stable.at("/services/0/deployments/0/rolloutState").asText()).isEqualTo("COMPLETED");
        assertThat(Shell.kubectlOk("get", "ecsservice", "web", "-n", ns)).contains("web", "5");
        assertThat(aws.ok("list-tasks", "--cluster", "my-cluster", "--service-name", "web").at("/taskArns"))
                .hasSize(5);

        JsonNode deleted = aws.ok("delete-service", "--cluster", "my-cluster", "--service", "web", "--force");
        assertThat(deleted.at("/service/status").asText()).isEqualTo("DRAINING");
        await().atMost(WAIT).until(() -> client.resources(Service.class).inNamespace(ns).withName("web").get() == null);

        JsonNode missing = aws.ok("describe-clusters", "--clusters", "nope");
        assertThat(missing.at("/failures/0/reason").asText()).isEqualTo("MISSING");
        AwsCli.Result notFound = aws.ecs("run-task", "--cluster", "nope", "--task-definition", "my-task");
        assertThat(notFound.exitCode()).isEqualTo(errorExitCode);
        assertThat(notFound.stderr()).contains("An error occurred (ClusterNotFoundException) when calling the RunTask"
                + " operation: Cluster not found.");
    }

    EcsClient sdk(String id, String secret) {
        return EcsClient.builder().endpointOverride(URI.create(ENDPOINT)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(id, secret)))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @Test
    void theSdksEcsClientDrivesTheSameFlowAndAClientTokenLaunchesOnce() {
        try (EcsClient ecs = sdk(writerId, writerSecret)) {
            ecs.createCluster(r -> r.clusterName("my-cluster"));
            var registered = ecs.registerTaskDefinition(r -> r.family("my-task").containerDefinitions(ContainerDefinition
                    .builder().name("my-container").image("nginx:alpine").cpu(256).memory(512).essential(true)
                    .portMappings(PortMapping.builder().containerPort(80).protocol("tcp").build()).build()));
            assertThat(registered.taskDefinition().revision()).isEqualTo(1);

            // the SDK fills in a clientToken of its own on every RunTask
            RunTaskResponse run = ecs.runTask(r -> r.cluster("my-cluster").taskDefinition("my-task").count(2));
            assertThat(run.tasks()).hasSize(2);
            List<String> arns = run.tasks().stream().map(software.amazon.awssdk.services.ecs.model.Task::taskArn).toList();
            ecs.waiter().waitUntilTasksRunning(r -> r.cluster("my-cluster").tasks(arns));
            assertThat(ecs.describeTasks(r -> r.cluster("my-cluster").tasks(arns)).tasks())
                    .allSatisfy(t -> assertThat(t.lastStatus()).isEqualTo("RUNNING"))
                    .allSatisfy(t -> assertThat(t.createdAt()).isBefore(Instant.now()));

            RunTaskResponse first = ecs.runTask(r -> r.cluster("my-cluster").taskDefinition("my-task").count(3)
                    .clientToken("deploy-42"));
            RunTaskResponse again = ecs.runTask(r -> r.cluster("my-cluster").taskDefinition("my-task").count(3)
                    .clientToken("deploy-42"));
            assertThat(again.tasks()).extracting(software.amazon.awssdk.services.ecs.model.Task::taskArn)
                    .containsExactlyElementsOf(first.tasks().stream()
                            .map(software.amazon.awssdk.services.ecs.model.Task::taskArn).toList());
            assertThat(client.resources(Task.class).inNamespace(ns).list().getItems()).hasSize(5);
            assertThat(ecs.listTasks(r -> r.cluster("my-cluster")).taskArns()).hasSize(5);

            ecs.stopTask(r -> r.cluster("my-cluster").task(arns.get(0)).reason("done"));
            ecs.waiter().waitUntilTasksStopped(r -> r.cluster("my-cluster").tasks(arns.get(0)));
            assertThat(ecs.listTasks(r -> r.cluster("my-cluster").desiredStatus(DesiredStatus.STOPPED)).taskArns())
                    .containsExactly(arns.get(0));
            assertThat(ecs.describeTasks(r -> r.cluster("my-cluster").tasks(arns.get(0))).tasks().get(0)
                    .stoppedReason()).isEqualTo("done");
        }
    }

    @Test
    void whatKubectlAppliesTheApiShowsAndTheReverse() {
        apply("deploy/examples/nginx-taskdefinition.yaml");
        apply("deploy/examples/nginx-task.yaml");
        awaitLastStatus("my-task-run", LastStatus.RUNNING);
        AwsCli aws = cli(AwsCli.v1());
        JsonNode described = aws.ok("describe-tasks", "--tasks", "my-task-run");
        assertThat(described.at("/tasks/0/lastStatus").asText()).isEqualTo("RUNNING");
        assertThat(described.at("/tasks/0/clusterArn").asText()).endsWith(":cluster/default");
        assertThat(aws.ok("list-tasks").at("/taskArns").toString()).contains("task/default/my-task-run");
        assertThat(aws.ok("describe-task-definition", "--task-definition", "my-task")
                .at("/taskDefinition/containerDefinitions/0/image").asText()).isEqualTo("nginx:alpine");

        String arn = aws.ok("run-task", "--task-definition", "my-task:1").at("/tasks/0/taskArn").asText();
        String id = arn.substring(arn.lastIndexOf('/') + 1);
        awaitLastStatus(id, LastStatus.RUNNING);
        assertThat(Shell.kubectlOk("get", "ecstask", id, "-n", ns)).contains("RUNNING");
    }

    @Test
    void everyAuthenticationFailureAnswersLikeEcsAndChangesNothing() throws Exception {
        String runTask = "{\"taskDefinition\": \"my-task\"}";
        cli(AwsCli.v1()).ok("register-task-definition", "--cli-input-json", TASKDEF_FILE);

        HttpResponse<String> unsigned = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(ENDPOINT))
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Target", "AmazonEC2ContainerServiceV20141113.RunTask")
                .POST(HttpRequest.BodyPublishers.ofString(runTask)).build(), HttpResponse.BodyHandlers.ofString());
        assertError(unsigned, 403, "MissingAuthenticationTokenException");

        assertError(signed("RunTask", runTask, writerId, "wrong-secret", Instant.now()), 400,
                "InvalidSignatureException");
        assertError(signed("RunTask", runTask, writerId, writerSecret, Instant.now().minus(Duration.ofMinutes(20))),
                400, "InvalidSignatureException");
        assertThat(signed("RunTask", runTask, writerId, writerSecret, Instant.now().minus(Duration.ofMinutes(20)))
                .body()).contains("Signature expired");
        assertError(signed("RunTask", runTask, "AKIDUNKNOWN", writerSecret, Instant.now()), 400,
                "UnrecognizedClientException");
        assertError(signed("RunTask", runTask, readerId, readerSecret, Instant.now()), 400, "AccessDeniedException");
        assertThat(signed("ListTaskDefinitions", "{}", readerId, readerSecret, Instant.now()).statusCode())
                .as("the read-only key can describe").isEqualTo(200);

        String otherNs = plane.namespace("ecsapi-other");
        Shell.kubectlOk("create", "serviceaccount", "deployer", "-n", otherNs);
        key(otherNs + "-deployer", writerId + "X", "other-secret", otherNs, "deployer");
        await().atMost(WAIT).until(() -> signed("ListClusters", "{}", writerId + "X", "other-secret", Instant.now())
                .statusCode() != 400
                || !signed("ListClusters", "{}", writerId + "X", "other-secret", Instant.now())
                        .body().contains("UnrecognizedClient"));
        String clusterArnHere = cli(AwsCli.v1()).ok("create-cluster", "--cluster-name", "mine").at("/cluster/clusterArn")
                .asText();
        assertError(signed("DescribeClusters", "{\"clusters\": [\"" + clusterArnHere + "\"]}", writerId + "X",
                "other-secret", Instant.now()), 400, "AccessDeniedException");
        assertError(signed("RunTask", runTask, writerId + "X", "other-secret", Instant.now()), 400,
                "AccessDeniedException");

        assertThat(client.resources(Task.class).inNamespace(ns).list().getItems()).isEmpty();
        assertThat(client.resources(Task.class).inNamespace(otherNs).list().getItems()).isEmpty();
    }

    @Test
    void aTaskRunBeforeTheOperatorIsKilledRunsOnceAfterItRestarts() {
        AwsCli aws = cli(AwsCli.v1());
        aws.ok("register-task-definition", "--cli-input-json", TASKDEF_FILE);
        String arn;
        boolean podBeforeKill;
        try (EcsClient ecs = sdk(writerId, writerSecret)) {
            arn = ecs.runTask(r -> r.taskDefinition("my-task")).tasks().get(0).taskArn();
            plane.operator.kill();
            podBeforeKill = !taskPods().isEmpty();
        }
        plane.operator.start();
        String id = arn.substring(arn.lastIndexOf('/') + 1);
        awaitLastStatus(id, LastStatus.RUNNING);
        List<Pod> pods = taskPods();
        assertThat(pods).as("pod existed at the kill: " + podBeforeKill).singleElement()
                .satisfies(p -> assertThat(p.getMetadata().getLabels()).containsEntry(Berth.LABEL_TASK, id));
        assertThat(aws.ok("describe-tasks", "--tasks", arn).at("/tasks/0/lastStatus").asText()).isEqualTo("RUNNING");
    }

    @SuppressWarnings("deprecation")
    HttpResponse<String> signed(String operation, String body, String id, String secret, Instant at) {
        try {
            URI uri = URI.create(ENDPOINT + "/");
            SdkHttpFullRequest request = SdkHttpFullRequest.builder().method(SdkHttpMethod.POST).uri(uri)
                    .putHeader("Content-Type", "application/x-amz-json-1.1")
                    .putHeader("X-Amz-Target", "AmazonEC2ContainerServiceV20141113." + operation)
                    .contentStreamProvider(() -> new java.io.ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)))
                    .build();
            SdkHttpFullRequest signed = Aws4Signer.create().sign(request, Aws4SignerParams.builder()
                    .awsCredentials(AwsBasicCredentials.create(id, secret)).signingName("ecs")
                    .signingRegion(Region.US_EAST_1).signingClockOverride(Clock.fixed(at, ZoneOffset.UTC)).build());
            HttpRequest.Builder http = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body));
            signed.headers().forEach((name, values) -> {
                if (!name.equalsIgnoreCase("Host")) {
                    values.forEach(v -> http.header(name, v));
                }
            });
            return HttpClient.newHttpClient().send(http.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void assertError(HttpResponse<String> response, int status, String type) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.body()).contains("\"__type\":\"" + type + "\"");
        assertThat(response.headers().firstValue("x-amzn-RequestId")).isPresent();
        assertThat(response.headers().firstValue("Date")).isPresent();
    }
}
