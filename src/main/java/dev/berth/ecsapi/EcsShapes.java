package dev.berth.ecsapi;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.berth.api.v1alpha1.Cluster;
import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.ServiceDeployment;
import dev.berth.api.v1alpha1.ServiceDeployment.DeploymentStatus;
import dev.berth.api.v1alpha1.ServiceEvent;
import dev.berth.api.v1alpha1.Tag;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskDefinitionRevision;
import dev.berth.api.v1alpha1.TaskStatus;
import dev.berth.translate.TaskNetwork;
import io.fabric8.kubernetes.api.model.HasMetadata;
import software.amazon.awssdk.core.SdkPojo;

/**
 * What DescribeClusters, DescribeTaskDefinition, DescribeTasks and DescribeServices show of Berth's custom resources.
 * Pure: resources in, the SDK's typed ECS shapes out. Each view is written as the ECS JSON document and read back with
 * the SDK's own codec, so only modeled ECS members leave, with their modeled types.
 */
public final class EcsShapes {

    /** Set by the ECS API when an ECS name is not its own Kubernetes name (EcsNames.kubernetesName hashed it). */
    public static final String ANNOTATION_ECS_NAME = "berth.dev/ecs-name";
    /** Tags of resources whose spec has no tags field (clusters), as a JSON list of {key, value}. */
    public static final String ANNOTATION_TAGS = "berth.dev/ecs-tags";

    private final EcsCodec codec;
    private final ObjectMapper json;

    public EcsShapes(EcsCodec codec, ObjectMapper json) {
        this.codec = codec;
        this.json = json;
    }

    /** The ECS name of a resource: the one the ECS API was given, else the Kubernetes name (kubectl users). */
    public static String ecsName(HasMetadata resource) {
        var annotations = resource.getMetadata().getAnnotations();
        String name = annotations == null ? null : annotations.get(ANNOTATION_ECS_NAME);
        return name != null ? name : resource.getMetadata().getName();
    }

    public software.amazon.awssdk.services.ecs.model.Cluster cluster(Cluster cluster, EcsArns arns, boolean tags) {
        String name = ecsName(cluster);
        ObjectNode out = json.createObjectNode();
        out.put("clusterArn", arns.cluster(name));
        out.put("clusterName", name);
        out.put("status", cluster.getMetadata().getDeletionTimestamp() != null ? "DEPROVISIONING" : "ACTIVE");
        var status = cluster.getStatus();
        out.put("registeredContainerInstancesCount", 0);
        out.put("runningTasksCount", status == null || status.runningTasksCount == null ? 0 : status.runningTasksCount);
        out.put("pendingTasksCount", status == null || status.pendingTasksCount == null ? 0 : status.pendingTasksCount);
        out.put("activeServicesCount",
                status == null || status.activeServicesCount == null ? 0 : status.activeServicesCount);
        ArrayNode providers = out.putArray("capacityProviders");
        if (status != null && status.capacityProviders != null) {
            status.capacityProviders.forEach(providers::add);
        } else {
            providers.add("FARGATE").add("FARGATE_SPOT");
        }
        out.set("defaultCapacityProviderStrategy",
                cluster.getSpec() == null || cluster.getSpec().defaultCapacityProviderStrategy == null
                        ? json.createArrayNode()
                        : json.valueToTree(cluster.getSpec().defaultCapacityProviderStrategy));
        out.putArray("settings").addObject().put("name", "containerInsights").put("value", "disabled");
        if (tags) {
            out.set("tags", clusterTags(cluster));
        }
        return typed(out, software.amazon.awssdk.services.ecs.model.Cluster::builder);
    }

    /** The tags of a cluster (annotation), as ECS JSON. */
    public ArrayNode clusterTags(Cluster cluster) {
        var annotations = cluster.getMetadata().getAnnotations();
        String tags = annotations == null ? null : annotations.get(ANNOTATION_TAGS);
        if (tags == null) {
            return json.createArrayNode();
        }
        try {
            return (ArrayNode) json.readTree(tags);
        } catch (Exception e) {
            return json.createArrayNode();
        }
    }

