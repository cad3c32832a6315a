package dev.berth.usage;

import static dev.berth.usage.TestingTaskStatus.definition;
import static dev.berth.usage.TestingTaskStatus.stopped;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.berth.api.v1alpha1.EcsTaskDefinition.CpuArchitecture;
import dev.berth.api.v1alpha1.TaskUsage;

/** Fargate's cost arithmetic per platform and capacity provider, checked against figures computed by hand. */
class MeterTest {

    static final String PULL = "2026-01-01T10:00:00Z";
    static final Instant T0 = Instant.parse(PULL);

    /**
     * The worked example of the Fargate pricing page (us-east-1): 5 tasks of 1 vCPU and 2 GB run 10 minutes a day for 30
     * days. vCPU: 5 x 30 x 1 x $0.000011244 x 600 = $1.01; memory: 5 x 30 x 2 x $0.000001235 x 600 = $0.22; $1.23.
     */
    @Test
    void fargatePricingPageExample() {
        TaskUsage run = Meter.usage(MeteredTask.of(stopped("1024", "2048", PULL, null), null, false), T0.plusSeconds(600),
                TestingPrices.usEast1());

        UsageRollup.Stopped month = UsageRollup.Stopped.NONE;
        for (int i = 0; i < 5 * 30; i++) {
            month = month.plus(UsageRollup.Stopped.of(run));
        }

        assertThat(run.billedSeconds).isEqualTo(600);
        assertThat(run.vcpuSeconds).isEqualTo("600");
        assertThat(run.gbSeconds).isEqualTo("1200");
        // 600 x (0.04048 + 2 x 0.004445) / 3600 = 0.00822833...
        assertThat(run.cost).isEqualTo("0.008228");
        assertThat(month.vcpuSeconds()).isEqualByComparingTo("90000");
        assertThat(month.gbSeconds()).isEqualByComparingTo("180000");
        assertThat(month.cost().setScale(2, RoundingMode.HALF_UP)).isEqualByComparingTo("1.23");
    }

    @Test
    void x86SubMinuteTaskPaysTheMinute() {
        TaskUsage usage = Meter.usage(MeteredTask.of(stopped("256", "512", PULL, null), null, false), T0.plusSeconds(12),
                TestingPrices.usEast1());

        assertThat(usage.runSeconds).isEqualTo(12);
        assertThat(usage.billedSeconds).isEqualTo(60);
        assertThat(usage.vcpuSeconds).isEqualTo("15");
        assertThat(usage.gbSeconds).isEqualTo("30");
        // (0.25 x 0.04048 + 0.5 x 0.004445) / 60 = 0.0123425 / 60 = 0.000205708
        assertThat(usage.cost).isEqualTo("0.000206");
        assertThat(usage.platform).isEqualTo("LINUX/X86_64");
        assertThat(usage.pricing).isEqualTo("ON_DEMAND");
        assertThat(usage.currency).isEqualTo("USD");
        assertThat(usage.region).isEqualTo("us-east-1");
        assertThat(usage.rates.vcpuHour).isEqualTo("0.04048");
        assertThat(usage.rates.gbHour).isEqualTo("0.004445");
        assertThat(usage.rates.osLicenseVcpuHour).isNull();
    }

    @Test
    void armIsCheaper() {
        TaskUsage usage = Meter.usage(
                MeteredTask.of(stopped("1024", "2048", PULL, null), definition(CpuArchitecture.ARM64, "LINUX", null), false),
                T0.plusSeconds(3600), TestingPrices.usEast1());

        // 0.03238 + 2 x 0.00356
        assertThat(usage.cost).isEqualTo("0.039500");
        assertThat(usage.platform).isEqualTo("LINUX/ARM64");
    }

    @Test
    void windowsPaysItsLicenceAndFifteenMinutes() {
        TaskUsage usage = Meter.usage(MeteredTask.of(stopped("1024", "2048", PULL, null),
                definition(null, "WINDOWS_SERVER_2019_FULL", null), false), T0.plusSeconds(100), TestingPrices.usEast1());

        assertThat(usage.billedSeconds).isEqualTo(900);
        // (0.09148 + 0.046 + 2 x 0.01005) x 900 / 3600 = 0.15758 / 4
        assertThat(usage.cost).isEqualTo("0.039395");
        assertThat(usage.rates.osLicenseVcpuHour).isEqualTo("0.046");
    }

    @Test
    void spotIsDiscounted() {
        TaskUsage usage = Meter.usage(MeteredTask.of(stopped("1024", "2048", PULL, null), null, true), T0.plusSeconds(3600),
                TestingPrices.usEast1());

        // (0.04048 + 2 x 0.004445) x 0.3
        assertThat(usage.cost).isEqualTo("0.014811");
        assertThat(usage.pricing).isEqualTo("SPOT");
        assertThat(usage.rates.vcpuHour).isEqualTo("0.012144");
    }

    @Test
    void storageAbove20GBIsCharged() {
        TaskUsage usage = Meter.usage(MeteredTask.of(stopped("256", "512", PULL, null), definition(null, null, 50), false),
                T0.plusSeconds(3600), TestingPrices.usEast1());

        // 0.25 x 0.04048 + 0.5 x 0.004445 + 30 x 0.000111 = 0.0156725
        assertThat(usage.extraStorageGB).isEqualTo("30");
        assertThat(usage.extraStorageGBSeconds).isEqualTo("108000");
        assertThat(usage.cost).isEqualTo("0.015673");
    }

    @Test
    void aCapacityProviderWithItsOwnPricesIsChargedThemEvenWhenSpot() {
        PriceTable prices = TestingPrices.withProviders(Map.of("on-prem", Rates.of("0.02", "0.002")));
        var status = stopped("2048", "4096", PULL, null);
        status.capacityProviderName = "on-prem";

        TaskUsage usage = Meter.usage(MeteredTask.of(status, null, true), T0.plusSeconds(1800), prices);

        // (2 x 0.02 + 4 x 0.002) / 2
        assertThat(usage.cost).isEqualTo("0.024000");
        assertThat(usage.pricing).isEqualTo("CAPACITY_PROVIDER");
    }

    @Test
    void aTaskThatNeverGotAPodCostsNothing() {
        var status = stopped("256", "512", null, null);
        status.podName = null;

        TaskUsage usage = Meter.usage(MeteredTask.of(status, null, false), T0.plusSeconds(100), TestingPrices.usEast1());

        assertThat(usage.billedSeconds).isZero();
        assertThat(usage.vcpuSeconds).isEqualTo("0");
        assertThat(usage.cost).isEqualTo("0.000000");
    }

    @Test
    void burnRateAndCostSoFarOfARunningTask() {
        MeteredTask task = MeteredTask.of(stopped("512", "1024", PULL, null), null, false);

        // 0.5 x 0.04048 + 1 x 0.004445
        assertThat(Meter.hourlyRate(task, TestingPrices.usEast1())).isEqualByComparingTo("0.024685");
        assertThat(Meter.costUntil(task, T0.plusSeconds(1800), TestingPrices.usEast1()))
                .isEqualByComparingTo(new BigDecimal("0.012343"));
        assertThat(Meter.costUntil(task, T0.plusSeconds(10), TestingPrices.usEast1()))
                .as("the minute's minimum is already owed").isEqualByComparingTo("0.000411");
    }
}
