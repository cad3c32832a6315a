package dev.berth.task;

import java.time.Duration;

import dev.berth.api.v1alpha1.Cluster;

/**
 * Why the Task's Pod cannot be created yet (e.g. its task definition does not resolve), and what ends the wait.
 *
 * @param reason UpperCamelCase, e.g. TaskDefinitionNotFound; becomes the Ready condition's reason
 * @param stoppedReason ECS wording, e.g. "ClientException: Unable to describe task definition my-task:3.";
 *        becomes the stoppedReason if the task fails because of it
 * @param cure what can end the wait: nothing (the task fails at once), a change the operator watches, a retry, or
 *        the operator itself
 */
public record StartBlocker(String reason, String stoppedReason, Cure cure) {

    /** What ends a wait for the Pod. */
    public enum Cure {
        /** Nothing: waiting cannot help, the task fails at once. */
        NONE,
        /**
         * A change the operator watches (a TaskDefinition, Cluster, Secret or SecurityGroup applied): until the start timeout.
         */
        WATCHED_CHANGE,
        /**
         * Nothing the operator watches announces it (the API server refused the Pod for a ServiceAccount or quota that
         * may appear): the Pod's creation is retried with {@link #retryAfter back-off} until the start timeout.
         */
        RETRY,
        /**
         * The operator itself ({@code default} is the Cluster it creates on first use): waiting is the operator's time,
         * not the task's, so the wait never runs out the start timeout, however long a restart or a leader change took.
         */
        OPERATOR
    }

    static final Duration FIRST_RETRY = Duration.ofMillis(500);
    static final Duration LONGEST_RETRY = Duration.ofSeconds(10);

    /** Waiting cannot help: the task fails at once with {@code stoppedReason}. */
    static StartBlocker fatal(String reason, String stoppedReason) {
        return new StartBlocker(reason, stoppedReason, Cure.NONE);
    }

    /** The task waits for a change the operator watches, until the start timeout. */
    static StartBlocker waiting(String reason, String stoppedReason) {
        return new StartBlocker(reason, stoppedReason, Cure.WATCHED_CHANGE);
    }

    /** Waiting cannot help. */
    public boolean permanent() {
        return cure == Cure.NONE;
    }

    /** The Pod's creation is retried with back-off. */
    public boolean retried() {
        return cure == Cure.RETRY;
    }

    /**
     * The API server refused the Pod with 403 Forbidden. Kubernetes' own controllers retry these: a new namespace's
     * {@code default} ServiceAccount is created asynchronously by kube-controller-manager, a task role's ServiceAccount
     * may be applied just after the Task (GitOps, {@code kubectl apply -f dir/}), a ResourceQuota frees up. The task
     * waits in PROVISIONING, the condition names what it waits for, and it fails only at the start timeout.
     */
    static StartBlocker forbidden(String message) {
        String reason = message.contains("service account") ? "ServiceAccountNotFound"
                : message.contains("exceeded quota") ? "QuotaExceeded" : "PodForbidden";
        return new StartBlocker(reason, EcsReasons.RESOURCE_INITIALIZATION + ": " + message, Cure.RETRY);
    }

    /** The task's Cluster does not exist (yet): the task waits; {@code default} is created by the operator itself. */
    static StartBlocker clusterNotFound(String cluster) {
        return new StartBlocker("ClusterNotFound", "ClusterNotFoundException: Cluster not found (" + cluster + ").",
                Cluster.DEFAULT.equals(cluster) ? Cure.OPERATOR : Cure.WATCHED_CHANGE);
    }

    /** The API server refused the Pod as invalid (400, 422): retrying the same Pod cannot help. */
    static StartBlocker invalid(String message) {
        return fatal("PodRejected", EcsReasons.RESOURCE_INITIALIZATION + ": " + message);
    }

    /**
     * The wait before the next try, from how long the task has waited so far: about half of it, between
     * {@link #FIRST_RETRY} and {@link #LONGEST_RETRY}, which backs off exponentially without any state to keep.
     */
    static Duration retryAfter(Duration waited) {
        Duration half = waited.dividedBy(2);
        return half.compareTo(FIRST_RETRY) < 0 ? FIRST_RETRY : half.compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : half;
    }
}