    public software.amazon.awssdk.services.ecs.model.TaskDefinition taskDefinition(TaskDefinitionRevision revision,
            EcsArns arns) {
        ObjectNode out = json.valueToTree(revision.getSpec().taskDefinition);
        String family = revision.getSpec().family;
        out.put("family", family);
        out.put("revision", revision.getSpec().revision);
        out.put("taskDefinitionArn", arns.taskDefinition(family, revision.getSpec().revision));
        out.remove("tags");
        var status = revision.getStatus();
        out.put("status", revision.isActive() ? "ACTIVE" : "INACTIVE");
        putTime(out, "registeredAt",
                status != null && status.registeredAt != null ? status.registeredAt
                        : revision.getMetadata().getCreationTimestamp());
        putTime(out, "deregisteredAt", status == null ? null : status.deregisteredAt);
        // an omitted networkMode is the platform's default, the mode the task runs in (docs/networking.md)
        out.put("networkMode", TaskNetwork.mode(revision.getSpec().taskDefinition).name());
        out.putArray("compatibilities").add("EC2").add("FARGATE");
        for (JsonNode container : out.withArray("containerDefinitions")) {
            ObjectNode c = (ObjectNode) container;
            if (!c.has("cpu")) {
                c.put("cpu", 0);
            }
            if (!c.has("essential")) {
                c.put("essential", true);
            }
            for (String list : List.of("portMappings", "environment", "mountPoints", "volumesFrom")) {
                if (!c.has(list)) {
                    c.putArray(list);
                }
            }
        }
        for (String list : List.of("volumes", "placementConstraints")) {
            if (!out.has(list)) {
                out.putArray(list);
            }
        }
        return typed(out, software.amazon.awssdk.services.ecs.model.TaskDefinition::builder);
    }

    /** The tags a task definition revision was registered with. */
    public List<software.amazon.awssdk.services.ecs.model.Tag> taskDefinitionTags(TaskDefinitionRevision revision) {
        return tags(revision.getSpec().taskDefinition.tags);
    }

    public List<software.amazon.awssdk.services.ecs.model.Tag> tags(List<Tag> tags) {
        if (tags == null) {
            return List.of();
        }
        return tags.stream().map(t -> software.amazon.awssdk.services.ecs.model.Tag.builder().key(t.key).value(t.value)
                .build()).toList();
    }

    public software.amazon.awssdk.services.ecs.model.Task task(Task task, EcsArns arns, boolean withTags) {
        var spec = task.getSpec();
        TaskStatus status = task.getStatus() == null ? new TaskStatus() : task.getStatus();
        String id = task.getMetadata().getName();
        String clusterName = spec.cluster == null ? Cluster.DEFAULT : spec.cluster;
        String taskArn = arns.task(clusterName, id);
        ObjectNode out = json.createObjectNode();
        out.put("taskArn", taskArn);
        out.put("clusterArn", arns.cluster(clusterName));
        String pinned = status.taskDefinition != null ? status.taskDefinition : spec.taskDefinition;
        out.put("taskDefinitionArn", taskDefinitionArn(pinned, arns));
        out.put("lastStatus", (status.lastStatus != null ? status.lastStatus : LastStatus.PROVISIONING).name());
        out.put("desiredStatus", spec.desiredStatus == null ? "RUNNING" : spec.desiredStatus.name());
        putText(out, "healthStatus", status.healthStatus != null ? status.healthStatus : "UNKNOWN");
        putText(out, "cpu", status.cpu);
        putText(out, "memory", status.memory);
        putText(out, "startedBy", spec.startedBy);
        putText(out, "group", spec.group != null ? spec.group : "family:" + family(pinned));
        putText(out, "stopCode", status.stopCode);
        putText(out, "stoppedReason", status.stoppedReason);
        putText(out, "capacityProviderName", status.capacityProviderName);
        String launchType = spec.launchType != null ? spec.launchType
                : status.capacityProviderName != null && status.capacityProviderName.startsWith("FARGATE") ? "FARGATE"
                        : null;
        putText(out, "launchType", launchType);
        putText(out, "platformFamily", "Linux");
        if ("FARGATE".equals(launchType)) {
            out.put("platformVersion", "1.4.0");
        }
        out.put("version", task.getMetadata().getGeneration() == null ? 1 : task.getMetadata().getGeneration());
        putTime(out, "createdAt", status.createdAt != null ? status.createdAt : task.getMetadata().getCreationTimestamp());
        putTime(out, "pullStartedAt", status.pullStartedAt);
        putTime(out, "pullStoppedAt", status.pullStoppedAt);
        putTime(out, "startedAt", status.startedAt);
        putTime(out, "stoppingAt", status.stoppingAt);
        putTime(out, "executionStoppedAt", status.executionStoppedAt);
        putTime(out, "stoppedAt", status.stoppedAt);
        out.put("connectivity", "CONNECTED");
        ArrayNode containers = out.putArray("containers");
        if (status.containers != null) {
            for (TaskStatus.ContainerStatus c : status.containers) {
                ObjectNode container = containers.addObject();
                container.put("containerArn", arns.container(clusterName, id, c.name));
                container.put("taskArn", taskArn);
                putText(container, "name", c.name);
                putText(container, "image", c.image);
                putText(container, "imageDigest", c.imageDigest);
                putText(container, "lastStatus", c.lastStatus);
                if (c.exitCode != null) {
                    container.put("exitCode", c.exitCode);
                }
                putText(container, "reason", c.reason);
                putText(container, "healthStatus", c.healthStatus != null ? c.healthStatus : "UNKNOWN");
            }
        }
        ObjectNode overrides = spec.overrides == null ? json.createObjectNode() : json.valueToTree(spec.overrides);
        if (!overrides.has("containerOverrides")) {
            overrides.putArray("containerOverrides");
        }
        out.set("overrides", overrides);
        out.putArray("attachments");
        if (withTags) {
            out.set("tags", spec.tags == null ? json.createArrayNode() : json.valueToTree(spec.tags));
        }
        return typed(out, software.amazon.awssdk.services.ecs.model.Task::builder);
    }

