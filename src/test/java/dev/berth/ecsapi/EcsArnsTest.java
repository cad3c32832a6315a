package dev.berth.ecsapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Long-form ARNs out, names or ARNs in, the account of a namespace, and paging. */
class EcsArnsTest {

    final EcsArns arns = EcsArns.of("eu-west-3", "team-a");

    @Test
    void arnsAreLongFormWithTheNamespacesAccount() {
        assertThat(EcsArns.accountOf("team-a")).matches("\\d{12}").isEqualTo(arns.account())
                .isNotEqualTo(EcsArns.accountOf("team-b"));
        assertThat(arns.task("my-cluster", "0123456789abcdef0123456789abcdef"))
                .isEqualTo("arn:aws:ecs:eu-west-3:" + arns.account() + ":task/my-cluster/0123456789abcdef0123456789abcdef");
        assertThat(arns.service("c", "web")).endsWith(":service/c/web");
        assertThat(arns.taskDefinition("my-task", 3)).endsWith(":task-definition/my-task:3");
        assertThat(arns.cluster("My_Cluster")).endsWith(":cluster/My_Cluster");
    }

    @Test
    void namesAndArnsAreAcceptedAlike() {
        assertThat(EcsArns.clusterName(arns.cluster("my-cluster"))).isEqualTo("my-cluster");
        assertThat(EcsArns.clusterName("my-cluster")).isEqualTo("my-cluster");
        assertThat(EcsArns.clusterName(null)).isEqualTo("default");
        assertThat(EcsArns.taskId(arns.task("c", "abc"))).isEqualTo("abc");
        assertThat(EcsArns.taskId("arn:aws:ecs:us-east-1:123456789012:task/abc")).as("short form").isEqualTo("abc");
        assertThat(EcsArns.serviceName(arns.service("c", "web"))).isEqualTo("web");
        assertThat(EcsArns.clusterOfArn(arns.service("c", "web"), "service")).isEqualTo("c");
        assertThat(EcsArns.clusterOfArn("arn:aws:ecs:us-east-1:1:service/web", "service")).isNull();
        assertThat(EcsArns.taskDefinition(arns.taskDefinition("my-task", 2))).isEqualTo("my-task:2");
        assertThat(EcsArns.taskDefinition("my-task")).isEqualTo("my-task");
        SigV4VerifierTest.assertError(() -> EcsArns.taskId("arn:aws:ecs:us-east-1:1:cluster/x"),
                EcsError.INVALID_PARAMETER, "Invalid task ARN");
    }

    @Test
    void anArnOfAnotherAccountAnywhereInARequestIsFound() throws Exception {
        ObjectMapper json = new ObjectMapper();
        String other = EcsArns.of("eu-west-3", "team-b").cluster("x");
        assertThat(arns.foreignArn(json.readTree("{\"tasks\": [\"abc\", \"" + arns.task("c", "abc") + "\"]}"))).isNull();
        assertThat(arns.foreignArn(json.readTree("{\"a\": {\"b\": [\"" + other + "\"]}}"))).isEqualTo(other);
    }

    @Test
    void pagesAreBoundedAndTheTokenLeadsToTheNextPage() {
        List<Integer> all = java.util.stream.IntStream.range(0, 25).boxed().toList();
        Paging.Page<Integer> first = Paging.page(all, 10, null, 100);
        assertThat(first.items()).hasSize(10);
        Paging.Page<Integer> third = Paging.page(all, 10, Paging.page(all, 10, first.nextToken(), 100).nextToken(), 100);
        assertThat(third.items()).containsExactly(20, 21, 22, 23, 24);
        assertThat(third.nextToken()).isNull();
        assertThat(Paging.page(all, null, null, 10).items()).hasSize(10);
        SigV4VerifierTest.assertError(() -> Paging.page(all, 0, null, 100), EcsError.INVALID_PARAMETER, "maxResults");
        SigV4VerifierTest.assertError(() -> Paging.page(all, 101, null, 100), EcsError.INVALID_PARAMETER, "maxResults");
        SigV4VerifierTest.assertError(() -> Paging.page(all, 5, "garbage!", 100), EcsError.INVALID_PARAMETER,
                "Invalid nextToken.");
    }
}
