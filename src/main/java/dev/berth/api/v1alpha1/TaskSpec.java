package dev.berth.api.v1alpha1;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import dev.berth.api.EcsNames;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** The ECS RunTask request for one task, plus StopTask as {@code desiredStatus: STOPPED}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@PreserveUnknownFields
@ValidationRule(value = "self.taskDefinition == oldSelf.taskDefinition && self.cluster == oldSelf.cluster"
        + " && (has(self.overrides) == has(oldSelf.overrides) && (!has(self.overrides) || self.overrides == oldSelf.overrides))"
        + " && (has(self.capacityProviderStrategy) == has(oldSelf.capacityProviderStrategy)"
        + " && (!has(self.capacityProviderStrategy) || self.capacityProviderStrategy == oldSelf.capacityProviderStrategy))", message = "a Task is immutable once created (taskDefinition, cluster, overrides, capacityProviderStrategy):"
                + " create a new Task instead; only desiredStatus, stopReason, stopCode and ttlSecondsAfterStopped can change")
@ValidationRule(value = "!has(oldSelf.desiredStatus) || oldSelf.desiredStatus != 'STOPPED' || self.desiredStatus == 'STOPPED'", message = "a stopped task cannot be started again (desiredStatus STOPPED is final): create a new Task", fieldPath = ".desiredStatus")
@ValidationRule(value = "!has(self.launchType) || !has(self.capacityProviderStrategy)", message = "launchType and capacityProviderStrategy are mutually exclusive")
public class TaskSpec extends EcsFields {

    @Required
    @Size(min = 1, max = 400)
    @Pattern(EcsNames.TASK_DEFINITION_REFERENCE)
    @JsonPropertyDescription("Task definition to run: 'family' (its latest ACTIVE revision, pinned when the task is"
            + " created) or 'family:revision', the family an ECS name (never the TaskDefinition's Kubernetes name); the ARN form (arn:aws:ecs:<region>:<account>:task-definition/family[:revision]) works too.")
    public String taskDefinition;

    @Default("default")
    @Size(min = 1, max = 255)
    @Pattern(EcsNames.ECS_NAME)
    @JsonPropertyDescription("Cluster to run in (default 'default', created on first use as ECS does), an ECS name: the Cluster resource named after its Kubernetes name"
            + " (itself when a DNS label, else lower-cased, '_' as '-', plus an 8-hex hash).")
    public String cluster = "default";

    @JsonPropertyDescription("Per-task overrides, as in RunTask.")
    public TaskOverride overrides;

    @JsonPropertyDescription("Capacity provider for the task: the first task goes to the provider with a base,"
            + " otherwise to the one with the highest weight. Defaults to the Cluster's default strategy, then FARGATE.")
    public List<CapacityProviderStrategyItem> capacityProviderStrategy;

    @JsonPropertyDescription("FARGATE selects the FARGATE capacity provider; EC2, EXTERNAL and MANAGED_INSTANCES use the"
            + " Cluster's default strategy.")
    public String launchType;

    @Size(max = 10)
    @JsonPropertyDescription("Where the task may run (ECS RunTask placementConstraints): distinctInstance or memberOf"
            + " (node affinity; docs/placement.md). Added to the task definition's own constraints.")
    public List<PlacementConstraint> placementConstraints;

    @Size(max = 5)
    @JsonPropertyDescription("How to choose among allowed nodes (ECS RunTask placementStrategy): spread (topology spread"
            + " constraints over the task's group), binpack (approximation) or random (docs/placement.md).")
    public List<PlacementStrategy> placementStrategy;

    @JsonPropertyDescription("ECS RunTask networkConfiguration (awsvpcConfiguration): subnets become node affinity on the"
            + " zones the Cluster maps them to (Cluster spec.subnets); security groups become NetworkPolicies over the"
            + " task's Pod; assignPublicIp is reported as not applicable"
            + " (docs/networking.md).")
    public NetworkConfiguration networkConfiguration;

    @Size(max = 253)
    @JsonPropertyDescription("Node to run on (ECS StartTask's container instance); set by DAEMON services, one task per"
            + " node. Empty: the scheduler chooses.")
    public String containerInstance;

    @Size(max = 128)
    @Pattern("^[A-Za-z0-9_/-]*$")
    @JsonPropertyDescription("Who started the task (e.g. ecs-svc/123); becomes Pod label berth.dev/started-by ('/' as '.').")
    public String startedBy;

    @Size(max = 255)
    @JsonPropertyDescription("Task group (e.g. service:web); becomes Pod label berth.dev/group (':' and '/' as '.').")
    public String group;

    @Size(max = 50)
    @JsonPropertyDescription("Tags; keys and values that are valid Kubernetes labels become Pod labels, all are kept"
            + " in the Pod annotation berth.dev/tags.")
    public List<Tag> tags;

    @Default("RUNNING")
    @JsonPropertyDescription("RUNNING, or STOPPED to stop the task (ECS StopTask: SIGTERM, then SIGKILL after the"
            + " containers' stopTimeout). STOPPED is final.")
    public DesiredStatus desiredStatus = DesiredStatus.RUNNING;

    @Size(max = 1024)
    @JsonPropertyDescription("Reason shown as stoppedReason when you stop the task (default 'Task stopped by user').")
    public String stopReason;

    @JsonPropertyDescription("Who stops the task, reported as stopCode: UserInitiated (default, ECS StopTask) or"
            + " ServiceSchedulerInitiated (set by a Service's scheduler).")
    public StopCode stopCode;

    @Min(0)
    @Default("3600")
    @JsonPropertyDescription("Seconds a STOPPED task stays visible before it is deleted (default 3600, as ECS keeps"
            + " stopped tasks for at least an hour).")
    public Long ttlSecondsAfterStopped = 3600L;

    public enum StopCode {
        UserInitiated,
        ServiceSchedulerInitiated
    }

    public enum DesiredStatus {
        RUNNING,
        STOPPED
    }
}
