package dev.berth.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.Cluster;
import dev.berth.api.v1alpha1.ClusterStatus;
import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.UsageLedger;
import dev.berth.status.Copies;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

/**
 * The ledger protocol against an API server model with optimistic locking, caches that lag, and operator kills at
 * random points (a kill loses whatever the process had not written; a restart starts from fresh caches). Whatever the
 * interleaving, the Cluster's totals computed from what the API server holds equal the sum of every task's final
 * usage, at every step and after everything settles: nothing lost, nothing counted twice.
 */
class LedgerCrashSimulationTest {

    static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    static final PriceTable PRICES = TestingPrices.usEast1();

    /** What the API server holds. */
    static final class Server {
        UsageLedger ledger;
        long resourceVersion;
        final Map<String, Task> tasks = new LinkedHashMap<>();
    }

    /** One operator process: its caches, at some past state of the server. */
    static final class Process {
        UsageLedger clusterLedger;
        long clusterVersion;
        List<Task> tasks = List.of();

        void sync(Server server) {
            clusterLedger = Copies.deep(server.ledger);
            clusterVersion = server.resourceVersion;
            tasks = server.tasks.values().stream().map(Copies::deep).toList();
        }
    }

    @Test
    void totalsAreExactWhateverKillsRestartsAndStaleCachesHappen() {
        for (long seed = 0; seed < 50; seed++) {
            simulate(new Random(seed), seed);
        }
    }

    private static void simulate(Random random, long seed) {
        Server server = new Server();
        Process operator = new Process();
        BigDecimal expected = BigDecimal.ZERO;
        long metered = 0;
        int created = 0;
        for (int step = 0; step < 300; step++) {
            int action = random.nextInt(100);
            if (action < 15 && created < 40) {
                Task task = UsageRollupTest.running("t-" + created, random.nextBoolean() ? "service:web" : null, "web:1",
                        "FARGATE", T0.plusSeconds(step).toString());
                task.getMetadata().setUid("uid-" + created++);
                server.tasks.put(task.getMetadata().getUid(), task);
            } else if (action < 30) {
                Task task = pick(random, server, t -> t.getStatus().usage == null
                        && t.getMetadata().getDeletionTimestamp() == null);
                if (task != null) {
                    task.getStatus().lastStatus = LastStatus.STOPPED;
                    task.getStatus().stoppedAt = T0.plusSeconds(step + random.nextInt(5000)).toString();
                    FinalUsage.stamp(task.getStatus(), null, () -> false, PRICES);
                    expected = expected.add(new BigDecimal(task.getStatus().usage.cost));
                    metered++;
                }
            } else if (action < 42) {
                Task task = pick(random, server, t -> t.getMetadata().getDeletionTimestamp() == null);
                if (task != null) {
                    task.getMetadata().setDeletionTimestamp(T0.plusSeconds(step).toString());
                }
            } else if (action < 62) {
                // the cluster-usage controller: decide from its caches, write only if its copy is the latest
                UsageLedger next = Ledgers.next(operator.clusterLedger, operator.tasks);
                if (operator.clusterVersion == server.resourceVersion) {
                    server.ledger = next;
                    server.resourceVersion++;
                    operator.clusterLedger = Copies.deep(next);
                    operator.clusterVersion = server.resourceVersion;
                }
            } else if (action < 80) {
                // the Task controller's cleanup of a deleted Task, deciding from its cluster cache
                Task task = pick(random, server, t -> t.getMetadata().getDeletionTimestamp() != null);
                if (task != null) {
                    DeletionHold.Decision decision = DeletionHold.decide(task, cluster(operator), () -> null, () -> false,
                            PRICES, T0.plusSeconds(step + 10));
                    if (decision instanceof DeletionHold.RecordUsage record) {
                        task.setStatus(record.status());
                        expected = expected.add(new BigDecimal(record.status().usage.cost));
                        metered++;
                    } else if (decision instanceof DeletionHold.Release) {
                        server.tasks.remove(task.getMetadata().getUid());
                    }
                }
            } else if (action < 86) {
                // the Cluster controller writes its counts, keeping the ledger the server has (StatusWriter's keep):
                // the usage controller's next write on its older copy conflicts
                server.resourceVersion++;
            } else if (action < 95) {
                // an informer catches up with some of what happened
                if (random.nextBoolean()) {
                    operator.tasks = server.tasks.values().stream().map(Copies::deep).toList();
                } else {
                    operator.clusterLedger = Copies.deep(server.ledger);
                    operator.clusterVersion = server.resourceVersion;
                }
            } else {
                // SIGKILL, then a restart (or another replica taking the lease): fresh caches
                operator = new Process();
                operator.sync(server);
            }
            assertExact(server, expected, metered, seed, step);
        }
        // then everything is deleted (TTLs) and the operator runs undisturbed until every task is gone
        for (int round = 0; round < 5 && !server.tasks.isEmpty(); round++) {
            server.tasks.values().forEach(t -> t.getMetadata().setDeletionTimestamp(T0.toString()));
            operator.sync(server);
            server.ledger = Ledgers.next(operator.clusterLedger, operator.tasks);
            server.resourceVersion++;
            operator.sync(server);
            for (Task task : new ArrayList<>(server.tasks.values())) {
                DeletionHold.Decision decision = DeletionHold.decide(task, cluster(operator), () -> null, () -> false,
                        PRICES, T0.plusSeconds(10_000));
                if (decision instanceof DeletionHold.RecordUsage record) {
                    task.setStatus(record.status());
                    expected = expected.add(new BigDecimal(record.status().usage.cost));
                    metered++;
                } else if (decision instanceof DeletionHold.Release) {
                    server.tasks.remove(task.getMetadata().getUid());
                }
            }
            assertExact(server, expected, metered, seed, -round);
        }
        assertThat(server.tasks).as("seed %d: every deleted task went", seed).isEmpty();
        server.ledger = Ledgers.next(server.ledger, List.of());
        assertThat(server.ledger.countedTasks).isEmpty();
        assertThat(new BigDecimal(server.ledger.deleted.cost)).as("seed %d", seed).isEqualByComparingTo(expected);
        assertThat(server.ledger.deleted.tasks).isEqualTo(metered);
    }

    private static void assertExact(Server server, BigDecimal expected, long metered, long seed, int step) {
        var totals = Ledgers.clusterTotals(server.ledger, List.copyOf(server.tasks.values()), UsageRollupTest::meterOf,
                PRICES, T0);
        assertThat(new BigDecimal(totals.cost)).as("seed %d step %d: cost", seed, step).isEqualByComparingTo(expected);
        assertThat(totals.stopped.tasks).as("seed %d step %d: tasks", seed, step).isEqualTo(metered);
    }

    private static Cluster cluster(Process operator) {
        Cluster cluster = new Cluster();
        cluster.setMetadata(new ObjectMetaBuilder().withName("default").withNamespace("team-a").build());
        cluster.setStatus(new ClusterStatus());
        cluster.getStatus().usageLedger = Copies.deep(operator.clusterLedger);
        return cluster;
    }

    private static Task pick(Random random, Server server, java.util.function.Predicate<Task> which) {
        List<Task> candidates = server.tasks.values().stream().filter(which).toList();
        return candidates.isEmpty() ? null : candidates.get(random.nextInt(candidates.size()));
    }
}
