package dev.berth.taskdef;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import dev.berth.api.TaskReference;
import dev.berth.api.v1alpha1.Berth;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskDefinition;
import dev.berth.api.v1alpha1.TaskDefinitionRevision;
import dev.berth.api.v1alpha1.TaskDefinitionStatus;
import dev.berth.cache.References;
import dev.berth.cache.SharedTaskEventSource;
import dev.berth.cache.TaskCache;
import dev.berth.cache.TaskChanges;
import dev.berth.config.BerthConfig;
import dev.berth.events.BerthEvent;
import dev.berth.events.EventRecorder;
import dev.berth.status.ApiErrors;
import dev.berth.status.Conditions;
import dev.berth.status.ReconcileErrors;
import dev.berth.status.StatusWriter;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

/** Registers, deregisters and prunes the revisions of a TaskDefinition family. */
@ControllerConfiguration(name = "taskdefinition")
public class TaskDefinitionReconciler implements Reconciler<TaskDefinition> {

    private final EventRecorder events;
    private final Clock clock;
    private final BerthConfig config;
    private final TaskCache taskCache;

    public TaskDefinitionReconciler(EventRecorder events, Clock clock, BerthConfig config, TaskCache taskCache) {
        this.events = events;
        this.clock = clock;
        this.config = config;
        this.taskCache = taskCache;
    }

    @Override
    public List<EventSource<?, TaskDefinition>> prepareEventSources(EventSourceContext<TaskDefinition> context) {
        var revisions = InformerEventSourceConfiguration.from(TaskDefinitionRevision.class, TaskDefinition.class)
                .withLabelSelector(Berth.LABEL_MANAGED_BY + "=" + Berth.MANAGED_BY)
                .build();
        // the Task controller's Tasks (held once); revisions in use need only each Task's pinned revision: no reconcile
        // for other updates
        var tasks = new SharedTaskEventSource<TaskDefinition>(taskCache, References.TASK_DEFINITION,
                References::taskDefinition, TaskChanges::summaryChanged,
                context.getControllerConfiguration().getConfigurationService().cacheSyncTimeout());
        return List.of(new InformerEventSource<>(revisions, context), tasks);
    }

    @Override
    public UpdateControl<TaskDefinition> reconcile(TaskDefinition td, Context<TaskDefinition> context) {
        List<TaskDefinitionRevision> revisions = List.copyOf(context.getSecondaryResources(TaskDefinitionRevision.class));
        Set<Integer> inUse = context.getSecondaryResourcesAsStream(Task.class)
                .map(TaskDefinitionReconciler::revisionInUse).filter(Objects::nonNull).collect(Collectors.toSet());
        RevisionPlan plan = RevisionPlanner.plan(td, revisions, inUse, clock.instant());

        var client = context.getClient();
        if (plan.register() != null) {
            try {
                client.resource(plan.register()).create();
            } catch (KubernetesClientException e) {
                if (ApiErrors.namespaceGone(e)) {
                    // the namespace's deletion took the revisions first; it takes (or took) this TaskDefinition too
                    return UpdateControl.noUpdate();
                }
                throw e;
            }
            if (config.task().createServiceAccounts()) {
                TaskRoles.serviceAccount(plan.register().getSpec().taskDefinition, td.getMetadata().getNamespace())
                        .ifPresent(account -> createIfMissing(client, account));
            }
        }
        plan.revisionStatuses().forEach((name, status) -> revisions.stream()
                .filter(r -> r.getMetadata().getName().equals(name)).findFirst()
                .ifPresent(r -> {
                    r.setStatus(status);
                    client.resource(r).updateStatus();
                }));
        for (String name : plan.deletions()) {
            try {
                client.resources(TaskDefinitionRevision.class).inNamespace(td.getMetadata().getNamespace())
                        .withName(name).delete();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    throw e;
                }
            }
        }
        StatusWriter.write(td, plan.status(), context);
        events.record(td, plan.events());
        return UpdateControl.noUpdate();
    }

    @Override
    public ErrorStatusUpdateControl<TaskDefinition> updateErrorStatus(TaskDefinition td, Context<TaskDefinition> context,
            Exception e) {
        if (!ReconcileErrors.retriesExhausted(context)) {
            return ErrorStatusUpdateControl.noStatusUpdate();
        }
        String message = ReconcileErrors.message(e);
        TaskDefinitionStatus status = td.getStatus() == null ? new TaskDefinitionStatus() : td.getStatus();
        status.conditions = Conditions.with(status.conditions, "Ready", false, ReconcileErrors.REASON, message,
                td.getMetadata().getGeneration(), clock.instant());
        td.setStatus(status);
        events.record(td, BerthEvent.warning(ReconcileErrors.REASON, message));
        return ErrorStatusUpdateControl.patchStatus(td);
    }

    /** The revision number a Task runs or will run, pinned or named, or null if only the family is known. */
    private static Integer revisionInUse(Task task) {
        if (task.getStatus() != null && task.getStatus().taskDefinition != null) {
            return TaskReference.parse(task.getStatus().taskDefinition).revision();
        }
        return TaskReference.parse(task.getSpec().taskDefinition).revision();
    }

    /** Once per registered revision, so a read of the API server here costs nothing worth a cache. */
    private static void createIfMissing(KubernetesClient client, ServiceAccount account) {
        var existing = client.serviceAccounts().inNamespace(account.getMetadata().getNamespace())
                .withName(account.getMetadata().getName());
        if (existing.get() != null) {
            return;
        }
        try {
            client.resource(account).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
        }
    }
}
