package dev.berth.batch;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.berth.api.v1alpha1.BatchJobSpec.DependencyType;
import dev.berth.api.v1alpha1.BatchJobSpec.JobDependency;
import dev.berth.api.v1alpha1.JobStatus;

/**
 * When a job's child may start (AWS Batch job dependencies): after every job it names SUCCEEDED (for N_TO_N, after
 * the child of the same index succeeded), and for SEQUENTIAL after the previous child of its own array succeeded.
 * A failed dependency fails the child, with a reason naming it.
 */
final class Dependencies {

    sealed interface Readiness {
    }

    record Ready() implements Readiness {
    }

    /** @param jobName what it waits for; @param missing whether that BatchJob does not exist */
    record Waiting(String jobName, boolean missing) implements Readiness {
    }

    record Failed(String reason) implements Readiness {
    }

    static final Readiness READY = new Ready();
    static final String DEPENDENT_JOB_FAILED = "Dependent Job failed";

    private Dependencies() {
    }

    /**
     * @param index the child (0 for a plain job); @param ownSucceeded / ownFailed this job's finished indices
     * @param others the states of the jobs named in dependsOn, by name
     */
    static Readiness of(int index, List<JobDependency> dependsOn, Map<String, DependencyState> others,
            IndexSet ownSucceeded, IndexSet ownFailed) {
        Readiness result = READY;
        for (JobDependency dependency : dependsOn == null ? List.<JobDependency> of() : dependsOn) {
            Readiness readiness = dependency.type == DependencyType.SEQUENTIAL ? sequential(index, ownSucceeded, ownFailed)
                    : onJob(index, dependency, others.getOrDefault(dependency.jobName,
                            DependencyState.missing(dependency.jobName)));
            if (readiness instanceof Failed) {
                return readiness;
            }
            if (readiness instanceof Waiting && result == READY) {
                result = readiness;
            }
        }
        return result;
    }

    private static Readiness sequential(int index, IndexSet succeeded, IndexSet failed) {
        if (index == 0 || succeeded.contains(index - 1)) {
            return READY;
        }
        return failed.contains(index - 1) ? new Failed(DEPENDENT_JOB_FAILED + ": index " + (index - 1) + " of this array")
                : new Waiting("index " + (index - 1), false);
    }

    private static Readiness onJob(int index, JobDependency dependency, DependencyState other) {
        if (!other.exists()) {
            return new Waiting(dependency.jobName, true);
        }
        boolean childByChild = dependency.type == DependencyType.N_TO_N && other.size() != null && index < other.size();
        if (childByChild) {
            if (other.succeeded().contains(index)) {
                return READY;
            }
            return other.failed().contains(index)
                    ? new Failed(DEPENDENT_JOB_FAILED + ": " + dependency.jobName + " index " + index)
                    : new Waiting(dependency.jobName + " index " + index, false);
        }
        if (other.status() == JobStatus.SUCCEEDED) {
            return READY;
        }
        return other.status() == JobStatus.FAILED ? new Failed(DEPENDENT_JOB_FAILED + ": " + dependency.jobName)
                : new Waiting(dependency.jobName, false);
    }

    /**
     * A cycle of dependencies through {@code job}, as the names along it ("a -> b -> a"), or empty.
     *
     * @param edges each job's dependencies by name (jobs that do not exist have none)
     */
    static Optional<String> cycleThrough(String job, Map<String, List<String>> edges) {
        Deque<List<String>> paths = new ArrayDeque<>();
        paths.push(List.of(job));
        Set<String> seen = new HashSet<>();
        while (!paths.isEmpty()) {
            List<String> path = paths.pop();
            String last = path.get(path.size() - 1);
            for (String next : edges.getOrDefault(last, List.of())) {
                if (next.equals(job)) {
                    return Optional.of(String.join(" -> ", path) + " -> " + job);
                }
                if (seen.add(next)) {
                    List<String> longer = new java.util.ArrayList<>(path);
                    longer.add(next);
                    paths.push(longer);
                }
            }
        }
        return Optional.empty();
    }
}
