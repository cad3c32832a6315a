package dev.berth.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.berth.api.v1alpha1.BatchJob;
import dev.berth.api.v1alpha1.BatchJobSpec;
import dev.berth.api.v1alpha1.BatchJobSpec.ResourceRequirement;
import dev.berth.api.v1alpha1.BatchJobSpec.ResourceType;
import dev.berth.api.v1alpha1.Berth;
import dev.berth.api.v1alpha1.CapacityProviderStrategyItem;
import dev.berth.api.v1alpha1.ContainerDefinition;
import dev.berth.api.v1alpha1.EcsTaskDefinition;
import dev.berth.api.v1alpha1.KeyValuePair;
import dev.berth.api.v1alpha1.Tag;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskOverride;
import dev.berth.api.v1alpha1.TaskSpec;
import dev.berth.taskdef.TaskSize;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;

/**
 * The Task of one attempt (pure): named after (job, index, attempt), so creating it twice is one create and an
 * AlreadyExists; owned by the job; the AWS_BATCH_* variables and the job's overrides as Task overrides.
 */
final class ChildTasks {

    static final String LABEL_JOB = Berth.LABEL_BATCH_JOB;
    static final String LABEL_INDEX = "berth.dev/array-index";
    static final String LABEL_ATTEMPT = "berth.dev/attempt";
    /** CPU units the attempt holds in its queue's budget, so usage is counted from the Task alone. */
    static final String LABEL_VCPU_UNITS = "berth.dev/vcpu-units";

    private ChildTasks() {
    }

    /** {@code job-7-2} for index 7 attempt 2 of an array, {@code job-2} for attempt 2 of a plain job. */
    static String name(String job, boolean array, int index, int attempt) {
        return array ? job + "-" + index + "-" + attempt : job + "-" + attempt;
    }

