package dev.berth.api.v1alpha1;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** One ECS container definition, with ECS field names and value forms. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@PreserveUnknownFields
@ValidationRule(value = "!has(self.memory) || !has(self.memoryReservation) || self.memoryReservation <= self.memory", message = "memoryReservation (the soft limit) must not exceed memory (the hard limit)")
public class ContainerDefinition extends EcsFields {

    @Required
    @Size(min = 1, max = 63)
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    @JsonPropertyDescription("Container name, unique in the task definition. Berth needs a DNS label"
            + " (lower-case letters, digits and '-') because it becomes the Kubernetes container name.")
    public String name;

    @Required
    @Size(min = 1)
    @JsonPropertyDescription("Image to run, as for docker run (e.g. nginx:alpine or registry/repo@sha256:...).")
    public String image;

    @Min(0)
    @Max(196608)
    @JsonPropertyDescription("CPU units reserved for the container (1024 units = 1 vCPU). Becomes the container's"
            + " CPU request; the task cpu, when set, caps the whole task.")
    public Integer cpu;

    @Min(6)
    @JsonPropertyDescription("Hard memory limit in MiB; the container is killed if it exceeds it. Becomes the"
            + " container's memory limit.")
    public Integer memory;

    @Min(6)
    @JsonPropertyDescription("Soft memory limit (reservation) in MiB. Becomes the container's memory request.")
    public Integer memoryReservation;

    @JsonPropertyDescription("When true (the default) the task stops as soon as this container exits, and every"
            + " container's exit code is recorded. A task needs at least one essential container.")
    public Boolean essential;

    @JsonPropertyDescription("Overrides the image ENTRYPOINT (Kubernetes: container command).")
    public List<String> entryPoint;

    @JsonPropertyDescription("Overrides the image CMD (Kubernetes: container args).")
    public List<String> command;

    @JsonPropertyDescription("Working directory of the command.")
    public String workingDirectory;

    @JsonPropertyDescription("Environment variables passed to the container.")
    public List<KeyValuePair> environment;

    @JsonPropertyDescription("Environment variables read from Kubernetes Secrets. valueFrom is 'secret-name:key',"
            + " 'secret-name' (key 'value'), a Secrets Manager ARN (secret name after ':secret:', optional JSON key"
            + " as the next field) or an SSM parameter ARN (parameter name, '/' replaced by '-', key 'value').")
    public List<Secret> secrets;

    @JsonPropertyDescription("Ports the container listens on (Kubernetes container ports).")
    public List<PortMapping> portMappings;

    @JsonPropertyDescription("Container health check, run as a Kubernetes exec readiness probe. Task healthStatus"
            + " is derived from the health of essential containers.")
    public HealthCheck healthCheck;

    @JsonPropertyDescription("Containers that must reach a condition before this one starts: START and HEALTHY"
            + " dependencies run as native sidecars, COMPLETE and SUCCESS dependencies as init containers.")
    @Size(max = 10)
    public List<ContainerDependency> dependsOn;

    @Min(2)
    @Max(120)
    @JsonPropertyDescription("Seconds to wait for dependencies before giving up (2-120). Accepted; the task's"
            + " start timeout of the operator applies instead.")
    public Integer startTimeout;

    @Min(0)
    @Max(120)
    @JsonPropertyDescription("Seconds between SIGTERM and SIGKILL when the task stops (default 30, max 120)."
            + " The largest value of the task becomes the Pod's terminationGracePeriodSeconds.")
    public Integer stopTimeout;

    @JsonPropertyDescription("Docker labels. Copied to the Pod's annotations (this is how the local simulation"
            + " is driven, see docs/simulation.md).")
    public Map<String, String> dockerLabels;

    @JsonPropertyDescription("Resources other than CPU and memory: type GPU with a count becomes an nvidia.com/gpu limit.")
    public List<ResourceRequirement> resourceRequirements;

    @JsonPropertyDescription("User to run as. Berth supports a numeric uid or uid:gid (runAsUser/runAsGroup).")
    public String user;

    @JsonPropertyDescription("Mount the root filesystem read-only.")
    public Boolean readonlyRootFilesystem;

    @JsonPropertyDescription("Run the container privileged.")
    public Boolean privileged;

    @JsonPropertyDescription("Keep stdin open (Kubernetes stdin).")
    public Boolean interactive;

    @JsonPropertyDescription("Allocate a TTY (Kubernetes tty).")
    public Boolean pseudoTerminal;

    @JsonPropertyDescription("Linux settings. Berth supports capabilities add/drop.")
    public LinuxParameters linuxParameters;

    @JsonPropertyDescription("Task volumes mounted into this container.")
    public List<MountPoint> mountPoints;

    @JsonPropertyDescription("Extra /etc/hosts entries (Kubernetes hostAliases of the Pod).")
    public List<HostEntry> extraHosts;

