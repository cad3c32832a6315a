package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.Berth;
import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskSpec;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;

/**
 * A kwok node under running service tasks goes NotReady (its "kubelet" posts Ready=False, the node-lifecycle controller
 * taints it {@code node.kubernetes.io/not-ready:NoExecute}) for a random 5–15 s, then is Lost (nobody renews its Lease
 * any more: after the 40 s node-monitor grace period it is Unknown and tainted {@code unreachable}). The Service runs in
 * a Cluster whose capacity provider tolerates {@code not-ready} for 30 s and {@code unreachable} for 5 s (the API
 * server's default is 300 s each, which would make a repetition wait 5 minutes), so the taint-eviction controller
 * evicts the node's Pods 30 s after it went NotReady, while it is Lost (the controller keeps the eviction it scheduled
 * for the first taint when the second replaces it). The evicted tasks must stop with stopCode {@code
 * InfrastructureHealth} and the Service must run them again on the other nodes within {@link #REPLACED_WITHIN} of the
 * eviction: nothing lost, no duplicate Pod or Task; they must reach STOPPED although no kubelet confirms their Pods'
 * deletion (the container's stopTimeout is 2 s, so that this comes 17 s after the eviction rather than 45 s). The node
 * comes back (its Lease deleted: kwok takes it again) before the next repetition.
 */
class NodeLossChaosIT extends ChaosScenarios {

    /** The promise: the tasks of a lost node run again elsewhere within 30 s of their eviction. */
    static final Duration REPLACED_WITHIN = Duration.ofSeconds(30);
    static final String NODE_STATE = "sim.berth.dev/node-state";
    static final String NODE_LEASES = "kube-node-lease";

    private static final Chaos REPORT = new Chaos("node-loss", "A node NotReady, then Lost, under running service tasks");

    private String victim;

    @AfterAll
    static void report() {
        REPORT.write();
    }

    @Test
    void aNodeLostUnderServiceTasksTheyStopAsInfrastructureHealthAndRunElsewhere() {
        Random random = Chaos.random("node-loss-service");
        String scenario = "node NotReady then Lost, service of " + Chaos.SERVICE_TASKS + " tasks";
        List<Double> replaced = new ArrayList<>();
        for (int rep = 0; rep < Chaos.REPS; rep++) {
            REPORT.add(scenario, nodeLost(Chaos.SERVICE_TASKS, random, replaced));
        }
        REPORT.note("Converge = seconds from the first eviction of a Pod on the lost node (its DisruptionTarget"
                + " condition) to the Service at desiredCount RUNNING tasks, none on the lost node. Fault at = how long"
                + " the node was NotReady before it was Lost; the eviction comes 30 s after NotReady (the not-ready"
                + " toleration), while the node is Lost. The progress lines also give when the lost node's tasks were"
                + " STOPPED (about 17 s after the eviction: stopTimeout 2 s + 15 s).");
        REPORT.assertNothingLostOrDuplicated(scenario);
        assertThat(replaced).as("seconds from the eviction to every task running elsewhere, per repetition")
                .allSatisfy(s -> assertThat(s).isLessThanOrEqualTo(REPLACED_WITHIN.toSeconds()));
    }

