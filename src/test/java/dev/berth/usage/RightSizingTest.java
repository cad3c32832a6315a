package dev.berth.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.berth.taskdef.TaskSize;
import dev.berth.usage.RightSizing.State;

/** Right-sizing choices over the Fargate size table, at us-east-1 Linux/x86 prices, 20 % headroom. */
class RightSizingTest {

    static final Rates X86 = Rates.of("0.04048", "0.004445");
    static final BigDecimal HEADROOM = new BigDecimal("0.2");

    static Stream<Arguments> choices() {
        return Stream.of(
                // name, current cpu/memory, cpu used (vCPU), memory used (MiB), samples, state, recommended cpu/memory
                Arguments.of("fits the smallest size", 512, 1024, 0.05, 100, 20, State.Recommended, 256, 512),
                Arguments.of("already the smallest size", 256, 512, 0.05, 100, 20, State.NoSmallerSize, 0, 0),
                Arguments.of("uses most of its reservation", 512, 1024, 0.45, 900, 20, State.NoSmallerSize, 0, 0),
                Arguments.of("memory-bound: 2500 MiB peak + 20 % = 3000 MiB", 1024, 4096, 0.1, 2500, 20,
                        State.Recommended, 512, 3072),
                Arguments.of("cpu-bound: 1.5 vCPU + 20 % = 1.8 vCPU", 4096, 8192, 1.5, 200, 20, State.Recommended, 2048,
                        4096),
                Arguments.of("memory just above a step: 1025 MiB needs 2048", 1024, 8192, 0.1, 854.5, 20,
                        State.Recommended, 256, 2048),
                Arguments.of("uses more than it reserves", 256, 512, 0.5, 600, 20, State.NoSmallerSize, 0, 0),
                Arguments.of("more than any Fargate size", 16384, 122880, 17.0, 1000, 20, State.NoSmallerSize, 0, 0),
                Arguments.of("too few samples", 4096, 8192, 0.1, 100, 9, State.TooFewSamples, 0, 0),
                Arguments.of("no sample at all", 4096, 8192, 0.1, 100, 0, State.TooFewSamples, 0, 0),
                Arguments.of("an EC2 size that is no Fargate pair", 300, 700, 0.05, 100, 20, State.Recommended, 256,
                        512));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("choices")
    void choosesTheCheapestFargateSizeThatHoldsTheUsage(String name, int cpu, int memory, double cpuUsed,
            double memoryUsed, int samples, State state, int recommendedCpu, int recommendedMemory) {
        double[] cpuSamples = new double[samples];
        double[] memorySamples = new double[samples];
        Arrays.fill(cpuSamples, cpuUsed);
        Arrays.fill(memorySamples, memoryUsed);

        RightSizing.Result result = RightSizing.recommend(new RightSizing.Input(new TaskSize(cpu, memory), cpuSamples,
                memorySamples, HEADROOM, 10, X86, 1));

        assertThat(result.state()).isEqualTo(state);
        assertThat(result.samples()).isEqualTo(samples);
        assertThat(result.recommended())
                .isEqualTo(state == State.Recommended ? Optional.of(new TaskSize(recommendedCpu, recommendedMemory))
                        : Optional.empty());
    }

    @Test
    void savingIsTheHourlyDifferenceOver730HoursForEveryTask() {
        // 0.5 vCPU/1 GB: 0.024685 an hour; 0.25 vCPU/0.5 GB: 0.0123425; difference x 730 = 9.010025 per task
        RightSizing.Result result = RightSizing.recommend(new RightSizing.Input(new TaskSize(512, 1024),
                filled(20, 0.05), filled(20, 100), HEADROOM, 10, X86, 3));

        assertThat(result.monthlySavingPerTask()).isEqualByComparingTo("9.01");
        assertThat(result.monthlySaving()).isEqualByComparingTo("27.03");
        assertThat(result.message(new TaskSize(512, 1024), HEADROOM, "USD")).startsWith(
                "Task size 0.5 vCPU/1 GB (cpu 512, memory 1024) could be 0.25 vCPU/0.5 GB (cpu 256, memory 512): saves"
                        + " 27.03 USD a month (9.01 per task)");
    }

    @Test
    void cpuIsSizedForTheP95WithHeadroomButNeverBelowThePeak() {
        // 19 samples at 0.1 vCPU and one at 0.9: p95 0.1 (x 1.2 = 0.12), peak 0.9 -> needs 0.9 vCPU -> 1024 units
        double[] cpu = filled(20, 0.1);
        cpu[7] = 0.9;

        RightSizing.Result result = RightSizing.recommend(
                new RightSizing.Input(new TaskSize(4096, 8192), cpu, filled(20, 100), HEADROOM, 10, X86, 1));

        assertThat(result.cpu()).isEqualTo(new RightSizing.Observed(0.1, 0.9));
        assertThat(result.needed()).contains(new TaskSize(922, 120));
        assertThat(result.recommended()).contains(new TaskSize(1024, 2048));
    }

    @Test
    void armPricesChooseAmongTheSameTable() {
        RightSizing.Result result = RightSizing.recommend(new RightSizing.Input(new TaskSize(2048, 4096),
                filled(20, 0.4), filled(20, 1500), HEADROOM, 10, Rates.of("0.03238", "0.00356"), 1));

        assertThat(result.recommended()).contains(new TaskSize(512, 2048));
    }

    /**
     * Whatever the usage: a recommendation is a valid Fargate pair, holds the usage with headroom, costs less than the
     * current size, and no valid pair that holds the usage costs less.
     */
    @Test
    void aRecommendationIsAlwaysAValidCheaperPairThatHoldsTheUsage() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        var sizes = TaskSize.fargateSizes();
        for (int i = 0; i < 2000; i++) {
            TaskSize current = sizes.get(random.nextInt(sizes.size()));
            int n = 10 + random.nextInt(50);
            double[] cpu = new double[n];
            double[] memory = new double[n];
            for (int s = 0; s < n; s++) {
                cpu[s] = random.nextDouble() * current.cpuUnits() / 1024.0 * 1.1;
                memory[s] = random.nextDouble() * current.memoryMiB() * 1.1;
            }
            RightSizing.Result result = RightSizing
                    .recommend(new RightSizing.Input(current, cpu, memory, HEADROOM, 10, X86, 1));
            String context = "seed " + seed + ", step " + i + ", current " + current;
            TaskSize needed = result.needed().orElseThrow();
            BigDecimal price = RightSizing.hourly(current, X86);
            boolean cheaperFits = sizes.stream().anyMatch(s -> s.cpuUnits() >= needed.cpuUnits()
                    && s.memoryMiB() >= needed.memoryMiB() && RightSizing.hourly(s, X86).compareTo(price) < 0);
            assertThat(result.state()).as(context).isEqualTo(cheaperFits ? State.Recommended : State.NoSmallerSize);
            result.recommended().ifPresent(r -> {
                assertThat(r.isFargatePair()).as(context).isTrue();
                assertThat(r.cpuUnits()).as(context).isGreaterThanOrEqualTo(needed.cpuUnits());
                assertThat(r.memoryMiB()).as(context).isGreaterThanOrEqualTo(needed.memoryMiB());
                assertThat(r.cpuUnits() / 1024.0).as(context).isGreaterThanOrEqualTo(result.cpu().peak());
                assertThat(r.memoryMiB()).as(context)
                        .isGreaterThanOrEqualTo((int) Math.ceil(result.memory().peak() * 1.2 - 1e-9));
                assertThat(sizes).as(context).noneMatch(s -> s.cpuUnits() >= needed.cpuUnits()
                        && s.memoryMiB() >= needed.memoryMiB()
                        && RightSizing.hourly(s, X86).compareTo(RightSizing.hourly(r, X86)) < 0);
                assertThat(result.monthlySavingPerTask().signum()).as(context).isPositive();
            });
        }
    }

    private static double[] filled(int n, double value) {
        double[] values = new double[n];
        Arrays.fill(values, value);
        return values;
    }
}
