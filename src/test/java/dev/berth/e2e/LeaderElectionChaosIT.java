package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;

/**
 * Two operator replicas with leader election, as the chart runs them (Lease {@code berth-leader} in berth-system, 15 s
 * lease, 10 s renew deadline, 2 s retry), each with a ServiceAccount of its own bound to exactly the chart's roles, so
 * that the API server can tell their requests apart: an API Priority and Fairness FlowSchema per replica matches that
 * replica's writes (create, update, patch, delete on any resource but Leases) and the API server counts what it
 * dispatched for each ({@code apiserver_flowcontrol_dispatched_requests_total}).
 * <ul>
 * <li>the leader SIGKILLed at a random moment of a burst: the follower holds the Lease within the lease time and
 * finishes the burst;</li>
 * <li>the leader SIGSTOPped past its lease (lease + 5 s) during a burst, then resumed: the follower takes over; the
 * resumed process stops leading (it exits, as JOSDK does when it loses its lease) and the API server dispatched no
 * write of it from the moment the other replica held the Lease.</li>
 * </ul>
 */
class LeaderElectionChaosIT extends ChaosScenarios {

    private static final Chaos REPORT = new Chaos("leader-election", "Two operator replicas with leader election");
    private static final String LEASE = "berth-leader";
    private static final Duration LEASE_DURATION = Duration.ofSeconds(15);
    private static final List<String> REPLICAS = List.of("replica-a", "replica-b");

    private final Map<String, OperatorProcess> replicas = new HashMap<>();
    private final List<String> takeovers = new ArrayList<>();

    @AfterAll
    static void report() {
        REPORT.write();
    }

    @BeforeEach
    void twoReplicas() throws IOException {
        for (String replica : REPLICAS) {
            identity(replica);
            Shell.kubectlOk("apply", "-f", manifestFile(flowSchemas(replica)));
        }
        plane.operator.kill();
        for (String replica : REPLICAS) {
            Map<String, String> environment = new HashMap<>(plane.operator.environment());
            environment.putAll(Map.of("BERTH_LEADER_ELECTION_ENABLED", "true", "BERTH_LEADER_ELECTION_LEASE_NAME", LEASE,
                    "BERTH_LEADER_ELECTION_LEASE_NAMESPACE", ChartIdentity.NAMESPACE, "BERTH_LEADER_ELECTION_IDENTITY",
                    replica, "BERTH_ECS_API_ENABLED", "false"));
            replicas.put(replica, new OperatorProcess(ChartIdentity.kubeconfig(ChartIdentity.NAMESPACE, "berth-" + replica,
                    LocalControlPlane.ROOT.resolve("target/e2e/operator-" + replica + ".kubeconfig")), environment));
        }
        for (String replica : REPLICAS) {
            restart(replicas.get(replica));
        }
        awaitLeader(REPLICAS::contains);
    }

    @AfterEach
    void oneOperatorAgain() {
        replicas.values().forEach(r -> {
            if (r.isRunning()) {
                Shell.run(Duration.ofSeconds(10), "kill", "-CONT", Long.toString(r.pid()));
            }
            r.killIfRunning();
        });
        restart(plane.operator);
        REPORT.note("Takeover: seconds from the fault on the leader until the other replica held the Lease (lease "
                + LEASE_DURATION.toSeconds() + " s): " + String.join(", ", takeovers) + ".");
    }

    @Test
    void leaderKilledTheFollowerTakesOverAndFinishes() {
        Random random = Chaos.random("leader-kill-burst");
        String scenario = "leader SIGKILL (2 replicas), burst of " + Chaos.BURST + " tasks";
        REPORT.repeat(scenario, () -> burst(Chaos.BURST, random, () -> {
            String leader = awaitLeader(REPLICAS::contains);
            Instant killed = Instant.now();
            replicas.get(leader).kill();
            String next = awaitLeader(holder -> !holder.equals(leader));
            takeovers.add("SIGKILL %s → %s %.1f s".formatted(leader, next, ChaosScenarios.seconds(killed, Instant.now())));
            restart(replicas.get(leader));
            return 1;
        }));
    }

    @Test
    void leaderPausedPastItsLeaseStopsActingAndNeverWritesAgain() {
        Random random = Chaos.random("leader-stop-burst");
        String scenario = "leader SIGSTOP past its lease (2 replicas), burst of " + Chaos.BURST + " tasks";
        List<String> lateWrites = new ArrayList<>();
        for (int rep = 0; rep < Chaos.REPS; rep++) {
            REPORT.add(scenario, burst(Chaos.BURST, random, () -> {
                String leader = awaitLeader(REPLICAS::contains);
                OperatorProcess paused = replicas.get(leader);
                Instant stopped = Instant.now();
                Shell.run(Duration.ofSeconds(10), "kill", "-STOP", Long.toString(paused.pid()));
                String next;
                try {
                    next = awaitLeader(holder -> !holder.equals(leader));
                    takeovers.add(
                            "SIGSTOP %s → %s %.1f s".formatted(leader, next, ChaosScenarios.seconds(stopped, Instant.now())));
                    Chaos.sleep(Math.max(0, LEASE_DURATION.plusSeconds(5).toMillis()
                            - Duration.between(stopped, Instant.now()).toMillis()));
                } finally {
                    // writes counted from here on are the paused leader's after it lost the Lease
                    double before = dispatchedWrites(leader);
                    Shell.run(Duration.ofSeconds(10), "kill", "-CONT", Long.toString(paused.pid()));
                    awaitExit(paused);
                    double after = dispatchedWrites(leader);
                    if (after > before) {
                        lateWrites.add("%s: %.0f writes after losing the Lease".formatted(leader, after - before));
                    }
                }
                assertThat(lease().getSpec().getHolderIdentity()).as("the Lease stays with the new leader").isEqualTo(next);
                restart(paused);
                return 1;
            }));
        }
        REPORT.note("Writes the API server dispatched for a paused leader after it lost the Lease: "
                + (lateWrites.isEmpty() ? "none" : String.join("; ", lateWrites)) + ".");
        REPORT.assertNothingLostOrDuplicated(scenario);
        assertThat(lateWrites).as("writes of a leader after it lost its Lease").isEmpty();
    }

