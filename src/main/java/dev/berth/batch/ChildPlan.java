package dev.berth.batch;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.stream.Stream;

import dev.berth.api.v1alpha1.BatchJobStatus.AttemptDetail;
import dev.berth.api.v1alpha1.BatchJobStatus.FailedChild;
import dev.berth.api.v1alpha1.JobStatus;
import dev.berth.events.BerthEvent;

/**
 * Where every child of a job stands, before admission: the {@link BatchJobLifecycle} plan a reconcile asks the queue
 * about.
 *
 * @param counts children by status; @param runnable the (index, attempt) pairs waiting for capacity, retries first
 * @param retries the attempt each unfinished index is on, where past the first
 * @param waitingFor what PENDING children wait for (first found), or null; @param missingDependency a dependency that
 *        does not exist, or null; @param failureReason why the last child failed, or null
 * @param nextDeadline the earliest attempt timeout still ahead, or null
 * @param deletes succeeded attempts whose index the written status records, kept their TTL: their Tasks go
 * @param nextDeletion when the next succeeded attempt's TTL runs out, or null
 */
record ChildPlan(Map<JobStatus, Integer> counts, List<ChildLaunch> runnable, IndexSet succeeded, IndexSet failed,
        SortedMap<Integer, Integer> retries, List<ChildStop> stops, List<AttemptDetail> attempts, List<FailedChild> failures,
        List<BerthEvent> events, String waitingFor, String missingDependency, String failureReason, Instant firstStartedAt,
        Instant nextDeadline, List<String> deletes, Instant nextDeletion) {

    int count(JobStatus status) {
        return counts.getOrDefault(status, 0);
    }

    /** The earliest moment the plan changes without an event: an attempt's timeout or a succeeded Task's TTL. */
    Optional<Instant> deadline() {
        return Stream.of(nextDeadline, nextDeletion).filter(Objects::nonNull).min(Instant::compareTo);
    }
}
