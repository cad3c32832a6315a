package dev.berth.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.SecurityGroup;
import dev.berth.api.v1alpha1.SecurityGroupSpec;
import dev.berth.events.BerthEvent;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;

class SecurityGroupPlannerTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aNewGroupCreatesItsPolicyAndCountsItsTasks() {
        SecurityGroup web = TaskSecurityGroupsTest.group("web", "sg-web");
        SecurityGroupDecision decision = SecurityGroupPlanner.decide(new SecurityGroupObservation(web,
                SecurityGroupDirectory.of(List.of(web)), List.of("t1", "t2"), null, NOW));
        assertThat(decision.create()).isTrue();
        assertThat(decision.apply().getMetadata().getName()).isEqualTo("securitygroup-web");
        assertThat(decision.status().networkPolicyName).isEqualTo("securitygroup-web");
        assertThat(decision.status().taskCount).isEqualTo(2);
        assertThat(decision.status().tasks).containsExactly("t1", "t2");
        assertThat(decision.status().conditions).singleElement()
                .satisfies(c -> assertThat(c.getStatus() + " " + c.getReason()).isEqualTo("True PolicyApplied"));
        assertThat(decision.events()).isEmpty();
    }

    @Test
    void thePolicyAsTheApiServerReturnsItIsLeftAlone() {
        SecurityGroup web = TaskSecurityGroupsTest.group("web", "sg-web");
        SecurityGroupDirectory groups = SecurityGroupDirectory.of(List.of(web));
        NetworkPolicy rendered = NetworkPolicyRenderer.render(web, groups).policy();
        NetworkPolicy roundTripped = Serialization.unmarshal(Serialization.asJson(rendered), NetworkPolicy.class);
        SecurityGroupDecision decision = SecurityGroupPlanner.decide(new SecurityGroupObservation(web, groups, List.of(),
                roundTripped, NOW));
        assertThat(decision.apply()).isNull();
        assertThat(decision.status().taskCount).isZero();
        assertThat(decision.status().tasks).isNull();
    }

    @Test
    void changedRulesUpdateThePolicy() {
        SecurityGroup web = TaskSecurityGroupsTest.group("web", "sg-web");
        SecurityGroupDirectory groups = SecurityGroupDirectory.of(List.of(web));
        NetworkPolicy stale = new NetworkPolicyBuilder(NetworkPolicyRenderer.render(web, groups).policy()).editSpec()
                .withIngress(List.of()).endSpec().build();
        web.getSpec().ipPermissions = List.of(Serialization.unmarshal(
                "# a rule\n{ipProtocol: tcp, fromPort: 80, toPort: 80, ipRanges: [{cidrIp: 0.0.0.0/0}]}",
                SecurityGroupSpec.IpPermission.class));
        SecurityGroupDecision decision = SecurityGroupPlanner.decide(new SecurityGroupObservation(web, groups, List.of(), stale,
                NOW));
        assertThat(decision.create()).isFalse();
        assertThat(decision.apply().getSpec().getIngress()).hasSize(1);
    }

    @Test
    void aGroupIdDeclaredTwiceIsNotReadyWithAWarningOnce() {
        SecurityGroup a = TaskSecurityGroupsTest.group("a", "sg-twice");
        SecurityGroup b = TaskSecurityGroupsTest.group("b", "sg-twice");
        SecurityGroupDecision first = SecurityGroupPlanner.decide(new SecurityGroupObservation(a,
                SecurityGroupDirectory.of(List.of(a, b)), List.of(), null, NOW));
        assertThat(first.status().conditions).singleElement().satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("DuplicateGroupId");
            assertThat(c.getMessage()).contains("groupId sg-twice is declared by SecurityGroups a, b");
        });
        assertThat(first.events()).extracting(BerthEvent::reason).containsExactly("DuplicateGroupId");
        a.setStatus(first.status());
        SecurityGroupDecision again = SecurityGroupPlanner.decide(new SecurityGroupObservation(a,
                SecurityGroupDirectory.of(List.of(a, b)), List.of(), null, NOW.plusSeconds(5)));
        assertThat(again.events()).isEmpty();
        assertThat(again.status().conditions.get(0).getLastTransitionTime()).isEqualTo(NOW.toString());
    }

    @Test
    void rulesThatCannotBeAppliedAreListedAndNotReady() {
        SecurityGroup odd = TaskSecurityGroupsTest.group("odd", null);
        odd.getSpec().ipPermissions = List.of(Serialization.unmarshal(
                "# a rule\n{ipProtocol: icmp, fromPort: -1, toPort: -1, ipRanges: [{cidrIp: 10.0.0.0/8}]}",
                SecurityGroupSpec.IpPermission.class));
        SecurityGroupDecision decision = SecurityGroupPlanner.decide(new SecurityGroupObservation(odd,
                SecurityGroupDirectory.of(List.of(odd)), List.of(), null, NOW));
        assertThat(decision.status().notApplied).singleElement().asString().startsWith("ipPermissions[0]: ipProtocol icmp");
        assertThat(decision.status().conditions.get(0).getReason()).isEqualTo("RulesNotApplied");
        assertThat(decision.apply().getSpec().getIngress()).isEmpty();
    }
}