    private Chaos.Rep nodeLost(int desired, Random random, List<Double> replaced) {
        ns = plane.namespace("chaos-nodeloss");
        applyText("""
                apiVersion: berth.dev/v1alpha1
                kind: Cluster
                metadata: {name: resilient}
                spec:
                  capacityProviders:
                    - name: amd64
                      nodeSelector: {kubernetes.io/arch: amd64}
                      tolerations:
                        - {key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 5}
                        - {key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 30}
                  defaultCapacityProviderStrategy:
                    - {capacityProvider: amd64, weight: 1}
                ---
                apiVersion: berth.dev/v1alpha1
                kind: TaskDefinition
                metadata: {name: web}
                spec:
                  cpu: 256
                  memory: 512
                  containerDefinitions:
                    - {name: app, image: nginx:1, stopTimeout: 2}
                """);
        try (Ledger ledger = new Ledger(client, ns)) {
            applyText("""
                    apiVersion: berth.dev/v1alpha1
                    kind: Service
                    metadata: {name: web}
                    spec:
                      cluster: resilient
                      taskDefinition: web
                      desiredCount: %d
                    """.formatted(desired));
            if (awaitConverged(() -> running(null).size() == desired) == null) {
                throw new IllegalStateException("the service never ran its " + desired + " tasks: " + describe());
            }
            Map<String, List<String>> byNode = running(null).stream().collect(Collectors.groupingBy(this::nodeOf,
                    TreeMap::new, Collectors.mapping(t -> t.getMetadata().getName(), Collectors.toList())));
            List<String> nodes = new ArrayList<>(byNode.keySet());
            victim = nodes.get(random.nextInt(nodes.size()));
            Set<String> onVictim = Set.copyOf(byNode.get(victim));
            long notReadyFor = 5_000 + Chaos.moment(random, Duration.ofSeconds(10));
            Chaos.progress("tasks per node %s; %s goes NotReady for %.1f s, then Lost", counts(byNode), victim,
                    notReadyFor / 1000.0);

            Shell.kubectlOk("annotate", "node", victim, NODE_STATE + "=NotReady", "--overwrite");
            Instant notReady = Instant.now();
            Chaos.sleep(notReadyFor);
            int stoppedWhileNotReady = onVictim.size() - (int) running(null).stream()
                    .filter(t -> onVictim.contains(t.getMetadata().getName())).count();
            Shell.kubectlOk("annotate", "node", victim, NODE_STATE + "=Lost", "--overwrite");
            Instant lost = Instant.now();

            Instant evicted = awaitEviction(victim, onVictim);
            if (evicted == null) {
                throw new IllegalStateException("no Pod on " + victim + " was evicted within " + CONVERGE + ": "
                        + Shell.kubectl("get", "node", victim, "-o", "yaml").output());
            }
            Chaos.progress("%s: %d task(s) stopped while NotReady; evicted %.1f s after it was Lost", victim,
                    stoppedWhileNotReady, seconds(lost, evicted));
            Instant replacedAt = awaitConverged(() -> running(victim).size() == desired);
            double seconds = seconds(evicted, replacedAt);
            replaced.add(seconds);
            Instant stoppedAt = awaitConverged(() -> onVictim.stream().allMatch(this::stopped));
            Chaos.progress("%s: its tasks ran again elsewhere %.1f s after the eviction, were STOPPED %.1f s after it",
                    victim, seconds, seconds(evicted, stoppedAt));

            List<Task> victims = client.resources(Task.class).inNamespace(ns).list().getItems().stream()
                    .filter(t -> onVictim.contains(t.getMetadata().getName())).toList();
            assertThat(victims).as("the tasks that ran on the lost node %s", victim).hasSize(onVictim.size()).allSatisfy(t -> {
                assertThat(t.getStatus().lastStatus).isEqualTo(LastStatus.STOPPED);
                assertThat(t.getStatus().stopCode).isEqualTo("InfrastructureHealth");
                assertThat(t.getStatus().stoppedReason).startsWith("Task stopped: the node it ran on (" + victim + ")");
            });
            Chaos.progress("%s stopped: %s", victim, victims.stream().map(t -> t.getStatus().stoppedReason).distinct()
                    .collect(Collectors.joining("; ")));

            int lostTasks = desired - running(victim).size();
            int extra = Math.max(0, ledger.tasksSeen() - desired - onVictim.size()) + ledger.duplicateTaskNames();
            if (extra > 0) {
                Chaos.progress("%d Tasks more than the loss needs:%n%s", extra, describe());
            }
            return new Chaos.Rep(1, Math.max(0, lostTasks), 0, ledger.duplicatePods(), extra, seconds,
                    Duration.between(notReady, lost).toMillis() / 1000.0);
        } finally {
            recover(victim); // the node comes back whatever happened: the next repetition or test needs it
            victim = null;
            client.namespaces().withName(ns).delete();
        }
    }

