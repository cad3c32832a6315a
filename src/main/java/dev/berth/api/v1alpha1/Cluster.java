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

/** An ECS cluster: a named group of tasks with capacity providers. */
@JsonClassDescription("An ECS cluster: a named group of tasks with capacity providers (FARGATE and FARGATE_SPOT built in). The cluster named default is created on first use.")
@Group(Berth.GROUP)
@Version(Berth.VERSION)
@ShortNames({ "ecscluster", "ecsclusters" })
@Categories(Berth.CATEGORY)
@ValidationRule(value = "!has(self.spec) || !has(self.spec.clusterName) || self.spec.clusterName == self.metadata.name"
        + " || (!self.spec.clusterName.matches('^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$')"
        + " && self.metadata.name.matches('^([a-z0-9][-a-z0-9]*-|x)[0-9a-f]{8}$'))", message = "metadata.name must be the"
                + " Kubernetes name of spec.clusterName: the name itself when it is a DNS label, else lower-cased with '_'"
                + " as '-' plus '-' and an 8-hex hash (ECS-Cluster -> ecs-cluster-<hash>)", fieldPath = ".spec.clusterName")
@AdditionalPrinterColumn(name = "STATUS", jsonPath = ".status.status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "RUNNING", jsonPath = ".status.runningTasksCount", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "PENDING", jsonPath = ".status.pendingTasksCount", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "SERVICES", jsonPath = ".status.activeServicesCount", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "COST/H", jsonPath = ".status.usage.costPerHour", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "COST", jsonPath = ".status.usage.cost", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class Cluster extends CustomResource<ClusterSpec, ClusterStatus> implements Namespaced {
    public static final String DEFAULT = "default";

    /** The ECS cluster name: spec.clusterName when given (metadata.name is then its Kubernetes name), else the name. */
    public String clusterName() {
        return getSpec() != null && getSpec().clusterName != null ? getSpec().clusterName : getMetadata().getName();
    }

    @Override
    @JsonPropertyDescription("Capacity providers, the default capacity provider strategy and whether tasks must have Fargate sizes.")
    public ClusterSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("ECS counts of the cluster's tasks and its capacity providers.")
    public ClusterStatus getStatus() {
        return super.getStatus();
    }
}