    /**
     * @param definition the pinned revision's document (for container names and the command Ref:: placeholders)
     */
    static Task render(BatchJob job, String taskDefinition, EcsTaskDefinition definition, int unitsPerAttempt,
            ChildLaunch launch) {
        BatchJobSpec spec = job.getSpec();
        String jobName = job.getMetadata().getName();
        boolean array = spec.arrayProperties != null;
        Task task = new Task();
        task.setMetadata(new ObjectMetaBuilder()
                .withName(name(jobName, array, launch.index(), launch.attempt()))
                .withNamespace(job.getMetadata().getNamespace())
                .addToFinalizers(Berth.TASK_FINALIZER)
                .addToLabels(LABEL_JOB, jobName)
                .addToLabels(LABEL_INDEX, Integer.toString(launch.index()))
                .addToLabels(LABEL_ATTEMPT, Integer.toString(launch.attempt()))
                .addToLabels(LABEL_VCPU_UNITS, Integer.toString(unitsPerAttempt))
                .addToLabels(Berth.LABEL_MANAGED_BY, Berth.MANAGED_BY)
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(Berth.API_VERSION).withKind("BatchJob")
                        .withName(jobName).withUid(job.getMetadata().getUid()).withController(true)
                        .withBlockOwnerDeletion(true).build())
                .build());
        TaskSpec taskSpec = new TaskSpec();
        taskSpec.taskDefinition = taskDefinition;
        taskSpec.cluster = launch.environment().cluster();
        taskSpec.capacityProviderStrategy = List
                .of(new CapacityProviderStrategyItem(launch.environment().capacityProvider(), 1, null));
        taskSpec.startedBy = job.getMetadata().getUid();
        taskSpec.group = "batch:" + jobName;
        taskSpec.overrides = overrides(job, definition, launch);
        if (Boolean.TRUE.equals(spec.propagateTags) && spec.tags != null && !spec.tags.isEmpty()) {
            taskSpec.tags = spec.tags.entrySet().stream().map(e -> new Tag(e.getKey(), e.getValue())).toList();
        }
        task.setSpec(taskSpec);
        return task;
    }

    private static TaskOverride overrides(BatchJob job, EcsTaskDefinition definition, ChildLaunch launch) {
        BatchJobSpec spec = job.getSpec();
        BatchJobSpec.ContainerOverrides requested = Optional.ofNullable(spec.containerOverrides)
                .orElseGet(BatchJobSpec.ContainerOverrides::new);
        String target = target(definition, requested.name);
        TaskOverride overrides = new TaskOverride();
        overrides.containerOverrides = new ArrayList<>();
        for (ContainerDefinition container : definition.containerDefinitions) {
            TaskOverride.ContainerOverride override = new TaskOverride.ContainerOverride();
            override.name = container.name;
            override.environment = environment(job, launch, requested.environment);
            if (container.name.equals(target)) {
                List<String> command = requested.command != null ? requested.command : container.command;
                override.command = CommandParameters.substitute(command, spec.parameters);
            }
            overrides.containerOverrides.add(override);
        }
        requirement(requested.resourceRequirements, ResourceType.VCPU).flatMap(VcpuUnits::parse)
                .ifPresent(units -> overrides.cpu = new IntOrString(units));
        requirement(requested.resourceRequirements, ResourceType.MEMORY)
                .ifPresent(mib -> overrides.memory = new IntOrString(Integer.parseInt(mib)));
        return overrides;
    }

    /** CPU units one attempt holds: the VCPU requirement, else the task definition's task cpu; empty if neither. */
    static Optional<Integer> unitsPerAttempt(BatchJobSpec spec, EcsTaskDefinition definition) {
        List<ResourceRequirement> requirements = spec.containerOverrides == null ? null
                : spec.containerOverrides.resourceRequirements;
        Optional<String> vcpu = requirement(requirements, ResourceType.VCPU);
        if (vcpu.isPresent()) {
            return VcpuUnits.parse(vcpu.get());
        }
        return definition.cpu == null ? Optional.empty() : TaskSize.cpuUnits(definition.cpu);
    }

    /** The container the command applies to: the one named, else the first essential container. */
    private static String target(EcsTaskDefinition definition, String named) {
        if (named != null) {
            return named;
        }
        return definition.containerDefinitions.stream().filter(c -> !Boolean.FALSE.equals(c.essential)).findFirst()
                .or(() -> definition.containerDefinitions.stream().findFirst()).map(c -> c.name).orElse(null);
    }

    private static List<KeyValuePair> environment(BatchJob job, ChildLaunch launch, List<KeyValuePair> requested) {
        boolean array = job.getSpec().arrayProperties != null;
        String jobId = job.getMetadata().getUid();
        List<KeyValuePair> env = new ArrayList<>(requested == null ? List.of() : requested);
        env.add(new KeyValuePair("AWS_BATCH_JOB_ID", array ? jobId + ":" + launch.index() : jobId));
        env.add(new KeyValuePair("AWS_BATCH_JOB_ATTEMPT", Integer.toString(launch.attempt())));
        env.add(new KeyValuePair("AWS_BATCH_JQ_NAME", job.getSpec().jobQueue));
        env.add(new KeyValuePair("AWS_BATCH_CE_NAME", launch.environment().displayName()));
        if (array) {
            env.add(new KeyValuePair("AWS_BATCH_JOB_ARRAY_INDEX", Integer.toString(launch.index())));
            env.add(new KeyValuePair("AWS_BATCH_JOB_ARRAY_SIZE", job.getSpec().arrayProperties.size.toString()));
        }
        return env;
    }

    private static Optional<String> requirement(List<ResourceRequirement> requirements, ResourceType type) {
        return Optional.ofNullable(requirements).orElse(List.of()).stream().filter(r -> r.type == type)
                .map(r -> r.value).findFirst();
    }

    /** The index and attempt a child Task's labels name; empty for a Task that is not a well-formed child. */
    static Optional<int[]> indexAndAttempt(Map<String, String> labels) {
        try {
            return Optional.of(new int[] { Integer.parseInt(labels.get(LABEL_INDEX)),
                    Integer.parseInt(labels.get(LABEL_ATTEMPT)) });
        } catch (NumberFormatException | NullPointerException e) {
            return Optional.empty();
        }
    }
}
