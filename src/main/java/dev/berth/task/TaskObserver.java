package dev.berth.task;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import dev.berth.api.EcsNames;
import dev.berth.api.TaskReference;
import dev.berth.api.v1alpha1.Berth;
import dev.berth.api.v1alpha1.Cluster;
import dev.berth.api.v1alpha1.ContainerDefinition;
import dev.berth.api.v1alpha1.EcsTaskDefinition;
import dev.berth.api.v1alpha1.SecurityGroup;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskDefinitionRevision;
import dev.berth.cluster.CapacityProviders;
import dev.berth.network.SecurityGroupDirectory;
import dev.berth.network.SecurityGroupLabels;
import dev.berth.network.TaskSecurityGroups;
import dev.berth.taskdef.TaskSize;
import dev.berth.translate.NoneModeNetworkPolicy;
import dev.berth.translate.Overrides;
import dev.berth.translate.Placement;
import dev.berth.translate.PodInput;
import dev.berth.translate.PodRenderer;
import dev.berth.translate.SecretReference;
import dev.berth.translate.SubnetZones;
import dev.berth.translate.UnrunnableTask;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

/**
 * Gathers what {@link TaskLifecycle} decides from: the Task's Pod and revision from the caches and,
 * before the Pod exists, everything the Pod needs (cluster, capacity provider, secrets), turning
 * each missing piece into a {@link StartBlocker} with ECS wording.
 */
final class TaskObserver {

    private final Context<Task> context;
    private final Instant now;
    private final Duration startTimeout;
    private final Instant apiServerLostAt;
    /** Set once per observation, from the Task's Cluster: fields of the Task the Cluster cannot apply. */
    private List<String> notApplied = List.of();

    TaskObserver(Context<Task> context, Instant now, Duration startTimeout, Instant apiServerLostAt) {
        this.context = context;
        this.now = now;
        this.startTimeout = startTimeout;
        this.apiServerLostAt = apiServerLostAt;
    }