    /** Waits for the resumed leader to exit (JOSDK exits when it stops leading); it must not lead again. */
    private void awaitExit(OperatorProcess paused) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (paused.isRunning() && Instant.now().isBefore(deadline)) {
            Chaos.sleep(250);
        }
        assertThat(paused.isRunning()).as("the resumed leader that lost its Lease exits").isFalse();
    }

    private String awaitLeader(Predicate<String> holder) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline)) {
            try {
                Lease lease = lease();
                String identity = lease == null ? null : lease.getSpec().getHolderIdentity();
                if (identity != null && holder.test(identity)) {
                    return identity;
                }
            } catch (RuntimeException e) {
                // the API server answers slowly under load: look again
            }
            Chaos.sleep(200);
        }
        throw new IllegalStateException("no replica took the Lease within 2 min: " + lease());
    }

    private Lease lease() {
        return client.resources(Lease.class).inNamespace(ChartIdentity.NAMESPACE).withName(LEASE).get();
    }

    /** Writes (any verb but get/list/watch, on anything but Leases) the API server dispatched for the replica. */
    private static double dispatchedWrites(String replica) {
        String metrics = Shell.kubectlOk("get", "--raw", "/metrics");
        String schema = "flow_schema=\"berth-chaos-writes-" + replica + "\"";
        return metrics.lines().filter(l -> l.startsWith("apiserver_flowcontrol_dispatched_requests_total{")
                && l.contains(schema)).mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    /** A ServiceAccount of the replica's own, bound to every role the chart binds to its ServiceAccount. */
    private void identity(String replica) {
        String account = "berth-" + replica;
        client.resource(new ServiceAccountBuilder().withNewMetadata().withName(account)
                .withNamespace(ChartIdentity.NAMESPACE).endMetadata().build()).serverSideApply();
        Subject subject = new SubjectBuilder().withKind("ServiceAccount").withName(account)
                .withNamespace(ChartIdentity.NAMESPACE).build();
        Predicate<List<Subject>> chartAccount = subjects -> subjects != null && subjects.stream()
                .anyMatch(s -> ChartIdentity.ACCOUNT.equals(s.getName()) && ChartIdentity.NAMESPACE.equals(s.getNamespace()));
        for (ClusterRoleBinding binding : client.rbac().clusterRoleBindings().list().getItems()) {
            if (chartAccount.test(binding.getSubjects()) && !binding.getMetadata().getName().endsWith(replica)) {
                ClusterRoleBinding copy = new ClusterRoleBinding();
                copy.setMetadata(new ObjectMetaBuilder().withName(binding.getMetadata().getName() + "-" + replica).build());
                copy.setRoleRef(binding.getRoleRef());
                copy.setSubjects(List.of(subject));
                client.resource(copy).serverSideApply();
            }
        }
        for (RoleBinding binding : client.rbac().roleBindings().inAnyNamespace().list().getItems()) {
            if (chartAccount.test(binding.getSubjects()) && !binding.getMetadata().getName().endsWith(replica)) {
                RoleBinding copy = new RoleBinding();
                copy.setMetadata(new ObjectMetaBuilder().withName(binding.getMetadata().getName() + "-" + replica)
                        .withNamespace(binding.getMetadata().getNamespace()).build());
                copy.setRoleRef(binding.getRoleRef());
                copy.setSubjects(List.of(subject));
                client.resource(copy).serverSideApply();
            }
        }
    }

    /** The replica's Lease requests, then every other write of it, each in a FlowSchema of its own. */
    private static String flowSchemas(String replica) {
        String subject = "[{kind: ServiceAccount, serviceAccount: {name: berth-%s, namespace: %s}}]".formatted(replica,
                ChartIdentity.NAMESPACE);
        return """
                apiVersion: flowcontrol.apiserver.k8s.io/v1
                kind: FlowSchema
                metadata: {name: berth-chaos-lease-%1$s}
                spec:
                  priorityLevelConfiguration: {name: workload-low}
                  matchingPrecedence: 250
                  distinguisherMethod: {type: ByUser}
                  rules:
                    - subjects: %2$s
                      resourceRules:
                        - {verbs: ["*"], apiGroups: [coordination.k8s.io], resources: [leases], namespaces: ["*"]}
                ---
                apiVersion: flowcontrol.apiserver.k8s.io/v1
                kind: FlowSchema
                metadata: {name: berth-chaos-writes-%1$s}
                spec:
                  priorityLevelConfiguration: {name: workload-low}
                  matchingPrecedence: 300
                  distinguisherMethod: {type: ByUser}
                  rules:
                    - subjects: %2$s
                      resourceRules:
                        - verbs: [create, update, patch, delete, deletecollection]
                          apiGroups: ["*"]
                          resources: ["*"]
                          namespaces: ["*"]
                          clusterScope: true
                """.formatted(replica, subject);
    }
}