    @JsonPropertyDescription("Namespaced kernel parameters (Kubernetes Pod sysctls).")
    public List<SystemControl> systemControls;

    @JsonPropertyDescription("Private registry credentials: credentialsParameter names a Kubernetes image pull"
            + " Secret (an ARN's last path segment is used as the name).")
    public RepositoryCredentials repositoryCredentials;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @PreserveUnknownFields
    public static class PortMapping extends EcsFields {
        @Required
        @Min(1)
        @Max(65535)
        @JsonPropertyDescription("Port the container listens on.")
        public Integer containerPort;

        @Min(0)
        @Max(65535)
        @JsonPropertyDescription("Host port. Accepted for compatibility; tasks use the Pod network, so only"
                + " containerPort matters.")
        public Integer hostPort;

        @JsonPropertyDescription("tcp (default) or udp.")
        public Protocol protocol;

        @Pattern("^[a-z0-9]([-a-z0-9_]*[a-z0-9])?$")
        @Size(max = 15)
        @JsonPropertyDescription("Port name (Kubernetes port names are at most 15 characters).")
        public String name;

        @JsonPropertyDescription("Application protocol: http, http2 or grpc.")
        public String appProtocol;
    }

    public enum Protocol {
        @JsonProperty("tcp")
        TCP,
        @JsonProperty("udp")
        UDP
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Secret {
        @Required
        @JsonPropertyDescription("Environment variable name.")
        public String name;

        @Required
        @JsonPropertyDescription("Where the value comes from: 'secret-name:key', 'secret-name', or a Secrets"
                + " Manager / SSM ARN (see secrets).")
        public String valueFrom;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @PreserveUnknownFields
    public static class HealthCheck extends EcsFields {
        @Required
        @Size(min = 2, max = 64)
        @ValidationRule(value = "self[0] == 'CMD' || self[0] == 'CMD-SHELL'", message = "healthCheck.command must start with CMD (exec form) or CMD-SHELL (one shell string)")
        @JsonPropertyDescription("[\"CMD\", \"executable\", \"arg\"...] or [\"CMD-SHELL\", \"shell command\"]; exit 0 means healthy.")
        public List<String> command;

        @Min(5)
        @Max(300)
        @JsonPropertyDescription("Seconds between checks (5-300, default 30).")
        public Integer interval;

        @Min(2)
        @Max(60)
        @JsonPropertyDescription("Seconds before a check counts as failed (2-60, default 5).")
        public Integer timeout;

        @Min(1)
        @Max(10)
        @JsonPropertyDescription("Consecutive failures before the container is UNHEALTHY (1-10, default 3).")
        public Integer retries;

        @Min(0)
        @Max(300)
        @JsonPropertyDescription("Grace period in seconds during which failures do not count (0-300, default 0).")
        public Integer startPeriod;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class ContainerDependency {
        @Required
        @Size(max = 63)
        @JsonPropertyDescription("Name of the container this one waits for.")
        public String containerName;

        @Required
        @JsonPropertyDescription("START (started), COMPLETE (exited), SUCCESS (exited 0) or HEALTHY (health check passed).")
        public DependencyCondition condition;
    }

    public enum DependencyCondition {
        START,
        COMPLETE,
        SUCCESS,
        HEALTHY
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class ResourceRequirement {
        @Required
        @JsonPropertyDescription("GPU (supported), InferenceAccelerator or NeuronDevice (not supported).")
        public String type;

        @Required
        @JsonPropertyDescription("For GPU, the number of GPUs.")
        public String value;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @PreserveUnknownFields
    public static class LinuxParameters extends EcsFields {
        @JsonPropertyDescription("Linux capabilities to add and drop.")
        public Capabilities capabilities;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Capabilities {
        @JsonPropertyDescription("Capabilities to add, e.g. SYS_PTRACE.")
        public List<String> add;

        @JsonPropertyDescription("Capabilities to drop, e.g. ALL.")
        public List<String> drop;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class MountPoint {
        @Required
        @JsonPropertyDescription("Name of a task volume (spec.volumes[].name).")
        public String sourceVolume;

        @Required
        @JsonPropertyDescription("Path in the container.")
        public String containerPath;

        @JsonPropertyDescription("Mount read-only (default false).")
        public Boolean readOnly;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class HostEntry {
        @Required
        @JsonPropertyDescription("Host name.")
        public String hostname;

        @Required
        @JsonPropertyDescription("IP address.")
        public String ipAddress;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class SystemControl {
        @JsonPropertyDescription("Kernel parameter, e.g. net.core.somaxconn.")
        public String namespace;

        @JsonPropertyDescription("Value of the parameter.")
        public String value;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class RepositoryCredentials {
        @Required
        @JsonPropertyDescription("Name (or ARN) of the image pull Secret.")
        public String credentialsParameter;
    }
}
