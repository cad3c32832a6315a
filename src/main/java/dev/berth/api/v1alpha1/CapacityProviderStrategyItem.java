package dev.berth.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class CapacityProviderStrategyItem {
    @Required
    @Size(min = 1, max = 255)
    @JsonPropertyDescription("Name of a capacity provider of the cluster: FARGATE, FARGATE_SPOT or one the Cluster defines.")
    public String capacityProvider;

    @Min(0)
    @Max(1000)
    @JsonPropertyDescription("Relative share of tasks placed on this provider after the base is satisfied (0-1000, default 0).")
    public Integer weight;

    @Min(0)
    @Max(100000)
    @JsonPropertyDescription("Minimum number of tasks placed on this provider first (0-100000, default 0). Only one provider may have a base.")
    public Integer base;

    public CapacityProviderStrategyItem() {
    }

    public CapacityProviderStrategyItem(String capacityProvider, Integer weight, Integer base) {
        this.capacityProvider = capacityProvider;
        this.weight = weight;
        this.base = base;
    }
}
