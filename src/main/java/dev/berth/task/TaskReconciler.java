package dev.berth.task;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import dev.berth.api.EcsNames;
import dev.berth.api.v1alpha1.Berth;
import dev.berth.api.v1alpha1.Cluster;
import dev.berth.api.v1alpha1.SecurityGroup;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskDefinitionRevision;
import dev.berth.api.v1alpha1.TaskStatus;
import dev.berth.cache.LeanItemStore;
import dev.berth.cache.References;
import dev.berth.cache.TaskCache;
import dev.berth.cache.TaskPods;
import dev.berth.config.ApiServerReachability;
import dev.berth.config.BerthConfig;
import dev.berth.events.BerthEvent;
import dev.berth.events.EventRecorder;
import dev.berth.network.TaskSecurityGroups;
import dev.berth.status.Conditions;
import dev.berth.status.ReconcileErrors;
import dev.berth.status.StatusWriter;
import dev.berth.usage.DeletionHold;
import dev.berth.usage.Metering;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

/**
 * Runs one Task as one Pod: observe (caches), decide ({@link TaskLifecycle}, pure), write the status,
 * then act on the Pod. A Pod due to be created is created first and the status then decided with it, so a
 * new Task waits for one round trip, not two, and gets one status write; a crash in between is repaired
 * from the Pod by the next reconcile. Every other action comes after the status write, and the Pod's
 * finalizer keeps its final state until it is recorded.
 */
@ControllerConfiguration(name = "task", finalizerName = Berth.TASK_FINALIZER, informer = @Informer(itemStore = LeanItemStore.class))
public class TaskReconciler implements Reconciler<Task>, Cleaner<Task> {

    /** A deleted Task waiting to be counted is woken by its cluster's update; this is the safety net. */
    private static final Duration USAGE_COUNT_RECHECK = Duration.ofSeconds(5);

    private static final String BY_SECURITY_GROUP = "by-security-group";

    private final EventRecorder events;
    private final Clock clock;
    private final BerthConfig config;
    private final Metering metering;
    private final TaskCache taskCache;
    private final ApiServerReachability apiServer;

    public TaskReconciler(EventRecorder events, Clock clock, BerthConfig config, Metering metering, TaskCache taskCache,
            ApiServerReachability apiServer) {
        this.events = events;
        this.clock = clock;
        this.config = config;
        this.metering = metering;
        this.taskCache = taskCache;
        this.apiServer = apiServer;
    }

    @Override
    public List<EventSource<?, Task>> prepareEventSources(EventSourceContext<Task> context) {
        IndexerResourceCache<Task> tasks = context.getPrimaryCache();
        taskCache.attach(tasks);
        taskCache.index(References.FAMILY, References::family);
        taskCache.index(References.CLUSTER, References::cluster);

        var pods = InformerEventSourceConfiguration.from(Pod.class, Task.class)
                .withLabelSelector(Berth.LABEL_TASK)
                .withItemStore(new TaskPods())
                .build();
        var revisions = InformerEventSourceConfiguration.from(TaskDefinitionRevision.class, Task.class)
                .withLabelSelector(Berth.LABEL_MANAGED_BY + "=" + Berth.MANAGED_BY)
                .withSecondaryToPrimaryMapper(
                        r -> waiting(tasks, References.FAMILY, r.getMetadata().getNamespace(), r.getSpec().family))
                .build();
        var clusters = InformerEventSourceConfiguration.from(Cluster.class, Task.class)
                .withSecondaryToPrimaryMapper(
                        c -> waiting(tasks, References.CLUSTER, c.getMetadata().getNamespace(), c.getMetadata().getName()))
                .build();
        // a task waiting for a security group it names (by name or groupId) starts when the group appears
        tasks.addIndexer(BY_SECURITY_GROUP, t -> TaskSecurityGroups.references(t.getSpec()).stream()
                .map(ref -> t.getMetadata().getNamespace() + "/" + ref).toList());
        var securityGroups = InformerEventSourceConfiguration.from(SecurityGroup.class, Task.class)
                .withSecondaryToPrimaryMapper(g -> java.util.stream.Stream
                        .of(g.getMetadata().getName(), g.getSpec() == null ? null : g.getSpec().groupId)
                        .filter(java.util.Objects::nonNull)
                        .flatMap(ref -> waiting(tasks, BY_SECURITY_GROUP, g.getMetadata().getNamespace(), ref).stream())
                        .collect(Collectors.toSet()))
                .build();
        var revisionSource = new InformerEventSource<>(revisions, context);
        var clusterSource = new InformerEventSource<>(clusters, context);
        metering.watch(tasks, revisionSource, clusterSource);
        return List.of(new InformerEventSource<>(pods, context), revisionSource, clusterSource,
                new InformerEventSource<>(securityGroups, context), taskCache.announcer());
    }

