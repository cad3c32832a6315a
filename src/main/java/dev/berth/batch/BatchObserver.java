package dev.berth.batch;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.berth.api.TaskReference;
import dev.berth.api.v1alpha1.BatchJob;
import dev.berth.api.v1alpha1.BatchJobSpec;
import dev.berth.api.v1alpha1.BatchJobStatus;
import dev.berth.api.v1alpha1.EcsTaskDefinition;
import dev.berth.api.v1alpha1.JobQueue;
import dev.berth.api.v1alpha1.JobQueueSpec;
import dev.berth.api.v1alpha1.JobStatus;
import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskDefinitionRevision;
import dev.berth.api.v1alpha1.TaskStatus;
import dev.berth.cache.TaskCache;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

/**
 * Reads what a BatchJob's decision needs from the caches: its queue, its pinned revision, its Tasks, the jobs it
 * depends on, and for admission every job and running attempt that shares its compute environments.
 */
final class BatchObserver {

    /** The shared Task cache's index of batch Tasks by their job (its label). */
    static final String BY_JOB = "by-batch-job";
    /** The shared Task cache's index of the batch Tasks of a namespace, all under the one name {@link #ALL}. */
    static final String BATCH_TASKS = "batch-tasks";
    static final String ALL = "all";

    private final Context<BatchJob> context;
    private final Instant now;
    private final TaskCache tasks;
    private final Duration succeededChildTtl;

    /** @param tasks the shared Task cache, with what this controller has just created */
    BatchObserver(Context<BatchJob> context, Instant now, TaskCache tasks, Duration succeededChildTtl) {
        this.context = context;
        this.now = now;
        this.tasks = tasks;
        this.succeededChildTtl = succeededChildTtl;
    }

    /** The job a batch Task belongs to (the {@link #BY_JOB} of a Task), or null for other Tasks. */
    static String job(Task task) {
        return task.getMetadata().getLabels() == null ? null : task.getMetadata().getLabels().get(ChildTasks.LABEL_JOB);
    }

    /** {@link #ALL} for a batch Task (the {@link #BATCH_TASKS} of a Task), null for other Tasks. */
    static String batchTask(Task task) {
        return job(task) == null ? null : ALL;
    }

    /** The observation, and the pinned revision's document when known (to render Tasks). */
    record Inputs(BatchObservation observation, EcsTaskDefinition definition) {
    }

    Inputs observe(BatchJob job) {
        String namespace = job.getMetadata().getNamespace();
        BatchJobSpec spec = job.getSpec();
        BatchJobStatus previous = job.getStatus();
        JobQueue queue = cache(JobQueue.class).get(new ResourceID(spec.jobQueue, namespace)).orElse(null);
        TaskDefinitionRevision revision = revision(job);
        EcsTaskDefinition definition = revision == null ? null : revision.getSpec().taskDefinition;
        int units = definition == null ? 0 : ChildTasks.unitsPerAttempt(spec, definition).orElse(0);
        BatchObservation.Blocker blocker = blocker(job, queue, revision, units);
        Map<String, DependencyState> dependencies = new HashMap<>();
        for (BatchJobSpec.JobDependency dependency : spec.dependsOn == null ? List.<BatchJobSpec.JobDependency> of()
                : spec.dependsOn) {
            if (dependency.jobName != null) {
                jobs().get(new ResourceID(dependency.jobName, namespace))
                        .ifPresent(other -> dependencies.put(dependency.jobName, dependencyState(other)));
            }
        }
        BatchObservation observation = new BatchObservation(job.getMetadata().getName(), job.getMetadata().getUid(),
                spec.jobQueue, Instant.parse(job.getMetadata().getCreationTimestamp()), job.getMetadata().getGeneration(),
                spec, previous, blocker, revision == null ? null : revision.familyRevision(), units, children(job),
                dependencies, now, succeededChildTtl);
        return new Inputs(observation, definition);
    }

