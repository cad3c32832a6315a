package dev.berth.api.v1alpha1;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
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
@ValidationRule(value = "self.containerDefinitions.all(c, !has(c.dependsOn) || c.dependsOn.all(d,"
        + " d.containerName != c.name && self.containerDefinitions.exists(o, o.name == d.containerName)))", message = "dependsOn[].containerName must name another container of this task definition")
public class EcsTaskDefinition extends EcsFields {

    @Size(min = 1, max = 255)
    @JsonPropertyDescription("Name of the revision chain. Defaults to metadata.name and, when given, must equal it"
            + " (one TaskDefinition resource is one family).")
    public String family;

    @Required
    @Size(min = 1, max = 10)
    @JsonPropertyDescription("The containers of the task (1-10).")
    public List<ContainerDefinition> containerDefinitions;

    @ValidationRule(value = SizeRules.CPU_RULE, message = SizeRules.CPU_MESSAGE)
    @JsonPropertyDescription("Task CPU in CPU units or vCPU: 256, \"256\", \"0.25 vCPU\", \"1 vcpu\". Valid values:"
            + " 256, 512, 1024, 2048, 4096, 8192, 16384. Becomes the Pod-level CPU limit and request.")
    public IntOrString cpu;

    @ValidationRule(value = SizeRules.MEMORY_RULE, message = SizeRules.MEMORY_MESSAGE)
    @JsonPropertyDescription("Task memory in MiB or GB: 512, \"512\", \"1 GB\", \"1GB\" (512-122880 MiB)."
            + " Becomes the Pod-level memory limit and request.")
    public IntOrString memory;

    @JsonPropertyDescription("Launch types the definition must be valid for. With FARGATE, cpu and memory must be a"
            + " valid Fargate pair (checked at apply time).")
    @Size(max = 4)
    public List<Compatibility> requiresCompatibilities;

    @JsonPropertyDescription("IAM role of the application. Berth runs the Pod as the ServiceAccount named after the"
            + " role (the ARN's last path segment, e.g. arn:aws:iam::1:role/app -> app); a plain name is used as is.")
    public String taskRoleArn;

    @JsonPropertyDescription("IAM role of the agent. Berth adds an image pull Secret named after the role (the ARN's"
            + " last path segment).")
    public String executionRoleArn;

    @JsonPropertyDescription("awsvpc (default on Fargate), bridge, host or none. awsvpc and bridge use the Pod"
            + " network; host and none are reported as unsupported.")
    public String networkMode;

    @JsonPropertyDescription("task: containers share one process namespace (shareProcessNamespace).")
    public String pidMode;

    @JsonPropertyDescription("Volumes the containers can mount: with host.sourcePath a hostPath volume, otherwise an"
            + " emptyDir that lives as long as the task.")
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
    public static class Volume extends EcsFields {
        @Required
        @JsonPropertyDescription("Volume name, referenced by containerDefinitions[].mountPoints[].sourceVolume.")
        public String name;

        @JsonPropertyDescription("Bind mount from the node (hostPath). Without it the volume is an emptyDir.")
        public HostVolume host;
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
