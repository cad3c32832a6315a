package dev.berth.api.v1alpha1;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import dev.berth.api.EcsNames;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.CSIVolumeSource;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimVolumeSource;
import io.fabric8.kubernetes.api.model.Toleration;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.defaultCapacityProviderStrategy) || self.defaultCapacityProviderStrategy.all(s,"
        + " s.capacityProvider in ['FARGATE', 'FARGATE_SPOT'] || (has(self.capacityProviders)"
        + " && self.capacityProviders.exists(p, p.name == s.capacityProvider)))", message = "defaultCapacityProviderStrategy[].capacityProvider must be FARGATE, FARGATE_SPOT or a name in capacityProviders")
@ValidationRule(value = "!has(self.defaultCapacityProviderStrategy) || size(self.defaultCapacityProviderStrategy) == 0"
        + " || self.defaultCapacityProviderStrategy.exists(s, has(s.weight) && s.weight > 0)", message = "at least one provider of defaultCapacityProviderStrategy needs a weight above 0")
public class ClusterSpec {

    @Size(min = 1, max = 255)
    @Pattern(EcsNames.ECS_NAME)
    @JsonPropertyDescription("The ECS cluster name when it is not a DNS label (e.g. ECS-Cluster): metadata.name is then"
            + " its Kubernetes name (lower-cased, '_' as '-', plus an 8-hex hash), and Tasks and Services name the ECS"
            + " name in spec.cluster. Defaults to metadata.name.")
    public String clusterName;

    @Size(max = 100)
    @JsonPropertyDescription("Where the EFS and FSx file systems of task definitions live in Kubernetes: each"
            + " fileSystemId to a PersistentVolumeClaim or a CSI volume. A task with such a volume and no mapping fails to"
            + " start (TaskFailedToStart), never falls back to an emptyDir.")
    public List<FileSystem> fileSystems;

    @JsonPropertyDescription("Capacity providers besides the built-in FARGATE and FARGATE_SPOT (a provider of the same"
            + " name replaces the built-in one): where the cluster's tasks may run.")
    @Size(max = 20)
    public List<CapacityProvider> capacityProviders;

    @JsonPropertyDescription("Strategy for tasks that do not choose one (default: FARGATE).")
    @Size(max = 20)
    public List<CapacityProviderStrategyItem> defaultCapacityProviderStrategy;

    @JsonPropertyDescription("When true, every task must have a valid Fargate cpu/memory pair (ECS: Invalid 'cpu'"
            + " setting for task); other tasks fail to start. Task definitions with requiresCompatibilities FARGATE are"
            + " checked at apply time in any case.")
    public Boolean requireFargateTaskSizes;

    @JsonPropertyDescription("Whether tasks of the host network mode may run here: true gives their Pods the node's"
            + " network (hostNetwork), a privilege. Default false: such a task fails to start (TaskFailedToStart,"
            + " HostNetworkNotAllowed).")
    public Boolean allowHostNetwork;

    @Size(max = 100)
    @ValidationRule(value = "self.all(s, self.exists_one(t, t.subnetId == s.subnetId))", message = "each subnetId may be mapped once (subnets[].subnetId)")
    @JsonPropertyDescription("Subnet IDs to zones (topology.kubernetes.io/zone). With a map, the subnets of a task's or"
            + " service's networkConfiguration.awsvpcConfiguration become node affinity on their zones, and a subnet not"
            + " in the map fails the task at start (SubnetNotMapped). Without one, subnets are not applied.")
    public List<Subnet> subnets;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Subnet {
        @Required
        @Size(min = 1, max = 255)
        @JsonPropertyDescription("The ECS subnet ID, e.g. subnet-0123456789abcdef0.")
        public String subnetId;

        @Required
        @Size(min = 1, max = 63)
        @Pattern("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")
        @JsonPropertyDescription("The zone of its nodes: the value of their topology.kubernetes.io/zone label (e.g."
                + " us-east-1a).")
        public String zone;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @ValidationRule(value = "has(self.persistentVolumeClaim) != has(self.csi)", message = "a file system maps to exactly one of persistentVolumeClaim and csi")
    public static class FileSystem {
        @Required
        @Size(min = 1, max = 128)
        @JsonPropertyDescription("The ECS file system ID (efsVolumeConfiguration.fileSystemId, e.g. fs-0123456789abcdef0).")
        public String fileSystemId;

        @JsonPropertyDescription("A PersistentVolumeClaim of the task's namespace holding the file system (for EFS:"
                + " ReadWriteMany, e.g. a static PersistentVolume of the EFS CSI driver).")
        public PersistentVolumeClaimVolumeSource persistentVolumeClaim;

        @JsonPropertyDescription("An inline CSI volume (e.g. driver efs.csi.aws.com with volumeHandle"
                + " fs-...[::fsap-...]) where the driver supports ephemeral inline volumes.")
        public CSIVolumeSource csi;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class CapacityProvider {
        @Required
        @Size(min = 1, max = 255)
        @Pattern("^[A-Za-z0-9_-]+$")
        @JsonPropertyDescription("Provider name, used in capacityProviderStrategy.")
        public String name;

        @JsonPropertyDescription("Node labels the provider's tasks must run on.")
        public Map<String, String> nodeSelector;

        @JsonPropertyDescription("Taints the provider's tasks tolerate.")
        public List<Toleration> tolerations;

        @JsonPropertyDescription("Spot capacity: tasks may be interrupted (stopCode SpotInterruption).")
        public Boolean spot;
    }
}
