package dev.berth.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.berth.batch.QueueAdmission.Demand;
import dev.berth.batch.QueueAdmission.Grant;
import dev.berth.fuzz.SeededCases;

/**
 * {@link QueueAdmission#admit} on random budgets, holdings and waiting jobs (sizes from 1 CPU unit to more than a whole
 * budget, budgets up to the CRD's 1,000,000 vCPUs): no compute environment is given more than its budget leaves free,
 * no job more attempts than it has waiting, and a job left waiting where it could run is never overtaken there by a
 * job served after it.
 */
class QueueAdmissionPropertyTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final int[] UNITS = { 1, 256, 512, 1024, 2048, 4096, 16 * 1024, 1_000_000 * VcpuUnits.PER_VCPU };

    @Test
    void grantsNeverExceedTheBudgetOrTheWaitingAttemptsAndNeverJumpTheLine() {
        int[] granted = new int[1];
        int cases = SeededCases.check("queue admission on random demands", 1000, random -> {
            List<ComputeEnvironment> environments = new ArrayList<>();
            Map<ComputeEnvironment, Integer> budgets = new HashMap<>();
            Map<ComputeEnvironment, Integer> inUse = new HashMap<>();
            for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
                ComputeEnvironment ce = new ComputeEnvironment("c" + random.nextInt(2), "cp" + i);
                environments.add(ce);
                int maxvCpus = random.nextInt(5) == 0 ? 1 + random.nextInt(1_000_000) : 1 + random.nextInt(16);
                budgets.put(ce, QueueAdmission.budgets(Map.of(ce, List.of(maxvCpus))).get(ce));
                inUse.put(ce, random.nextInt(3) == 0 ? 0 : random.nextInt(budgets.get(ce) + 2048));
            }
            List<Demand> demands = new ArrayList<>();
            for (int j = 0, n = random.nextInt(8); j < n; j++) {
                List<ComputeEnvironment> order = new ArrayList<>(environments);
                java.util.Collections.shuffle(order, random);
                demands.add(new Demand("job-" + j, random.nextInt(3), T0.plusSeconds(random.nextInt(5)),
                        order.subList(0, 1 + random.nextInt(order.size())),
                        random.nextInt(10) == 0 ? random.nextInt(3) - 1 : UNITS[random.nextInt(UNITS.length)],
                        random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(random.nextBoolean() ? 10 : 10_000)));
            }

            Map<String, List<Grant>> grants = QueueAdmission.admit(budgets, inUse, demands);

            String input = "budgets " + budgets + ", in use " + inUse + ", demands " + demands + " -> " + grants;
            Map<ComputeEnvironment, Long> taken = new HashMap<>();
            for (Demand demand : demands) {
                List<Grant> mine = grants.getOrDefault(demand.job(), List.of());
                assertThat(mine.stream().mapToLong(Grant::count).sum()).as("attempts granted to %s: %s", demand.job(), input)
                        .isLessThanOrEqualTo(demand.runnable());
                for (Grant grant : mine) {
                    assertThat(grant.count()).as("grant count: %s", input).isPositive();
                    assertThat(demand.environments()).as("grant outside the job's queue: %s", input)
                            .contains(grant.environment());
                    taken.merge(grant.environment(), (long) grant.count() * demand.unitsPerAttempt(), Long::sum);
                }
                granted[0] += mine.size();
            }
            taken.forEach((ce, units) -> assertThat(units).as("units granted in %s: %s", ce, input)
                    .isLessThanOrEqualTo(Math.max(0L, (long) budgets.get(ce) - inUse.get(ce))));
            checkNobodyJumpsTheLine(budgets, demands, grants, input);
        });
        if (cases >= 100) {
            assertThat(granted[0]).as("grants over the run").isGreaterThan(cases / 2);
        }
    }

    /** A job still waiting after admission blocks every compute environment that could ever hold one of its attempts. */
    private static void checkNobodyJumpsTheLine(Map<ComputeEnvironment, Integer> budgets, List<Demand> demands,
            Map<String, List<Grant>> grants, String input) {
        List<Demand> served = demands.stream().sorted(Comparator.comparingInt(Demand::priority).reversed()
                .thenComparing(Demand::submittedAt).thenComparing(Demand::job)).toList();
        for (int i = 0; i < served.size(); i++) {
            Demand head = served.get(i);
            long waiting = head.runnable() - grants.getOrDefault(head.job(), List.of()).stream().mapToLong(Grant::count).sum();
            if (waiting == 0 || head.unitsPerAttempt() <= 0) {
                continue;
            }
            for (ComputeEnvironment ce : head.environments()) {
                if (budgets.getOrDefault(ce, 0) < head.unitsPerAttempt()) {
                    continue;
                }
                for (Demand later : served.subList(i + 1, served.size())) {
                    assertThat(grants.getOrDefault(later.job(), List.of())).as(
                            "%s was granted in %s while %s waited there before it: %s", later.job(), ce, head.job(), input)
                            .noneMatch(g -> g.environment().equals(ce));
                }
            }
        }
    }
}