    @Override
    public UpdateControl<Task> reconcile(Task task, Context<Task> context) {
        TaskInputs inputs = observer(context).observe(task);
        TaskActions actions = new TaskActions(context.getClient(), events,
                created -> podCache(context).handleRecentResourceCreate(ResourceID.fromResource(created), created));
        TaskDecision decision = TaskLifecycle.decide(inputs.observation());
        if (decision.action() instanceof TaskAction.CreatePod) {
            decision = TaskLifecycle.decide(actions.createPod(inputs));
        }
        if (supersededBeforeWritten(decision, context)) {
            return UpdateControl.noUpdate();
        }
        TaskStatus next = decision.status();
        boolean metered = metering.stampFinal(next, inputs.observation().taskDefinition(), inputs.observation().pod(),
                cluster(context, task.getMetadata().getNamespace(), next.cluster));
        Task written = StatusWriter.write(task, next, context);
        metering.recorded(written, metered);
        events.record(written, TaskEvents.worthRecording(decision.events(), config.events().everyTaskState(),
                task.getMetadata().getLabels() != null && task.getMetadata().getLabels().containsKey(Berth.LABEL_BATCH_JOB)));
        actions.perform(written, inputs, decision.action());
        return decision.recheckAfter().map(after -> UpdateControl.<Task> noUpdate().rescheduleAfter(after))
                .orElseGet(UpdateControl::noUpdate);
    }

    /**
     * Whether this decision's status is already out of date: a newer event about the Task or its Pod waits, so the
     * reconcile it triggers, which is certain to follow, decides from a later observation and writes the state the task
     * has reached with the timestamps of the states it passed ({@link TaskTimestamps} takes them from the Pod), and its
     * Events. Only a decision with nothing to do after its write is skipped: a Pod is never deleted or released before
     * the status it follows is written. Written states still only move forward ({@link LastStatus#latest}).
     */
    private static boolean supersededBeforeWritten(TaskDecision decision, Context<Task> context) {
        return decision.action() instanceof TaskAction.None && context.isNextReconciliationImminent();
    }

    /** A Task whose reconcile keeps failing says so in its status and an Event once retries are exhausted (issue 14). */
    @Override
    public ErrorStatusUpdateControl<Task> updateErrorStatus(Task task, Context<Task> context, Exception e) {
        if (!ReconcileErrors.retriesExhausted(context)) {
            return ErrorStatusUpdateControl.noStatusUpdate();
        }
        String message = ReconcileErrors.message(e);
        TaskStatus status = task.getStatus() == null ? new TaskStatus() : task.getStatus();
        status.conditions = Conditions.with(status.conditions, "Ready", false, ReconcileErrors.REASON, message,
                task.getMetadata().getGeneration(), clock.instant());
        task.setStatus(status);
        events.record(task, BerthEvent.warning(ReconcileErrors.REASON, message));
        return ErrorStatusUpdateControl.patchStatus(task);
    }

    /**
     * A deleted Task's Pod must not keep the status finalizer: release it. The Task itself goes once its cluster's
     * usage ledger has counted it (a Task deleted before it stopped first records its usage until now).
     */
    @Override
    public DeleteControl cleanup(Task task, Context<Task> context) {
        context.getSecondaryResource(Pod.class).ifPresent(pod -> {
            try {
                PrimaryUpdateAndCacheUtils.removeFinalizer(context.getClient(), pod, Berth.POD_FINALIZER);
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    throw e;
                }
            }
        });
        String cluster = task.getStatus() != null && task.getStatus().cluster != null ? task.getStatus().cluster
                : task.getSpec().cluster;
        DeletionHold.Decision hold = metering.hold(task, cluster(context, task.getMetadata().getNamespace(), cluster),
                () -> observer(context).observe(task).observation()
                        .taskDefinition(),
                context.getSecondaryResource(Pod.class).orElse(null), clock.instant());
        if (hold instanceof DeletionHold.RecordUsage record) {
            metering.recorded(StatusWriter.write(task, record.status(), context), true);
        }
        if (hold instanceof DeletionHold.Release) {
            events.forget(task);
            return DeleteControl.defaultDelete();
        }
        return DeleteControl.noFinalizerRemoval().rescheduleAfter(USAGE_COUNT_RECHECK.toMillis());
    }

    @SuppressWarnings("unchecked")
    private static Cluster cluster(Context<Task> context, String namespace, String name) {
        return name == null ? null
                : ((InformerEventSource<Cluster, Task>) context.eventSourceRetriever().getEventSourceFor(Cluster.class))
                        .get(new ResourceID(EcsNames.kubernetesName(name), namespace)).orElse(null);
    }

    /** A created Pod goes into the cache at once: the reconcile its own status write triggers must not create it again. */
    @SuppressWarnings("unchecked")
    private static InformerEventSource<Pod, Task> podCache(Context<Task> context) {
        return (InformerEventSource<Pod, Task>) context.eventSourceRetriever().getEventSourceFor(Pod.class);
    }

    /**
     * Tasks of a family or cluster that are not running yet: they may have been waiting for it; and deleted Tasks of
     * a cluster, waiting for its usage ledger to count them.
     */
    private static Set<ResourceID> waiting(IndexedResourceCache<Task> tasks, String index, String namespace, String name) {
        return References.naming(tasks, index, namespace, name)
                .filter(t -> t.getStatus() == null || t.getStatus().podName == null
                        || t.getMetadata().getDeletionTimestamp() != null)
                .map(ResourceID::fromResource)
                .collect(Collectors.toSet());
    }

    private TaskObserver observer(Context<Task> context) {
        return new TaskObserver(context, clock.instant(), config.task().startTimeout(), apiServer.lastLost().orElse(null));
    }
}
