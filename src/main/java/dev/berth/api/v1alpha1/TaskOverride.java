package dev.berth.api.v1alpha1;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.IntOrString;

/** ECS TaskOverride. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@PreserveUnknownFields
public class TaskOverride extends EcsFields {

    @JsonPropertyDescription("Per-container overrides, matched by name.")
    public List<ContainerOverride> containerOverrides;

    @ValidationRule(value = SizeRules.CPU_RULE, message = SizeRules.CPU_MESSAGE)
    @JsonPropertyDescription("Task CPU instead of the task definition's (same forms: 256, \"0.25 vCPU\").")
    public IntOrString cpu;

    @ValidationRule(value = SizeRules.MEMORY_RULE, message = SizeRules.MEMORY_MESSAGE)
    @JsonPropertyDescription("Task memory instead of the task definition's (same forms: 512, \"1 GB\").")
    public IntOrString memory;

    @JsonPropertyDescription("Role (ServiceAccount) instead of the task definition's taskRoleArn.")
    public String taskRoleArn;

    @JsonPropertyDescription("Role (image pull Secret) instead of the task definition's executionRoleArn.")
    public String executionRoleArn;

    @JsonPropertyDescription("Ephemeral storage instead of the task definition's.")
    public EcsTaskDefinition.EphemeralStorage ephemeralStorage;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @PreserveUnknownFields
    @ValidationRule(value = "!has(self.memory) || !has(self.memoryReservation) || self.memoryReservation <= self.memory", message = "memoryReservation (the soft limit) must not exceed memory (the hard limit)")
    public static class ContainerOverride extends EcsFields {
        @Required
        @JsonPropertyDescription("Name of the container to override.")
        public String name;

        @JsonPropertyDescription("Replaces the container's command.")
        public List<String> command;

        @JsonPropertyDescription("Added to the container's environment; a variable of the same name is replaced.")
        public List<KeyValuePair> environment;

        @Min(0)
        @Max(196608)
        @JsonPropertyDescription("CPU units instead of the container's (0-196608, as containerDefinitions[].cpu).")
        public Integer cpu;

        @Min(6)
        @JsonPropertyDescription("Hard memory limit in MiB instead of the container's.")
        @Max(2147483647)
        public Integer memory;

        @Min(6)
        @JsonPropertyDescription("Memory reservation in MiB instead of the container's.")
        @Max(2147483647)
        public Integer memoryReservation;
    }
}
