package dev.berth.api.v1alpha1;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Size;

/**
 * The usage of a Cluster's deleted tasks, kept because the tasks are gone. A task being deleted waits (its finalizer)
 * until its uid is in countedTasks, which is written together with the sums: so each task is added exactly once,
 * whatever restarts or crashes happen in between. A uid leaves countedTasks once its Task is gone.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class UsageLedger {
    @JsonPropertyDescription("Final usage of the cluster's deleted tasks.")
    public UsageFigures deleted;

    @JsonPropertyDescription("The same, per service (by the Service's name).")
    public List<ServiceUsageFigures> deletedByService;

    @Size(max = 5000)
    @JsonPropertyDescription("Uids of tasks being deleted whose usage is already in deleted.")
    public List<String> countedTasks;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class ServiceUsageFigures extends UsageFigures {
        @JsonPropertyDescription("Name of the Service (metadata.name).")
        public String service;
    }
}
