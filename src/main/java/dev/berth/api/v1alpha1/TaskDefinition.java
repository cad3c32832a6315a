package dev.berth.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import dev.berth.api.EcsNames;
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
@ValidationRule(value = TaskDefinition.FAMILY_NAME_RULE, message = TaskDefinition.FAMILY_NAME_MESSAGE, fieldPath = ".spec.family")
public class TaskDefinition extends CustomResource<TaskDefinitionSpec, TaskDefinitionStatus> implements Namespaced {

    /**
     * metadata.name must be {@code EcsNames.kubernetesName(spec.family)}. CEL has no SHA-256, so the API server checks
     * what it can (a DNS-label family is the name itself; any other family gives a name ending in an 8-hex hash); the
     * reconciler checks the hash and reports a mismatch ({@code FamilyNameMismatch}).
     */
    static final String FAMILY_NAME_RULE = "!has(self.spec.family) || self.spec.family == self.metadata.name"
            + " || (!self.spec.family.matches('^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$')"
            + " && self.metadata.name.matches('^([a-z0-9][-a-z0-9]*-|x)[0-9a-f]{8}$'))";
    static final String FAMILY_NAME_MESSAGE = "metadata.name must be the Kubernetes name of spec.family: the family itself"
            + " when it is a DNS label, else the family lower-cased with '_' as '-' plus '-' and an 8-hex hash"
            + " (web_app -> web-app-<hash>); one TaskDefinition resource is one family";

    /** The ECS family: spec.family when given (metadata.name is then its Kubernetes name), else metadata.name. */
    public String family() {
        return getSpec() != null && getSpec().family != null ? getSpec().family : getMetadata().getName();
    }

    /** Whether metadata.name is the Kubernetes name of the family, the one name Tasks and Services find it by. */
    public boolean namedAfterFamily() {
        return EcsNames.kubernetesName(family()).equals(getMetadata().getName());
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