    TaskInputs observe(Task task) {
        String namespace = task.getMetadata().getNamespace();
        Cluster cluster = cache(Cluster.class).get(new ResourceID(EcsNames.kubernetesName(task.getSpec().cluster), namespace))
                .orElse(null);
        notApplied = cluster != null && SubnetZones.notApplied(task.getSpec(), cluster.getSpec())
                ? List.of("networkConfiguration.awsvpcConfiguration.subnets: not applied; Cluster " + task.getSpec().cluster
                        + " maps no subnets to zones (spec.subnets)")
                : List.of();
        Pod pod = context.getSecondaryResource(Pod.class)
                .filter(p -> p.getMetadata().getOwnerReferences().stream()
                        .anyMatch(o -> o.getUid().equals(task.getMetadata().getUid())))
                .orElse(null);
        boolean started = pod != null || task.getStatus() != null && task.getStatus().podName != null;
        String pinned = pinned(task, pod);
        TaskDefinitionRevision revision = pinned == null ? null : revision(namespace, TaskReference.parse(pinned));
        if (started) {
            EcsTaskDefinition def = revision == null ? null : applyOverrides(revision, task).orElse(null);
            return new TaskInputs(observation(task, pinned, def, pod, null), null, null, false);
        }
        if (revision == null) {
            return blocked(task, null, null, StartBlocker.waiting("TaskDefinitionNotFound",
                    "ClientException: Unable to describe task definition " + task.getSpec().taskDefinition + "."));
        }
        if (!revision.isActive() && TaskReference.parse(task.getSpec().taskDefinition).revision() != null) {
            return blocked(task, pinned, null, StartBlocker.fatal("TaskDefinitionInactive",
                    "ClientException: TaskDefinition is inactive (" + pinned + ")."));
        }
        EcsTaskDefinition def;
        try {
            def = Overrides.apply(revision.getSpec().taskDefinition, task.getSpec().overrides);
        } catch (UnrunnableTask e) {
            return blocked(task, pinned, null,
                    StartBlocker.fatal("InvalidOverrides", "ClientException: " + e.getMessage()));
        }
        if (cluster == null) {
            return new TaskInputs(observation(task, pinned, def, null, StartBlocker.clusterNotFound(task.getSpec().cluster)),
                    null, null,
                    Cluster.DEFAULT.equals(task.getSpec().cluster));
        }
        Optional<Placement> placement = CapacityProviders.placement(cluster, task.getSpec());
        if (placement.isEmpty()) {
            return blocked(task, pinned, def, StartBlocker.fatal("CapacityProviderNotFound",
                    "ClientException: The specified capacity provider is not associated with cluster "
                            + task.getSpec().cluster + "."));
        }
        if (Boolean.TRUE.equals(cluster.getSpec() == null ? null : cluster.getSpec().requireFargateTaskSizes)
                && !isFargateSize(def)) {
            return blocked(task, pinned, def, StartBlocker.fatal("InvalidTaskSize",
                    "ClientException: Invalid 'cpu' setting for task. Cluster " + task.getSpec().cluster
                            + " requires a Fargate cpu/memory pair."));
        }
        Optional<StartBlocker> invalidSecret = invalidSecretReference(def);
        if (invalidSecret.isPresent()) {
            return blocked(task, pinned, def, invalidSecret.get());
        }
        Optional<String> missingSecret = missingSecret(namespace, def);
        if (missingSecret.isPresent()) {
            return blocked(task, pinned, def, StartBlocker.waiting("SecretNotFound",
                    "ResourceInitializationError: unable to pull secrets or registry auth: " + missingSecret.get()));
        }
        TaskSecurityGroups.Resolved groups = TaskSecurityGroups.resolve(task.getSpec(),
                SecurityGroupDirectory.of(cache(SecurityGroup.class).list(namespace).toList()));
        if (groups.problem().isPresent()) {
            return blocked(task, pinned, def, StartBlocker.waiting("SecurityGroupNotFound", groups.problem().get()));
        }
        TaskReference ref = TaskReference.parse(pinned);
        PodInput input = new PodInput(task.getMetadata().getName(), namespace, task.getMetadata().getUid(), task.getSpec(),
                ref.family(), ref.revision(), def, placement.get(), cluster.getSpec());
        Pod desired;
        try {
            desired = PodRenderer.render(input);
        } catch (UnrunnableTask e) {
            return blocked(task, pinned, def, StartBlocker.fatal(e.reason(), "ClientException: " + e.getMessage()));
        }
        return new TaskInputs(observation(task, pinned, def, null, null),
                SecurityGroupLabels.withGroups(desired, groups.groupNames()), NoneModeNetworkPolicy.render(input).orElse(null),
                false);
    }

    /** A Task's revision: pinned in its status, else recorded on its Pod, else resolved now. */
    private String pinned(Task task, Pod pod) {
        if (task.getStatus() != null && task.getStatus().taskDefinition != null) {
            return task.getStatus().taskDefinition;
        }
        if (pod != null && pod.getMetadata().getAnnotations() != null
                && pod.getMetadata().getAnnotations().containsKey(Berth.ANNOTATION_TASK_DEFINITION)) {
            return pod.getMetadata().getAnnotations().get(Berth.ANNOTATION_TASK_DEFINITION);
        }
        // Pods made before the annotation existed: their family label is the family itself (a DNS label then)
        if (pod != null && pod.getMetadata().getLabels().containsKey(Berth.LABEL_REVISION)) {
            return pod.getMetadata().getLabels().get(Berth.LABEL_FAMILY) + ":"
                    + pod.getMetadata().getLabels().get(Berth.LABEL_REVISION);
        }
        TaskReference ref = TaskReference.parse(task.getSpec().taskDefinition);
        if (ref.revision() != null) {
            return ref.toString();
        }
        return cache(TaskDefinitionRevision.class)
                .list(task.getMetadata().getNamespace(), r -> ref.family().equals(r.getSpec().family) && r.isActive())
                .max(Comparator.comparing(r -> r.getSpec().revision))
                .map(TaskDefinitionRevision::familyRevision)
                .orElse(null);
    }

