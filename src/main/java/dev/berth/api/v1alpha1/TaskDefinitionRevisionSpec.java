package dev.berth.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self == oldSelf", message = "a TaskDefinitionRevision is immutable: change the TaskDefinition instead")
public class TaskDefinitionRevisionSpec {
    @Required
    @JsonPropertyDescription("The ECS family (the TaskDefinition's spec.family, else its name).")
    public String family;

    @Required
    @Min(1)
    @JsonPropertyDescription("The revision number; Tasks address it as family:revision.")
    @Max(2147483647)
    public Integer revision;

    @Required
    @JsonPropertyDescription("The task definition as registered (ECS document).")
    public EcsTaskDefinition taskDefinition;
}
