package dev.berth.usage;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;

import dev.berth.taskdef.TaskSize;

/**
 * Right-sizing of a Service's tasks (pure): from the CPU and memory its tasks used over a window, the cheapest valid
 * Fargate size that holds them with headroom, and what it would save a month at the configured prices. Never applied:
 * a recommendation only.
 * <ul>
 * <li>CPU needed: the p95 plus headroom, and at least the peak (CPU above the reservation is throttled, not
 * fatal).</li>
 * <li>Memory needed: the peak plus headroom (a task above its memory is killed).</li>
 * <li>Recommended: the Fargate cpu/memory pair of the lowest hourly price that holds both (ties: less CPU, then less
 * memory), when it costs less than the current size.</li>
 * </ul>
 */
public final class RightSizing {

    /** AWS prices a month as 730 hours. */
    public static final BigDecimal HOURS_PER_MONTH = BigDecimal.valueOf(730);
    private static final BigDecimal UNITS_PER_VCPU = BigDecimal.valueOf(1024);
    private static final BigDecimal MIB_PER_GB = BigDecimal.valueOf(1024);

    private RightSizing() {
    }

    public enum State {
        /** A smaller (cheaper) Fargate size holds the observed usage with headroom. */
        Recommended,
        /** No valid Fargate size cheaper than the current one holds it. */
        NoSmallerSize,
        /** Fewer samples than the minimum in the window: nothing is recommended yet. */
        TooFewSamples
    }

    /**
     * @param current the tasks' size now (cpu units, MiB)
     * @param cpuVcpu each task sample's CPU in the window, in vCPU
     * @param memoryMiB each task sample's memory in the window, in MiB (same order and length as cpuVcpu)
     * @param headroom fraction added above the usage (0.2 = 20 %)
     * @param minSamples fewer task samples than this: no recommendation
     * @param rates the prices the tasks are charged at (vCPU with any OS licence, GB)
     * @param tasks how many tasks the service runs (the monthly saving is for all of them)
     */
    public record Input(TaskSize current, double[] cpuVcpu, double[] memoryMiB, BigDecimal headroom, int minSamples,
            Rates rates, int tasks) {
    }

    /** Percentiles of one resource over the window. */
    public record Observed(double p95, double peak) {
        static final Observed NONE = new Observed(0, 0);
    }

    /**
     * @param cpu observed CPU per task, vCPU
     * @param memory observed memory per task, MiB
     * @param needed what the usage needs with headroom (cpu units, MiB), or empty with too few samples
     * @param recommended the Fargate size recommended, when state is Recommended
     * @param monthlySavingPerTask current minus recommended hourly price, times 730 (0 when none)
     * @param monthlySaving the same for every task of the service
     */
    public record Result(State state, int samples, Observed cpu, Observed memory, Optional<TaskSize> needed,
            Optional<TaskSize> recommended, BigDecimal monthlySavingPerTask, BigDecimal monthlySaving) {

        public String message(TaskSize current, BigDecimal headroom, String currency) {
            String used = "p95/peak per task: CPU %s/%s vCPU, memory %d/%d MiB".formatted(vcpu(cpu.p95()),
                    vcpu(cpu.peak()), Math.round(memory.p95()), Math.round(memory.peak()));
            String size = describe(current);
            return switch (state) {
                case TooFewSamples -> "%d task sample(s) in the window, too few to recommend a size".formatted(samples);
                case NoSmallerSize -> "No valid Fargate size smaller than %s holds the usage with %s %% headroom (%s)"
                        .formatted(size, percent(headroom), used);
                case Recommended ->
                    "Task size %s could be %s: saves %s %s a month (%s per task) at the configured prices; %s, %s %% headroom; never applied automatically"
                            .formatted(size, describe(recommended.orElseThrow()), monthlySaving.toPlainString(), currency,
                                    monthlySavingPerTask.toPlainString(), used, percent(headroom));
            };
        }
    }

    public static Result recommend(Input in) {
        int samples = in.cpuVcpu().length;
        Observed cpu = observe(in.cpuVcpu());
        Observed memory = observe(in.memoryMiB());
        if (samples == 0 || samples < in.minSamples()) {
            return new Result(State.TooFewSamples, samples, cpu, memory, Optional.empty(), Optional.empty(),
                    BigDecimal.ZERO, BigDecimal.ZERO);
        }
        double factor = 1 + in.headroom().doubleValue();
        int neededCpu = (int) Math.ceil(Math.max(cpu.p95() * factor, cpu.peak()) * 1024 - 1e-9);
        int neededMemory = (int) Math.ceil(memory.peak() * factor - 1e-9);
        TaskSize needed = new TaskSize(neededCpu, neededMemory);
        BigDecimal currentPrice = hourly(in.current(), in.rates());
        Optional<TaskSize> cheapest = TaskSize.fargateSizes().stream()
                .filter(s -> s.cpuUnits() >= neededCpu && s.memoryMiB() >= neededMemory)
                .min(Comparator.comparing((TaskSize s) -> hourly(s, in.rates())).thenComparingInt(TaskSize::cpuUnits)
                        .thenComparingInt(TaskSize::memoryMiB));
        if (cheapest.isEmpty() || hourly(cheapest.get(), in.rates()).compareTo(currentPrice) >= 0) {
            return new Result(State.NoSmallerSize, samples, cpu, memory, Optional.of(needed), Optional.empty(),
                    BigDecimal.ZERO, BigDecimal.ZERO);
        }
        BigDecimal perTask = currentPrice.subtract(hourly(cheapest.get(), in.rates())).multiply(HOURS_PER_MONTH);
        return new Result(State.Recommended, samples, cpu, memory, Optional.of(needed), cheapest, money(perTask),
                money(perTask.multiply(BigDecimal.valueOf(Math.max(in.tasks(), 0)))));
    }

    /** What a task of {@code size} costs an hour at {@code rates} (ephemeral storage left out: it does not change). */
    public static BigDecimal hourly(TaskSize size, Rates rates) {
        BigDecimal vcpu = BigDecimal.valueOf(size.cpuUnits()).divide(UNITS_PER_VCPU);
        BigDecimal gb = BigDecimal.valueOf(size.memoryMiB()).divide(MIB_PER_GB, 10, RoundingMode.HALF_UP);
        return vcpu.multiply(rates.vcpuHour().add(rates.osLicenseVcpuHour())).add(gb.multiply(rates.gbHour()));
    }

    /** The 95th percentile (nearest rank) and the maximum. */
    static Observed observe(double[] values) {
        if (values.length == 0) {
            return Observed.NONE;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(0.95 * sorted.length);
        return new Observed(sorted[Math.max(rank, 1) - 1], sorted[sorted.length - 1]);
    }

    public static String describe(TaskSize size) {
        return "%s vCPU/%s GB (cpu %d, memory %d)".formatted(
                BigDecimal.valueOf(size.cpuUnits()).divide(UNITS_PER_VCPU).stripTrailingZeros().toPlainString(),
                BigDecimal.valueOf(size.memoryMiB()).divide(MIB_PER_GB, 3, RoundingMode.HALF_UP).stripTrailingZeros()
                        .toPlainString(),
                size.cpuUnits(), size.memoryMiB());
    }

    static String vcpu(double value) {
        return BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    private static String percent(BigDecimal fraction) {
        return fraction.multiply(BigDecimal.valueOf(100)).stripTrailingZeros().toPlainString();
    }

    private static BigDecimal money(BigDecimal value) {
        return value.setScale(2, RoundingMode.HALF_UP);
    }
}
