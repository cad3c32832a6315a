package dev.berth.api.v1alpha1;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.kubernetes.api.model.Condition;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class TaskDefinitionStatus {
    @JsonPropertyDescription("Generation of the spec this status describes.")
    public Long observedGeneration;

    @JsonPropertyDescription("The family of this task definition.")
    public String family;

    @JsonPropertyDescription("Number of the latest revision (Tasks naming just the family use it if ACTIVE).")
    public Integer latestRevision;

    @JsonPropertyDescription("Revision numbers that are ACTIVE.")
    public List<Integer> activeRevisions;

    @JsonPropertyDescription("Task CPU of the latest revision in CPU units.")
    public String cpu;

    @JsonPropertyDescription("Task memory of the latest revision in MiB.")
    public String memory;

    @JsonPropertyDescription("ECS fields of the spec that Berth accepts but does not apply, with the reason.")
    public List<String> unsupportedFields;

    @JsonPropertyDescription("Ready: the latest revision is registered. UnsupportedFields: some fields are not applied.")
    public List<Condition> conditions = new ArrayList<>();
}
