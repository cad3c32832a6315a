package dev.berth.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** An EC2 security group: ingress and egress rules, rendered as a NetworkPolicy over the Pods of the tasks naming it. */
@JsonClassDescription("An EC2 security group: its ingress (ipPermissions) and egress (ipPermissionsEgress) rules become a"
        + " NetworkPolicy over the Pods of the tasks that name the group, by name or by its groupId, in"
        + " networkConfiguration.awsvpcConfiguration.securityGroups (docs/networking.md).")
@Group(Berth.GROUP)
@Version(Berth.VERSION)
@ShortNames({ "ecssg", "ecssgs" })
@Categories(Berth.CATEGORY)
@ValidationRule(value = "size(self.metadata.name) <= 63", message = "metadata.name: a SecurityGroup's name is at most 63 characters (it becomes a Pod label key)")
@AdditionalPrinterColumn(name = "GROUP-ID", jsonPath = ".spec.groupId", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "TASKS", jsonPath = ".status.taskCount", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "READY", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class SecurityGroup extends CustomResource<SecurityGroupSpec, SecurityGroupStatus> implements Namespaced {

    @Override
    @JsonPropertyDescription("The CreateSecurityGroup request with its rules (AuthorizeSecurityGroupIngress/Egress), EC2 field names.")
    public SecurityGroupSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("The NetworkPolicy rendered, the tasks attached, what could not be applied.")
    public SecurityGroupStatus getStatus() {
        return super.getStatus();
    }
}