    /**
     * What the queue admits of this job's RUNNABLE attempts now, given every job waiting in the namespace and every
     * attempt holding vCPUs. Callers hold the namespace's admission lock, so two jobs never spend the same vCPUs.
     */
    List<QueueAdmission.Grant> admitted(BatchJob job, BatchObservation observation, ChildPlan plan) {
        if (plan.runnable().isEmpty() || observation.blocker() != null || observation.unitsPerAttempt() <= 0) {
            return List.of();
        }
        String namespace = job.getMetadata().getNamespace();
        Map<String, JobQueue> queues = new HashMap<>();
        Map<ComputeEnvironment, List<Integer>> maxvCpus = new HashMap<>();
        cache(JobQueue.class).list(namespace, q -> q.getSpec() != null).forEach(queue -> {
            queues.put(queue.getMetadata().getName(), queue);
            environmentsOf(queue).forEach(ce -> maxvCpus.computeIfAbsent(ce.getKey(), k -> new ArrayList<>())
                    .add(ce.getValue()));
        });
        Map<ComputeEnvironment, Integer> inUse = new HashMap<>();
        for (Task task : tasksOf(namespace)) {
            if (task.getStatus() == null || task.getStatus().lastStatus != LastStatus.STOPPED) {
                inUse.merge(environment(task), units(task), Integer::sum);
            }
        }
        List<QueueAdmission.Demand> demands = new ArrayList<>();
        JobQueue own = queues.get(job.getSpec().jobQueue);
        demands.add(new QueueAdmission.Demand(job.getMetadata().getName(), own.getSpec().priority,
                observation.createdAt(), environments(own), observation.unitsPerAttempt(), plan.runnable().size()));
        jobs().list(namespace, other -> !other.getMetadata().getName().equals(job.getMetadata().getName()))
                .forEach(other -> waiting(other, queues.get(other.getSpec().jobQueue)).ifPresent(demands::add));
        return QueueAdmission.admit(QueueAdmission.budgets(maxvCpus), inUse, demands)
                .getOrDefault(job.getMetadata().getName(), List.of());
    }

    /** Another job's RUNNABLE attempts, from its last status. */
    private static Optional<QueueAdmission.Demand> waiting(BatchJob job, JobQueue queue) {
        BatchJobStatus status = job.getStatus();
        boolean blocked = status != null && status.conditions != null
                && status.conditions.stream().anyMatch(c -> BatchObservation.Blocker.TYPES.contains(c.getType()));
        if (queue == null || status == null || status.status == null || status.status.isTerminal() || status.vcpus == null
                || blocked || job.getSpec().desiredStatus != BatchJobSpec.DesiredStatus.RUNNING) {
            return Optional.empty();
        }
        int runnable = status.arrayProperties != null
                ? status.arrayProperties.statusSummary.getOrDefault(JobStatus.RUNNABLE.name(), 0)
                : status.status == JobStatus.RUNNABLE ? 1 : 0;
        Optional<Integer> units = VcpuUnits.parse(status.vcpus);
        if (runnable == 0 || units.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new QueueAdmission.Demand(job.getMetadata().getName(), queue.getSpec().priority,
                Instant.parse(job.getMetadata().getCreationTimestamp()), environments(queue), units.get(), runnable));
    }

    private BatchObservation.Blocker blocker(BatchJob job, JobQueue queue, TaskDefinitionRevision revision, int units) {
        BatchJobSpec spec = job.getSpec();
        if (queue == null) {
            return new BatchObservation.Blocker(BatchObservation.Blocker.QUEUE_NOT_FOUND,
                    "JobQueue " + spec.jobQueue + " not found: the job waits for it", false);
        }
        boolean admitted = job.getStatus() != null && job.getStatus().status != null
                && job.getStatus().status != JobStatus.SUBMITTED;
        if (queue.getSpec().state == JobQueueSpec.State.DISABLED && !admitted) {
            return new BatchObservation.Blocker(BatchObservation.Blocker.QUEUE_DISABLED,
                    "ClientException: job queue " + spec.jobQueue + " is DISABLED and accepts no new jobs", true);
        }
        if (revision == null) {
            return new BatchObservation.Blocker(BatchObservation.Blocker.TASK_DEFINITION_NOT_FOUND,
                    "ClientException: Unable to describe task definition " + spec.taskDefinition, false);
        }
        if (units <= 0) {
            return new BatchObservation.Blocker(BatchObservation.Blocker.RESOURCE_REQUIREMENT,
                    "MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT - task definition " + revision.familyRevision()
                            + " has no task cpu and the job no VCPU resourceRequirement",
                    false);
        }
        Map<String, List<String>> edges = new HashMap<>();
        jobs().list(job.getMetadata().getNamespace()).forEach(j -> edges.put(j.getMetadata().getName(),
                j.getSpec().dependsOn == null ? List.of()
                        : j.getSpec().dependsOn.stream().filter(d -> d.jobName != null).map(d -> d.jobName).toList()));
        return Dependencies.cycleThrough(job.getMetadata().getName(), edges)
                .map(cycle -> new BatchObservation.Blocker(BatchObservation.Blocker.DEPENDENCY_CYCLE,
                        "Dependency cycle " + cycle + ": no job in it can start", false))
                .orElse(null);
    }

