package dev.berth.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The final usage of a number of stopped tasks, summed exactly (decimal strings). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class UsageFigures {
    @JsonPropertyDescription("Stopped tasks counted.")
    public Long tasks;

    @JsonPropertyDescription("Seconds billed to them.")
    public Long billedSeconds;

    @JsonPropertyDescription("vCPU-seconds billed to them.")
    public String vcpuSeconds;

    @JsonPropertyDescription("GB-seconds of memory billed to them.")
    public String gbSeconds;

    @JsonPropertyDescription("GB-seconds of ephemeral storage above 20 GB billed to them.")
    public String extraStorageGBSeconds;

    @JsonPropertyDescription("Their estimated cost.")
    public String cost;
}
