package dev.berth.usage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

import jakarta.inject.Singleton;

import dev.berth.api.v1alpha1.Task;
import dev.berth.api.v1alpha1.TaskUsage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * Usage in /q/metrics, labelled namespace, cluster, service, family and capacity_provider (cost also currency).
 * Counters ({@code berth_task_*_total}) add each task's final usage when this operator writes it, so Prometheus keeps
 * it after the Task's TTL. Gauges ({@code berth_running_*}) describe what runs now, computed from the Task cache when
 * scraped (at most once a second), so running tasks cost no status writes.
 */
@Singleton
public class UsageMetrics {

    private static final Duration SNAPSHOT_MAX_AGE = Duration.ofSeconds(1);

    private final MeterRegistry registry;
    private final Clock clock;
    private final PriceTable prices;
    private final Set<UsageKey> gauged = ConcurrentHashMap.newKeySet();
    private volatile Supplier<Collection<Task>> tasks = List::of;
    private volatile Snapshot snapshot = new Snapshot(Instant.MIN, Map.of());

    private record Snapshot(Instant at, Map<UsageKey, UsageRollup.Running> running) {
    }

    private final TaskMeters meters;

    public UsageMetrics(MeterRegistry registry, Clock clock, PriceTable prices, TaskMeters meters) {
        this.registry = registry;
        this.clock = clock;
        this.prices = prices;
        this.meters = meters;
    }

    /** The Tasks the gauges are computed from (the Task controller's cache). */
    public void watch(Supplier<Collection<Task>> taskCache) {
        this.tasks = taskCache;
    }

    /**
     * After a Task's status write: counts its final usage when that write recorded it ({@code metered}), and makes sure
     * the gauges of its group exist once it is billed.
     */
    public void recorded(Task written, boolean metered) {
        UsageKey key = UsageKey.of(written);
        if (metered) {
            count(key, written.getStatus().usage);
        }
        if (UsageRollup.billedNow(written.getStatus()) && gauged.add(key)) {
            gauges(key);
        }
    }

    private void count(UsageKey key, TaskUsage usage) {
        Tags tags = tags(key);
        UsageRollup.Stopped figures = UsageRollup.Stopped.of(usage);
        counter("berth.task.stops", "Tasks whose final usage was recorded", tags).increment();
        counter("berth.task.billed.seconds", "Seconds billed to stopped tasks (Fargate rules)", tags)
                .increment(figures.billedSeconds());
        counter("berth.task.vcpu.seconds", "vCPU-seconds billed to stopped tasks", tags)
                .increment(figures.vcpuSeconds().doubleValue());
        counter("berth.task.memory.gb.seconds", "GB-seconds of memory billed to stopped tasks", tags)
                .increment(figures.gbSeconds().doubleValue());
        counter("berth.task.extra.storage.gb.seconds", "GB-seconds of ephemeral storage above 20 GB billed to stopped tasks",
                tags).increment(figures.extraStorageGBSeconds().doubleValue());
        counter("berth.task.cost", "Estimated cost of stopped tasks, in the currency label's unit",
                tags.and("currency", usage.currency)).increment(figures.cost().doubleValue());
    }

    private Counter counter(String name, String help, Tags tags) {
        return Counter.builder(name).description(help).tags(tags).register(registry);
    }

    private void gauges(UsageKey key) {
        Tags tags = tags(key);
        Tags money = tags.and("currency", prices.currency());
        gauge("berth.running.tasks", "Tasks being billed now", tags, key, r -> r.tasks());
        gauge("berth.running.vcpus", "vCPUs reserved by the tasks running now", tags, key, r -> r.vcpus().doubleValue());
        gauge("berth.running.memory.gb", "GB of memory reserved by the tasks running now", tags, key,
                r -> r.memoryGB().doubleValue());
        gauge("berth.running.cost.per.hour", "Burn rate: what the tasks running now cost per hour", money, key,
                r -> r.costPerHour().doubleValue());
        gauge("berth.running.cost", "What the tasks running now have cost so far (minimum charge included)", money, key,
                r -> r.cost().doubleValue());
    }

    private void gauge(String name, String help, Tags tags, UsageKey key, ToDoubleFunction<UsageRollup.Running> value) {
        Gauge.builder(name, this, self -> value.applyAsDouble(self.running(key))).description(help).tags(tags)
                .register(registry);
    }

    /** What runs now in a group: 0 once nothing does (the series stays, at zero). */
    UsageRollup.Running running(UsageKey key) {
        Instant now = clock.instant();
        Snapshot current = snapshot;
        if (Duration.between(current.at(), now).compareTo(SNAPSHOT_MAX_AGE) > 0 || current.at().isAfter(now)) {
            current = new Snapshot(now, UsageRollup.running(tasks.get(), meters::of, prices, now));
            snapshot = current;
        }
        return current.running().getOrDefault(key, UsageRollup.Running.NONE);
    }

    private static Tags tags(UsageKey key) {
        return Tags.of("namespace", key.namespace(), "cluster", key.cluster(), "service", key.service(), "family",
                key.family(), "capacity_provider", key.capacityProvider());
    }

}