    /** The pinned revision, else the latest ACTIVE one of the family (pinned by the next status write). */
    private TaskDefinitionRevision revision(BatchJob job) {
        String namespace = job.getMetadata().getNamespace();
        String pinned = job.getStatus() == null ? null : job.getStatus().taskDefinition;
        TaskReference ref = TaskReference.parse(pinned != null ? pinned : job.getSpec().taskDefinition);
        if (ref.revision() != null) {
            return cache(TaskDefinitionRevision.class)
                    .get(new ResourceID(TaskDefinitionRevision.name(ref.family(), ref.revision()), namespace)).orElse(null);
        }
        return cache(TaskDefinitionRevision.class)
                .list(namespace, r -> ref.family().equals(r.getSpec().family) && r.isActive())
                .max(Comparator.comparing(r -> r.getSpec().revision)).orElse(null);
    }

    /** The batch Tasks of a namespace, with those created here that the informer does not list yet. */
    private List<Task> tasksOf(String namespace) {
        return tasks.naming(BATCH_TASKS, namespace, ALL);
    }

    private List<ChildTask> children(BatchJob job) {
        List<ChildTask> children = new ArrayList<>();
        for (Task task : tasks.naming(BY_JOB, job.getMetadata().getNamespace(), job.getMetadata().getName())) {
            boolean owned = task.getMetadata().getOwnerReferences().stream()
                    .anyMatch(o -> o.getUid().equals(job.getMetadata().getUid()));
            ChildTasks.indexAndAttempt(task.getMetadata().getLabels()).filter(ia -> owned)
                    .ifPresent(ia -> children.add(child(task, ia[0], ia[1])));
        }
        return children;
    }

    private static ChildTask child(Task task, int index, int attempt) {
        TaskStatus status = task.getStatus() == null ? new TaskStatus() : task.getStatus();
        String containerReason = BatchChildren.containerReason(status);
        boolean stopping = task.getSpec() != null
                && task.getSpec().desiredStatus == dev.berth.api.v1alpha1.TaskSpec.DesiredStatus.STOPPED;
        return new ChildTask(index, attempt, task.getMetadata().getName(),
                status.lastStatus == null ? LastStatus.PROVISIONING : status.lastStatus, stopping,
                new AttemptExit(status.exitCode, containerReason, status.stopCode, status.stoppedReason),
                instant(status.startedAt), instant(status.stoppedAt), environment(task),
                task.getMetadata().getDeletionTimestamp() != null);
    }

    private static DependencyState dependencyState(BatchJob other) {
        BatchJobStatus status = other.getStatus();
        Integer size = other.getSpec().arrayProperties == null ? null : other.getSpec().arrayProperties.size;
        if (status == null || status.status == null) {
            return new DependencyState(other.getMetadata().getName(), JobStatus.SUBMITTED, size, IndexSet.empty(),
                    IndexSet.empty());
        }
        return new DependencyState(other.getMetadata().getName(), status.status, size,
                IndexSet.parse(status.succeededIndexes), IndexSet.parse(status.failedIndexes));
    }

    static List<ComputeEnvironment> environments(JobQueue queue) {
        return environmentsOf(queue).stream().map(Map.Entry::getKey).toList();
    }

    /** A queue's compute environments in ascending order, each with its maxvCpus. */
    private static List<Map.Entry<ComputeEnvironment, Integer>> environmentsOf(JobQueue queue) {
        return queue.getSpec().computeEnvironmentOrder.stream()
                .sorted(Comparator.comparing((JobQueueSpec.ComputeEnvironment ce) -> ce.order))
                .map(ce -> Map.entry(new ComputeEnvironment(ce.cluster, ce.capacityProvider), ce.maxvCpus)).toList();
    }

    private static ComputeEnvironment environment(Task task) {
        String provider = task.getSpec().capacityProviderStrategy == null || task.getSpec().capacityProviderStrategy.isEmpty()
                ? null
                : task.getSpec().capacityProviderStrategy.get(0).capacityProvider;
        return new ComputeEnvironment(task.getSpec().cluster, provider);
    }

    private static int units(Task task) {
        try {
            return Integer.parseInt(task.getMetadata().getLabels().get(ChildTasks.LABEL_VCPU_UNITS));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }

    private io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache<BatchJob> jobs() {
        return context.getPrimaryCache();
    }

    @SuppressWarnings("unchecked")
    private <R extends HasMetadata> InformerEventSource<R, BatchJob> cache(Class<R> type) {
        return (InformerEventSource<R, BatchJob>) context.eventSourceRetriever().getEventSourceFor(type);
    }
}