    public software.amazon.awssdk.services.ecs.model.Service service(dev.berth.api.v1alpha1.Service service,
            EcsArns arns, boolean withTags) {
        var spec = service.getSpec();
        var status = service.getStatus();
        String name = ecsName(service);
        String clusterName = spec.cluster == null ? Cluster.DEFAULT : spec.cluster;
        ObjectNode specJson = json.valueToTree(spec);
        ObjectNode out = json.createObjectNode();
        out.put("serviceArn", arns.service(clusterName, name));
        out.put("serviceName", name);
        out.put("clusterArn", arns.cluster(clusterName));
        out.put("status", service.getMetadata().getDeletionTimestamp() != null ? "DRAINING" : "ACTIVE");
        boolean daemon = spec.schedulingStrategy == dev.berth.api.v1alpha1.ServiceSpec.SchedulingStrategy.DAEMON;
        int desired = spec.desiredCount != null ? spec.desiredCount
                : status != null && status.desiredCount != null ? status.desiredCount : daemon ? 0 : 1;
        out.put("desiredCount", desired);
        out.put("runningCount", status == null || status.runningCount == null ? 0 : status.runningCount);
        out.put("pendingCount", status == null || status.pendingCount == null ? 0 : status.pendingCount);
        String pinned = status != null && status.taskDefinition != null ? status.taskDefinition : spec.taskDefinition;
        out.put("taskDefinition", taskDefinitionArn(pinned, arns));
        if (spec.capacityProviderStrategy != null && !spec.capacityProviderStrategy.isEmpty()) {
            out.set("capacityProviderStrategy", specJson.get("capacityProviderStrategy"));
        } else {
            out.put("launchType", spec.launchType != null ? spec.launchType : "FARGATE");
            out.put("platformVersion", "LATEST");
        }
        ObjectNode deployment = specJson.has("deploymentConfiguration")
                ? (ObjectNode) specJson.get("deploymentConfiguration")
                : json.createObjectNode();
        if (!deployment.has("maximumPercent")) {
            deployment.put("maximumPercent", daemon ? 100 : 200);
        }
        if (!deployment.has("minimumHealthyPercent")) {
            deployment.put("minimumHealthyPercent", daemon ? 0 : 100);
        }
        if (!deployment.has("deploymentCircuitBreaker")) {
            deployment.putObject("deploymentCircuitBreaker").put("enable", false).put("rollback", false);
        }
        out.set("deploymentConfiguration", deployment);
        for (String member : List.of("loadBalancers", "serviceRegistries", "placementConstraints", "placementStrategy")) {
            out.set(member, specJson.has(member) ? specJson.get(member) : json.createArrayNode());
        }
        for (String member : List.of("networkConfiguration", "healthCheckGracePeriodSeconds", "propagateTags",
                "enableECSManagedTags", "enableExecuteCommand")) {
            if (specJson.has(member)) {
                out.set(member, specJson.get(member));
            }
        }
        out.put("schedulingStrategy", daemon ? "DAEMON" : "REPLICA");
        out.putObject("deploymentController").put("type", "ECS");
        putTime(out, "createdAt", service.getMetadata().getCreationTimestamp());
        out.set("deployments", deployments(service, desired, arns));
        ArrayNode events = out.putArray("events");
        if (status != null && status.events != null) {
            for (ServiceEvent e : status.events) {
                ObjectNode event = events.addObject();
                putText(event, "id", e.id);
                putTime(event, "createdAt", e.createdAt);
                putText(event, "message", e.message);
            }
        }
        if (withTags) {
            out.set("tags", spec.tags == null ? json.createArrayNode() : json.valueToTree(spec.tags));
        }
        return typed(out, software.amazon.awssdk.services.ecs.model.Service::builder);
    }

