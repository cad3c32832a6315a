package dev.berth.task;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import dev.berth.api.EcsNames;
import dev.berth.api.v1alpha1.Berth;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;

/** Null-safe questions about a task Pod, in the terms the lifecycle needs. */
final class PodView {

    private static final Duration KILL_REPORT_MARGIN = Duration.ofSeconds(15);

    /**
     * Who or what ended the Pod from outside Berth, and when it was asked to (null when unknown).
     *
     * @param reason the machine-readable reason (the DisruptionTarget condition's or the Pod's), null when none
     */
    record Disruption(String reason, String cause, Instant at) {

        /**
         * The taint-eviction controller (its node NotReady or unreachable past the Pod's toleration) and the Pod
         * garbage collector (its node deleted) end a Pod because the node it ran on was lost: the infrastructure's
         * fault, not the task's nor a user's.
         */
        static final Set<String> NODE_LOST = Set.of("DeletionByTaintManager", "DeletionByPodGC");

        boolean nodeLost() {
            return reason != null && NODE_LOST.contains(reason);
        }
    }

    private final Pod pod;
    private final PodSpec spec;
    private final PodStatus status;

    private PodView(Pod pod) {
        this.pod = pod;
        this.spec = pod.getSpec() == null ? new PodSpec() : pod.getSpec();
        this.status = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
    }

    /** A view of the Pod, or null when there is none. */
    static PodView of(Pod pod) {
        return pod == null ? null : new PodView(pod);
    }

    String name() {
        return pod.getMetadata().getName();
    }

    Optional<Instant> createdAt() {
        return Times.parse(pod.getMetadata().getCreationTimestamp());
    }

    String node() {
        return spec.getNodeName();
    }

    String ip() {
        return status.getPodIP();
    }

    String label(String key) {
        var labels = pod.getMetadata().getLabels();
        return labels == null ? null : labels.get(key);
    }

    /**
     * Bound to a node: PodScheduled True, or {@code spec.nodeName} set. The binding sets the node; the condition can say
     * False after it, with reason SchedulerError, when the scheduler lost the answer to a binding that was written (seen
     * when kube-apiserver was killed mid-burst: the Pod ran, the condition stayed False).
     */
    boolean scheduled() {
        return spec.getNodeName() != null || condition("PodScheduled").filter(c -> "True".equals(c.getStatus())).isPresent();
    }

    /** When it was bound: the PodScheduled condition's last change, or the Pod's creation without one. */
    Optional<Instant> scheduledAt() {
        return scheduled() ? condition("PodScheduled").flatMap(c -> Times.parse(c.getLastTransitionTime())).or(this::createdAt)
                : Optional.empty();
    }

    /**
     * When a scheduler last gave its verdict on the Pod: bound it, or found no node for it. One no scheduler has judged
     * yet has none, nor has one whose binding failed (reason SchedulerError: the API server could not be written) until
     * it is judged again.
     */
    Optional<Instant> placementVerdictAt() {
        return scheduled() ? scheduledAt()
                : condition("PodScheduled").filter(c -> "Unschedulable".equals(c.getReason()))
                        .flatMap(c -> Times.parse(c.getLastTransitionTime()).or(this::createdAt));
    }

    /** The scheduler's message while it cannot place the Pod. */
    Optional<String> unschedulableMessage() {
        return condition("PodScheduled")
                .filter(c -> "False".equals(c.getStatus()) && "Unschedulable".equals(c.getReason()))
                .map(c -> c.getMessage() == null ? c.getReason() : c.getMessage());
    }

    boolean deleting() {
        return pod.getMetadata().getDeletionTimestamp() != null;
    }

    /**
     * When every container of a deleted Pod must have stopped: the deletionTimestamp is the end of the
     * grace period, when the kubelet sends SIGKILL; a margin later a Pod still reporting running
     * containers sits on a lost node (or a kubelet that no longer reports), and the task stops anyway.
     */
    Optional<Instant> killedBy() {
        return Times.parse(pod.getMetadata().getDeletionTimestamp()).map(t -> t.plus(KILL_REPORT_MARGIN));
    }

    /** Succeeded or Failed: no container runs any more, whatever the container statuses still say. */
    boolean terminal() {
        return "Succeeded".equals(status.getPhase()) || "Failed".equals(status.getPhase());
    }

