package dev.berth.ecsapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.ecs.model.*;

/** The SDK's codec, used server-side: every served operation's request and response round-trips exactly. */
class EcsCodecTest {

    final EcsCodec codec = new EcsCodec();

    /** A filled-in request of every served operation. */
    static final Map<String, SdkPojo> REQUESTS = Map.ofEntries(
            Map.entry("CreateCluster", CreateClusterRequest.builder().clusterName("my-cluster")
                    .tags(Tag.builder().key("team").value("a").build())
                    .defaultCapacityProviderStrategy(CapacityProviderStrategyItem.builder().capacityProvider("FARGATE")
                            .weight(1).base(0).build())
                    .build()),
            Map.entry("DescribeClusters", DescribeClustersRequest.builder().clusters("my-cluster", "nope")
                    .include(ClusterField.TAGS).build()),
            Map.entry("ListClusters", ListClustersRequest.builder().maxResults(5).nextToken("abc").build()),
            Map.entry("DeleteCluster", DeleteClusterRequest.builder().cluster("my-cluster").build()),
            Map.entry("PutClusterCapacityProviders", PutClusterCapacityProvidersRequest.builder().cluster("c")
                    .capacityProviders("FARGATE", "FARGATE_SPOT").defaultCapacityProviderStrategy(List.of()).build()),
            Map.entry("DescribeCapacityProviders", DescribeCapacityProvidersRequest.builder()
                    .capacityProviders("FARGATE").build()),
            Map.entry("RegisterTaskDefinition", RegisterTaskDefinitionRequest.builder().family("my-task")
                    .networkMode(NetworkMode.AWSVPC).requiresCompatibilities(Compatibility.FARGATE).cpu("256")
                    .memory("512")
                    .containerDefinitions(ContainerDefinition.builder().name("web").image("nginx:alpine").essential(true)
                            .portMappings(PortMapping.builder().containerPort(80).protocol(TransportProtocol.TCP).build())
                            .environment(KeyValuePair.builder().name("A").value("1").build()).build())
                    .build()),
            Map.entry("DescribeTaskDefinition", DescribeTaskDefinitionRequest.builder().taskDefinition("my-task:1")
                    .include(TaskDefinitionField.TAGS).build()),
            Map.entry("ListTaskDefinitions", ListTaskDefinitionsRequest.builder().familyPrefix("my-task")
                    .status(TaskDefinitionStatus.ACTIVE).sort(SortOrder.DESC).maxResults(10).build()),
            Map.entry("ListTaskDefinitionFamilies", ListTaskDefinitionFamiliesRequest.builder().familyPrefix("my")
                    .status(TaskDefinitionFamilyStatus.ALL).build()),
            Map.entry("DeregisterTaskDefinition", DeregisterTaskDefinitionRequest.builder().taskDefinition("my-task:1")
                    .build()),
            Map.entry("DeleteTaskDefinitions", DeleteTaskDefinitionsRequest.builder().taskDefinitions("my-task:1")
                    .build()),
            Map.entry("RunTask", RunTaskRequest.builder().cluster("my-cluster").taskDefinition("my-task").count(2)
                    .launchType(LaunchType.FARGATE).startedBy("ci").group("batch").clientToken("token-1")
                    .overrides(TaskOverride.builder().cpu("512").containerOverrides(ContainerOverride.builder()
                            .name("web").command("echo", "hi").environment(KeyValuePair.builder().name("B")
                                    .value("2").build())
                            .build()).build())
                    .networkConfiguration(NetworkConfiguration.builder().awsvpcConfiguration(AwsVpcConfiguration
                            .builder().subnets("subnet-1").assignPublicIp(AssignPublicIp.DISABLED).build()).build())
                    .tags(Tag.builder().key("k").value("v").build()).propagateTags(PropagateTags.TASK_DEFINITION)
                    .build()),
            Map.entry("StartTask", StartTaskRequest.builder().taskDefinition("my-task").containerInstances("ci-1")
                    .build()),
            Map.entry("StopTask", StopTaskRequest.builder().cluster("my-cluster").task("0123").reason("done").build()),
            Map.entry("DescribeTasks", DescribeTasksRequest.builder().cluster("my-cluster").tasks("a", "b")
                    .include(TaskField.TAGS).build()),
            Map.entry("ListTasks", ListTasksRequest.builder().cluster("my-cluster").family("my-task")
                    .desiredStatus(DesiredStatus.STOPPED).maxResults(3).build()),
            Map.entry("CreateService", CreateServiceRequest.builder().cluster("my-cluster").serviceName("web")
                    .taskDefinition("my-task").desiredCount(3)
                    .deploymentConfiguration(DeploymentConfiguration.builder().maximumPercent(150)
                            .minimumHealthyPercent(50).deploymentCircuitBreaker(DeploymentCircuitBreaker.builder()
                                    .enable(true).rollback(true).build())
                            .build())
                    .build()),
            Map.entry("UpdateService", UpdateServiceRequest.builder().cluster("my-cluster").service("web")
                    .desiredCount(5).forceNewDeployment(true).build()),
            Map.entry("DescribeServices", DescribeServicesRequest.builder().cluster("my-cluster").services("web")
                    .include(ServiceField.TAGS).build()),
            Map.entry("ListServices", ListServicesRequest.builder().cluster("my-cluster").maxResults(10).build()),
            Map.entry("DeleteService", DeleteServiceRequest.builder().cluster("my-cluster").service("web").force(true)
                    .build()),
            Map.entry("TagResource", TagResourceRequest.builder().resourceArn("arn:aws:ecs:us-east-1:1:cluster/c")
                    .tags(Tag.builder().key("k").value("v").build()).build()),
            Map.entry("UntagResource", UntagResourceRequest.builder().resourceArn("arn:aws:ecs:us-east-1:1:cluster/c")
                    .tagKeys("k").build()),
            Map.entry("ListTagsForResource", ListTagsForResourceRequest.builder()
                    .resourceArn("arn:aws:ecs:us-east-1:1:cluster/c").build()));

