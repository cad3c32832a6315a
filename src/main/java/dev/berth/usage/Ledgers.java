package dev.berth.usage;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.UsageFigures;
import dev.berth.api.v1alpha1.UsageLedger;
import dev.berth.api.v1alpha1.UsageTotals;

/**
 * The Cluster's usage ledger and the Service and Cluster usage totals (pure). A stopped task counts with its final
 * usage while it exists; when it is deleted its usage moves into the ledger, with its uid in the same write, and the
 * task waits for that before it goes (see {@link DeletionHold}). At every moment each task is counted in exactly one
 * place: in the ledger if its uid is counted there, else as a present task.
 */
public final class Ledgers {

    /** At most this many uids in countedTasks (a mass delete is folded over several writes, not in one huge object). */
    public static final int MAX_COUNTED = 5000;

    private Ledgers() {
    }

    /**
     * The ledger after the tasks of a cluster as the cache shows them: deleted tasks with a final usage not counted yet
     * are added (in uid order, up to {@link #MAX_COUNTED} uids), and uids of tasks that are gone are dropped.
     */
    public static UsageLedger next(UsageLedger previous, Collection<Task> tasks) {
        UsageLedger was = previous == null ? new UsageLedger() : previous;
        Set<String> present = new HashSet<>();
        tasks.forEach(t -> present.add(t.getMetadata().getUid()));
        Set<String> before = countedSet(was);
        Set<String> counted = new LinkedHashSet<>();
        if (was.countedTasks != null) {
            was.countedTasks.stream().filter(present::contains).forEach(counted::add);
        }
        UsageRollup.Stopped deleted = figures(was.deleted);
        Map<String, UsageRollup.Stopped> byService = new TreeMap<>();
        if (was.deletedByService != null) {
            was.deletedByService.forEach(s -> byService.put(s.service, figures(s)));
        }
        List<Task> due = tasks.stream().filter(t -> t.getMetadata().getDeletionTimestamp() != null)
                .filter(t -> t.getStatus() != null && t.getStatus().usage != null)
                .filter(t -> t.getMetadata().getUid() != null && !before.contains(t.getMetadata().getUid()))
                .sorted(Comparator.comparing(t -> t.getMetadata().getUid())).toList();
        for (Task task : due) {
            if (counted.size() >= MAX_COUNTED) {
                break;
            }
            UsageRollup.Stopped one = UsageRollup.Stopped.of(task.getStatus().usage);
            deleted = deleted.plus(one);
            String service = UsageKey.of(task).service();
            if (!service.isEmpty()) {
                byService.merge(service, one, UsageRollup.Stopped::plus);
            }
            counted.add(task.getMetadata().getUid());
        }
        UsageLedger next = new UsageLedger();
        next.deleted = figures(deleted);
        next.deletedByService = new ArrayList<>();
        byService.forEach((service, figures) -> {
            UsageLedger.ServiceUsageFigures entry = new UsageLedger.ServiceUsageFigures();
            copy(figures(figures), entry);
            entry.service = service;
            next.deletedByService.add(entry);
        });
        next.countedTasks = List.copyOf(counted);
        return next;
    }

    /** Whether a task's usage is in the ledger. */
    public static boolean counted(UsageLedger ledger, String uid) {
        return uid != null && ledger != null && ledger.countedTasks != null && ledger.countedTasks.contains(uid);
    }

    /** The Cluster's totals: its ledger plus its present tasks not counted there. */
    public static UsageTotals clusterTotals(UsageLedger ledger, Collection<Task> tasks, Function<Task, MeteredTask> meter,
            PriceTable prices, Instant now) {
        return totals(figures(ledger == null ? null : ledger.deleted), tasks, uncounted(ledger), meter, prices, now);
    }

    /** A Service's totals: its share of its cluster's ledger plus its present tasks not counted there. */
    public static UsageTotals serviceTotals(String service, UsageLedger ledger, Collection<Task> tasks,
            Function<Task, MeteredTask> meter, PriceTable prices, Instant now) {
        UsageFigures share = ledger == null || ledger.deletedByService == null ? null
                : ledger.deletedByService.stream().filter(s -> service.equals(s.service)).findFirst().orElse(null);
        return totals(figures(share), tasks, uncounted(ledger), meter, prices, now);
    }

    private static Predicate<Task> uncounted(UsageLedger ledger) {
        Set<String> counted = countedSet(ledger);
        return t -> !counted.contains(t.getMetadata().getUid());
    }

    private static Set<String> countedSet(UsageLedger ledger) {
        return ledger == null || ledger.countedTasks == null ? new HashSet<>() : new HashSet<>(ledger.countedTasks);
    }

    private static UsageTotals totals(UsageRollup.Stopped deleted, Collection<Task> tasks, Predicate<Task> uncounted,
            Function<Task, MeteredTask> meter, PriceTable prices, Instant now) {
        List<Task> present = tasks.stream().filter(uncounted).toList();
        UsageRollup.Stopped stopped = UsageRollup.stopped(present).values().stream().reduce(deleted,
                UsageRollup.Stopped::plus);
        UsageRollup.Running running = UsageRollup.running(present, meter, prices, now).values().stream()
                .reduce(UsageRollup.Running.NONE, UsageRollup.Running::plus);
        UsageTotals totals = new UsageTotals();
        totals.cost = stopped.cost().setScale(Meter.COST_SCALE, RoundingMode.HALF_UP).toPlainString();
        totals.costPerHour = running.costPerHour().setScale(Meter.COST_SCALE, RoundingMode.HALF_UP)
                .toPlainString();
        totals.currency = prices.currency();
        totals.region = prices.region();
        totals.runningTasks = running.tasks();
        totals.runningVcpus = Meter.plain(running.vcpus());
        totals.runningMemoryGB = Meter.plain(running.memoryGB());
        totals.stopped = figures(stopped);
        return totals;
    }

    static UsageRollup.Stopped figures(UsageFigures figures) {
        if (figures == null) {
            return UsageRollup.Stopped.NONE;
        }
        return new UsageRollup.Stopped(Objects.requireNonNullElse(figures.tasks, 0L),
                Objects.requireNonNullElse(figures.billedSeconds, 0L), decimal(figures.vcpuSeconds),
                decimal(figures.gbSeconds), decimal(figures.extraStorageGBSeconds), decimal(figures.cost));
    }

    static UsageFigures figures(UsageRollup.Stopped stopped) {
        UsageFigures figures = new UsageFigures();
        figures.tasks = stopped.tasks();
        figures.billedSeconds = stopped.billedSeconds();
        figures.vcpuSeconds = Meter.plain(stopped.vcpuSeconds());
        figures.gbSeconds = Meter.plain(stopped.gbSeconds());
        figures.extraStorageGBSeconds = Meter.plain(stopped.extraStorageGBSeconds());
        figures.cost = stopped.cost().setScale(Meter.COST_SCALE, RoundingMode.HALF_UP).toPlainString();
        return figures;
    }

    private static void copy(UsageFigures from, UsageFigures to) {
        to.tasks = from.tasks;
        to.billedSeconds = from.billedSeconds;
        to.vcpuSeconds = from.vcpuSeconds;
        to.gbSeconds = from.gbSeconds;
        to.extraStorageGBSeconds = from.extraStorageGBSeconds;
        to.cost = from.cost;
    }

    private static BigDecimal decimal(String value) {
        return value == null ? BigDecimal.ZERO : new BigDecimal(value);
    }

}
