package dev.berth.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** An ECS task definition family; every effective spec change registers a new revision. */
@JsonClassDescription("An ECS task definition family. The spec is the ECS RegisterTaskDefinition document; every effective change registers a numbered TaskDefinitionRevision (family:n).")
@Group(Berth.GROUP)
@Version(Berth.VERSION)
@ShortNames({ "taskdef", "taskdefs" })
@Categories(Berth.CATEGORY)
@AdditionalPrinterColumn(name = "LATEST", jsonPath = ".status.latestRevision", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "CPU", jsonPath = ".status.cpu", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "MEMORY", jsonPath = ".status.memory", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
@ValidationRule(value = "!has(self.spec.family) || self.spec.family == self.metadata.name", message = "spec.family must equal metadata.name: one TaskDefinition resource is one family", fieldPath = ".spec.family")
public class TaskDefinition extends CustomResource<TaskDefinitionSpec, TaskDefinitionStatus> implements Namespaced {

    /** The family: spec.family when given (the schema makes it equal to the name), else metadata.name. */
    public String family() {
        return getSpec() != null && getSpec().family != null ? getSpec().family : getMetadata().getName();
    }

    @Override
    @JsonPropertyDescription("The ECS RegisterTaskDefinition document (same field names and value forms), plus deregisteredRevisions and revisionHistoryLimit.")
    public TaskDefinitionSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("The latest revision, the ACTIVE revisions and the ECS fields that are accepted but not applied.")
    public TaskDefinitionStatus getStatus() {
        return super.getStatus();
    }
}