    @Test
    void everyServedOperationsRequestRoundTrips() {
        EcsApi api = new EcsApi((r, now) -> null, (k, o, p) -> {
        }, new EcsStore(null, EcsStore.mapper()), codec);
        assertThat(REQUESTS.keySet()).containsExactlyInAnyOrderElementsOf(api.operations());
        REQUESTS.forEach((operation, request) -> {
            SdkPojo read = codec.read(codec.write(request), builderOf(request));
            assertThat(read).as(operation).isEqualTo(request);
        });
    }

    @Test
    void responsesRoundTripWithEpochSecondTimestamps() {
        Instant created = Instant.parse("2024-12-05T09:13:20.123Z");
        RunTaskResponse response = RunTaskResponse.builder().tasks(Task.builder()
                .taskArn("arn:aws:ecs:us-east-1:000000000000:task/my-cluster/0123456789abcdef0123456789abcdef")
                .lastStatus("PROVISIONING").desiredStatus("RUNNING").createdAt(created).cpu("256")
                .containers(Container.builder().name("web").exitCode(0).build()).build()).failures(List.of()).build();
        byte[] body = codec.write(response);
        assertThat(new String(body, StandardCharsets.UTF_8)).contains("\"createdAt\":1733390000.123")
                .contains("\"failures\":[]");
        assertThat(codec.<RunTaskResponse> read(body, RunTaskResponse::builder).equalsBySdkFields(response)).isTrue();
        assertThat(new String(codec.write(TagResourceResponse.builder().build()), StandardCharsets.UTF_8))
                .isEqualTo("{}");
    }

    @Test
    void theClisBodyIsReadWithUnknownMembersIgnored() {
        RunTaskRequest request = codec.read(("{\"cluster\": \"my-cluster\", \"taskDefinition\": \"my-task\","
                + " \"someFutureMember\": {\"x\": [1]}}").getBytes(StandardCharsets.UTF_8), RunTaskRequest::builder);
        assertThat(request).isEqualTo(RunTaskRequest.builder().cluster("my-cluster").taskDefinition("my-task").build());
        assertThat(codec.<ListClustersRequest> read(new byte[0], ListClustersRequest::builder))
                .isEqualTo(ListClustersRequest.builder().build());
    }

    @Test
    void malformedJsonOrWrongTypesAreSerializationExceptions() {
        List<String> accepted = new java.util.ArrayList<>();
        for (String body : List.of("{", "not json", "{\"count\": \"x\"}", "[1,2]", "{\"count\": {}}",
                "{\"capacityProviderStrategy\": \"x\"}", "null", " 1", "{\"tags\": [null]}",
                "{\"overrides\": {\"containerOverrides\": [{\"command\": [[1]]}]}}",
                "{\"tags\": {\"a\": 1}}",
                "{\"count\": " + "9".repeat(1000) + "}", "[".repeat(5000) + "]".repeat(5000))) {
            try {
                codec.read(body.getBytes(StandardCharsets.UTF_8), RunTaskRequest::builder);
                accepted.add(body);
            } catch (EcsApiException e) {
                assertThat(e.error()).as(body).isEqualTo(EcsError.SERIALIZATION);
            }
        }
        assertThat(accepted).as("bodies read although malformed or of the wrong types").isEmpty();
    }

    private static Supplier<SdkPojo> builderOf(SdkPojo request) {
        return () -> (SdkPojo) ((software.amazon.awssdk.utils.builder.ToCopyableBuilder<?, ?>) request).toBuilder();
    }
}
