package dev.berth.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.ClusterSpec;
import dev.berth.api.v1alpha1.EcsTaskDefinition;
import dev.berth.api.v1alpha1.TaskSpec;
import io.fabric8.kubernetes.api.model.Pod;

class SubnetZonesTest {

    private static final EcsTaskDefinition WEB = TestingTaskDefinitions.fromJson("""
            {"family": "web", "networkMode": "awsvpc", "containerDefinitions": [{"name": "web", "image": "nginx",
             "memory": 64}]}
            """);
    private static final ClusterSpec CLUSTER = TestingTaskDefinitions.read("""
            {"subnets": [{"subnetId": "subnet-a", "zone": "zone-1"}, {"subnetId": "subnet-b", "zone": "zone-2"},
              {"subnetId": "subnet-c", "zone": "zone-1"}]}
            """, ClusterSpec.class);

    @Test
    void subnetsBecomeRequiredNodeAffinityOnTheirZones() {
        Pod pod = render(task("subnet-c", "subnet-b", "subnet-a"), CLUSTER);
        var terms = pod.getSpec().getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms();
        assertThat(terms).singleElement().satisfies(term -> assertThat(term.getMatchExpressions()).singleElement()
                .satisfies(r -> {
                    assertThat(r.getKey()).isEqualTo("topology.kubernetes.io/zone");
                    assertThat(r.getOperator()).isEqualTo("In");
                    assertThat(r.getValues()).containsExactly("zone-1", "zone-2");
                }));
    }

    @Test
    void aSubnetTheClusterDoesNotMapFailsTheTaskNamingIt() {
        assertThatThrownBy(() -> render(task("subnet-a", "subnet-zz"), CLUSTER))
                .isInstanceOfSatisfying(UnrunnableTask.class, e -> assertThat(e.reason()).isEqualTo("SubnetNotMapped"))
                .hasMessage("networkConfiguration.awsvpcConfiguration.subnets[1] 'subnet-zz' is not a subnet of Cluster"
                        + " default (its spec.subnets map subnet-a, subnet-b, subnet-c)");
    }

    @Test
    void withoutASubnetMapSubnetsAreNotAppliedAndSaidSo() {
        TaskSpec task = task("subnet-a");
        assertThat(render(task, new ClusterSpec()).getSpec().getAffinity()).isNull();
        assertThat(SubnetZones.notApplied(task, new ClusterSpec())).isTrue();
        assertThat(SubnetZones.notApplied(task, CLUSTER)).isFalse();
        assertThat(SubnetZones.notApplied(new TaskSpec(), new ClusterSpec())).isFalse();
    }

    private static Pod render(TaskSpec task, ClusterSpec cluster) {
        return PodRenderer.render(new PodInput("t1", "ns", "uid-1", task, "web", 1, WEB, Placement.NONE, cluster));
    }

    private static TaskSpec task(String... subnets) {
        return TestingTaskDefinitions.read("{\"taskDefinition\": \"web\", \"networkConfiguration\": {\"awsvpcConfiguration\":"
                + " {\"subnets\": " + TestingTaskDefinitions.json(subnets) + "}}}", TaskSpec.class);
    }
}
