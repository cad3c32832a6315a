package dev.berth.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import dev.berth.api.EcsNames;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * An immutable, numbered snapshot of a TaskDefinition (ECS "family:revision"), named
 * {@code <Kubernetes name of the family>-<revision>} and owned by its TaskDefinition. Written by the operator only.
 */
@JsonClassDescription("An immutable, numbered revision of a task definition (ECS family:revision), written by the operator and owned by its TaskDefinition.")
@Group(Berth.GROUP)
@Version(Berth.VERSION)
@ShortNames({ "taskdefrev", "taskdefrevs" })
@Categories(Berth.CATEGORY)
@AdditionalPrinterColumn(name = "FAMILY", jsonPath = ".spec.family", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "REVISION", jsonPath = ".spec.revision", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "STATUS", jsonPath = ".status.status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class TaskDefinitionRevision extends CustomResource<TaskDefinitionRevisionSpec, TaskDefinitionRevisionStatus>
        implements Namespaced {

    /** The revision's object name: the family's Kubernetes name, '-', the number (web_app:3 -> web-app-<hash>-3). */
    public static String name(String family, int revision) {
        return EcsNames.kubernetesName(family) + "-" + revision;
    }

    /** ECS form {@code family:revision}. */
    public String familyRevision() {
        return getSpec().family + ":" + getSpec().revision;
    }

    @JsonIgnore
    public boolean isActive() {
        return getStatus() == null || !TaskDefinitionRevisionStatus.INACTIVE.equals(getStatus().status);
    }

    @Override
    @JsonPropertyDescription("The registered ECS document, its family and revision number. Immutable.")
    public TaskDefinitionRevisionSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("ACTIVE, or INACTIVE once deregistered.")
    public TaskDefinitionRevisionStatus getStatus() {
        return super.getStatus();
    }
}
