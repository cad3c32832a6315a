package dev.berth.task;

import java.time.Duration;

/**
 * Why the Task's Pod cannot be created yet (e.g. its task definition does not resolve).
 *
 * @param reason UpperCamelCase, e.g. TaskDefinitionNotFound; becomes the Ready condition's reason
 * @param stoppedReason ECS wording, e.g. "ClientException: Unable to describe task definition my-task:3.";
 *        becomes the stoppedReason if the task fails because of it
 * @param permanent true when waiting cannot help: the task fails at once
 * @param retried true when nothing the operator watches announces the cure (the API server refused the Pod for a
 *        ServiceAccount or quota that may appear): the Pod's creation is retried with {@link #retryAfter back-off}
 */
public record StartBlocker(String reason, String stoppedReason, boolean permanent, boolean retried) {

    static final String CLUSTER_NOT_FOUND = "ClusterNotFound";
    static final Duration FIRST_RETRY = Duration.ofMillis(500);
    static final Duration LONGEST_RETRY = Duration.ofSeconds(10);

    public StartBlocker(String reason, String stoppedReason, boolean permanent) {
        this(reason, stoppedReason, permanent, false);
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
        return new StartBlocker(reason, EcsReasons.RESOURCE_INITIALIZATION + ": " + message, false, true);
    }

    /** The task's Cluster does not exist (yet): the task waits; {@code default} is created by the operator itself. */
    static StartBlocker clusterNotFound(String cluster) {
        return new StartBlocker(CLUSTER_NOT_FOUND, "ClusterNotFoundException: Cluster not found (" + cluster + ").", false);
    }

    /** The API server refused the Pod as invalid (400, 422): retrying the same Pod cannot help. */
    static StartBlocker invalid(String message) {
        return new StartBlocker("PodRejected", EcsReasons.RESOURCE_INITIALIZATION + ": " + message, true);
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
