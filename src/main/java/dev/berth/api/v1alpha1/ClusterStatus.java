package dev.berth.api.v1alpha1;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.kubernetes.api.model.Condition;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ClusterStatus {
    @JsonPropertyDescription("Generation of the spec this status describes.")
    public Long observedGeneration;

    @JsonPropertyDescription("ACTIVE.")
    public String status;

    @JsonPropertyDescription("Tasks whose lastStatus is RUNNING.")
    public Integer runningTasksCount;

    @JsonPropertyDescription("Tasks on their way to RUNNING (PROVISIONING, PENDING, ACTIVATING).")
    public Integer pendingTasksCount;

    @JsonPropertyDescription("Services in the cluster that are not being deleted (ECS activeServicesCount).")
    public Integer activeServicesCount;

    @JsonPropertyDescription("Capacity providers available in the cluster.")
    public List<String> capacityProviders;

    @JsonPropertyDescription("Usage and estimated cost of the cluster's tasks: stopped (deleted ones included) and running.")
    public UsageTotals usage;

    @JsonPropertyDescription("The usage of the cluster's deleted tasks, counted once each (written by the operator).")
    public UsageLedger usageLedger;

    @JsonPropertyDescription("Ready: the cluster accepts tasks.")
    public List<Condition> conditions = new ArrayList<>();
}
