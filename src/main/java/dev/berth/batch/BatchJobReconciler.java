package dev.berth.batch;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.berth.api.TaskReference;
import dev.berth.api.v1alpha1.BatchJob;
import dev.berth.api.v1alpha1.Berth;
import dev.berth.api.v1alpha1.JobQueue;
import dev.berth.api.v1alpha1.JobStatus;
import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskDefinitionRevision;
import dev.berth.cache.References;
import dev.berth.cache.SharedTaskEventSource;
import dev.berth.cache.TaskCache;
import dev.berth.config.BerthConfig;
import dev.berth.events.EventRecorder;
import dev.berth.status.StatusWriter;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

/**
 * Runs an AWS Batch job as Tasks: observe (caches), plan where every child stands ({@link BatchJobLifecycle}, pure),
 * ask the queue what may start ({@link QueueAdmission}, pure), write the status once, then stop, create and delete
 * Tasks.
 * Admission holds a per-namespace lock from observation to the last create, so two jobs never spend the same vCPUs;
 * deleting the job deletes its Tasks (owner references), whose controller stops their Pods.
 */
@ControllerConfiguration(name = "batchjob")
public class BatchJobReconciler implements Reconciler<BatchJob> {

    static final String BY_QUEUE = "by-job-queue";
    static final String BY_DEPENDENCY = "by-dependency";
    private static final ConcurrentMap<String, Object> ADMISSION_LOCKS = new ConcurrentHashMap<>();

    private final EventRecorder events;
    private final Clock clock;
    private final TaskCache taskCache;
    private final Duration succeededChildTtl;

    public BatchJobReconciler(EventRecorder events, Clock clock, TaskCache taskCache, BerthConfig config) {
        this.events = events;
        this.clock = clock;
        this.taskCache = taskCache;
        this.succeededChildTtl = config.batch().succeededChildTtl();
    }

    @Override
    public List<EventSource<?, BatchJob>> prepareEventSources(EventSourceContext<BatchJob> context) {
        IndexerResourceCache<BatchJob> jobs = context.getPrimaryCache();
        References.index(jobs, BY_QUEUE, j -> j.getSpec().jobQueue);
        References.index(jobs, References.FAMILY, j -> TaskReference.parse(j.getSpec().taskDefinition).family());
        jobs.addIndexer(BY_DEPENDENCY, j -> j.getSpec().dependsOn == null ? List.of()
                : j.getSpec().dependsOn.stream().filter(d -> d.jobName != null)
                        .map(d -> j.getMetadata().getNamespace() + "/" + d.jobName).toList());

        // a child wakes its job; a stopped child frees vCPUs, so it also wakes every job waiting for capacity there
        // the Task controller's Tasks (held once): a job's plan reads of a child only whether it started, is stopping,
        // stopped or is deleted, so the Task controller's other status writes (PENDING, ACTIVATING, health...) wake no job
        taskCache.index(BatchObserver.BATCH_TASKS, BatchObserver::batchTask);
        var tasks = new SharedTaskEventSource<BatchJob>(taskCache, BatchObserver.BY_JOB, BatchObserver::job,
                (newer, older) -> BatchChildren.planChanged(older, newer),
                t -> stopped(t) ? waitingForCapacity(jobs, t.getMetadata().getNamespace()) : Stream.empty(),
                context.getControllerConfiguration().getConfigurationService().cacheSyncTimeout());
        // a queue's spec concerns its jobs, its status (written by the JobQueue controller) does not
        var queues = InformerEventSourceConfiguration.from(JobQueue.class, BatchJob.class)
                .withOnUpdateFilter((newer, older) -> !java.util.Objects.equals(newer.getMetadata().getGeneration(),
                        older.getMetadata().getGeneration()))
                .withSecondaryToPrimaryMapper(q -> ids(References.naming(jobs, BY_QUEUE, q.getMetadata().getNamespace(),
                        q.getMetadata().getName())))
                .build();
        // a job's status wakes the jobs that depend on it
        var dependencies = InformerEventSourceConfiguration.from(BatchJob.class, BatchJob.class)
                .withName("dependencies")
                .withSecondaryToPrimaryMapper(j -> ids(jobs.byIndex(BY_DEPENDENCY,
                        j.getMetadata().getNamespace() + "/" + j.getMetadata().getName()).stream()))
                .build();
        var revisions = InformerEventSourceConfiguration.from(TaskDefinitionRevision.class, BatchJob.class)
                .withLabelSelector(Berth.LABEL_MANAGED_BY + "=" + Berth.MANAGED_BY)
                .withSecondaryToPrimaryMapper(r -> ids(References.naming(jobs, References.FAMILY,
                        r.getMetadata().getNamespace(), r.getSpec().family)
                        .filter(j -> j.getStatus() == null || j.getStatus().taskDefinition == null)))
                .build();
        return List.of(tasks, new InformerEventSource<>(queues, context), new InformerEventSource<>(dependencies, context),
                new InformerEventSource<>(revisions, context));
    }

    @Override
    public UpdateControl<BatchJob> reconcile(BatchJob job, Context<BatchJob> context) {
        BatchObserver observer = new BatchObserver(context, clock.instant(), taskCache, succeededChildTtl);
        synchronized (ADMISSION_LOCKS.computeIfAbsent(job.getMetadata().getNamespace(), ns -> new Object())) {
            BatchObserver.Inputs inputs = observer.observe(job);
            ChildPlan plan = BatchJobLifecycle.plan(inputs.observation());
            BatchDecision decision = BatchJobLifecycle.decide(inputs.observation(), plan,
                    observer.admitted(job, inputs.observation(), plan));
            BatchJob written = StatusWriter.write(job, decision.status(), context);
            events.record(written, decision.events());
            BatchActions actions = new BatchActions(context.getClient(), taskCache);
            actions.stop(job.getMetadata().getNamespace(), decision.stops());
            actions.launch(written, inputs, decision.launches());
            actions.delete(job.getMetadata().getNamespace(), decision.deletes());
            return decision.recheckAfter().map(after -> UpdateControl.<BatchJob> noUpdate().rescheduleAfter(after))
                    .orElseGet(UpdateControl::noUpdate);
        }
    }

    private static boolean stopped(Task task) {
        return task.getStatus() != null && task.getStatus().lastStatus == LastStatus.STOPPED;
    }

    /** Unfinished jobs of the namespace with attempts waiting for capacity, as their last status says. */
    private static Stream<ResourceID> waitingForCapacity(IndexerResourceCache<BatchJob> jobs, String namespace) {
        return jobs.list(namespace, j -> j.getStatus() != null && j.getStatus().status != null
                && !j.getStatus().status.isTerminal()
                && (j.getStatus().status == JobStatus.RUNNABLE || j.getStatus().arrayProperties != null
                        && j.getStatus().arrayProperties.statusSummary.getOrDefault(JobStatus.RUNNABLE.name(), 0) > 0))
                .map(ResourceID::fromResource);
    }

    private static Set<ResourceID> ids(Stream<BatchJob> jobs) {
        return jobs.map(ResourceID::fromResource).collect(Collectors.toSet());
    }
}
