package dev.berth.usage;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import dev.berth.api.v1alpha1.Service;
import dev.berth.api.v1alpha1.ServiceRightSizingStatus;
import dev.berth.api.v1alpha1.Task;
import dev.berth.autoscaling.ResourceMetricsReader;
import dev.berth.config.BerthConfig;
import dev.berth.taskdef.TaskSize;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * Right-sizing's adapter around its pure core ({@link RightSizing}): keeps each Service's task samples in memory
 * ({@link UsageWindow}, lost on restart), adds what the Service controller read from metrics.k8s.io, and returns the
 * report for status.rightSizing — a new one only when the recommendation changes, so sampling costs no status writes.
 * The live figures are gauges ({@code berth_service_*}), labelled namespace, cluster and service. Only the Service
 * controller's metrics timer calls it (one thread), on the leader.
 */
@Singleton
public class RightSizer {

    private final BerthConfig.RightSizingSettings settings;
    private final PriceTable prices;
    private final TaskMeters meters;
    private final Clock clock;
    private final MeterRegistry registry;
    /** Per Service namespace/name (the labels of its gauges); a Service created again under its name starts over. */
    private final Map<String, Tracked> tracked = new ConcurrentHashMap<>();

    /**
     * What right-sizing keeps of one Service: the window of its current task size (a new size starts a new window),
     * when it was last sampled, its latest figures and its gauges. Written by the timer thread only.
     */
    private static final class Tracked {
        String uid;
        TaskSize size;
        UsageWindow window;
        Instant sampledAt;
        volatile Figures figures = Figures.NONE;
        final List<Meter> gauges = new ArrayList<>();
    }

    /** The live figures the gauges show, per task (vCPU, GB), and the saving for the whole service. */
    private record Figures(double cpuP95, double cpuPeak, double cpuReserved, double memoryP95GB, double memoryPeakGB,
            double memoryReservedGB, double monthlySaving, int samples) {
        static final Figures NONE = new Figures(0, 0, 0, 0, 0, 0, 0, 0);
    }

    @Inject
    public RightSizer(BerthConfig config, PriceTable prices, TaskMeters meters, Clock clock, MeterRegistry registry) {
        this(config.rightSizing(), prices, meters, clock, registry);
    }

    RightSizer(BerthConfig.RightSizingSettings settings, PriceTable prices, TaskMeters meters, Clock clock,
            MeterRegistry registry) {
        this.settings = settings;
        this.prices = prices;
        this.meters = meters;
        this.clock = clock;
        this.registry = registry;
        if (settings.headroom().signum() < 0) {
            throw new IllegalArgumentException(
                    "berth.right-sizing.headroom must be a fraction of at least 0 (0.2 is 20 %), got " + settings.headroom());
        }
        if (settings.maxSamples() < 1 || settings.minSamples() < 1) {
            throw new IllegalArgumentException("berth.right-sizing.min-samples and max-samples must be at least 1, got "
                    + settings.minSamples() + " and " + settings.maxSamples());
        }
    }

    public boolean enabled() {
        return settings.enabled();
    }

    /** Whether the Service's tasks are due for a sample (never sampled, or sampled a sample-interval ago). */
    public boolean due(Service service) {
        Tracked t = tracked.get(key(service));
        return t == null || !t.uid.equals(service.getMetadata().getUid()) || t.sampledAt == null
                || !t.sampledAt.plus(settings.sampleInterval()).isAfter(clock.instant());
    }

