package dev.berth.batch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import dev.berth.api.v1alpha1.BatchJob;
import dev.berth.api.v1alpha1.BatchJobStatus;
import dev.berth.api.v1alpha1.ClusterSpec;
import dev.berth.api.v1alpha1.JobQueue;
import dev.berth.api.v1alpha1.JobQueueSpec;
import dev.berth.api.v1alpha1.JobQueueStatus;
import dev.berth.api.v1alpha1.JobQueueStatus.ComputeEnvironmentStatus;
import dev.berth.api.v1alpha1.JobQueueStatus.QueueStatus;
import dev.berth.api.v1alpha1.JobStatus;
import dev.berth.events.BerthEvent;
import dev.berth.status.Conditions;

/**
 * A JobQueue's status, pure: whether each compute environment can run anything (its Cluster and capacity provider
 * exist), the queue's unfinished jobs per status, and the vCPUs held in each compute environment, added up from the
 * BatchJobs' own statuses (their array summaries and attempts per compute environment), so no Task is read here.
 */
final class JobQueueStatusCalculator {

    static final String HEALTHY = "JobQueue Healthy";
    /** The statuses a queue lists jobs in (AWS Batch's ListJobs jobStatus values before a job finishes). */
    static final List<JobStatus> WAITING_OR_RUNNING = List.of(JobStatus.SUBMITTED, JobStatus.PENDING, JobStatus.RUNNABLE,
            JobStatus.STARTING, JobStatus.RUNNING);
    private static final Set<String> BUILT_IN_PROVIDERS = Set.of("FARGATE", "FARGATE_SPOT");
    /** The Cluster Berth creates on first use: absent, it still offers the built-in providers. */
    private static final String DEFAULT_CLUSTER = "default";

    private JobQueueStatusCalculator() {
    }

    /** The status to write and the Events of its changes. */
    record Decision(JobQueueStatus status, List<BerthEvent> events) {
    }

    /**
     * @param clusters the namespace's Clusters by name (absent: does not exist)
     * @param jobs the namespace's BatchJobs, of every queue (queues naming the same compute environment share it)
     */
    static Decision decide(JobQueue queue, Map<String, ClusterSpec> clusters, List<BatchJob> jobs, Instant now) {
        JobQueueSpec spec = queue.getSpec();
        JobQueueStatus previous = queue.getStatus() == null ? new JobQueueStatus() : queue.getStatus();
        JobQueueStatus status = new JobQueueStatus();
        status.observedGeneration = queue.getMetadata().getGeneration();
        status.state = spec.state == null ? JobQueueSpec.State.ENABLED : spec.state;

        Map<String, Integer> unitsInUse = unitsInUse(jobs);
        List<ComputeEnvironmentStatus> environments = new ArrayList<>();
        int unitsHeld = 0;
        int maxvCpus = 0;
        for (JobQueueSpec.ComputeEnvironment ce : spec.computeEnvironmentOrder.stream()
                .sorted(Comparator.comparing((JobQueueSpec.ComputeEnvironment c) -> c.order)).toList()) {
            ComputeEnvironmentStatus environment = new ComputeEnvironmentStatus();
            environment.order = ce.order;
            environment.name = new ComputeEnvironment(ce.cluster, ce.capacityProvider).displayName();
            environment.maxvCpus = ce.maxvCpus;
            int units = unitsInUse.getOrDefault(environment.name, 0);
            environment.vcpusInUse = units == 0 ? "0" : VcpuUnits.format(units);
            Optional<String> problem = problem(ce, clusters);
            environment.status = problem.isPresent() ? QueueStatus.INVALID : QueueStatus.VALID;
            environment.statusReason = problem.orElse(null);
            environments.add(environment);
            unitsHeld += units;
            maxvCpus += ce.maxvCpus;
        }
        status.computeEnvironments = environments;
        status.vcpus = (unitsHeld == 0 ? "0" : VcpuUnits.format(unitsHeld)) + "/" + maxvCpus;
        Optional<ComputeEnvironmentStatus> invalid = environments.stream()
                .filter(e -> e.status == QueueStatus.INVALID).findFirst();
        status.status = invalid.isPresent() ? QueueStatus.INVALID : QueueStatus.VALID;
        status.statusReason = invalid.map(e -> "CLIENT_ERROR - compute environment order " + e.order + ": "
                + e.statusReason).orElse(HEALTHY);
        status.jobSummary = jobSummary(queue.getMetadata().getName(), jobs);

        boolean ready = status.status == QueueStatus.VALID && status.state == JobQueueSpec.State.ENABLED;
        String reason = status.status == QueueStatus.INVALID ? "Invalid"
                : status.state == JobQueueSpec.State.DISABLED ? "Disabled" : "Valid";
        String message = status.status == QueueStatus.INVALID ? status.statusReason
                : status.state == JobQueueSpec.State.DISABLED ? "The queue is DISABLED: it accepts no new jobs"
                        : "The queue is VALID and ENABLED";
        status.conditions = Conditions.with(previous.conditions, "Ready", ready, reason, message,
                status.observedGeneration, now);
        return new Decision(status, events(queue.getMetadata().getName(), previous, status));
    }

