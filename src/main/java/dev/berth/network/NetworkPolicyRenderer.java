package dev.berth.network;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.berth.api.v1alpha1.Berth;
import dev.berth.api.v1alpha1.EcsFields;
import dev.berth.api.v1alpha1.SecurityGroup;
import dev.berth.api.v1alpha1.SecurityGroupSpec;
import dev.berth.api.v1alpha1.SecurityGroupSpec.IpPermission;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;

/**
 * A SecurityGroup as one NetworkPolicy (pure). The policy selects the Pods labelled with the group
 * ({@link SecurityGroupLabels}) and is of both types, so they accept only what the group's rules allow, as in EC2
 * (stateful: replies are never filtered). Each rule becomes one ingress or egress rule: {@code -1} all protocols and
 * ports, tcp/udp their port range ({@code endPort}), {@code ipRanges} ipBlocks (host bits cleared, as EC2 does),
 * {@code userIdGroupPairs} the Pods of the other group. What a NetworkPolicy cannot say is left out (never widened)
 * and listed in {@link Rendered#notApplied()}: icmp rules (NetworkPolicies know TCP, UDP and SCTP only), source
 * groups that do not resolve, fields without a counterpart.
 */
public final class NetworkPolicyRenderer {

    /** The cluster DNS Pods (CoreDNS and kube-dns both carry this label). */
    static final Map<String, String> CLUSTER_DNS = Map.of("k8s-app", "kube-dns");

    private NetworkPolicyRenderer() {
    }

    /**
     * @param policy the NetworkPolicy, owned by the group
     * @param notApplied each rule or field left out, with its place in the spec and the reason
     */
    public record Rendered(NetworkPolicy policy, List<String> notApplied) {
    }

    public static String policyName(SecurityGroup group) {
        return "securitygroup-" + group.getMetadata().getName();
    }