    boolean hasFinalizer() {
        var finalizers = pod.getMetadata().getFinalizers();
        return finalizers != null && finalizers.contains(Berth.POD_FINALIZER);
    }

    boolean anyContainerRunning() {
        return statuses().anyMatch(s -> running(s.getName()));
    }

    boolean running(String container) {
        return !terminal() && status(container).map(ContainerStatus::getState).map(ContainerState::getRunning).isPresent();
    }

    /** The status of a container, by its ECS name (the Pod's containers carry its Kubernetes name). */
    Optional<ContainerStatus> status(String container) {
        String name = EcsNames.kubernetesName(container);
        return statuses().filter(s -> name.equals(s.getName())).findFirst();
    }

    /** The container's first exit the kubelet still reports: a restarted sidecar's previous run, else its current one. */
    Optional<ContainerStateTerminated> exit(String container) {
        return status(container).flatMap(s -> terminated(s.getLastState()).or(() -> terminated(s.getState())));
    }

    /** When the container first started: a restarted sidecar's first run, else its current one. */
    Optional<Instant> startedAt(String container) {
        Optional<String> started = exit(container).map(ContainerStateTerminated::getStartedAt)
                .or(() -> status(container).map(ContainerStatus::getState).map(ContainerState::getRunning)
                        .map(r -> r.getStartedAt()));
        return started.flatMap(Times::parse);
    }

    Optional<Instant> finishedAt(String container) {
        return exit(container).map(ContainerStateTerminated::getFinishedAt).flatMap(Times::parse);
    }

    /** Whether the container (by ECS name) is an init container that must complete before the others start. */
    boolean isPlainInitContainer(String container) {
        return plainInitContainers().contains(EcsNames.kubernetesName(container));
    }

    /** Init containers that must complete before the others start (not restartable sidecars), by Kubernetes name. */
    List<String> plainInitContainers() {
        return initContainers().filter(c -> !"Always".equals(c.getRestartPolicy())).map(Container::getName).toList();
    }

    /** Container names in Pod order (init containers first), with their images. */
    List<Container> containers() {
        return Stream.concat(initContainers(), list(spec.getContainers()).stream()).toList();
    }

    /** Deleted or evicted by someone other than Berth; only meaningful while Berth has not decided a stop. */
    Optional<Disruption> disruption() {
        Optional<PodCondition> target = condition("DisruptionTarget").filter(c -> "True".equals(c.getStatus()));
        if (target.isPresent()) {
            PodCondition c = target.get();
            return Optional.of(
                    new Disruption(c.getReason(), join(c.getReason(), c.getMessage()),
                            Times.parse(c.getLastTransitionTime()).orElse(null)));
        }
        if (deleting()) {
            String cause = status.getReason() == null ? "deleted outside Berth" : join(status.getReason(), status.getMessage());
            return Optional.of(new Disruption(status.getReason(), cause, deletionRequestedAt()));
        }
        if ("Evicted".equals(status.getReason())) {
            return Optional.of(new Disruption(status.getReason(), join(status.getReason(), status.getMessage()), null));
        }
        return Optional.empty();
    }

    /** Why a terminal Pod ended, as the kubelet put it (e.g. "OutOfcpu: Node didn't have enough resource"). */
    String failure() {
        return status.getReason() == null ? "Pod " + status.getPhase() : join(status.getReason(), status.getMessage());
    }

    private Instant deletionRequestedAt() {
        Long grace = pod.getMetadata().getDeletionGracePeriodSeconds();
        return Times.parse(pod.getMetadata().getDeletionTimestamp())
                .map(t -> t.minus(Duration.ofSeconds(grace == null ? 0 : grace))).orElse(null);
    }

    private Optional<PodCondition> condition(String type) {
        return list(status.getConditions()).stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    private Stream<ContainerStatus> statuses() {
        return Stream.concat(list(status.getInitContainerStatuses()).stream(), list(status.getContainerStatuses()).stream());
    }

    private Stream<Container> initContainers() {
        return list(spec.getInitContainers()).stream();
    }

    private static Optional<ContainerStateTerminated> terminated(ContainerState state) {
        return Optional.ofNullable(state).map(ContainerState::getTerminated);
    }

    static String join(String reason, String message) {
        if (message == null || message.isBlank()) {
            return reason;
        }
        return reason == null ? message : reason + ": " + message;
    }

    private static <T> List<T> list(List<T> values) {
        return values == null ? List.of() : values;
    }
}