    /**
     * Adds the usage of the Service's RUNNING tasks to its window and returns the report for status.rightSizing:
     * {@code recorded} itself unless the recommendation changed (state, size, or recommended size).
     *
     * @param running the Service's RUNNING tasks (their size, and the prices they are charged at)
     * @param usage what the Service controller read from metrics.k8s.io for them
     * @param recorded the report in the Service's status, or null
     */
    public ServiceRightSizingStatus sample(Service service, List<Task> running, ResourceMetricsReader.Usage usage,
            ServiceRightSizingStatus recorded) {
        Instant now = clock.instant();
        TaskSize size = commonSize(running);
        Tracked t = tracked.computeIfAbsent(key(service), k -> register(service, new Tracked(), k));
        if (!service.getMetadata().getUid().equals(t.uid)) {
            t.uid = service.getMetadata().getUid();
            t.size = null;
        }
        t.sampledAt = now;
        if (size == null) {
            return recorded;
        }
        if (!size.equals(t.size)) {
            t.size = size;
            t.window = new UsageWindow(settings.maxSamples());
        }
        Set<String> ofThisSize = running.stream().filter(task -> size.equals(size(task)))
                .map(task -> task.getMetadata().getName()).collect(Collectors.toSet());
        for (ResourceMetricsReader.TaskMeasurement m : usage.measured()) {
            if (ofThisSize.contains(m.task())) {
                t.window.add(m.task(), m.timestamp(), m.cpuVcpu(), m.memoryMiB());
            }
        }
        t.window.retainTasks(ofThisSize);
        UsageWindow.Samples samples = t.window.within(now, settings.window());
        Task priced = running.stream().filter(task -> size.equals(size(task)))
                .min(Comparator.comparing(task -> task.getMetadata().getName())).orElseThrow();
        MeteredTask metered = meters.of(priced);
        Rates rates = prices.ratesFor(metered.platform(), metered.capacityProvider(), metered.spot()).rates();
        RightSizing.Result result = RightSizing.recommend(new RightSizing.Input(size, samples.cpuVcpu(),
                samples.memoryMiB(), settings.headroom(), settings.minSamples(), rates, running.size()));
        t.figures = new Figures(result.cpu().p95(), result.cpu().peak(), size.cpuUnits() / 1024.0,
                result.memory().p95() / 1024.0, result.memory().peak() / 1024.0, size.memoryMiB() / 1024.0,
                result.monthlySaving().doubleValue(), result.samples());
        return unchanged(recorded, size, result) ? recorded : report(size, result, samples, now);
    }

    /**
     * The recommendation has not changed: same state, size and recommended size. While samples are too few (after a
     * restart, or a new size), a recorded recommendation for the same size stays.
     */
    private static boolean unchanged(ServiceRightSizingStatus recorded, TaskSize size, RightSizing.Result result) {
        if (recorded == null || !Objects.equals(recorded.cpu, size.cpuUnits())
                || !Objects.equals(recorded.memory, size.memoryMiB())) {
            return false;
        }
        if (result.state() == RightSizing.State.TooFewSamples) {
            return true;
        }
        return result.state().name().equals(recorded.state)
                && Objects.equals(recorded.recommendedCpu, result.recommended().map(TaskSize::cpuUnits).orElse(null))
                && Objects.equals(recorded.recommendedMemory, result.recommended().map(TaskSize::memoryMiB).orElse(null));
    }

    private ServiceRightSizingStatus report(TaskSize size, RightSizing.Result result, UsageWindow.Samples samples,
            Instant now) {
        ServiceRightSizingStatus s = new ServiceRightSizingStatus();
        s.state = result.state().name();
        s.message = result.message(size, settings.headroom(), prices.currency());
        s.cpu = size.cpuUnits();
        s.memory = size.memoryMiB();
        s.recommendedCpu = result.recommended().map(TaskSize::cpuUnits).orElse(null);
        s.recommendedMemory = result.recommended().map(TaskSize::memoryMiB).orElse(null);
        if (result.samples() > 0) {
            s.cpuP95Vcpu = RightSizing.vcpu(result.cpu().p95());
            s.cpuPeakVcpu = RightSizing.vcpu(result.cpu().peak());
            s.memoryP95MiB = (int) Math.round(result.memory().p95());
            s.memoryPeakMiB = (int) Math.round(result.memory().peak());
        }
        s.headroomPercent = settings.headroom().multiply(BigDecimal.valueOf(100)).stripTrailingZeros().toPlainString();
        if (result.state() == RightSizing.State.Recommended) {
            s.monthlySaving = result.monthlySaving().toPlainString();
            s.monthlySavingPerTask = result.monthlySavingPerTask().toPlainString();
            s.currency = prices.currency();
        }
        s.windowSeconds = settings.window().toSeconds();
        s.samples = result.samples();
        s.since = samples.since().map(Instant::toString).orElse(null);
        s.evaluatedAt = now.toString();
        return s;
    }

