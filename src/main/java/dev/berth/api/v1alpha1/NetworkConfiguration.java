package dev.berth.api.v1alpha1;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.Size;

/**
 * ECS RunTask / CreateService {@code networkConfiguration} (docs/networking.md). Fields Berth does not model are kept
 * and reported in the UnsupportedFields condition.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@PreserveUnknownFields
public class NetworkConfiguration extends EcsFields {

    @JsonPropertyDescription("The task's network interface (awsvpc): its subnets, security groups and public IP setting.")
    public AwsVpcConfiguration awsvpcConfiguration;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @PreserveUnknownFields
    public static class AwsVpcConfiguration extends EcsFields {

        @Size(max = 16)
        @JsonPropertyDescription("Subnet IDs (up to 16). Where the task's Cluster maps subnets to zones (Cluster"
                + " spec.subnets), the task runs only on nodes of those zones (node affinity on"
                + " topology.kubernetes.io/zone) and a subnet the Cluster does not map fails the task at start. A Cluster"
                + " without a subnet map does not apply them (reported in the UnsupportedFields condition).")
        public List<String> subnets;

        @JsonPropertyDescription("ENABLED or DISABLED. Not applicable: a task has no public IP of its own (expose it"
                + " with a load balancer); reported in the UnsupportedFields condition.")
        public AssignPublicIp assignPublicIp;

        @Size(max = 5)
        @JsonPropertyDescription("Security groups of the task, by SecurityGroup name or by the groupId (sg-...) one"
                + " declares, in the task's namespace: their rules become NetworkPolicies over the task's Pod (the union"
                + " of all, as in EC2). A group that does not exist fails the task's start. None: no policy, the"
                + " namespace's own NetworkPolicies apply (docs/networking.md).")
        public List<String> securityGroups;
    }

    public enum AssignPublicIp {
        ENABLED,
        DISABLED
    }
}
