package dev.berth.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * What a stopped task consumed, metered the way Fargate bills it: written once, in the status write that records
 * STOPPED, and never changed afterwards (the prices are those in force at that moment). Decimal figures are strings,
 * so no reader rounds them through a float.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TaskUsage {

    @JsonPropertyDescription("Seconds the task ran from pullStartedAt (createdAt when there was no pull) to stoppedAt,"
            + " rounded up to the second.")
    public Long runSeconds;

    @JsonPropertyDescription("Seconds billed: runSeconds with Fargate's minimum charge (60 s, 900 s on Windows); 0 for a"
            + " task that never got a Pod.")
    public Long billedSeconds;

    @JsonPropertyDescription("LINUX/X86_64, LINUX/ARM64 or WINDOWS/X86_64: the price list used.")
    public String platform;

    @JsonPropertyDescription("ON_DEMAND, SPOT (FARGATE_SPOT or a spot capacity provider, at the configured discount) or"
            + " CAPACITY_PROVIDER (prices configured for the task's capacity provider).")
    public String pricing;

    @JsonPropertyDescription("Task vCPUs billed (task cpu units / 1024).")
    public String vcpu;

    @JsonPropertyDescription("Task memory billed in GB (task memory MiB / 1024, as Fargate counts it).")
    public String memoryGB;

    @JsonPropertyDescription("Ephemeral storage billed in GB: what the task asked above the 20 GB Fargate includes.")
    public String extraStorageGB;

    @JsonPropertyDescription("vcpu x billedSeconds.")
    public String vcpuSeconds;

    @JsonPropertyDescription("memoryGB x billedSeconds.")
    public String gbSeconds;

    @JsonPropertyDescription("extraStorageGB x billedSeconds.")
    public String extraStorageGBSeconds;

    @JsonPropertyDescription("Estimated cost at the rates below, rounded to 6 decimal places.")
    public String cost;

    @JsonPropertyDescription("Currency of cost and rates (ISO 4217, from the operator's price table).")
    public String currency;

    @JsonPropertyDescription("Region whose prices were used (from the operator's price table).")
    public String region;

    @JsonPropertyDescription("The rates applied, per hour, after any spot discount.")
    public Rates rates;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Rates {
        @JsonPropertyDescription("Price of one vCPU for one hour.")
        public String vcpuHour;

        @JsonPropertyDescription("Price of one GB of memory for one hour.")
        public String gbHour;

        @JsonPropertyDescription("Operating-system licence per vCPU-hour (Windows).")
        public String osLicenseVcpuHour;

        @JsonPropertyDescription("Price of one GB of ephemeral storage above 20 GB for one hour.")
        public String storageGBHour;
    }
}
