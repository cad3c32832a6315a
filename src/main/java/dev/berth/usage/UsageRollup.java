package dev.berth.usage;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

import dev.berth.api.v1alpha1.LastStatus;
import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskStatus;
import dev.berth.api.v1alpha1.TaskUsage;

/**
 * Sums usage over tasks (pure). Stopped tasks count with their final, recorded usage; running ones (billed since
 * their pull started, not stopped) with their reservation, burn rate and what they have cost so far, computed here
 * and never written: thousands of running tasks add no write load.
 */
public final class UsageRollup {

    private UsageRollup() {
    }

    /**
     * What is being billed now, in one group.
     *
     * @param tasks running tasks being billed
     * @param vcpus vCPUs they reserve
     * @param memoryGB GB of memory they reserve
     * @param costPerHour their burn rate
     * @param cost what they have cost so far, as their final usage would say if they stopped now
     */
    public record Running(long tasks, BigDecimal vcpus, BigDecimal memoryGB, BigDecimal costPerHour, BigDecimal cost) {

        public static final Running NONE = new Running(0, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
                BigDecimal.ZERO);

        Running plus(Running other) {
            return new Running(tasks + other.tasks, vcpus.add(other.vcpus), memoryGB.add(other.memoryGB),
                    costPerHour.add(other.costPerHour), cost.add(other.cost));
        }
    }

    /**
     * Final usage summed.
     *
     * @param tasks stopped tasks counted
     * @param billedSeconds their billed seconds
     */
    public record Stopped(long tasks, long billedSeconds, BigDecimal vcpuSeconds, BigDecimal gbSeconds,
            BigDecimal extraStorageGBSeconds, BigDecimal cost) {

        public static final Stopped NONE = new Stopped(0, 0, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
                BigDecimal.ZERO);

        public static Stopped of(TaskUsage usage) {
            return new Stopped(1, usage.billedSeconds == null ? 0 : usage.billedSeconds, decimal(usage.vcpuSeconds),
                    decimal(usage.gbSeconds), decimal(usage.extraStorageGBSeconds), decimal(usage.cost));
        }

        public Stopped plus(Stopped other) {
            return new Stopped(tasks + other.tasks, billedSeconds + other.billedSeconds,
                    vcpuSeconds.add(other.vcpuSeconds), gbSeconds.add(other.gbSeconds),
                    extraStorageGBSeconds.add(other.extraStorageGBSeconds), cost.add(other.cost));
        }
    }

    /**
     * The running tasks among {@code tasks}, grouped.
     *
     * @param meter a task's billing facts (its definition and spot flag come from the caches)
     */
    public static Map<UsageKey, Running> running(Collection<Task> tasks, Function<Task, MeteredTask> meter,
            PriceTable prices, Instant now) {
        Map<UsageKey, Running> groups = new TreeMap<>(UsageRollup::compare);
        for (Task task : tasks) {
            if (!billedNow(task.getStatus())) {
                continue;
            }
            MeteredTask metered = meter.apply(task);
            if (metered.billedFrom().isEmpty()) {
                continue;
            }
            Running one = new Running(1, metered.vcpu(), metered.memoryGB(), Meter.hourlyRate(metered, prices),
                    Meter.costUntil(metered, now, prices));
            groups.merge(UsageKey.of(task), one, Running::plus);
        }
        return groups;
    }

    /** The final usage of the stopped tasks among {@code tasks}, grouped. */
    public static Map<UsageKey, Stopped> stopped(Collection<Task> tasks) {
        Map<UsageKey, Stopped> groups = new TreeMap<>(UsageRollup::compare);
        for (Task task : tasks) {
            Optional.ofNullable(task.getStatus()).map(s -> s.usage)
                    .ifPresent(usage -> groups.merge(UsageKey.of(task), Stopped.of(usage), Stopped::plus));
        }
        return groups;
    }

    /** A task is billed from when it got a Pod until it stops; its final usage then takes over. */
    static boolean billedNow(TaskStatus status) {
        return status != null && status.usage == null && status.podName != null
                && status.lastStatus != LastStatus.STOPPED;
    }

    private static BigDecimal decimal(String value) {
        return value == null ? BigDecimal.ZERO : new BigDecimal(value);
    }

    private static int compare(UsageKey a, UsageKey b) {
        return a.toString().compareTo(b.toString());
    }
}
