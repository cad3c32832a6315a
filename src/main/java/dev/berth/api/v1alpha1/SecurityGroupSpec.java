package dev.berth.api.v1alpha1;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** EC2 CreateSecurityGroup plus its rules, with EC2's field names so an EC2 description pastes under spec. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@PreserveUnknownFields
public class SecurityGroupSpec extends EcsFields {

    /** EC2's own ids and readable ones (sg-web): sg- then lower-case letters and digits. */
    public static final String GROUP_ID = "^sg-[0-9a-z]{1,60}$";

    @Size(max = 63)
    @Pattern(GROUP_ID)
    @JsonPropertyDescription("The EC2 id this group stands for (e.g. sg-0123456789abcdef0), so task definitions, services"
            + " and RunTask inputs naming ids work unchanged. Tasks may name the group by this id or by its name."
            + " Unique in the namespace.")
    public String groupId;

    @Size(max = 255)
    @JsonPropertyDescription("What the group is for (EC2 GroupDescription).")
    public String description;

    @Size(max = 60)
    @JsonPropertyDescription("Ingress rules (EC2 IpPermissions). None: no inbound traffic reaches the group's tasks, as in"
            + " EC2. Several groups on one task allow the union of their rules.")
    public List<IpPermission> ipPermissions;

    @Size(max = 60)
    @JsonPropertyDescription("Egress rules (EC2 IpPermissionsEgress). Omitted: all outbound traffic is allowed, the rule"
            + " EC2 gives every new group; an empty list allows none. DNS to the cluster DNS is always allowed, as the"
            + " VPC resolver is never filtered by EC2 security groups.")
    public List<IpPermission> ipPermissionsEgress;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @PreserveUnknownFields
    @ValidationRule(value = "self.ipProtocol in ['tcp', 'udp', 'icmp', '-1']", message = "ipProtocol must be tcp, udp, icmp or -1 (all protocols, all ports)", fieldPath = ".ipProtocol")
    @ValidationRule(value = "!(self.ipProtocol in ['tcp', 'udp']) || (has(self.fromPort) && has(self.toPort))", message = "a tcp or udp rule needs fromPort and toPort (0-65535; 0 to 65535 for all ports)")
    @ValidationRule(value = "!(self.ipProtocol in ['tcp', 'udp']) || !has(self.fromPort) || !has(self.toPort) || (self.fromPort >= 0 && self.fromPort <= self.toPort)", message = "fromPort must be between 0 and toPort", fieldPath = ".fromPort")
    @ValidationRule(value = "self.ipProtocol != 'icmp' || ((!has(self.fromPort) || self.fromPort <= 255) && (!has(self.toPort) || self.toPort <= 255))", message = "an icmp rule's fromPort is the ICMP type and toPort the code: -1 (all) to 255")
    @ValidationRule(value = "(has(self.ipRanges) && size(self.ipRanges) > 0) || (has(self.userIdGroupPairs) && size(self.userIdGroupPairs) > 0)", message = "a rule needs ipRanges or userIdGroupPairs: the addresses or groups it allows")
    public static class IpPermission extends EcsFields {
        @Required
        @JsonPropertyDescription("tcp, udp, icmp, or -1 for all protocols and ports (the port range is then ignored).")
        public String ipProtocol;

        @Min(-1)
        @Max(65535)
        @JsonPropertyDescription("First port of the range (tcp, udp: 0-65535), or the ICMP type (-1 all).")
        public Integer fromPort;

        @Min(-1)
        @Max(65535)
        @JsonPropertyDescription("Last port of the range (tcp, udp: fromPort-65535), or the ICMP code (-1 all).")
        public Integer toPort;

        @Size(max = 60)
        @JsonPropertyDescription("IPv4 address ranges allowed (sources for ingress, destinations for egress).")
        public List<IpRange> ipRanges;

        @Size(max = 60)
        @JsonPropertyDescription("Security groups allowed: the tasks of another SecurityGroup of this namespace, named by"
                + " its name or its groupId.")
        public List<GroupPair> userIdGroupPairs;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @PreserveUnknownFields
    public static class IpRange extends EcsFields {
        @Required
        @Size(max = 18)
        @ValidationRule(value = "self.matches('^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])[.]){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])/([0-9]|[12][0-9]|3[0-2])$')", message = "cidrIp must be an IPv4 CIDR such as 10.0.0.0/16 or 0.0.0.0/0")
        @JsonPropertyDescription("IPv4 CIDR, e.g. 10.0.0.0/16 (host bits are cleared, as EC2 does: 10.0.0.5/16 is 10.0.0.0/16).")
        public String cidrIp;

        @Size(max = 255)
        @JsonPropertyDescription("What the range is.")
        public String description;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @PreserveUnknownFields
    public static class GroupPair extends EcsFields {
        @Required
        @Size(min = 1, max = 63)
        @JsonPropertyDescription("The SecurityGroup allowed: its name, or the groupId it declares (sg-...), in this namespace.")
        public String groupId;

        @Size(max = 255)
        @JsonPropertyDescription("What the pair is.")
        public String description;
    }
}
