package dev.berth.taskdef;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.berth.api.v1alpha1.ContainerDefinition;
import dev.berth.api.v1alpha1.EcsFields;
import dev.berth.api.v1alpha1.EcsTaskDefinition;
import dev.berth.api.v1alpha1.NetworkConfiguration;
import dev.berth.api.v1alpha1.NetworkConfiguration.AwsVpcConfiguration;
import dev.berth.api.v1alpha1.ServiceSpec;
import dev.berth.api.v1alpha1.TaskSpec;
import dev.berth.events.BerthEvent;
import dev.berth.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;

/**
 * Lists the ECS fields of a document that Berth accepts but does not apply, each with the reason,
 * so nothing is dropped silently: the list lands in a condition, an Event and the status.
 */
public final class UnsupportedFields {

    private static final String UNKNOWN = "not an ECS field Berth knows; kept but ignored";

    /** Why well-known ECS fields have no Kubernetes counterpart in Berth. */
    private static final Map<String, String> REASONS = Map.ofEntries(
            Map.entry("logConfiguration", "log drivers are not applied; read logs with kubectl logs"),
            Map.entry("firelensConfiguration", "FireLens log routing is not supported"),
            Map.entry("environmentFiles", "S3 environment files are not reachable; use environment or secrets"),
            Map.entry("ulimits", "Kubernetes has no per-container ulimits"),
            Map.entry("dockerSecurityOptions", "Docker security options are not supported"),
            Map.entry("disableNetworking", "a Pod always has a network"),
            Map.entry("dnsServers", "per-container DNS servers are not supported"),
            Map.entry("dnsSearchDomains", "per-container DNS search domains are not supported"),
            Map.entry("hostname", "per-container host names are not supported"),
            Map.entry("restartPolicy", "in-place container restarts are not supported; the task stops as ECS does without it"),
            Map.entry("versionConsistency", "image tags are resolved by the kubelet"),
            Map.entry("credentialSpecs", "gMSA credential specs are not supported"),
            Map.entry("containerPortRange", "port ranges are not supported; list the ports"),
            Map.entry("proxyConfiguration", "App Mesh proxy configuration is not supported"),
            Map.entry("inferenceAccelerators", "Elastic Inference is not supported"),
            Map.entry("ipcMode", "IPC namespace sharing is not supported"),
            Map.entry("enableFaultInjection", "fault injection is not supported"),
            Map.entry("configuredAtLaunch", "volumes configured at launch are not supported"),
            Map.entry("devices", "host devices are not supported"),
            Map.entry("maxSwap", "swap settings are not supported"),
            Map.entry("swappiness", "swap settings are not supported"),
            Map.entry("platformVersion", "there is one platform version"),
            Map.entry("enableExecuteCommand", "use kubectl exec"),
            Map.entry("enableECSManagedTags", "managed tags are not added"),
            Map.entry("propagateTags", "tags are not propagated"),
            Map.entry("deploymentController", "only the ECS rolling deployment controller is supported"),
            Map.entry("alarms", "CloudWatch alarms do not roll deployments back; the deployment circuit breaker does"),
            Map.entry("strategy", "only the rolling deployment strategy is supported"),
            Map.entry("bakeTimeInMinutes", "only the rolling deployment strategy is supported"),
            Map.entry("lifecycleHooks", "deployment lifecycle hooks are not supported"),
            Map.entry("ingressPortOverride", "the Kubernetes Service targets the container port; there is no proxy port"),
            Map.entry("timeout", "there is no Service Connect proxy to time requests out"),
            Map.entry("tls", "there is no Service Connect proxy to terminate TLS"),
            Map.entry("accessLogConfiguration", "there is no Service Connect proxy to log"),
            Map.entry("testTrafficRules", "only the rolling deployment strategy is supported"),
            Map.entry("availabilityZoneRebalancing", "not applicable"),
            Map.entry("role", "not applicable: the Kubernetes Service needs no IAM role"),
            Map.entry("count", "one Task resource is one task; create several Tasks"),
            Map.entry("clientToken", "the Task name already makes creation idempotent"),
            Map.entry("referenceId", "not applicable"),
            Map.entry("volumeConfigurations", "EBS volumes are not supported"));

    /**
     * Fields ECS writes into a describe-task-definition result, not into a registration. A pasted console export or
     * {@code describe-task-definition} dump carries them; ECS computes them itself, and so does Berth (revision,
     * status): they are ignored without a report and left out of the registered revision (docs/task-definitions.md).
     */
    public static final Set<String> OUTPUT_ONLY = Set.of("taskDefinitionArn", "revision", "status", "registeredAt",
            "registeredBy", "deregisteredAt", "compatibilities", "requiresAttributes");

