package dev.berth.api.v1alpha1;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.model.annotation.LabelSelector;
import io.fabric8.kubernetes.model.annotation.StatusReplicas;

/** ECS DescribeServices, in the Service's status. Timestamps are RFC 3339. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ServiceStatus {
    @JsonPropertyDescription("Generation of the spec this status describes.")
    public Long observedGeneration;

    @JsonPropertyDescription("ACTIVE, or DRAINING while the service is being deleted.")
    public String status;

    @JsonPropertyDescription("desiredCount as the operator applies it.")
    public Integer desiredCount;

    @StatusReplicas
    @JsonPropertyDescription("Tasks whose lastStatus is RUNNING.")
    public Integer runningCount;

    @JsonPropertyDescription("Tasks on their way to RUNNING.")
    public Integer pendingCount;

    @JsonPropertyDescription("Task definition revision of the PRIMARY deployment (family:revision).")
    public String taskDefinition;

    @JsonPropertyDescription("rolloutState of the PRIMARY deployment: IN_PROGRESS, COMPLETED or FAILED.")
    public ServiceDeployment.RolloutState rolloutState;

    @LabelSelector
    @JsonPropertyDescription("Label selector of the service's task Pods (for the /scale subresource).")
    public String selector;

    @JsonPropertyDescription("Deployments in flight: the PRIMARY one and ACTIVE ones being replaced. Finished ones leave the list.")
    public List<ServiceDeployment> deployments;

    @JsonPropertyDescription("The last deployment that COMPLETED: where a circuit breaker rolls back to.")
    public ServiceDeployment lastCompletedDeployment;

    @JsonPropertyDescription("Running and pending tasks per capacity provider.")
    public Map<String, Integer> capacityProviderTasks;

    @JsonPropertyDescription("The Kubernetes Service of loadBalancers and serviceRegistries, and its DNS name.")
    public LoadBalancerStatus loadBalancer;

    @JsonPropertyDescription("ECS service events, newest first (at most 100).")
    public List<ServiceEvent> events;

    @JsonPropertyDescription("What the autoscaler read and decided (spec.autoScaling).")
    public ServiceAutoScalingStatus autoScaling;

    @JsonPropertyDescription("Usage and estimated cost of the service's tasks: stopped (deleted ones included) and running.")
    public UsageTotals usage;

    @JsonPropertyDescription("Right-sizing: observed CPU and memory per task against the reservation, and a smaller valid"
            + " Fargate size when one would fit with headroom (never applied automatically).")
    public ServiceRightSizingStatus rightSizing;

    @JsonPropertyDescription("Available (desiredCount tasks healthy), Progressing (a deployment is in progress), Degraded"
            + " (a deployment failed or the spec cannot be applied).")
    public List<Condition> conditions = new ArrayList<>();

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class LoadBalancerStatus {
        @JsonPropertyDescription("Name of the Kubernetes Service.")
        public String serviceName;

        @JsonPropertyDescription("Its DNS name in the cluster.")
        public String dnsName;
    }
}
