package dev.berth.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.berth.api.v1alpha1.ServiceDeployment;
import dev.berth.api.v1alpha1.ServiceDeployment.DeploymentStatus;
import dev.berth.api.v1alpha1.ServiceDeployment.RolloutState;
import dev.berth.status.Copies;

/** ECS deployment records: ids {@code ecs-svc/<n>}, states and rollout reasons. */
final class Deployments {

    static final String PREFIX = "ecs-svc/";

    private Deployments() {
    }

    /** 1 + the highest n in any id the service has used: its deployments, the last completed one, its tasks. */
    static String nextId(List<ServiceDeployment> deployments, ServiceDeployment lastCompleted,
            List<ServiceTask> tasks) {
        long highest = 0;
        for (ServiceDeployment d : deployments) {
            highest = Math.max(highest, number(d.id));
        }
        if (lastCompleted != null) {
            highest = Math.max(highest, number(lastCompleted.id));
        }
        for (ServiceTask t : tasks) {
            highest = Math.max(highest, number(t.deploymentId()));
        }
        return PREFIX + (highest + 1);
    }

    /**
     * The id of a new deployment of {@code taskDefinition}: {@link #nextId}, unless the service's newest tasks belong to
     * a deployment no status records and run {@code taskDefinition}. Those were launched for this very deployment by an
     * operator that crashed before its status write (launches come first); adopting their id keeps them in the
     * deployment, where a new id would launch a second set and stop the first.
     */
    static String idFor(List<ServiceDeployment> deployments, ServiceDeployment lastCompleted, List<ServiceTask> tasks,
            String taskDefinition) {
        String next = nextId(deployments, lastCompleted, tasks);
        String newest = PREFIX + (number(next) - 1);
        boolean recorded = deployments.stream().anyMatch(d -> newest.equals(d.id))
                || lastCompleted != null && newest.equals(lastCompleted.id);
        List<ServiceTask> launched = tasks.stream().filter(t -> newest.equals(t.deploymentId())).toList();
        if (!recorded && !launched.isEmpty() && launched.stream().allMatch(t -> taskDefinition.equals(t.taskDefinition()))) {
            return newest;
        }
        return next;
    }

    static ServiceDeployment start(String id, String taskDefinition, String trigger, Instant now) {
        ServiceDeployment d = new ServiceDeployment();
        d.id = id;
        d.status = DeploymentStatus.PRIMARY;
        d.taskDefinition = taskDefinition;
        d.trigger = trigger;
        d.desiredCount = 0;
        d.pendingCount = 0;
        d.runningCount = 0;
        d.failedTasks = 0;
        d.rolloutState = RolloutState.IN_PROGRESS;
        d.rolloutStateReason = inProgress(id);
        d.createdAt = now.toString();
        d.updatedAt = d.createdAt;
        return d;
    }

    static String inProgress(String id) {
        return "ECS deployment " + id + " in progress.";
    }

    static String completed(String id) {
        return "ECS deployment " + id + " completed.";
    }

    static List<ServiceDeployment> copy(List<ServiceDeployment> deployments) {
        List<ServiceDeployment> copies = new ArrayList<>();
        if (deployments != null) {
            deployments.forEach(d -> copies.add(Copies.deep(d)));
        }
        return copies;
    }

    /** Whether anything but the timestamps differs, so updatedAt moves only on a real change. */
    static boolean sameState(ServiceDeployment a, ServiceDeployment b) {
        return Objects.equals(a.status, b.status) && Objects.equals(a.taskDefinition, b.taskDefinition)
                && Objects.equals(a.trigger, b.trigger) && Objects.equals(a.desiredCount, b.desiredCount)
                && Objects.equals(a.pendingCount, b.pendingCount) && Objects.equals(a.runningCount, b.runningCount)
                && Objects.equals(a.failedTasks, b.failedTasks) && Objects.equals(a.rolloutState, b.rolloutState)
                && Objects.equals(a.rolloutStateReason, b.rolloutStateReason);
    }

    /** A rollback deployment runs another revision than its trigger asks for (ECS 6.3 rollback). */
    static boolean rolledBack(ServiceDeployment d) {
        return d.trigger != null && d.taskDefinition != null && !d.trigger.startsWith(d.taskDefinition + "|");
    }

    private static long number(String id) {
        if (id == null || !id.startsWith(PREFIX)) {
            return 0;
        }
        try {
            return Long.parseLong(id.substring(PREFIX.length()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
