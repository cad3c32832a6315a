package dev.berth.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.NetworkConfiguration;
import dev.berth.api.v1alpha1.SecurityGroup;
import dev.berth.api.v1alpha1.SecurityGroupSpec;
import dev.berth.api.v1alpha1.TaskSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;

class TaskSecurityGroupsTest {

    private static final SecurityGroupDirectory GROUPS = SecurityGroupDirectory.of(List.of(group("web", "sg-0123456789abcdef0"),
            group("db", null), group("a", "sg-twice"), group("b", "sg-twice")));

    @Test
    void aTaskNamingNoGroupHasNoLabelAndNoProblem() {
        TaskSecurityGroups.Resolved resolved = TaskSecurityGroups.resolve(new TaskSpec(), GROUPS);
        assertThat(resolved.groupNames()).isEmpty();
        assertThat(resolved.problem()).isEmpty();
        Pod pod = new PodBuilder().withNewMetadata().withName("p").endMetadata().build();
        assertThat(SecurityGroupLabels.withGroups(pod, resolved.groupNames())).isSameAs(pod);
    }

    @Test
    void groupsAreFoundByNameOrByTheIdTheyDeclare() {
        TaskSecurityGroups.Resolved resolved = TaskSecurityGroups.resolve(task("sg-0123456789abcdef0", "db", "web"), GROUPS);
        assertThat(resolved.problem()).isEmpty();
        assertThat(resolved.groupNames()).containsExactly("web", "db");
        Pod pod = SecurityGroupLabels.withGroups(new PodBuilder().withNewMetadata().withName("p").endMetadata().build(),
                resolved.groupNames());
        assertThat(pod.getMetadata().getLabels()).containsEntry("securitygroup.berth.dev/web", "true")
                .containsEntry("securitygroup.berth.dev/db", "true").containsEntry("berth.dev/security-groups", "true");
        assertThat(SecurityGroupLabels.groupsOf(pod.getMetadata().getLabels())).containsExactly("db", "web");
    }

    @Test
    void aMissingGroupIsNamedInEcsWording() {
        TaskSecurityGroups.Resolved resolved = TaskSecurityGroups.resolve(task("web", "sg-nope"), GROUPS);
        assertThat(resolved.problem()).hasValue("InvalidParameterException: Error retrieving security group information"
                + " for [sg-nope]: The security group 'sg-nope' does not exist: no SecurityGroup in this namespace has that"
                + " name or declares that groupId (networkConfiguration.awsvpcConfiguration.securityGroups)");
    }

    @Test
    void anIdTwoGroupsDeclareIsAmbiguous() {
        assertThat(TaskSecurityGroups.resolve(task("sg-twice"), GROUPS).problem()).hasValueSatisfying(
                p -> assertThat(p).contains("'sg-twice' is ambiguous: SecurityGroups a, b all declare that groupId"));
    }

    @Test
    void podLabelsOtherThanGroupsAreIgnored() {
        assertThat(SecurityGroupLabels.groupsOf(Map.of("berth.dev/task", "t", "securitygroup.berth.dev/x", "false",
                "securitygroup.berth.dev/y", "true"))).containsExactly("y");
    }

    static SecurityGroup group(String name, String id) {
        SecurityGroup g = new SecurityGroup();
        g.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("shop").withUid("uid-" + name).withGeneration(1L)
                .build());
        g.setSpec(new SecurityGroupSpec());
        g.getSpec().groupId = id;
        return g;
    }

    static TaskSpec task(String... groups) {
        TaskSpec spec = new TaskSpec();
        spec.networkConfiguration = new NetworkConfiguration();
        spec.networkConfiguration.awsvpcConfiguration = new NetworkConfiguration.AwsVpcConfiguration();
        spec.networkConfiguration.awsvpcConfiguration.securityGroups = List.of(groups);
        return spec;
    }
}