    /**
     * The service's deployments. While the operator has not yet acted on the latest spec (observedGeneration behind),
     * a PRIMARY IN_PROGRESS deployment stands for the change on its way, so {@code aws ecs wait services-stable} right
     * after UpdateService waits for it instead of seeing the previous steady state.
     */
    private ArrayNode deployments(dev.berth.api.v1alpha1.Service service, int desired, EcsArns arns) {
        var status = service.getStatus();
        ArrayNode out = json.createArrayNode();
        boolean behind = status == null || status.observedGeneration == null
                || status.observedGeneration < service.getMetadata().getGeneration();
        if (behind) {
            ObjectNode pending = out.addObject();
            pending.put("id", "ecs-svc/pending-" + service.getMetadata().getGeneration());
            pending.put("status", "PRIMARY");
            pending.put("taskDefinition", taskDefinitionArn(service.getSpec().taskDefinition, arns));
            pending.put("desiredCount", desired);
            pending.put("pendingCount", 0);
            pending.put("runningCount", 0);
            pending.put("failedTasks", 0);
            pending.put("rolloutState", "IN_PROGRESS");
            pending.put("rolloutStateReason", "ECS deployment in progress.");
        }
        if (status != null && status.deployments != null) {
            for (ServiceDeployment d : status.deployments) {
                ObjectNode deployment = out.addObject();
                putText(deployment, "id", d.id);
                DeploymentStatus shown = behind && d.status == DeploymentStatus.PRIMARY ? DeploymentStatus.ACTIVE : d.status;
                putText(deployment, "status", shown == null ? null : shown.name());
                deployment.put("taskDefinition", taskDefinitionArn(d.taskDefinition, arns));
                deployment.put("desiredCount", d.desiredCount == null ? 0 : d.desiredCount);
                deployment.put("pendingCount", d.pendingCount == null ? 0 : d.pendingCount);
                deployment.put("runningCount", d.runningCount == null ? 0 : d.runningCount);
                deployment.put("failedTasks", d.failedTasks == null ? 0 : d.failedTasks);
                putText(deployment, "rolloutState", d.rolloutState == null ? null : d.rolloutState.name());
                putText(deployment, "rolloutStateReason", d.rolloutStateReason);
                putTime(deployment, "createdAt", d.createdAt);
                putTime(deployment, "updatedAt", d.updatedAt);
                deployment.put("launchType", service.getSpec().launchType != null ? service.getSpec().launchType
                        : "FARGATE");
            }
        }
        return out;
    }

    /** The ARN of {@code family:revision}; a bare family (not pinned yet) gives the family's ARN without revision. */
    static String taskDefinitionArn(String familyRevision, EcsArns arns) {
        if (familyRevision == null) {
            return null;
        }
        int colon = familyRevision.indexOf(':');
        if (colon < 0) {
            return arns.taskDefinition(familyRevision, 0).replaceAll(":0$", "");
        }
        return arns.taskDefinition(familyRevision.substring(0, colon),
                Integer.parseInt(familyRevision.substring(colon + 1)));
    }

    private static String family(String familyRevision) {
        if (familyRevision == null) {
            return "";
        }
        int colon = familyRevision.indexOf(':');
        return colon < 0 ? familyRevision : familyRevision.substring(0, colon);
    }

    private static void putText(ObjectNode out, String name, String value) {
        if (value != null) {
            out.put(name, value);
        }
    }

    /** An RFC 3339 time as ECS epoch seconds (with milliseconds). */
    static void putTime(ObjectNode out, String name, String rfc3339) {
        if (rfc3339 == null) {
            return;
        }
        try {
            Instant at = Instant.parse(rfc3339);
            out.put(name, at.toEpochMilli() / 1000.0);
        } catch (DateTimeParseException e) {
            // not a time: leave it out rather than fail the whole answer
        }
    }

    /** The typed SDK shape of an ECS JSON document, through the SDK's own codec. */
    <T extends SdkPojo> T typed(JsonNode document, Supplier<? extends SdkPojo> builder) {
        try {
            return codec.read(json.writeValueAsBytes(document), builder);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