    public static Rendered render(SecurityGroup group, SecurityGroupDirectory groups) {
        SecurityGroupSpec spec = group.getSpec() == null ? new SecurityGroupSpec() : group.getSpec();
        List<String> notApplied = new ArrayList<>();
        unmodeled(spec, "spec.", notApplied);
        List<NetworkPolicyIngressRule> ingress = new ArrayList<>();
        List<IpPermission> inbound = spec.ipPermissions == null ? List.of() : spec.ipPermissions;
        for (int i = 0; i < inbound.size(); i++) {
            Rule rule = rule(inbound.get(i), "ipPermissions[" + i + "]", groups, notApplied);
            if (rule != null) {
                ingress.add(new NetworkPolicyIngressRuleBuilder().withFrom(rule.peers()).withPorts(rule.ports()).build());
            }
        }
        List<NetworkPolicyEgressRule> egress = new ArrayList<>();
        if (spec.ipPermissionsEgress == null) {
            // EC2 gives every new group one outbound rule allowing everything
            egress.add(new NetworkPolicyEgressRule());
        } else {
            for (int i = 0; i < spec.ipPermissionsEgress.size(); i++) {
                Rule rule = rule(spec.ipPermissionsEgress.get(i), "ipPermissionsEgress[" + i + "]", groups, notApplied);
                if (rule != null) {
                    egress.add(new NetworkPolicyEgressRuleBuilder().withTo(rule.peers()).withPorts(rule.ports()).build());
                }
            }
            egress.add(clusterDns());
        }
        NetworkPolicy policy = new NetworkPolicyBuilder()
                .withNewMetadata()
                .withName(policyName(group))
                .withNamespace(group.getMetadata().getNamespace())
                .addToLabels(Berth.LABEL_MANAGED_BY, Berth.MANAGED_BY)
                .addToLabels(Berth.LABEL_SECURITY_GROUP, group.getMetadata().getName())
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(Berth.API_VERSION).withKind("SecurityGroup")
                        .withName(group.getMetadata().getName()).withUid(group.getMetadata().getUid())
                        .withController(true).withBlockOwnerDeletion(true).build())
                .endMetadata()
                .withNewSpec()
                .withPodSelector(new LabelSelectorBuilder()
                        .addToMatchLabels(SecurityGroupLabels.key(group.getMetadata().getName()), SecurityGroupLabels.MEMBER)
                        .build())
                .withPolicyTypes("Ingress", "Egress")
                .withIngress(ingress)
                .withEgress(egress)
                .endSpec()
                .build();
        return new Rendered(policy, List.copyOf(notApplied));
    }

    private record Rule(List<NetworkPolicyPeer> peers, List<NetworkPolicyPort> ports) {
    }

    /** One EC2 rule, or null when nothing of it can be applied (an empty peer list would allow everyone). */
    private static Rule rule(IpPermission permission, String at, SecurityGroupDirectory groups, List<String> notApplied) {
        unmodeled(permission, at + ".", notApplied);
        String protocol = permission.ipProtocol == null ? "" : permission.ipProtocol.toLowerCase(Locale.ROOT);
        List<NetworkPolicyPort> ports;
        switch (protocol) {
            case "-1" -> ports = List.of();
            case "tcp", "udp" -> {
                NetworkPolicyPort port = port(protocol.toUpperCase(Locale.ROOT), permission.fromPort, permission.toPort);
                if (port == null) {
                    notApplied.add(
                            at + ": port 0 alone cannot be expressed by a NetworkPolicy (ports 1-65535); rule not applied");
                    return null;
                }
                ports = List.of(port);
            }
            default -> {
                notApplied.add(at + ": ipProtocol " + permission.ipProtocol + " cannot be expressed by a NetworkPolicy (TCP,"
                        + " UDP and SCTP only); that traffic stays blocked unless a -1 rule allows it");
                return null;
            }
        }
        List<NetworkPolicyPeer> peers = new ArrayList<>();
        var ranges = permission.ipRanges == null ? List.<SecurityGroupSpec.IpRange> of() : permission.ipRanges;
        for (int r = 0; r < ranges.size(); r++) {
            unmodeled(ranges.get(r), at + ".ipRanges[" + r + "].", notApplied);
            peers.add(new NetworkPolicyPeerBuilder().withNewIpBlock().withCidr(canonicalCidr(ranges.get(r).cidrIp)).endIpBlock()
                    .build());
        }
        var pairs = permission.userIdGroupPairs == null ? List.<SecurityGroupSpec.GroupPair> of() : permission.userIdGroupPairs;
        for (int p = 0; p < pairs.size(); p++) {
            String where = at + ".userIdGroupPairs[" + p + "]";
            unmodeled(pairs.get(p), where + ".", notApplied);
            SecurityGroupDirectory.Resolution source = groups.resolve(pairs.get(p).groupId);
            if (source.group().isEmpty()) {
                notApplied.add(where + ": " + source.problem() + "; the pair allows nothing until it does");
                continue;
            }
            peers.add(new NetworkPolicyPeerBuilder().withPodSelector(new LabelSelectorBuilder()
                    .addToMatchLabels(SecurityGroupLabels.key(source.group().get().getMetadata().getName()),
                            SecurityGroupLabels.MEMBER)
                    .build()).build());
        }
        return peers.isEmpty() ? null : new Rule(peers, ports);
    }

    /** A tcp/udp range: all ports (0-65535) is the protocol alone; port 0 has no counterpart (null). */
    private static NetworkPolicyPort port(String protocol, Integer from, Integer to) {
        int first = from == null ? 0 : from;
        int last = to == null ? first : to;
        if (first <= 0 && last >= 65535) {
            return new NetworkPolicyPortBuilder().withProtocol(protocol).build();
        }
        int port = Math.max(first, 1);
        if (last < port) {
            return null;
        }
        NetworkPolicyPortBuilder builder = new NetworkPolicyPortBuilder().withProtocol(protocol)
                .withPort(new IntOrString(port));
        return last > port ? builder.withEndPort(last).build() : builder.build();
    }

    /** Lookups reach the cluster DNS whatever the egress rules: EC2 groups never filter the VPC resolver. */
    private static NetworkPolicyEgressRule clusterDns() {
        return new NetworkPolicyEgressRuleBuilder()
                .addToTo(new NetworkPolicyPeerBuilder().withNewNamespaceSelector().endNamespaceSelector()
                        .withNewPodSelector().addToMatchLabels(CLUSTER_DNS).endPodSelector().build())
                .addToPorts(new NetworkPolicyPortBuilder().withProtocol("UDP").withPort(new IntOrString(53)).build())
                .addToPorts(new NetworkPolicyPortBuilder().withProtocol("TCP").withPort(new IntOrString(53)).build())
                .build();
    }

    /** EC2 clears the host bits of a CIDR (100.68.0.18/18 is 100.68.0.0/18); the CRD has checked its shape. */
    static String canonicalCidr(String cidr) {
        String[] parts = cidr.split("/");
        int bits = Integer.parseInt(parts[1]);
        String[] octets = parts[0].split("\\.");
        long address = 0;
        for (String octet : octets) {
            address = address << 8 | Integer.parseInt(octet);
        }
        long mask = bits == 0 ? 0 : 0xFFFFFFFFL << (32 - bits) & 0xFFFFFFFFL;
        long network = address & mask;
        return (network >> 24 & 255) + "." + (network >> 16 & 255) + "." + (network >> 8 & 255) + "." + (network & 255) + "/"
                + bits;
    }

    private static void unmodeled(EcsFields fields, String at, List<String> notApplied) {
        fields.unmodeledFields().keySet().stream().sorted()
                .forEach(field -> notApplied.add(at + field + ": not an EC2 security group field Berth applies; ignored"));
    }
}
