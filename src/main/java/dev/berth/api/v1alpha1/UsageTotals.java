package dev.berth.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * Usage of a Service's or Cluster's tasks: what the stopped ones cost (final figures, tasks deleted since included),
 * and the burn rate of those running now. Written when tasks start, stop or are deleted, never on a timer: what the
 * running tasks have cost so far is in the metrics (berth_running_cost).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class UsageTotals {
    @JsonPropertyDescription("Estimated cost of the stopped tasks (final usage, tasks deleted since included).")
    public String cost;

    @JsonPropertyDescription("Burn rate: what the tasks running now cost per hour.")
    public String costPerHour;

    @JsonPropertyDescription("Currency of cost and costPerHour.")
    public String currency;

    @JsonPropertyDescription("Region whose prices were used.")
    public String region;

    @JsonPropertyDescription("Tasks being billed now (they got a Pod and have not stopped).")
    public Long runningTasks;

    @JsonPropertyDescription("vCPUs reserved by the tasks running now.")
    public String runningVcpus;

    @JsonPropertyDescription("GB of memory reserved by the tasks running now.")
    public String runningMemoryGB;

    @JsonPropertyDescription("Final usage of the stopped tasks, each counted once, tasks deleted since included.")
    public UsageFigures stopped;
}
