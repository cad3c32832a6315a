package dev.berth.task;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.berth.api.v1alpha1.Berth;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;

/**
 * Task Pods in the states the kubelet and scheduler report, built with fabric8 builders. Times are seconds after
 * {@link #T0}. The default Pod is the one {@link TestingTasks#definition()} renders to: plain init container
 * {@code init}, native sidecar {@code proxy}, app containers {@code web} and {@code metrics}.
 */
final class TestingPods {

    static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    static final String NODE = "node-1";
    static final String IP = "10.1.2.3";

    private final String name;
    private final List<Container> initContainers = new ArrayList<>();
    private final List<Container> containers = new ArrayList<>();
    private final Map<String, ContainerStatus> statuses = new LinkedHashMap<>();
    private final List<PodCondition> conditions = new ArrayList<>();
    private String nodeName;
    private String podIP;
    private String phase = "Pending";
    private String reason;
    private String message;
    private String deletionTimestamp;
    private Long deletionGracePeriodSeconds;
    private boolean finalizer = true;
    private String capacityProvider;
    private long createdAt;
    private boolean spot;

    private TestingPods(String name) {
        this.name = name;
    }

    static String at(long seconds) {
        return T0.plusSeconds(seconds).toString();
    }

    /** The task Pod of {@link TestingTasks#definition()}, created but not scheduled. */
    static TestingPods pod() {
        return bare(TestingTasks.TASK).init("init").sidecar("proxy").app("web").app("metrics");
    }

    /** A Pod without containers. */
    static TestingPods bare(String name) {
        return new TestingPods(name);
    }

    /** Scheduled at 1s on node-1, every container waiting behind the init container that runs. */
    static TestingPods initializing() {
        return pod().scheduled(1).running("init", 5).waiting("proxy", "PodInitializing", null)
                .waiting("web", "PodInitializing", null).waiting("metrics", "PodInitializing", null);
    }

    /** Init done, the sidecar started, app containers being created. */
    static TestingPods creating() {
        return pod().scheduled(1).terminated("init", 0, "Completed", 5, 8).running("proxy", 9)
                .waiting("web", "ContainerCreating", null).waiting("metrics", "ContainerCreating", null);
    }

    /** Every container up and ready with a Pod IP: init done at 8s, proxy started at 9s, web and metrics at 10s and 11s. */
    static TestingPods running() {
        return pod().scheduled(1).ip(IP).terminated("init", 0, "Completed", 5, 8).running("proxy", 9, true)
                .running("web", 10, true).running("metrics", 11, true);
    }

    TestingPods init(String container) {
        initContainers.add(new ContainerBuilder().withName(container).withImage("busybox:1.36").build());
        return this;
    }

    TestingPods sidecar(String container) {
        initContainers
                .add(new ContainerBuilder().withName(container).withImage("envoy:1.30").withRestartPolicy("Always").build());
        return this;
    }

    TestingPods app(String container) {
        containers.add(new ContainerBuilder().withName(container).withImage(container + ":1").build());
        return this;
    }

    TestingPods scheduled(long at) {
        nodeName = NODE;
        return condition("PodScheduled", "True", null, null, at);
    }

    TestingPods unschedulable(String schedulerMessage) {
        return condition("PodScheduled", "False", "Unschedulable", schedulerMessage, 0);
    }

    /** The scheduler chose a node but could not write the binding (kube-scheduler's reason when the API server fails). */
    TestingPods bindingFailed() {
        return condition("PodScheduled", "False", "SchedulerError", "Post \"https://127.0.0.1:6443/...\": connection refused",
                0);
    }

    TestingPods ip(String ip) {
        podIP = ip;
        return this;
    }

    TestingPods running(String container, long startedAt) {
        return running(container, startedAt, false);
    }

    TestingPods running(String container, long startedAt, boolean ready) {
        return status(container, new ContainerStateBuilder().withNewRunning().withStartedAt(at(startedAt)).endRunning().build(),
                null, ready);
    }

    TestingPods waiting(String container, String waitingReason, String waitingMessage) {
        return status(container, new ContainerStateBuilder().withNewWaiting().withReason(waitingReason)
                .withMessage(waitingMessage).endWaiting().build(), null, false);
    }

