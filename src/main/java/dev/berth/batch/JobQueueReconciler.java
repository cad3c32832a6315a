package dev.berth.batch;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.berth.api.v1alpha1.BatchJob;
import dev.berth.api.v1alpha1.BatchJobStatus;
import dev.berth.api.v1alpha1.Cluster;
import dev.berth.api.v1alpha1.ClusterSpec;
import dev.berth.api.v1alpha1.JobQueue;
import dev.berth.events.EventRecorder;
import dev.berth.status.StatusWriter;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.rate.RateLimited;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

/**
 * Keeps a JobQueue's status as DescribeJobQueues reports it: observe the namespace's Clusters and BatchJobs (their
 * statuses carry the counts; no Task is read), decide with {@link JobQueueStatusCalculator} (pure), write the status
 * once, only when it changed, and record its Events. At most one reconcile per queue every two seconds: every child
 * that starts or stops changes a count, and a 10,000-child array must not cost a queue status write each (JOSDK
 * delays the reconciles over the limit, it drops none).
 */
@ControllerConfiguration(name = "jobqueue")
@RateLimited(maxReconciliations = 1, within = 2, unit = TimeUnit.SECONDS)
public class JobQueueReconciler implements Reconciler<JobQueue> {

    private final EventRecorder events;
    private final Clock clock;

    public JobQueueReconciler(EventRecorder events, Clock clock) {
        this.events = events;
        this.clock = clock;
    }

    @Override
    public List<EventSource<?, JobQueue>> prepareEventSources(EventSourceContext<JobQueue> context) {
        IndexerResourceCache<JobQueue> queues = context.getPrimaryCache();
        // a job's counts or held vCPUs concern every queue of its namespace: queues naming the same compute
        // environment share it, and a namespace holds a handful of queues
        var jobs = InformerEventSourceConfiguration.from(BatchJob.class, JobQueue.class)
                .withName("jobqueue-jobs")
                .withItemStore(new QueuedJobs())
                .withOnUpdateFilter((newer, older) -> !Objects.equals(counted(newer), counted(older)))
                .withSecondaryToPrimaryMapper(job -> allQueues(queues, job))
                .build();
        var clusters = InformerEventSourceConfiguration.from(Cluster.class, JobQueue.class)
                .withName("jobqueue-clusters")
                .withOnUpdateFilter((newer, older) -> !Objects.equals(newer.getMetadata().getGeneration(),
                        older.getMetadata().getGeneration()))
                .withSecondaryToPrimaryMapper(cluster -> allQueues(queues, cluster))
                .build();
        return List.of(new InformerEventSource<>(jobs, context), new InformerEventSource<>(clusters, context));
    }

    @Override
    public UpdateControl<JobQueue> reconcile(JobQueue queue, Context<JobQueue> context) {
        String namespace = queue.getMetadata().getNamespace();
        Map<String, ClusterSpec> clusters = new HashMap<>();
        cache(context, Cluster.class).list(namespace).forEach(c -> clusters.put(c.getMetadata().getName(), c.getSpec()));
        List<BatchJob> jobs = cache(context, BatchJob.class).list(namespace).toList();
        JobQueueStatusCalculator.Decision decision = JobQueueStatusCalculator.decide(queue, clusters, jobs, clock.instant());
        JobQueue written = StatusWriter.write(queue, decision.status(), context);
        events.record(written, decision.events());
        return UpdateControl.noUpdate();
    }

    private static Set<ResourceID> allQueues(IndexerResourceCache<JobQueue> queues, HasMetadata object) {
        return queues.list(object.getMetadata().getNamespace()).map(ResourceID::fromResource).collect(Collectors.toSet());
    }

    private static List<Object> counted(BatchJob job) {
        BatchJobStatus status = job.getStatus();
        return status == null ? List.of()
                : java.util.Arrays.asList(status.status, status.vcpus, status.attemptsByComputeEnvironment,
                        status.arrayProperties == null ? null : status.arrayProperties.statusSummary);
    }

    @SuppressWarnings("unchecked")
    private static <R extends HasMetadata> InformerEventSource<R, JobQueue> cache(Context<JobQueue> context,
            Class<R> type) {
        return (InformerEventSource<R, JobQueue>) context.eventSourceRetriever().getEventSourceFor(type);
    }
}
