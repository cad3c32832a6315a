package dev.berth.api.v1alpha1;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Toleration;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.defaultCapacityProviderStrategy) || self.defaultCapacityProviderStrategy.all(s,"
        + " s.capacityProvider in ['FARGATE', 'FARGATE_SPOT'] || (has(self.capacityProviders)"
        + " && self.capacityProviders.exists(p, p.name == s.capacityProvider)))", message = "defaultCapacityProviderStrategy[].capacityProvider must be FARGATE, FARGATE_SPOT or a name in capacityProviders")
@ValidationRule(value = "!has(self.defaultCapacityProviderStrategy) || size(self.defaultCapacityProviderStrategy) == 0"
        + " || self.defaultCapacityProviderStrategy.exists(s, has(s.weight) && s.weight > 0)", message = "at least one provider of defaultCapacityProviderStrategy needs a weight above 0")
public class ClusterSpec {

    @JsonPropertyDescription("Capacity providers besides the built-in FARGATE and FARGATE_SPOT (a provider of the same"
            + " name replaces the built-in one): where the cluster's tasks may run.")
    @Size(max = 20)
    public List<CapacityProvider> capacityProviders;

    @JsonPropertyDescription("Strategy for tasks that do not choose one (default: FARGATE).")
    @Size(max = 20)
    public List<CapacityProviderStrategyItem> defaultCapacityProviderStrategy;

    @JsonPropertyDescription("When true, every task must have a valid Fargate cpu/memory pair (ECS: Invalid 'cpu'"
            + " setting for task); other tasks fail to start. Task definitions with requiresCompatibilities FARGATE are"
            + " checked at apply time in any case.")
    public Boolean requireFargateTaskSizes;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class CapacityProvider {
        @Required
        @Size(min = 1, max = 255)
        @Pattern("^[A-Za-z0-9_-]+$")
        @JsonPropertyDescription("Provider name, used in capacityProviderStrategy.")
        public String name;

        @JsonPropertyDescription("Node labels the provider's tasks must run on.")
        public Map<String, String> nodeSelector;

        @JsonPropertyDescription("Taints the provider's tasks tolerate.")
        public List<Toleration> tolerations;

        @JsonPropertyDescription("Spot capacity: tasks may be interrupted (stopCode SpotInterruption).")
        public Boolean spot;
    }
}
