package dev.berth.service;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.berth.api.v1alpha1.Berth;
import dev.berth.api.v1alpha1.CapacityProviderStrategyItem;
import dev.berth.api.v1alpha1.EcsTaskDefinition;
import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.PlacementStrategy;
import dev.berth.api.v1alpha1.Service;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskSpec;
import dev.berth.api.v1alpha1.TaskStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;

/** The service scheduler's view of its Tasks, and the Tasks it launches (pure). */
final class ServiceTasks {

    /** ECS places a service's tasks across availability zones, then across instances, when it names no strategy. */
    static final List<PlacementStrategy> DEFAULT_PLACEMENT_STRATEGY = List.of(
            new PlacementStrategy(PlacementStrategy.Type.spread, "attribute:ecs.availability-zone"),
            new PlacementStrategy(PlacementStrategy.Type.spread, "instanceId"));

    private ServiceTasks() {
    }

    /** A Task as the planner sees it; {@code definition} is its revision's document, when known, for health checks. */
    static ServiceTask view(Task task, EcsTaskDefinition definition) {
        TaskStatus status = task.getStatus() == null ? new TaskStatus() : task.getStatus();
        TaskSpec spec = task.getSpec();
        boolean hasHealthCheck = definition != null && definition.containerDefinitions.stream()
                .anyMatch(c -> c.healthCheck != null && !Boolean.FALSE.equals(c.essential));
        // the spec is the scheduler's own intent; the Task's status catches up later
        TaskSpec.DesiredStatus desired = spec.desiredStatus;
        return new ServiceTask(task.getMetadata().getName(), spec.startedBy,
                status.taskDefinition != null ? status.taskDefinition : spec.taskDefinition,
                status.lastStatus == null ? LastStatus.PROVISIONING : status.lastStatus, desired, status.healthStatus,
                hasHealthCheck,
                instant(task.getMetadata().getCreationTimestamp()), instant(status.startedAt), instant(status.stoppedAt),
                status.stopCode, status.stoppedReason,
                status.capacityProviderName != null ? status.capacityProviderName : chosenProvider(spec),
                spec.containerInstance);
    }

    /** The Task of a launch {@link ServiceTaskNames} named: a second create of it is an AlreadyExists. */
    static Task launch(Service service, TaskLaunch launch) {
        Task task = new Task();
        String name = service.getMetadata().getName();
        task.setMetadata(new ObjectMetaBuilder()
                .withName(Objects.requireNonNull(launch.name(), "a launch is named before it is created"))
                .withNamespace(service.getMetadata().getNamespace())
                .addToFinalizers(Berth.TASK_FINALIZER)
                .addToLabels(Berth.LABEL_SERVICE, name)
                .addToLabels(Berth.LABEL_MANAGED_BY, Berth.MANAGED_BY)
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(Berth.API_VERSION).withKind("Service")
                        .withName(name).withUid(service.getMetadata().getUid()).withController(true)
                        .withBlockOwnerDeletion(true).build())
                .build());
        TaskSpec spec = new TaskSpec();
        spec.taskDefinition = launch.taskDefinition();
        spec.cluster = service.getSpec().cluster;
        spec.startedBy = launch.deploymentId();
        spec.group = "service:" + name;
        spec.tags = service.getSpec().tags;
        spec.capacityProviderStrategy = List.of(new CapacityProviderStrategyItem(launch.capacityProvider(), 1, null));
        spec.containerInstance = launch.node();
        spec.placementConstraints = service.getSpec().placementConstraints;
        spec.networkConfiguration = service.getSpec().networkConfiguration;
        spec.placementStrategy = launch.node() != null ? null
                : Optional.ofNullable(service.getSpec().placementStrategy).orElse(DEFAULT_PLACEMENT_STRATEGY);
        task.setSpec(spec);
        return task;
    }

    /** Whether {@code task} is one this service launched (its controller owner), not another object of that name. */
    static boolean launchedBy(Service service, Task task) {
        return task.getMetadata().getOwnerReferences().stream()
                .anyMatch(o -> Boolean.TRUE.equals(o.getController()) && service.getMetadata().getUid().equals(o.getUid()));
    }

    private static String chosenProvider(TaskSpec spec) {
        return spec.capacityProviderStrategy == null || spec.capacityProviderStrategy.isEmpty() ? null
                : spec.capacityProviderStrategy.get(0).capacityProvider;
    }

    private static Instant instant(String text) {
        return Optional.ofNullable(text).map(Instant::parse).orElse(null);
    }
}