    public static final String CONDITION = "UnsupportedFields";

    private UnsupportedFields() {
    }

    /** {@code conditions} with the UnsupportedFields condition: True listing {@code fields}, or removed when none. */
    public static List<Condition> reported(List<Condition> conditions, List<String> fields, Long generation, Instant now) {
        return fields.isEmpty() ? Conditions.without(conditions, CONDITION)
                : Conditions.with(conditions, CONDITION, true, "FieldsNotApplied", String.join("; ", fields), generation, now);
    }

    /** A Warning Event when the reported fields changed from {@code before} to {@code after}, so each list is told once. */
    public static Optional<BerthEvent> newlyReported(List<Condition> before, List<Condition> after) {
        Optional<String> was = Conditions.find(before, CONDITION).map(Condition::getMessage);
        return Conditions.find(after, CONDITION).map(Condition::getMessage).filter(now -> !Optional.of(now).equals(was))
                .map(message -> BerthEvent.warning(CONDITION, "Accepted but not applied: " + message));
    }

    public static List<String> of(EcsTaskDefinition def) {
        List<String> found = new ArrayList<>();
        def.unmodeledFields().entrySet().stream()
                .filter(field -> !OUTPUT_ONLY.contains(field.getKey()) && asksForSomething(field.getValue()))
                .forEach(field -> found.add(field.getKey() + ": " + REASONS.getOrDefault(field.getKey(), UNKNOWN)));
        valueLevel(def, found);
        List<ContainerDefinition> containers = def.containerDefinitions == null ? List.of() : def.containerDefinitions;
        for (int i = 0; i < containers.size(); i++) {
            ContainerDefinition c = containers.get(i);
            String at = "containerDefinitions[" + i + "].";
            unmodeled(c, at, found);
            unmodeled(c.healthCheck, at + "healthCheck.", found);
            unmodeled(c.linuxParameters, at + "linuxParameters.", found);
            if (c.portMappings != null) {
                for (int p = 0; p < c.portMappings.size(); p++) {
                    unmodeled(c.portMappings.get(p), at + "portMappings[" + p + "].", found);
                }
            }
            valueLevel(c, at, found);
        }
        if (def.volumes != null) {
            for (int v = 0; v < def.volumes.size(); v++) {
                volume(def.volumes.get(v), "volumes[" + v + "].", found);
            }
        }
        return found;
    }

    public static List<String> of(TaskSpec task) {
        List<String> found = new ArrayList<>();
        unmodeled(task, "", found);
        network(task.networkConfiguration, found);
        if (task.overrides != null) {
            unmodeled(task.overrides, "overrides.", found);
            if (task.overrides.containerOverrides != null) {
                for (int i = 0; i < task.overrides.containerOverrides.size(); i++) {
                    unmodeled(task.overrides.containerOverrides.get(i), "overrides.containerOverrides[" + i + "].", found);
                }
            }
        }
        return found;
    }

    public static List<String> of(ServiceSpec service) {
        List<String> found = new ArrayList<>();
        unmodeled(service, "", found);
        network(service.networkConfiguration, found);
        if (service.deploymentConfiguration != null) {
            unmodeled(service.deploymentConfiguration, "deploymentConfiguration.", found);
            unmodeled(service.deploymentConfiguration.deploymentCircuitBreaker,
                    "deploymentConfiguration.deploymentCircuitBreaker.",
                    found);
        }
        if (service.loadBalancers != null) {
            for (int i = 0; i < service.loadBalancers.size(); i++) {
                unmodeled(service.loadBalancers.get(i), "loadBalancers[" + i + "].", found);
            }
        }
        serviceConnect(service.serviceConnectConfiguration, found);
        return found;
    }

    /**
     * networkConfiguration of a Task or Service: subnets and security groups apply (docs/networking.md); assignPublicIp has no
     * meaning for a
     * task, which never gets a public IP of its own, so any value is reported as not applicable.
     */
    private static void network(NetworkConfiguration network, List<String> found) {
        if (network == null) {
            return;
        }
        unmodeled(network, "networkConfiguration.", found);
        AwsVpcConfiguration awsvpc = network.awsvpcConfiguration;
        if (awsvpc != null) {
            unmodeled(awsvpc, "networkConfiguration.awsvpcConfiguration.", found);
            if (awsvpc.assignPublicIp != null) {
                found.add("networkConfiguration.awsvpcConfiguration.assignPublicIp: not applicable; a task has no public"
                        + " IP of its own (expose it with a load balancer)");
            }
        }
    }