    private static List<BerthEvent> events(String name, JobQueueStatus previous, JobQueueStatus status) {
        List<BerthEvent> events = new ArrayList<>();
        if (status.status != previous.status || status.status == QueueStatus.INVALID
                && !Objects.equals(status.statusReason, previous.statusReason)) {
            if (status.status == QueueStatus.INVALID) {
                events.add(BerthEvent.warning("JobQueueInvalid", "Job queue " + name + " is INVALID: " + status.statusReason));
            } else if (previous.status != null) {
                events.add(BerthEvent.normal("JobQueueValid", "Job queue " + name + " is VALID again"));
            }
        }
        if (previous.state != null && previous.state != status.state) {
            events.add(BerthEvent.normal(status.state == JobQueueSpec.State.DISABLED ? "JobQueueDisabled" : "JobQueueEnabled",
                    "Job queue " + name + " is " + status.state
                            + (status.state == JobQueueSpec.State.DISABLED
                                    ? ": new jobs are refused, jobs already in the queue finish"
                                    : ": it accepts jobs")));
        }
        return events;
    }

    /** Why a compute environment cannot run anything, or empty. */
    static Optional<String> problem(JobQueueSpec.ComputeEnvironment ce, Map<String, ClusterSpec> clusters) {
        boolean builtIn = BUILT_IN_PROVIDERS.contains(ce.capacityProvider);
        if (!clusters.containsKey(ce.cluster)) {
            if (DEFAULT_CLUSTER.equals(ce.cluster) && builtIn) {
                return Optional.empty();
            }
            return Optional.of(DEFAULT_CLUSTER.equals(ce.cluster)
                    ? "capacity provider " + ce.capacityProvider + " does not exist in Cluster default (created on first"
                            + " use with FARGATE and FARGATE_SPOT only)"
                    : "Cluster " + ce.cluster + " does not exist");
        }
        ClusterSpec cluster = clusters.get(ce.cluster);
        if (builtIn || cluster != null && cluster.capacityProviders != null
                && cluster.capacityProviders.stream().anyMatch(p -> ce.capacityProvider.equals(p.name))) {
            return Optional.empty();
        }
        return Optional.of("capacity provider " + ce.capacityProvider + " does not exist in Cluster " + ce.cluster);
    }

    /** CPU units held in each compute environment ('cluster/provider'), over every job's attempts not STOPPED. */
    static Map<String, Integer> unitsInUse(List<BatchJob> jobs) {
        Map<String, Integer> units = new LinkedHashMap<>();
        for (BatchJob job : jobs) {
            BatchJobStatus status = job.getStatus();
            if (status == null || status.attemptsByComputeEnvironment == null || status.vcpus == null) {
                continue;
            }
            VcpuUnits.parse(status.vcpus).ifPresent(perAttempt -> status.attemptsByComputeEnvironment
                    .forEach((ce, attempts) -> units.merge(ce, attempts * perAttempt, Integer::sum)));
        }
        return units;
    }

    /** The queue's unfinished jobs by status, every status listed (0 too); an array's children count one each. */
    static Map<String, Integer> jobSummary(String queue, List<BatchJob> jobs) {
        Map<String, Integer> summary = new LinkedHashMap<>();
        WAITING_OR_RUNNING.forEach(s -> summary.put(s.name(), 0));
        for (BatchJob job : jobs) {
            if (!queue.equals(job.getSpec().jobQueue)) {
                continue;
            }
            BatchJobStatus status = job.getStatus();
            JobStatus jobStatus = status == null || status.status == null ? JobStatus.SUBMITTED : status.status;
            if (jobStatus.isTerminal()) {
                continue;
            }
            Map<String, Integer> children = status == null || status.arrayProperties == null ? null
                    : status.arrayProperties.statusSummary;
            if (children != null && !children.isEmpty()) {
                WAITING_OR_RUNNING.forEach(s -> summary.merge(s.name(), children.getOrDefault(s.name(), 0), Integer::sum));
            } else {
                summary.merge(jobStatus.name(), 1, Integer::sum);
            }
        }
        return summary;
    }
}