    private TaskDefinitionRevision revision(String namespace, TaskReference ref) {
        if (ref.revision() == null) {
            return null;
        }
        return cache(TaskDefinitionRevision.class)
                .get(new ResourceID(TaskDefinitionRevision.name(ref.family(), ref.revision()), namespace)).orElse(null);
    }

    /** The revision with the Task's overrides, or empty when they do not fit it (reported before the Pod existed). */
    private static Optional<EcsTaskDefinition> applyOverrides(TaskDefinitionRevision revision, Task task) {
        try {
            return Optional.of(Overrides.apply(revision.getSpec().taskDefinition, task.getSpec().overrides));
        } catch (UnrunnableTask e) {
            return Optional.empty();
        }
    }

    private static boolean isFargateSize(EcsTaskDefinition def) {
        return TaskSize.cpuUnits(def.cpu).flatMap(cpu -> TaskSize.memoryMiB(def.memory).map(mem -> new TaskSize(cpu, mem)))
                .map(TaskSize::isFargatePair).orElse(false);
    }

    /**
     * The first secrets[].valueFrom that names no possible Secret (an unrendered {@code ${SECRET_ARN}}), checked before
     * any name reaches the API: waiting cannot fix it, so the task fails to start naming the field.
     */
    private static Optional<StartBlocker> invalidSecretReference(EcsTaskDefinition def) {
        for (int c = 0; c < def.containerDefinitions.size(); c++) {
            ContainerDefinition container = def.containerDefinitions.get(c);
            List<ContainerDefinition.Secret> secrets = container.secrets == null ? List.of() : container.secrets;
            for (int s = 0; s < secrets.size(); s++) {
                try {
                    SecretReference.parse(secrets.get(s).valueFrom);
                } catch (UnrunnableTask e) {
                    return Optional.of(StartBlocker.fatal(e.reason(), "ClientException: containerDefinitions[" + c
                            + "].secrets[" + s + "].valueFrom (container " + container.name + ", variable "
                            + secrets.get(s).name + "): " + e.getMessage()));
                }
            }
        }
        return Optional.empty();
    }

    /** The first secret a container needs that does not exist (one GET per reference, only before the Pod exists). */
    private Optional<String> missingSecret(String namespace, EcsTaskDefinition def) {
        for (ContainerDefinition container : def.containerDefinitions) {
            if (container.secrets == null) {
                continue;
            }
            for (ContainerDefinition.Secret s : container.secrets) {
                SecretReference ref = SecretReference.parse(s.valueFrom);
                Secret secret = context.getClient().secrets().inNamespace(namespace).withName(ref.secretName()).get();
                if (secret == null) {
                    return Optional.of("secret \"" + ref.secretName() + "\" not found");
                }
                boolean hasKey = secret.getData() != null && secret.getData().containsKey(ref.key())
                        || secret.getStringData() != null && secret.getStringData().containsKey(ref.key());
                if (!hasKey) {
                    return Optional.of("key \"" + ref.key() + "\" not found in secret \"" + ref.secretName() + "\"");
                }
            }
        }
        return Optional.empty();
    }

    private TaskInputs blocked(Task task, String pinned, EcsTaskDefinition def, StartBlocker blocker) {
        return new TaskInputs(observation(task, pinned, def, null, blocker), null, null, false);
    }

    private TaskObservation observation(Task task, String pinned, EcsTaskDefinition def, Pod pod, StartBlocker blocker) {
        return new TaskObservation(task, pinned, def, pod, blocker, now, startTimeout, notApplied, apiServerLostAt);
    }

    @SuppressWarnings("unchecked")
    private <R extends io.fabric8.kubernetes.api.model.HasMetadata> InformerEventSource<R, Task> cache(Class<R> type) {
        return (InformerEventSource<R, Task>) context.eventSourceRetriever().getEventSourceFor(type);
    }
}
