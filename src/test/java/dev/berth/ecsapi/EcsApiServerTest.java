package dev.berth.ecsapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.Task;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.EcsException;

/**
 * The whole operator (reconcilers included) with the ECS API on, against the mock API server, driven over HTTP by the
 * AWS SDK's EcsClient: the Vert.x server, SigV4 with the SDK's signing, keys from Secrets, the SDK's parsing of our
 * answers and errors. The mock server allows every SubjectAccessReview; EcsApiIT has the real authorizer.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@TestProfile(EcsApiServerTest.Enabled.class)
class EcsApiServerTest {

    public static class Enabled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("berth.ecs-api.enabled", "true", "berth.ecs-api.port", "0", "berth.ecs-api.host",
                    "127.0.0.1", "berth.ecs-api.keys-namespace", "berth-keys");
        }
    }

    @Inject
    KubernetesClient client;
    @Inject
    EcsApiServer server;
    @KubernetesTestServer
    KubernetesServer mockServer;

    @BeforeEach
    void key() {
        mockServer.expect().post().withPath("/apis/authorization.k8s.io/v1/subjectaccessreviews")
                .andReturn(201, new SubjectAccessReviewBuilder().withNewStatus().withAllowed(true).endStatus().build())
                .always();
        for (String ns : new String[] { "berth-keys", "team-a" }) {
            client.resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).createOr(
                    c -> c.update());
        }
        client.resource(new SecretBuilder().withNewMetadata().withName("ci").withNamespace("berth-keys")
                .addToLabels(AccessKeys.LABEL, "true").endMetadata().addToStringData("accessKeyId", "AKIDSERVERTEST")
                .addToStringData("secretAccessKey", "s3cret").addToStringData("namespace", "team-a")
                .addToStringData("serviceAccount", "ci").build()).createOr(c -> c.update());
    }

    EcsClient ecs(String secret) {
        return EcsClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + server.port()))
                .region(Region.EU_WEST_3)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDSERVERTEST", secret)))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @Test
    void theSdkRegistersRunsAndDescribesOverHttp() {
        try (EcsClient ecs = ecs("s3cret")) {
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                    .until(() -> ecs.listClusters().clusterArns() != null);
            var cluster = ecs.createCluster(r -> r.clusterName("my-cluster")).cluster();
            assertThat(cluster.clusterArn()).startsWith("arn:aws:ecs:eu-west-3:" + EcsArns.accountOf("team-a"));
            var registered = ecs.registerTaskDefinition(r -> r.family("my-task").containerDefinitions(
                    ContainerDefinition.builder().name("web").image("nginx:alpine").memory(512).build()));
            assertThat(registered.taskDefinition().revision()).as("numbered by the operator's reconciler").isEqualTo(1);
            var run = ecs.runTask(r -> r.cluster("my-cluster").taskDefinition("my-task"));
            String id = run.tasks().get(0).taskArn().substring(run.tasks().get(0).taskArn().lastIndexOf('/') + 1);
            assertThat(client.resources(Task.class).inNamespace("team-a").withName(id).get()).isNotNull();
            assertThat(ecs.describeTasks(r -> r.cluster("my-cluster").tasks(id)).tasks().get(0).taskDefinitionArn())
                    .endsWith(":task-definition/my-task:1");
            assertThatThrownBy(() -> ecs.runTask(r -> r.cluster("nope").taskDefinition("my-task")))
                    .isInstanceOfSatisfying(ClusterNotFoundException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Cluster not found.");
                        assertThat(e.requestId()).isNotBlank();
                    });
        }
    }

    @Test
    void aWrongSecretOrNoSignatureIsRefused() throws Exception {
        try (EcsClient ecs = ecs("wrong")) {
            assertThatThrownBy(ecs::listClusters).isInstanceOfSatisfying(EcsException.class, e -> {
                assertThat(e.statusCode()).isEqualTo(400);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
            });
        }
        HttpResponse<String> unsigned = HttpClient.newHttpClient().send(HttpRequest
                .newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/"))
                .header("X-Amz-Target", EcsApi.TARGET_PREFIX + "ListClusters")
                .header("Content-Type", EcsCodec.CONTENT_TYPE).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unsigned.statusCode()).isEqualTo(403);
        assertThat(unsigned.body()).contains("MissingAuthenticationTokenException");
        assertThat(unsigned.headers().firstValue("x-amzn-RequestId")).isPresent();
        assertThat(unsigned.headers().firstValue("Date")).isPresent();

        HttpResponse<String> huge = HttpClient.newHttpClient().send(HttpRequest
                .newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/")).version(HttpClient.Version.HTTP_1_1)
                .header("X-Amz-Target", EcsApi.TARGET_PREFIX + "ListClusters")
                .POST(HttpRequest.BodyPublishers.ofString("{\"x\": \"" + "a".repeat(EcsApiServer.MAX_BODY) + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(huge.body()).contains("RequestEntityTooLargeException");
    }

    /** Java's HttpClient upgrades to HTTP/2 (h2c), where the signed host travels as :authority. */
    @Test
    @SuppressWarnings("deprecation")
    void aRequestSignedForHttp2IsVerifiedToo() throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + server.port() + "/");
        var request = software.amazon.awssdk.http.SdkHttpFullRequest.builder()
                .method(software.amazon.awssdk.http.SdkHttpMethod.POST).uri(uri)
                .putHeader("Content-Type", EcsCodec.CONTENT_TYPE)
                .putHeader("X-Amz-Target", EcsApi.TARGET_PREFIX + "ListClusters")
                .contentStreamProvider(() -> new java.io.ByteArrayInputStream("{}".getBytes())).build();
        var signed = software.amazon.awssdk.auth.signer.Aws4Signer.create().sign(request,
                software.amazon.awssdk.auth.signer.params.Aws4SignerParams.builder()
                        .awsCredentials(AwsBasicCredentials.create("AKIDSERVERTEST", "s3cret")).signingName("ecs")
                        .signingRegion(Region.US_EAST_1).build());
        HttpRequest.Builder http = HttpRequest.newBuilder(uri).version(HttpClient.Version.HTTP_2)
                .POST(HttpRequest.BodyPublishers.ofString("{}"));
        signed.headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Host")) {
                values.forEach(v -> http.header(name, v));
            }
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> HttpClient.newHttpClient()
                .send(http.build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
        HttpResponse<String> response = HttpClient.newHttpClient().send(http.build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("clusterArns");
    }
}
