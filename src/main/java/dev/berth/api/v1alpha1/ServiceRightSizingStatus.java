package dev.berth.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * The right-sizing recommendation for a Service's tasks (docs/usage-and-cost.md): what they used over the window
 * against what they reserve, and the cheapest valid Fargate size that holds it with headroom. Written only when the
 * recommendation changes, so the figures are those of that moment; the live ones are in the metrics. Never applied.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ServiceRightSizingStatus {

    @JsonPropertyDescription("Recommended (a smaller Fargate size would fit), NoSmallerSize, or TooFewSamples.")
    public String state;

    @JsonPropertyDescription("The recommendation in words, with the figures it is based on.")
    public String message;

    @JsonPropertyDescription("Task cpu units the tasks reserve now (1024 = 1 vCPU).")
    public Integer cpu;

    @JsonPropertyDescription("Task memory the tasks reserve now, MiB.")
    public Integer memory;

    @JsonPropertyDescription("Recommended task cpu units: with recommendedMemory, a valid Fargate pair (state Recommended).")
    public Integer recommendedCpu;

    @JsonPropertyDescription("Recommended task memory, MiB (state Recommended).")
    public Integer recommendedMemory;

    @JsonPropertyDescription("95th percentile of the CPU one task used over the window, vCPU.")
    public String cpuP95Vcpu;

    @JsonPropertyDescription("Most CPU one task used over the window, vCPU.")
    public String cpuPeakVcpu;

    @JsonPropertyDescription("95th percentile of the memory one task used over the window, MiB.")
    public Integer memoryP95MiB;

    @JsonPropertyDescription("Most memory one task used over the window, MiB.")
    public Integer memoryPeakMiB;

    @JsonPropertyDescription("Headroom added above the usage, percent.")
    public String headroomPercent;

    @JsonPropertyDescription("What the recommended size saves a month (730 hours) for all the service's tasks at the"
            + " configured prices.")
    public String monthlySaving;

    @JsonPropertyDescription("The same for one task.")
    public String monthlySavingPerTask;

    @JsonPropertyDescription("Currency of the savings.")
    public String currency;

    @JsonPropertyDescription("Length of the observation window, seconds.")
    public Long windowSeconds;

    @JsonPropertyDescription("Task samples (one task's CPU and memory at one time) the figures are based on.")
    public Integer samples;

    @JsonPropertyDescription("Time of the oldest of those samples.")
    public String since;

    @JsonPropertyDescription("When this recommendation was made.")
    public String evaluatedAt;
}