    /** Forgets the Services that are gone (their windows and gauges). */
    public void retain(Set<String> uids) {
        tracked.entrySet().removeIf(e -> {
            if (uids.contains(e.getValue().uid)) {
                return false;
            }
            e.getValue().gauges.forEach(registry::remove);
            return true;
        });
    }

    /** The size most of the running tasks have (a deployment may run two), or null with none. */
    private static TaskSize commonSize(List<Task> running) {
        return running.stream().map(RightSizer::size).filter(Objects::nonNull)
                .collect(Collectors.groupingBy(s -> s, Collectors.counting())).entrySet().stream()
                .max(Map.Entry.<TaskSize, Long> comparingByValue()
                        .thenComparing(e -> e.getKey().cpuUnits()).thenComparing(e -> e.getKey().memoryMiB()))
                .map(Map.Entry::getKey).orElse(null);
    }

    private static TaskSize size(Task task) {
        try {
            int cpu = Integer.parseInt(task.getStatus().cpu.trim());
            int memory = Integer.parseInt(task.getStatus().memory.trim());
            return cpu > 0 && memory > 0 ? new TaskSize(cpu, memory) : null;
        } catch (RuntimeException e) {
            return null; // no size reported (yet): nothing to measure against
        }
    }

    private static String key(Service service) {
        return service.getMetadata().getNamespace() + "/" + service.getMetadata().getName();
    }

    private Tracked register(Service service, Tracked t, String key) {
        Tags tags = Tags.of("namespace", service.getMetadata().getNamespace(), "cluster",
                Objects.requireNonNullElse(service.getSpec().cluster, ""), "service", service.getMetadata().getName());
        gauge(t, "berth.service.cpu.used.vcpu", "CPU one task of the service used over the right-sizing window",
                tags.and("statistic", "p95"), key, Figures::cpuP95);
        gauge(t, "berth.service.cpu.used.vcpu", "CPU one task of the service used over the right-sizing window",
                tags.and("statistic", "peak"), key, Figures::cpuPeak);
        gauge(t, "berth.service.cpu.reserved.vcpu", "CPU one task of the service reserves", tags, key,
                Figures::cpuReserved);
        gauge(t, "berth.service.memory.used.gb", "Memory one task of the service used over the right-sizing window",
                tags.and("statistic", "p95"), key, Figures::memoryP95GB);
        gauge(t, "berth.service.memory.used.gb", "Memory one task of the service used over the right-sizing window",
                tags.and("statistic", "peak"), key, Figures::memoryPeakGB);
        gauge(t, "berth.service.memory.reserved.gb", "Memory one task of the service reserves", tags, key,
                Figures::memoryReservedGB);
        gauge(t, "berth.service.right.sizing.monthly.saving",
                "What the right-sizing recommendation saves a month for all the service's tasks (0: none)",
                tags.and("currency", prices.currency()), key, Figures::monthlySaving);
        gauge(t, "berth.service.right.sizing.samples", "Task samples in the service's right-sizing window", tags, key,
                f -> f.samples());
        return t;
    }

    private void gauge(Tracked t, String name, String help, Tags tags, String key, ToDoubleFunction<Figures> value) {
        t.gauges.add(Gauge.builder(name, this, self -> {
            Tracked now = self.tracked.get(key);
            return now == null ? 0 : value.applyAsDouble(now.figures);
        }).description(help).tags(tags).register(registry));
    }
}