    /**
     * When the first Pod of {@code tasks} on {@code node} was evicted: its DisruptionTarget condition's time (the
     * taint-eviction controller's), or the moment its deletion was seen.
     */
    private Instant awaitEviction(String node, Set<String> tasks) {
        Instant deadline = Instant.now().plus(CONVERGE);
        while (Instant.now().isBefore(deadline)) {
            Optional<Instant> first = client.pods().inNamespace(ns).withLabel(Berth.LABEL_TASK).list().getItems()
                    .stream().filter(p -> node.equals(p.getSpec().getNodeName()))
                    .map(NodeLossChaosIT::evictedAt).filter(Objects::nonNull).min(Instant::compareTo);
            if (first.isPresent()) {
                return first.get();
            }
            if (tasks.stream().allMatch(this::stopped)) {
                return Instant.now(); // evicted and gone between two polls
            }
            Chaos.sleep(500);
        }
        return null;
    }

    private static Instant evictedAt(Pod pod) {
        Optional<PodCondition> target = pod.getStatus() == null || pod.getStatus().getConditions() == null
                ? Optional.empty()
                : pod.getStatus().getConditions().stream()
                        .filter(c -> "DisruptionTarget".equals(c.getType()) && "True".equals(c.getStatus())).findFirst();
        if (target.isPresent() && target.get().getLastTransitionTime() != null) {
            return Instant.parse(target.get().getLastTransitionTime());
        }
        return pod.getMetadata().getDeletionTimestamp() == null ? null : Instant.now();
    }

    private boolean stopped(String task) {
        Task t = client.resources(Task.class).inNamespace(ns).withName(task).get();
        return t == null || t.getStatus() != null && t.getStatus().lastStatus == LastStatus.STOPPED;
    }

    /** The Service's RUNNING tasks, except those on {@code exceptOn} (null: all). */
    private List<Task> running(String exceptOn) {
        return client.resources(Task.class).inNamespace(ns).withLabel(Berth.LABEL_SERVICE, "web").list().getItems()
                .stream()
                .filter(t -> t.getSpec().desiredStatus == TaskSpec.DesiredStatus.RUNNING && t.getStatus() != null
                        && t.getStatus().lastStatus == LastStatus.RUNNING)
                .filter(t -> exceptOn == null || !exceptOn.equals(nodeOf(t))).toList();
    }

    private String nodeOf(Task task) {
        Pod pod = client.pods().inNamespace(ns).withName(task.getMetadata().getName()).get();
        return pod == null || pod.getSpec().getNodeName() == null ? "(none)" : pod.getSpec().getNodeName();
    }

    private static String counts(Map<String, List<String>> byNode) {
        return byNode.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().size())
                .collect(Collectors.joining(", "));
    }

    private String describe() {
        return client.resources(Task.class).inNamespace(ns).list().getItems().stream()
                .map(t -> String.format("  %s node=%s %s", t.getMetadata().getName(), nodeOf(t),
                        t.getStatus() == null ? "no status"
                                : t.getStatus().lastStatus + " " + t.getStatus().stopCode + " " + t.getStatus().stoppedReason))
                .collect(Collectors.joining("\n"));
    }

    /**
     * The lost node comes back: kwok takes its Lease again when it is deleted and posts Ready; waits until the node is
     * Ready without a NoExecute taint (the next repetition needs every node).
     */
    private void recover(String node) {
        if (node == null) {
            return;
        }
        Shell.kubectl("annotate", "node", node, NODE_STATE + "-");
        client.leases().inNamespace(NODE_LEASES).withName(node).delete();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline)) {
            Node n = client.nodes().withName(node).get();
            boolean ready = n != null && n.getStatus().getConditions().stream()
                    .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
            boolean tainted = n != null && n.getSpec().getTaints() != null
                    && n.getSpec().getTaints().stream().anyMatch(t -> "NoExecute".equals(t.getEffect()));
            if (ready && !tainted) {
                return;
            }
            Chaos.sleep(1000);
        }
        throw new IllegalStateException("node " + node + " did not come back within 2 min: " + client.nodes()
                .withName(node).get().getStatus().getConditions().stream().map(NodeCondition::getStatus).toList());
    }
}
