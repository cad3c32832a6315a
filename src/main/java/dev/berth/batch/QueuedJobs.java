package dev.berth.batch;

import dev.berth.api.v1alpha1.BatchJob;
import dev.berth.api.v1alpha1.BatchJobSpec;
import dev.berth.api.v1alpha1.BatchJobStatus;
import dev.berth.cache.LeanItemStore;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

/**
 * The store of the JobQueue controller's BatchJob informer: each job is kept as what a queue's status counts (its
 * queue, status, vCPUs per attempt, array summary, attempts per compute environment), so a second copy of every
 * job costs little.
 */
public class QueuedJobs extends LeanItemStore<BatchJob> {

    public QueuedJobs() {
        super(QueuedJobs::summary);
    }

    /** What a queue's status reads from a job: its queue and the status fields it counts. */
    static BatchJob summary(BatchJob job) {
        if (job == null || job.getMetadata() == null) {
            return job;
        }
        BatchJob summary = new BatchJob();
        summary.setMetadata(new ObjectMetaBuilder().withName(job.getMetadata().getName())
                .withNamespace(job.getMetadata().getNamespace()).withUid(job.getMetadata().getUid())
                .withResourceVersion(job.getMetadata().getResourceVersion()).build());
        summary.setSpec(new BatchJobSpec());
        summary.getSpec().jobQueue = job.getSpec() == null ? null : job.getSpec().jobQueue;
        summary.getSpec().desiredStatus = null;
        BatchJobStatus status = job.getStatus();
        if (status != null) {
            BatchJobStatus kept = new BatchJobStatus();
            kept.status = status.status;
            kept.vcpus = status.vcpus;
            kept.attemptsByComputeEnvironment = status.attemptsByComputeEnvironment;
            kept.conditions = null;
            if (status.arrayProperties != null) {
                kept.arrayProperties = new BatchJobStatus.ArrayStatus();
                kept.arrayProperties.statusSummary = status.arrayProperties.statusSummary;
            }
            summary.setStatus(kept);
        }
        return summary;
    }

}
