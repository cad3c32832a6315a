package dev.berth.batch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which RUNNABLE attempts may start now, as AWS Batch's scheduler admits them: each compute environment holds at most
 * its maxvCpus; jobs of higher-priority queues are served first, then, within a priority, first in first out. A job
 * that does not fit whole blocks the jobs behind it in that compute environment (no back-filling by smaller jobs),
 * so a large job is never starved. Pure: the caller gives the budgets, what runs, and who waits.
 */
final class QueueAdmission {

    /**
     * A job with attempts waiting for capacity.
     *
     * @param job the job's name; @param priority its queue's priority; @param submittedAt its createdAt
     * @param environments its queue's compute environments, in order; @param unitsPerAttempt CPU units of one attempt
     * @param runnable attempts waiting
     */
    record Demand(String job, int priority, Instant submittedAt, List<ComputeEnvironment> environments, int unitsPerAttempt,
            int runnable) {
    }

    /** Attempts of one job allowed to start in one compute environment. */
    record Grant(ComputeEnvironment environment, int count) {
    }

    private static final Comparator<Demand> SERVICE_ORDER = Comparator.comparingInt(Demand::priority).reversed()
            .thenComparing(Demand::submittedAt).thenComparing(Demand::job);

    private QueueAdmission() {
    }

    /**
     * @param budgets CPU units each compute environment may hold; @param inUse CPU units held by attempts not yet
     *        STOPPED; @param demands the waiting jobs, in any order
     * @return the grants of each job, in its compute environment order (jobs granted nothing are absent)
     */
    static Map<String, List<Grant>> admit(Map<ComputeEnvironment, Integer> budgets, Map<ComputeEnvironment, Integer> inUse,
            List<Demand> demands) {
        Map<ComputeEnvironment, Integer> free = new HashMap<>();
        budgets.forEach((ce, budget) -> free.put(ce, Math.max(0, budget - inUse.getOrDefault(ce, 0))));
        Set<ComputeEnvironment> blocked = new HashSet<>();
        Map<String, List<Grant>> grants = new LinkedHashMap<>();
        for (Demand demand : demands.stream().sorted(SERVICE_ORDER).toList()) {
            int waiting = demand.runnable();
            for (ComputeEnvironment ce : demand.environments()) {
                if (waiting == 0 || demand.unitsPerAttempt() <= 0) {
                    break;
                }
                if (blocked.contains(ce) || !free.containsKey(ce)) {
                    continue;
                }
                int fits = Math.min(waiting, free.get(ce) / demand.unitsPerAttempt());
                if (fits > 0) {
                    grants.computeIfAbsent(demand.job(), j -> new ArrayList<>()).add(new Grant(ce, fits));
                    free.merge(ce, -fits * demand.unitsPerAttempt(), Integer::sum);
                    waiting -= fits;
                }
            }
            if (waiting > 0) {
                // head of the line: later jobs wait behind it wherever it could ever run (a job too large for a
                // compute environment blocks nothing there; it is reported, not waited for)
                demand.environments().stream().filter(ce -> budgets.getOrDefault(ce, 0) >= demand.unitsPerAttempt())
                        .forEach(blocked::add);
            }
        }
        return grants;
    }

    /** Queues naming the same compute environment share one budget: the smallest maxvCpus any of them gives. */
    static Map<ComputeEnvironment, Integer> budgets(Map<ComputeEnvironment, List<Integer>> maxvCpusByQueue) {
        Map<ComputeEnvironment, Integer> budgets = new HashMap<>();
        maxvCpusByQueue.forEach((ce, values) -> values.stream().mapToInt(Integer::intValue).min()
                .ifPresent(min -> budgets.put(ce, min * VcpuUnits.PER_VCPU)));
        return budgets;
    }
}
