package dev.berth.schedule;

import java.util.Locale;

import dev.berth.api.TaskReference;
import dev.berth.api.v1alpha1.Berth;
import dev.berth.api.v1alpha1.ScheduledTask;
import dev.berth.api.v1alpha1.ScheduledTaskSpec.Target;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;

/** The Task a run creates: the schedule's RunTask target, named for its fire time, owned by the schedule (pure). */
public final class RunTemplate {

    private RunTemplate() {
    }

    public static Task task(ScheduledTask schedule, RunLaunch launch) {
        String name = schedule.getMetadata().getName();
        Target target = schedule.getSpec().target;
        Task task = new Task();
        task.setMetadata(new ObjectMetaBuilder()
                .withName(launch.taskName())
                .withNamespace(schedule.getMetadata().getNamespace())
                .addToFinalizers(Berth.TASK_FINALIZER)
                .addToLabels(Berth.LABEL_SCHEDULED_TASK, RunNames.label(name))
                .addToLabels(Berth.LABEL_MANAGED_BY, Berth.MANAGED_BY)
                .addToAnnotations(Berth.ANNOTATION_FIRE_TIME, launch.fireTime().toString())
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(Berth.API_VERSION).withKind("ScheduledTask")
                        .withName(name).withUid(schedule.getMetadata().getUid()).withController(true)
                        .withBlockOwnerDeletion(true).build())
                .build());
        TaskSpec spec = new TaskSpec();
        spec.taskDefinition = target.taskDefinition;
        spec.cluster = target.cluster;
        spec.overrides = target.overrides;
        spec.capacityProviderStrategy = target.capacityProviderStrategy;
        spec.launchType = target.launchType;
        spec.placementConstraints = target.placementConstraints;
        spec.placementStrategy = target.placementStrategy;
        spec.tags = target.tags;
        spec.startedBy = startedBy(name);
        spec.group = target.group != null ? target.group : "family:" + TaskReference.parse(target.taskDefinition).family();
        // ECS fields Berth does not model (networkConfiguration, propagateTags, ...) reach the Task, which reports them
        target.unmodeledFields().forEach(spec::putUnmodeledField);
        task.setSpec(spec);
        return task;
    }

    /** As an EventBridge rule starts ECS tasks: {@code events-rule/<name>} (a Task's startedBy allows no dots). */
    static String startedBy(String schedule) {
        String by = "events-rule/" + schedule.replace('.', '-').toLowerCase(Locale.ROOT);
        return by.length() <= 128 ? by : by.substring(0, 128);
    }
}
