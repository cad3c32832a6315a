package dev.berth.api.v1alpha1;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** The ECS document plus the two Berth fields that manage its revisions. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@PreserveUnknownFields
public class TaskDefinitionSpec extends EcsTaskDefinition {

    @JsonPropertyDescription("Revision numbers to deregister (ECS DeregisterTaskDefinition): they become INACTIVE,"
            + " new Tasks cannot use them, running Tasks keep running.")
    public List<Integer> deregisteredRevisions;

    @Min(1)
    @Max(1000)
    @JsonPropertyDescription("How many revisions to keep (default 10). Older revisions are deleted unless a Task still"
            + " uses them; the latest revision is always kept.")
    public Integer revisionHistoryLimit;
}