    /** Service Connect's names and ports apply (Kubernetes Services); its proxy settings have no counterpart. */
    private static void serviceConnect(ServiceSpec.ServiceConnectConfiguration connect, List<String> found) {
        if (connect == null) {
            return;
        }
        String at = "serviceConnectConfiguration.";
        unmodeled(connect, at, found);
        List<ServiceSpec.ServiceConnectService> services = connect.services == null ? List.of() : connect.services;
        for (int s = 0; s < services.size(); s++) {
            unmodeled(services.get(s), at + "services[" + s + "].", found);
            var aliases = services.get(s).clientAliases == null ? List.<ServiceSpec.ClientAlias> of()
                    : services.get(s).clientAliases;
            for (int a = 0; a < aliases.size(); a++) {
                unmodeled(aliases.get(a), at + "services[" + s + "].clientAliases[" + a + "].", found);
            }
        }
    }

    /** Empty lists and nulls ask for nothing (console exports write "ulimits": [], "links": []), so they are not reported. */
    private static void unmodeled(EcsFields fields, String at, List<String> found) {
        if (fields != null) {
            fields.unmodeledFields().entrySet().stream().filter(field -> asksForSomething(field.getValue()))
                    .forEach(field -> found.add(at + field.getKey() + ": " + REASONS.getOrDefault(field.getKey(), UNKNOWN)));
        }
    }

    private static boolean asksForSomething(Object value) {
        return value != null && !(value instanceof java.util.Collection<?> c && c.isEmpty())
                && !(value instanceof Map<?, ?> m && m.isEmpty());
    }

    private static void volume(EcsTaskDefinition.Volume volume, String at, List<String> found) {
        unmodeled(volume, at, found);
        for (var entry : Map.of("efsVolumeConfiguration.", Optional.ofNullable(volume.efsVolumeConfiguration),
                "fsxWindowsFileServerVolumeConfiguration.", Optional.ofNullable(volume.fsxWindowsFileServerVolumeConfiguration))
                .entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
            entry.getValue().ifPresent(fs -> {
                String where = at + entry.getKey();
                unmodeled(fs, where, found);
                if (fs.transitEncryption != null || fs.transitEncryptionPort != null) {
                    found.add(where + "transitEncryption: the mapped Kubernetes volume decides (Cluster spec.fileSystems)");
                }
                if (fs.authorizationConfig != null) {
                    unmodeled(fs.authorizationConfig, where + "authorizationConfig.", found);
                    found.add(where + "authorizationConfig: the mapped Kubernetes volume decides (Cluster spec.fileSystems)");
                }
            });
        }
        EcsTaskDefinition.DockerVolume docker = volume.dockerVolumeConfiguration;
        if (docker != null) {
            String where = at + "dockerVolumeConfiguration.";
            unmodeled(docker, where, found);
            if (docker.driver != null && !"local".equals(docker.driver) || docker.driverOpts != null) {
                found.add(where + "driver: Docker volume drivers are not applied (scope task: emptyDir; shared: a"
                        + " PersistentVolumeClaim)");
            }
            if (Boolean.TRUE.equals(docker.autoprovision)) {
                found.add(where + "autoprovision: not applied; create the PersistentVolumeClaim");
            }
            if (docker.labels != null) {
                found.add(where + "labels: Docker volume labels are not applied");
            }
        }
    }

    private static void valueLevel(EcsTaskDefinition def, List<String> found) {
        if (def.pidMode != null && !"task".equals(def.pidMode)) {
            found.add("pidMode: " + def.pidMode + " is not supported; only task");
        }
    }

    private static void valueLevel(ContainerDefinition c, String at, List<String> found) {
        if (c.user != null && !c.user.matches("\\d+(:\\d+)?")) {
            found.add(at + "user: '" + c.user + "' is not applied; Kubernetes needs a numeric uid or uid:gid");
        }
        if (c.startTimeout != null) {
            found.add(at + "startTimeout: not applied; the operator's task start timeout applies");
        }
        if (c.linuxParameters != null && c.linuxParameters.tmpfs != null) {
            for (int t = 0; t < c.linuxParameters.tmpfs.size(); t++) {
                List<String> options = c.linuxParameters.tmpfs.get(t).mountOptions;
                if (options != null && options.stream().anyMatch(o -> !"ro".equals(o) && !"rw".equals(o))) {
                    found.add(at + "linuxParameters.tmpfs[" + t + "].mountOptions: only ro is applied");
                }
            }
        }
        if (c.resourceRequirements != null) {
            c.resourceRequirements.stream().filter(r -> !"GPU".equals(r.type))
                    .forEach(r -> found.add(at + "resourceRequirements: " + r.type + " is not supported; only GPU"));
        }
    }
}
