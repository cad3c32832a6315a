package dev.berth.api.v1alpha1;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import dev.berth.api.EcsNames;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.model.annotation.SpecReplicas;

/** ECS CreateService / UpdateService. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@PreserveUnknownFields
@ValidationRule(value = "!has(self.launchType) || !has(self.capacityProviderStrategy)", message = "launchType and capacityProviderStrategy are mutually exclusive")
@ValidationRule(value = "self.cluster == oldSelf.cluster", message = "cluster is immutable: create a new Service in the other cluster")
@ValidationRule(value = "!has(self.schedulingStrategy) || self.schedulingStrategy != 'DAEMON' || !has(self.desiredCount)", message = "a DAEMON service runs one task per eligible node: remove desiredCount (kubectl scale does not apply to it)")
@ValidationRule(value = "!has(self.schedulingStrategy) || self.schedulingStrategy != 'DAEMON' || !has(self.deploymentConfiguration) || !has(self.deploymentConfiguration.maximumPercent) || self.deploymentConfiguration.maximumPercent == 100", message = "a DAEMON service allows one task per node: deploymentConfiguration.maximumPercent must be 100 (ECS)")
@ValidationRule(value = "!has(self.schedulingStrategy) || self.schedulingStrategy != 'DAEMON' || !has(self.placementStrategy)", message = "a DAEMON service places one task per node: placementStrategy does not apply")
public class ServiceSpec extends EcsFields {

    @Required
    @Size(min = 1, max = 400)
    @Pattern(EcsNames.TASK_DEFINITION_REFERENCE)
    @JsonPropertyDescription("Task definition of the service's tasks: 'family' (follows its latest ACTIVE revision: every new"
            + " revision starts a deployment) or 'family:revision', the family an ECS name (never the TaskDefinition's Kubernetes name); the ARN form (arn:aws:ecs:<region>:<account>:task-definition/family[:revision]) works too.")
    public String taskDefinition;

    @Default("default")
    @Size(min = 1, max = 255)
    @Pattern(EcsNames.ECS_NAME)
    @JsonPropertyDescription("Cluster of the service's tasks (default 'default'), an ECS name: the Cluster resource named after its Kubernetes name"
            + " (itself when a DNS label, else lower-cased, '_' as '-', plus an 8-hex hash).")
    public String cluster = "default";

    @Min(0)
    @Max(100000)
    @SpecReplicas
    @JsonPropertyDescription("How many tasks to keep running (default 1). Changing it does not start a deployment. Also the"
            + " /scale subresource's replicas, so kubectl scale and a HorizontalPodAutoscaler can drive it.")
    public Integer desiredCount;

    @JsonPropertyDescription("Rolling deployment bounds and circuit breaker.")
    public DeploymentConfiguration deploymentConfiguration;

    @Size(max = 253)
    @JsonPropertyDescription("Set or change to any value (e.g. a timestamp) to start a new deployment of the same task"
            + " definition (ECS forceNewDeployment).")
    public String forceNewDeployment;

    @Min(0)
    @Max(2147483647)
    @JsonPropertyDescription("Seconds after a task starts during which failing health checks do not make it unhealthy.")
    public Integer healthCheckGracePeriodSeconds;

    @Size(max = 5)
    @JsonPropertyDescription("Container ports to load balance: a Kubernetes Service selecting only this service's ready tasks.")
    public List<LoadBalancer> loadBalancers;

    @Size(max = 1)
    @JsonPropertyDescription("Service discovery (ECS Cloud Map): the tasks become reachable under the Kubernetes Service's"
            + " DNS name (status.loadBalancer.dnsName), made for registries as for loadBalancers.")
    public List<ServiceRegistry> serviceRegistries;

    @JsonPropertyDescription("The network configuration of the service's tasks (ECS networkConfiguration), copied to each"
            + " task it starts: subnets become node affinity on the zones the Cluster maps them to (Cluster spec.subnets),"
            + " security groups become NetworkPolicies, assignPublicIp is reported as not applicable (docs/networking.md).")
    public NetworkConfiguration networkConfiguration;

    @JsonPropertyDescription("ECS Service Connect: each client alias becomes a Kubernetes Service named after its dnsName,"
            + " selecting this service's ready tasks, so callers keep their ECS URLs (docs/networking.md: which alias"
            + " forms Kubernetes DNS can honour; the others are reported in status.discovery).")
    public ServiceConnectConfiguration serviceConnectConfiguration;

    @JsonPropertyDescription("The Kubernetes Service made for loadBalancers and serviceRegistries: its name (default: this service's name) and"
            + " type (default ClusterIP).")
    public KubernetesService kubernetesService;

    @Size(max = 20)
    @JsonPropertyDescription("Capacity providers for the tasks: base first, then weight (default: the Cluster's strategy).")
    public List<CapacityProviderStrategyItem> capacityProviderStrategy;

    @JsonPropertyDescription("FARGATE places every task on the FARGATE capacity provider.")
    public String launchType;

    @JsonPropertyDescription("REPLICA (default): keep desiredCount tasks. DAEMON: one task on every node its capacity"
            + " providers and placement constraints allow; desiredCount is then the number of such nodes.")
    public SchedulingStrategy schedulingStrategy;

    @Size(max = 10)
    @JsonPropertyDescription("Where the tasks may run: distinctInstance or memberOf (docs/placement.md); copied to every task.")
    public List<PlacementConstraint> placementConstraints;

    @Size(max = 5)
    @JsonPropertyDescription("How tasks are spread: spread over a node attribute, binpack or random (docs/placement.md)."
            + " Default for REPLICA services, as ECS does: spread over availability zones, then over nodes.")
    public List<PlacementStrategy> placementStrategy;

    @Size(max = 50)
    @JsonPropertyDescription("Tags; copied to the tasks.")
    public List<Tag> tags;

    @JsonPropertyDescription("Application Auto Scaling of desiredCount from metrics and schedules (min/max capacity, target"
            + " tracking, step scaling, scheduled actions). The autoscaler writes desiredCount through /scale; leave"
            + " desiredCount out of manifests you apply (see docs/autoscaling.md).")
    public ServiceAutoScaling autoScaling;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @ValidationRule(value = "!has(self.minimumHealthyPercent) || self.minimumHealthyPercent <= (has(self.maximumPercent) ? self.maximumPercent : 200)", message = "minimumHealthyPercent must not exceed maximumPercent")
    @PreserveUnknownFields
    public static class DeploymentConfiguration extends EcsFields {
        @Min(100)
        @Max(200)
        @JsonPropertyDescription("Upper bound of running plus pending tasks during a deployment, in percent of desiredCount"
                + " (100-200, default 200), rounded down.")
        public Integer maximumPercent;

        @Min(0)
        @Max(100)
        @JsonPropertyDescription("Lower bound of healthy tasks during a deployment, in percent of desiredCount (0-100,"
                + " default 100), rounded up.")
        public Integer minimumHealthyPercent;

        @JsonPropertyDescription("Stops a deployment whose tasks keep failing (and rolls back when asked).")
        public CircuitBreaker deploymentCircuitBreaker;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @PreserveUnknownFields
    public static class CircuitBreaker extends EcsFields {
        @Required
        @JsonPropertyDescription("Whether the circuit breaker is on.")
        public Boolean enable;

        @Required
        @JsonPropertyDescription("Whether a FAILED deployment rolls back to the last COMPLETED one.")
        public Boolean rollback;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @PreserveUnknownFields
    public static class LoadBalancer extends EcsFields {
        @Required
        @Size(max = 63)
        @JsonPropertyDescription("Container that receives the traffic.")
        public String containerName;

        @Required
        @Min(1)
        @Max(65535)
        @JsonPropertyDescription("Its port (a portMappings containerPort of that container).")
        public Integer containerPort;

        @JsonPropertyDescription("Accepted for compatibility; the Kubernetes Service takes the target group's place.")
        public String targetGroupArn;

        @JsonPropertyDescription("Accepted for compatibility; the Kubernetes Service takes the load balancer's place.")
        public String loadBalancerName;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @ValidationRule(value = "has(self.containerPort) || has(self.port)", message = "a service registry needs containerName and containerPort, or port")
    @PreserveUnknownFields
    public static class ServiceRegistry extends EcsFields {
        @JsonPropertyDescription("Accepted for compatibility; the Kubernetes Service's DNS name takes the Cloud Map service's place.")
        public String registryArn;

        @Min(1)
        @Max(65535)
        @JsonPropertyDescription("Port published for SRV records (used when containerPort is not set).")
        public Integer port;

        @Size(max = 63)
        @JsonPropertyDescription("Container that receives the traffic.")
        public String containerName;

        @Min(1)
        @Max(65535)
        @JsonPropertyDescription("Its port (a portMappings containerPort of that container).")
        public Integer containerPort;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @PreserveUnknownFields
    public static class ServiceConnectConfiguration extends EcsFields {
        @Required
        @JsonPropertyDescription("Whether Service Connect is on for this service.")
        public Boolean enabled;

        @Size(max = 1024)
        @JsonPropertyDescription("The Cloud Map namespace (name or ARN). A client alias without dnsName defaults to"
                + " discoveryName.namespace, which Kubernetes DNS resolves only when this is the service's Kubernetes"
                + " namespace. Default: the service's Kubernetes namespace.")
        public String namespace;

        @Size(max = 100)
        @JsonPropertyDescription("The endpoints this service offers (client-server); none: a client-only service.")
        public List<ServiceConnectService> services;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @PreserveUnknownFields
    public static class ServiceConnectService extends EcsFields {
        @Required
        @Size(min = 1, max = 64)
        @JsonPropertyDescription("The name of a portMappings entry of the task definition: the container port served.")
        public String portName;

        @Size(max = 64)
        @Pattern("^[a-z0-9_][a-z0-9_-]*$")
        @JsonPropertyDescription("Name of the endpoint in the namespace (default portName); the default client alias is"
                + " discoveryName.namespace.")
        public String discoveryName;

        @Size(max = 5)
        @JsonPropertyDescription("The DNS names and ports clients use: each becomes a Kubernetes Service (default: one"
                + " alias discoveryName.namespace on the container port).")
        public List<ClientAlias> clientAliases;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @PreserveUnknownFields
    public static class ClientAlias extends EcsFields {
        @Required
        @Min(1)
        @Max(65535)
        @JsonPropertyDescription("The port clients connect to (the Kubernetes Service's port).")
        public Integer port;

        @Size(max = 127)
        @Pattern("^[a-z0-9_.-]+$")
        @JsonPropertyDescription("The name clients use (default discoveryName.namespace). Honoured: 'name',"
                + " 'name.<namespace>', 'name.<namespace>.svc', 'name.<namespace>.svc.cluster.local' with name a DNS"
                + " label and <namespace> the service's Kubernetes namespace.")
        public String dnsName;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class KubernetesService {
        @Size(max = 63)
        @Pattern("^[a-z]([-a-z0-9]*[a-z0-9])?$")
        @JsonPropertyDescription("Name of the Kubernetes Service (default: the ECS service's name).")
        public String name;

        @JsonPropertyDescription("ClusterIP (default), NodePort or LoadBalancer.")
        public ServiceType type;
    }

    public enum SchedulingStrategy {
        REPLICA,
        DAEMON
    }

    public enum ServiceType {
        ClusterIP,
        NodePort,
        LoadBalancer
    }
}
