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

/** One ECS container definition, with ECS field names and value forms. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@PreserveUnknownFields
@ValidationRule(value = "!has(self.memory) || !has(self.memoryReservation) || self.memoryReservation <= self.memory", message = "memoryReservation (the soft limit) must not exceed memory (the hard limit)")
// Checked per container: comparing with every other container's name too would exceed the API server's CEL cost budget
@ValidationRule(value = "!has(self.dependsOn) || self.dependsOn.all(d, d.containerName != self.name)", message = "a container cannot depend on itself (dependsOn[].containerName)")
@ValidationRule(value = "!has(self.volumesFrom) || self.volumesFrom.all(v, v.sourceContainer != self.name)", message = "a container cannot mount its own volumes (volumesFrom[].sourceContainer)")
public class ContainerDefinition extends EcsFields {

    @Required
    @Size(min = 1, max = 255)
    @Pattern(EcsNames.ECS_NAME)
    @JsonPropertyDescription("Container name, unique in the task definition: an ECS name (up to 255 letters, digits, '-'"
            + " and '_', e.g. log_router). The Kubernetes container gets its Kubernetes name (itself when a DNS label,"
            + " else lower-cased, '_' as '-', plus an 8-hex hash); the task status shows the ECS name.")
    public String name;

    @Required
    @Size(min = 1, max = 1024)
    @Pattern("^[A-Za-z0-9._/:@-]+$")
    @JsonPropertyDescription("Image to run, as for docker run (e.g. nginx:alpine or registry/repo@sha256:...). An"
            + " unrendered template (${REPOSITORY_URL}:${TAG}) does not match the pattern and is refused.")
    public String image;

    @Min(0)
    @Max(196608)
    @JsonPropertyDescription("CPU units reserved for the container (1024 units = 1 vCPU). Becomes the container's"
            + " CPU request; the task cpu, when set, caps the whole task.")
    public Integer cpu;

    @Min(6)
    @JsonPropertyDescription("Hard memory limit in MiB; the container is killed if it exceeds it. Becomes the"
            + " container's memory limit.")
    @Max(2147483647)
    public Integer memory;

    @Min(6)
    @JsonPropertyDescription("Soft memory limit (reservation) in MiB. Becomes the container's memory request.")
    @Max(2147483647)
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

    @Size(max = 100)
    @JsonPropertyDescription("Ports the container listens on (Kubernetes container ports). In the host network mode"
            + " each is also a host port; in bridge a hostPort above 0 is a static host port (docs/networking.md).")
    public List<PortMapping> portMappings;

    @Size(max = 100)
    @JsonPropertyDescription("Bridge network mode only: other containers of the task this one reaches by name, as"
            + " 'name' or 'name:alias'. The containers of a task share localhost, so each name and alias becomes a host"
            + " alias of 127.0.0.1 (lower-cased; a name Kubernetes cannot use as a host name fails the task at start).")
    public List<String> links;

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

    @JsonPropertyDescription("Linux settings. Berth applies capabilities, initProcessEnabled, tmpfs and"
            + " sharedMemorySize; the others are reported in UnsupportedFields.")
    public LinuxParameters linuxParameters;

    @Size(max = 50)
    @JsonPropertyDescription("Task volumes mounted into this container.")
    public List<MountPoint> mountPoints;

    @Size(max = 10)
    @JsonPropertyDescription("Mount every mount point of another container of the task (same paths); readOnly true"
            + " mounts them read-only.")
    public List<VolumeFrom> volumesFrom;

    @JsonPropertyDescription("Extra /etc/hosts entries (Kubernetes hostAliases of the Pod).")
    public List<HostEntry> extraHosts;

    @Size(max = 100)
    @JsonPropertyDescription("Namespaced kernel parameters (Kubernetes Pod sysctls). Not net.* in the host network mode:"
            + " the node's network is not the task's to tune.")
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
        @JsonPropertyDescription("Host port. awsvpc and host: omitted or equal to containerPort (host: the port is"
                + " taken on the node either way). bridge: above 0 a static host port on the task's node (the Pod's"
                + " hostPort, so two tasks needing it never share a node); 0 or omitted a dynamic port: reach the task"
                + " by its Pod IP and containerPort.")
        public Integer hostPort;

        @JsonPropertyDescription("tcp (default) or udp.")
        public Protocol protocol;

        @Pattern("^[A-Za-z0-9_][-A-Za-z0-9_]*$")
        @Size(max = 64)
        @JsonPropertyDescription("Port name (ECS Service Connect: up to 64 letters, digits, '_' and '-'; the console writes"
                + " <container>-<port>-<protocol>). Becomes the Kubernetes port name where it is one (at most 15"
                + " characters, lower-case, no '_'); other ports stay unnamed.")
        public String name;

        @Pattern("^(http|http2|grpc)$")
        @JsonPropertyDescription("Application protocol: http, http2 or grpc. Becomes the appProtocol of the ports of the"
                + " Service Connect aliases' Kubernetes Services (http2 as kubernetes.io/h2c), which meshes and gateways"
                + " read; Berth itself runs no proxy.")
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
        @Size(min = 1, max = 2048)
        @Pattern("^[A-Za-z0-9/_+=.@:-]+$")
        @JsonPropertyDescription("Where the value comes from: 'secret-name:key', 'secret-name', or a Secrets"
                + " Manager / SSM ARN (see secrets). The characters of ARNs and secret and parameter names only: an"
                + " unrendered placeholder (${JWT_SECRET_ARN}, <PARAMETER_NAME>) is refused.")
        public String valueFrom;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @PreserveUnknownFields
    public static class HealthCheck extends EcsFields {
        @Required
        @Size(min = 1, max = 64)
        @ValidationRule(value = "self[0] != 'CMD' && self[0] != 'CMD-SHELL' || size(self) >= 2", message = "healthCheck.command needs the command after CMD or CMD-SHELL")
        @JsonPropertyDescription("[\"CMD\", \"executable\", \"arg\"...] or [\"CMD-SHELL\", \"shell command\"]; exit 0"
                + " means healthy. A list without either prefix ([\"/healthcheck\"]) runs as the exec form, as if CMD"
                + " came first; [\"NONE\"] disables the check.")
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

        /** Whether a check runs: there is one and it is not Docker's ["NONE"] (which disables the image's own). */
        public static boolean runs(HealthCheck check) {
            return check != null && check.command != null && !check.command.isEmpty()
                    && !DISABLED.equals(check.command.get(0));
        }

        private static final String DISABLED = "NONE";
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class ContainerDependency {
        @Required
        @Size(min = 1, max = 255)
        @Pattern(EcsNames.ECS_NAME)
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

        @JsonPropertyDescription("Run an init process as PID 1 that reaps zombies and forwards signals. Berth shares"
                + " the task's process namespace (shareProcessNamespace), whose pause process is PID 1 and reaps.")
        public Boolean initProcessEnabled;

        @Size(max = 20)
        @JsonPropertyDescription("tmpfs mounts: each a memory-backed emptyDir of the given size at containerPath.")
        public List<Tmpfs> tmpfs;

        @Min(1)
        @JsonPropertyDescription("Size of /dev/shm in MiB: a memory-backed emptyDir of that size mounted at /dev/shm.")
        @Max(2147483647)
        public Integer sharedMemorySize;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Tmpfs {
        @Required
        @Size(min = 1)
        @JsonPropertyDescription("Absolute path of the mount in the container.")
        public String containerPath;

        @Required
        @Min(1)
        @JsonPropertyDescription("Size in MiB (the emptyDir's sizeLimit).")
        @Max(2147483647)
        public Integer size;

        @JsonPropertyDescription("Mount options (e.g. noexec, ro). Only ro is applied (a read-only mount).")
        public List<String> mountOptions;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class VolumeFrom {
        @Required
        @Size(min = 1, max = 255)
        @Pattern(EcsNames.ECS_NAME)
        @JsonPropertyDescription("Container whose mount points this container mounts too.")
        public String sourceContainer;

        @JsonPropertyDescription("Mount them read-only (default false: as the source mounts them).")
        public Boolean readOnly;
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
        @Size(min = 1, max = 255)
        @Pattern(EcsNames.ECS_NAME)
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