    TestingPods terminated(String container, int exitCode, String terminatedReason, long startedAt, long finishedAt) {
        return status(container, terminatedState(exitCode, terminatedReason, startedAt, finishedAt), null, false);
    }

    /** A sidecar the kubelet restarted after it exited: running again, its exit in lastState. */
    TestingPods restarted(String container, int exitCode, long startedAt, long finishedAt, long restartedAt) {
        ContainerState running = new ContainerStateBuilder().withNewRunning().withStartedAt(at(restartedAt)).endRunning()
                .build();
        return status(container, running, terminatedState(exitCode, "Error", startedAt, finishedAt), false);
    }

    TestingPods phase(String podPhase) {
        phase = podPhase;
        return this;
    }

    TestingPods failed(String podReason, String podMessage) {
        phase = "Failed";
        reason = podReason;
        message = podMessage;
        return this;
    }

    /** Deleted at {@code requestedAt} with a grace period: deletionTimestamp is requestedAt + grace. */
    TestingPods deleted(long requestedAt, long grace) {
        deletionTimestamp = at(requestedAt + grace);
        deletionGracePeriodSeconds = grace;
        return this;
    }

    TestingPods disruption(String disruptionReason, String disruptionMessage, long at) {
        return condition("DisruptionTarget", "True", disruptionReason, disruptionMessage, at);
    }

    TestingPods released() {
        finalizer = false;
        return this;
    }

    TestingPods spot() {
        spot = true;
        return this;
    }

    TestingPods capacityProvider(String provider) {
        capacityProvider = provider;
        return this;
    }

    TestingPods imageId(String container, String imageId) {
        statuses.put(container, new ContainerStatusBuilder(statuses.get(container)).withImageID(imageId).build());
        return this;
    }

    /** The Pod was created {@code second} seconds after T0 (default 0). */
    TestingPods createdAt(long second) {
        this.createdAt = second;
        return this;
    }

    Pod build() {
        List<ContainerStatus> initStatuses = statusesOf(initContainers);
        List<ContainerStatus> appStatuses = statusesOf(containers);
        return new PodBuilder()
                .withNewMetadata().withName(name).withNamespace("team-a").withCreationTimestamp(at(createdAt))
                .withDeletionTimestamp(deletionTimestamp).withDeletionGracePeriodSeconds(deletionGracePeriodSeconds)
                .withFinalizers(finalizer ? List.of(Berth.POD_FINALIZER) : List.of())
                .withLabels(labels())
                .endMetadata()
                .withNewSpec().withRestartPolicy("Never").withNodeName(nodeName)
                .withInitContainers(initContainers).withContainers(containers).endSpec()
                .withNewStatus().withPhase(phase).withReason(reason).withMessage(message).withPodIP(podIP)
                .withConditions(conditions).withInitContainerStatuses(initStatuses).withContainerStatuses(appStatuses)
                .endStatus()
                .build();
    }

    private Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        if (capacityProvider != null) {
            labels.put(Berth.LABEL_CAPACITY_PROVIDER, capacityProvider);
        }
        if (spot) {
            labels.put(Berth.LABEL_SPOT, "true");
        }
        return labels;
    }

    private List<ContainerStatus> statusesOf(List<Container> specs) {
        return specs.stream().map(c -> statuses.get(c.getName())).filter(s -> s != null).toList();
    }

    private TestingPods status(String container, ContainerState state, ContainerState lastState, boolean ready) {
        statuses.put(container, new ContainerStatusBuilder().withName(container).withImage(container + ":1")
                .withState(state).withLastState(lastState).withReady(ready).withRestartCount(lastState == null ? 0 : 1)
                .build());
        return this;
    }

    private TestingPods condition(String type, String status, String conditionReason, String conditionMessage, long at) {
        conditions.removeIf(c -> type.equals(c.getType()));
        conditions.add(new PodConditionBuilder().withType(type).withStatus(status).withReason(conditionReason)
                .withMessage(conditionMessage).withLastTransitionTime(at(at)).build());
        return this;
    }

    private static ContainerState terminatedState(int exitCode, String terminatedReason, long startedAt, long finishedAt) {
        return new ContainerStateBuilder().withNewTerminated().withExitCode(exitCode).withReason(terminatedReason)
                .withStartedAt(at(startedAt)).withFinishedAt(at(finishedAt)).endTerminated().build();
    }
}
