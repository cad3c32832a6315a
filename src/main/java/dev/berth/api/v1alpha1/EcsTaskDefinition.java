package dev.berth.api.v1alpha1;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import dev.berth.api.EcsNames;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.IntOrString;

/**
 * The ECS RegisterTaskDefinition document: same field names and value forms, so an ECS task
 * definition JSON pasted under {@code spec:} applies unchanged. Fields Berth does not model are
 * preserved and reported in the TaskDefinition's {@code UnsupportedFields} condition.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@PreserveUnknownFields
@ValidationRule(value = "!has(self.placementConstraints) || self.placementConstraints.all(c, c.type == 'memberOf')", message = "a task definition takes only memberOf placement constraints (distinctInstance belongs on the Task or Service)", fieldPath = ".placementConstraints")
@ValidationRule(value = SizeRules.FARGATE_RULE, message = SizeRules.FARGATE_MESSAGE, fieldPath = ".cpu")
@ValidationRule(value = SizeRules.CONTAINER_CPU_RULE, message = SizeRules.CONTAINER_CPU_MESSAGE)
@ValidationRule(value = SizeRules.CONTAINER_MEMORY_RULE, message = SizeRules.CONTAINER_MEMORY_MESSAGE)
@ValidationRule(value = SizeRules.MEMORY_REQUIRED_RULE, message = SizeRules.MEMORY_REQUIRED_MESSAGE)
@ValidationRule(value = "self.containerDefinitions.exists(c, !has(c.essential) || c.essential)", message = "at least one container must be essential (containerDefinitions[].essential)")
@ValidationRule(value = "self.containerDefinitions.all(c, self.containerDefinitions.exists_one(d, d.name == c.name))", message = "container names (containerDefinitions[].name) must be unique")
@ValidationRule(value = "self.containerDefinitions.all(c, !has(c.volumesFrom) || c.volumesFrom.all(v,"
        + " self.containerDefinitions.exists(o, o.name == v.sourceContainer)))", message = "volumesFrom[].sourceContainer must name another container of this task definition")
@ValidationRule(value = "self.containerDefinitions.all(c, !has(c.mountPoints) || c.mountPoints.all(m,"
        + " has(self.volumes) && self.volumes.exists(v, v.name == m.sourceVolume)))", message = "mountPoints[].sourceVolume must name a volume of this task definition (spec.volumes[].name)")
@ValidationRule(value = "!has(self.volumes) || self.volumes.all(v, self.volumes.exists_one(w, w.name == v.name))", message = "volume names (volumes[].name) must be unique")
@ValidationRule(value = "self.containerDefinitions.all(c, !has(c.dependsOn) || c.dependsOn.all(d,"
        + " self.containerDefinitions.exists(o, o.name == d.containerName)))", message = "dependsOn[].containerName must name another container of this task definition")
@ValidationRule(value = NetworkRules.FARGATE_AWSVPC_RULE, message = NetworkRules.FARGATE_AWSVPC_MESSAGE, fieldPath = ".networkMode")
@ValidationRule(value = NetworkRules.HOST_PORT_RULE, message = NetworkRules.HOST_PORT_MESSAGE)
@ValidationRule(value = NetworkRules.NONE_PORTS_RULE, message = NetworkRules.NONE_PORTS_MESSAGE)
@ValidationRule(value = NetworkRules.LINKS_RULE, message = NetworkRules.LINKS_MESSAGE)
@ValidationRule(value = NetworkRules.HOST_SYSCTL_RULE, message = NetworkRules.HOST_SYSCTL_MESSAGE)
public class EcsTaskDefinition extends EcsFields {

    @Size(min = 1, max = 255)
    @Pattern(EcsNames.ECS_NAME)
    @JsonPropertyDescription("Name of the revision chain, an ECS name (up to 255 letters, digits, '-' and '_'). Defaults"
            + " to metadata.name. When given, metadata.name must be its Kubernetes name: the family itself when it is a"
            + " DNS label, else lower-cased with '_' as '-' and an 8-hex hash (web_app -> web-app-<hash>; the status"
            + " condition names the exact name). Tasks and Services name the family, never the Kubernetes name.")
    public String family;

    @Required
    @Size(min = 1, max = 10)
    @JsonPropertyDescription("The containers of the task (1-10).")
    public List<ContainerDefinition> containerDefinitions;

    @ValidationRule(value = SizeRules.CPU_RULE, message = SizeRules.CPU_MESSAGE)
    @JsonPropertyDescription("Task CPU in CPU units or vCPU: 256, \"256\", \"0.25 vCPU\", \"1 vcpu\". EC2's range"
            + " (128-196608) unless requiresCompatibilities holds FARGATE, which allows 256, 512, 1024, 2048, 4096, 8192,"
            + " 16384. Becomes the Pod-level CPU limit and request.")
    public IntOrString cpu;

    @ValidationRule(value = SizeRules.MEMORY_RULE, message = SizeRules.MEMORY_MESSAGE)
    @JsonPropertyDescription("Task memory in MiB or GB: 512, \"512\", \"1 GB\", \"1GB\". At least 6 MiB (EC2) unless"
            + " requiresCompatibilities holds FARGATE (the Fargate table, 512-122880 MiB). Becomes the Pod-level memory"
            + " limit and request.")
    public IntOrString memory;

    @JsonPropertyDescription("Launch types the definition must be valid for. With FARGATE, cpu and memory must be a"
            + " valid Fargate pair (checked at apply time); otherwise EC2's size rules apply, as in ECS. A Cluster can"
            + " still require Fargate sizes of every task (requireFargateTaskSizes).")
    @Size(max = 4)
    public List<Compatibility> requiresCompatibilities;

    @JsonPropertyDescription("IAM role of the application. Berth runs the Pod as the ServiceAccount named after the"
            + " role (the ARN's last path segment, lower-cased: arn:aws:iam::1:role/App -> app); a plain name is used"
            + " the same way. With berth.service-accounts.create the operator creates a missing ServiceAccount, annotated"
            + " eks.amazonaws.com/role-arn for IAM Roles for Service Accounts (docs/task-definitions.md).")
    public String taskRoleArn;

    @JsonPropertyDescription("IAM role of the agent. Berth adds an image pull Secret named after the role (the ARN's"
            + " last path segment).")
    public String executionRoleArn;

    @JsonPropertyDescription("awsvpc, bridge, host or none (docs/networking.md). Omitted: awsvpc when"
            + " requiresCompatibilities holds FARGATE, else bridge, as ECS defaults on Linux. awsvpc: the Pod IP. bridge:"
            + " the Pod network, portMappings[].hostPort > 0 a static host port, links host aliases of localhost. host:"
            + " the node's network (hostNetwork), only in a Cluster with allowHostNetwork; container ports are host ports."
            + " none: no connectivity (an isolating NetworkPolicy), no portMappings.")
    public NetworkMode networkMode;

    @JsonPropertyDescription("task: containers share one process namespace (shareProcessNamespace).")
    public String pidMode;

    @Size(max = 100)
    @JsonPropertyDescription("Volumes the containers can mount: host.sourcePath a hostPath; efsVolumeConfiguration and"
            + " fsxWindowsFileServerVolumeConfiguration the volume the Cluster maps the file system to (spec.fileSystems;"
            + " the task does not start without one); dockerVolumeConfiguration scope task an emptyDir, scope shared the"
            + " PersistentVolumeClaim named after the volume; otherwise an emptyDir that lives as long as the task.")
    public List<Volume> volumes;

    @JsonPropertyDescription("Operating system and CPU architecture (node selectors kubernetes.io/os and kubernetes.io/arch).")
    public RuntimePlatform runtimePlatform;

    @JsonPropertyDescription("Ephemeral storage of the task (20 GiB by default on Fargate).")
    public EphemeralStorage ephemeralStorage;

    @Size(max = 10)
    @JsonPropertyDescription("memberOf constraints for every task of this definition (node affinity; docs/placement.md).")
    public List<PlacementConstraint> placementConstraints;

    @JsonPropertyDescription("Tags of the task definition (metadata only).")
    public List<Tag> tags;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @PreserveUnknownFields
    @ValidationRule(value = "[has(self.host), has(self.efsVolumeConfiguration), has(self.dockerVolumeConfiguration),"
            + " has(self.fsxWindowsFileServerVolumeConfiguration)].filter(x, x).size() <= 1", message = "a volume takes"
                    + " at most one of host, efsVolumeConfiguration, dockerVolumeConfiguration and"
                    + " fsxWindowsFileServerVolumeConfiguration")
    public static class Volume extends EcsFields {
        @Required
        @Size(min = 1, max = 255)
        @Pattern(EcsNames.ECS_NAME)
        @JsonPropertyDescription("Volume name (an ECS name: up to 255 letters, digits, '-' and '_'), referenced by"
                + " containerDefinitions[].mountPoints[].sourceVolume. The Pod volume gets its Kubernetes name.")
        public String name;

        @JsonPropertyDescription("Bind mount from the node (hostPath). Without it the volume is an emptyDir.")
        public HostVolume host;

        @JsonPropertyDescription("An Amazon EFS file system. The task's Cluster maps the file system ID to a"
                + " PersistentVolumeClaim or CSI volume (Cluster spec.fileSystems); rootDirectory becomes the mount's"
                + " subPath. Without a mapping the task fails to start (never an emptyDir: that would lose data).")
        public FileSystemVolume efsVolumeConfiguration;

        @JsonPropertyDescription("An Amazon FSx for Windows File Server file system; mapped like efsVolumeConfiguration"
                + " (Cluster spec.fileSystems), rootDirectory as subPath.")
        public FileSystemVolume fsxWindowsFileServerVolumeConfiguration;

        @JsonPropertyDescription("A Docker volume: scope task (default) an emptyDir created and removed with the task;"
                + " scope shared the PersistentVolumeClaim named after the volume (its Kubernetes name), which must"
                + " exist. driver and driverOpts are not applied.")
        public DockerVolume dockerVolumeConfiguration;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @PreserveUnknownFields
    public static class FileSystemVolume extends EcsFields {
        @Required
        @Size(min = 1, max = 128)
        @JsonPropertyDescription("File system ID (fs-..., or an FSx ID), looked up in the Cluster's spec.fileSystems.")
        public String fileSystemId;

        @JsonPropertyDescription("Directory of the file system to mount (default /): the volume mount's subPath.")
        public String rootDirectory;

        @JsonPropertyDescription("ENABLED or DISABLED: encryption in transit; the Kubernetes volume decides.")
        public String transitEncryption;

        @JsonPropertyDescription("Port of encryption in transit; the Kubernetes volume decides.")
        @Max(2147483647)
        public Integer transitEncryptionPort;

        @JsonPropertyDescription("EFS access point and IAM authorization; the Kubernetes volume decides (for the EFS"
                + " CSI driver, put the access point in the mapped volume's volumeHandle).")
        public AuthorizationConfig authorizationConfig;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @PreserveUnknownFields
    public static class AuthorizationConfig extends EcsFields {
        @JsonPropertyDescription("EFS access point ID; not applied (name it in the mapped volume).")
        public String accessPointId;

        @JsonPropertyDescription("ENABLED or DISABLED: mount with the task role; not applied.")
        public String iam;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @PreserveUnknownFields
    public static class DockerVolume extends EcsFields {
        @JsonPropertyDescription("task (default): lives and dies with the task (emptyDir). shared: outlives the task"
                + " (the PersistentVolumeClaim named after the volume).")
        public DockerVolumeScope scope;

        @JsonPropertyDescription("Create the shared volume when missing. Not applied: create the PersistentVolumeClaim.")
        public Boolean autoprovision;

        @JsonPropertyDescription("Docker volume driver; not applied (the storage class of the claim decides).")
        public String driver;

        @JsonPropertyDescription("Driver options; not applied.")
        public Map<String, String> driverOpts;

        @JsonPropertyDescription("Docker volume labels; not applied.")
        public Map<String, String> labels;
    }

    public enum DockerVolumeScope {
        @JsonProperty("task")
        TASK,
        @JsonProperty("shared")
        SHARED
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class HostVolume {
        @JsonPropertyDescription("Path on the node.")
        public String sourcePath;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class RuntimePlatform {
        @JsonPropertyDescription("X86_64 (kubernetes.io/arch=amd64) or ARM64 (arm64).")
        public CpuArchitecture cpuArchitecture;

        @JsonPropertyDescription("LINUX (kubernetes.io/os=linux) or a WINDOWS_SERVER_* family (windows).")
        public String operatingSystemFamily;
    }

    public enum Compatibility {
        EC2,
        FARGATE,
        EXTERNAL,
        MANAGED_INSTANCES
    }

    public enum CpuArchitecture {
        X86_64,
        ARM64
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class EphemeralStorage {
        @Required
        @Min(20)
        @Max(200)
        @JsonPropertyDescription("Size in GiB (20-200); becomes an ephemeral-storage request and limit.")
        public Integer sizeInGiB;
    }
}
