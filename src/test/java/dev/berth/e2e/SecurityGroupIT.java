package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.Berth;
import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.SecurityGroup;
import dev.berth.api.v1alpha1.SecurityGroupStatus;
import dev.berth.api.v1alpha1.Service;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;

/**
 * Security groups on the real control plane (docs/networking.md): the NetworkPolicies a group renders, the Pods they
 * select following the tasks as they come and go, rule changes, a missing group, apply-time validation. kwok has no
 * data plane: what is checked is what the API server holds (policies, Pod labels), not packets.
 */
class SecurityGroupIT extends EndToEnd {

    private static final String TASK_DEFINITION = """
            apiVersion: berth.dev/v1alpha1
            kind: TaskDefinition
            metadata: {name: app}
            spec:
              cpu: 256
              memory: 512
              containerDefinitions:
                - {name: app, image: busybox, portMappings: [{containerPort: 80}]}
            """;

    @Test
    void groupsBecomePoliciesThatFollowTheTasks() {
        applyText(TASK_DEFINITION + """
                ---
                apiVersion: berth.dev/v1alpha1
                kind: SecurityGroup
                metadata: {name: web}
                spec:
                  groupId: sg-0123456789abcdef0
                  ipPermissions:
                    - {ipProtocol: tcp, fromPort: 80, toPort: 80, ipRanges: [{cidrIp: 10.0.0.0/16}]}
                ---
                apiVersion: berth.dev/v1alpha1
                kind: SecurityGroup
                metadata: {name: db}
                spec:
                  ipPermissions:
                    - {ipProtocol: tcp, fromPort: 5432, toPort: 5432, userIdGroupPairs: [{groupId: sg-0123456789abcdef0}]}
                  ipPermissionsEgress: []
                ---
                apiVersion: berth.dev/v1alpha1
                kind: Service
                metadata: {name: web}
                spec:
                  taskDefinition: app
                  desiredCount: 2
                  networkConfiguration:
                    awsvpcConfiguration: {subnets: [subnet-1], securityGroups: [sg-0123456789abcdef0]}
                ---
                apiVersion: berth.dev/v1alpha1
                kind: Task
                metadata: {name: db-1}
                spec:
                  taskDefinition: app
                  networkConfiguration:
                    awsvpcConfiguration: {securityGroups: [db, web]}
                """);

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(group("web").taskCount).isEqualTo(3);
            assertThat(group("db").tasks).containsExactly("db-1");
        });
        NetworkPolicy web = policy("securitygroup-web");
        assertThat(web.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
        assertThat(web.getSpec().getIngress()).singleElement().satisfies(rule -> {
            assertThat(rule.getFrom()).singleElement()
                    .satisfies(p -> assertThat(p.getIpBlock().getCidr()).isEqualTo("10.0.0.0/16"));
            assertThat(rule.getPorts()).singleElement().satisfies(p -> assertThat(p.getPort().getIntVal()).isEqualTo(80));
        });
        assertThat(web.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getKind()).isEqualTo("SecurityGroup"));
        NetworkPolicy db = policy("securitygroup-db");
        assertThat(db.getSpec().getIngress().get(0).getFrom().get(0).getPodSelector().getMatchLabels())
                .containsEntry("securitygroup.berth.dev/web", "true");
        assertThat(selected(web)).containsExactlyInAnyOrderElementsOf(group("web").tasks);
        assertThat(selected(db)).containsExactly("db-1");
        assertThat(group("web").conditions).anySatisfy(c -> assertThat(c.getType() + c.getStatus()).isEqualTo("ReadyTrue"));

        // tasks come: the service grows; tasks go: the one-off task stops
        client.resources(Service.class).inNamespace(ns).withName("web").edit(s -> {
            s.getSpec().desiredCount = 3;
            return s;
        });
        client.resources(Task.class).inNamespace(ns).withName("db-1").edit(t -> {
            t.getSpec().desiredStatus = dev.berth.api.v1alpha1.TaskSpec.DesiredStatus.STOPPED;
            return t;
        });
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(group("web").taskCount).isEqualTo(3);
            assertThat(group("web").tasks).doesNotContain("db-1");
            assertThat(group("db").taskCount).isZero();
            assertThat(selected(policy("securitygroup-db"))).isEmpty();
            assertThat(selected(policy("securitygroup-web"))).hasSize(3);
        });

        // the group's rules change: its policy follows
        client.resources(SecurityGroup.class).inNamespace(ns).withName("web").edit(g -> {
            g.getSpec().ipPermissions.get(0).toPort = 443;
            return g;
        });
        await().atMost(WAIT).untilAsserted(() -> assertThat(policy("securitygroup-web").getSpec().getIngress().get(0)
                .getPorts().get(0).getEndPort()).isEqualTo(443));

        // a policy deleted by hand comes back
        client.network().v1().networkPolicies().inNamespace(ns).withName("securitygroup-db").delete();
        await().atMost(WAIT).untilAsserted(() -> assertThat(client.network().v1().networkPolicies().inNamespace(ns)
                .withName("securitygroup-db").get()).isNotNull()
                .satisfies(p -> assertThat(p.getMetadata().getDeletionTimestamp()).isNull()));
    }

    @Test
    void aTaskNamingAMissingGroupFailsToStartNamingIt() {
        applyText(TASK_DEFINITION + """
                ---
                apiVersion: berth.dev/v1alpha1
                kind: Task
                metadata: {name: orphan}
                spec:
                  taskDefinition: app
                  networkConfiguration:
                    awsvpcConfiguration: {securityGroups: [sg-0deadbeef]}
                """);

        TaskStatus stopped = awaitLastStatus("orphan", LastStatus.STOPPED);
        assertThat(stopped.stopCode).isEqualTo("TaskFailedToStart");
        assertThat(stopped.stoppedReason).startsWith("InvalidParameterException: Error retrieving security group"
                + " information for [sg-0deadbeef]: The security group 'sg-0deadbeef' does not exist");
        assertThat(taskPods()).isEmpty();
    }

    @Test
    void aTaskWaitingForItsGroupStartsWhenTheGroupAppears() {
        applyText(TASK_DEFINITION + """
                ---
                apiVersion: berth.dev/v1alpha1
                kind: Task
                metadata: {name: early}
                spec:
                  taskDefinition: app
                  networkConfiguration:
                    awsvpcConfiguration: {securityGroups: [sg-late]}
                """);
        awaitTask("early", s -> s.conditions != null && s.conditions.stream()
                .anyMatch(c -> "SecurityGroupNotFound".equals(c.getReason())));
        applyText("""
                apiVersion: berth.dev/v1alpha1
                kind: SecurityGroup
                metadata: {name: late}
                spec: {groupId: sg-late}
                """);

        awaitLastStatus("early", LastStatus.RUNNING);
        assertThat(client.pods().inNamespace(ns).withName("early").get().getMetadata().getLabels())
                .containsEntry("securitygroup.berth.dev/late", "true");
    }

    @Test
    void badRulesAreRefusedAtApplyTimeNamingTheField() {
        Shell.Result result = Shell.kubectl("apply", "-n", ns, "-f", manifestFile("""
                apiVersion: berth.dev/v1alpha1
                kind: SecurityGroup
                metadata: {name: bad}
                spec:
                  ipPermissions:
                    - {ipProtocol: tcp, fromPort: 90, toPort: 80, ipRanges: [{cidrIp: 10.0.0.0/16}]}
                    - {ipProtocol: gre, ipRanges: [{cidrIp: 10.0.0.0/16}]}
                    - {ipProtocol: udp, fromPort: 53, toPort: 53, ipRanges: [{cidrIp: 10.0.0.0/33}]}
                    - {ipProtocol: tcp, fromPort: 1, toPort: 70000, ipRanges: [{cidrIp: 10.0.0.0/8}]}
                """));

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("spec.ipPermissions[0].fromPort: Invalid value")
                .contains("fromPort must be between 0 and toPort")
                .contains("spec.ipPermissions[1].ipProtocol").contains("ipProtocol must be tcp, udp, icmp or -1")
                .contains("spec.ipPermissions[2].ipRanges[0].cidrIp").contains("cidrIp must be an IPv4 CIDR")
                .contains("spec.ipPermissions[3].toPort");
    }

    private SecurityGroupStatus group(String name) {
        SecurityGroup g = client.resources(SecurityGroup.class).inNamespace(ns).withName(name).get();
        return g == null || g.getStatus() == null ? new SecurityGroupStatus() : g.getStatus();
    }

    private NetworkPolicy policy(String name) {
        return await().atMost(WAIT).until(() -> client.network().v1().networkPolicies().inNamespace(ns).withName(name).get(),
                p -> p != null);
    }

    /** The tasks whose running Pods the policy's selector picks, as the API server evaluates it. */
    private List<String> selected(NetworkPolicy policy) {
        return client.pods().inNamespace(ns).withLabelSelector(policy.getSpec().getPodSelector()).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .map(Pod::getMetadata).map(m -> m.getLabels().get(Berth.LABEL_TASK)).sorted().toList();
    }
}
