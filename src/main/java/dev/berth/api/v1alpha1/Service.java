package dev.berth.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** An ECS service: desiredCount Tasks kept running, rolled to new revisions by ECS rolling deployments. */
@JsonClassDescription("An ECS service: keeps desiredCount Tasks of a task definition running in a Cluster, replaces"
        + " stopped ones and rolls to new revisions with ECS rolling deployments (minimumHealthyPercent, maximumPercent,"
        + " circuit breaker). Not the core Kubernetes Service: address it as services.berth.dev or ecsservice.")
@Group(Berth.GROUP)
@Version(Berth.VERSION)
@ShortNames({ "ecsservice", "ecsservices", "ecssvc" })
@Categories(Berth.CATEGORY)
@AdditionalPrinterColumn(name = "DESIRED", jsonPath = ".spec.desiredCount", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "RUNNING", jsonPath = ".status.runningCount", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "PENDING", jsonPath = ".status.pendingCount", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "TASKDEF", jsonPath = ".status.taskDefinition", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "ROLLOUT", jsonPath = ".status.rolloutState", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "COST/H", jsonPath = ".status.usage.costPerHour", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "COST", jsonPath = ".status.usage.cost", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class Service extends CustomResource<ServiceSpec, ServiceStatus> implements Namespaced {

    @Override
    @JsonPropertyDescription("The ECS CreateService/UpdateService request: task definition, desiredCount, deployment"
            + " configuration, load balancers, capacity provider strategy.")
    public ServiceSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("The service as ECS DescribeServices shows it: counts, deployments, events, conditions.")
    public ServiceStatus getStatus() {
        return super.getStatus();
    }
}
