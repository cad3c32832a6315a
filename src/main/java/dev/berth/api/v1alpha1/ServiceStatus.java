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

    @JsonPropertyDescription("Service discovery: the headless Service of serviceRegistries (per-task A and SRV records) and"
            + " the Kubernetes Services of the Service Connect client aliases, with the aliases Kubernetes DNS cannot honour.")
    public DiscoveryStatus discovery;

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
    public static class DiscoveryStatus {
        @JsonPropertyDescription("The headless Kubernetes Service of serviceRegistries: its DNS name returns one A record per"
                + " ready task, and SRV records _<port name>._tcp.<it> with each task's port, as Cloud Map does.")
        public String registryServiceName;

        @JsonPropertyDescription("Its DNS name in the cluster.")
        public String registryDnsName;

        @JsonPropertyDescription("Each Service Connect client alias: the Kubernetes Service standing for it, or why there is none.")
        public List<ClientAliasStatus> clientAliases;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class ClientAliasStatus {
        @JsonPropertyDescription("The alias's dnsName (its default filled in).")
        public String dnsName;

        @JsonPropertyDescription("The alias's port.")
        public Integer port;

        @JsonPropertyDescription("The Kubernetes Service answering for it, when honoured.")
        public String serviceName;

        @JsonPropertyDescription("Why the alias is not honoured, when it is not.")
        public String notHonoured;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class LoadBalancerStatus {
        @JsonPropertyDescription("Name of the Kubernetes Service.")
        public String serviceName;

        @JsonPropertyDescription("Its DNS name in the cluster.")
        public String dnsName;
    }
}
