package dev.berth.api.v1alpha1;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.Size;

/** ECS NetworkConfiguration of RunTask, CreateService and UpdateService. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@PreserveUnknownFields
public class NetworkConfiguration extends EcsFields {

    @JsonPropertyDescription("The task's network interface (awsvpc): its security groups.")
    public AwsVpcConfiguration awsvpcConfiguration;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @PreserveUnknownFields
    public static class AwsVpcConfiguration extends EcsFields {
        @Size(max = 5)
        @JsonPropertyDescription("Security groups of the task, by SecurityGroup name or by the groupId (sg-...) one"
                + " declares, in the task's namespace: their rules become NetworkPolicies over the task's Pod (the union"
                + " of all, as in EC2). A group that does not exist fails the task's start. None: no policy, the"
                + " namespace's own NetworkPolicies apply (docs/networking.md).")
        public List<String> securityGroups;
    }
}
