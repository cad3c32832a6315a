package dev.berth.usage;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;

import dev.berth.api.v1alpha1.TaskUsage;

/**
 * Fargate's arithmetic (pure): cost = (vCPU x (vCPU rate + OS licence) + GB x GB rate + extra storage GB x storage rate)
 * x billed seconds / 3600, all in decimal so a sum of tasks is exact.
 */
public final class Meter {

    /** Costs are kept to a millionth of the currency unit: below Fargate's smallest per-second price per vCPU. */
    public static final int COST_SCALE = 6;
    private static final BigDecimal SECONDS_PER_HOUR = BigDecimal.valueOf(3600);

    private Meter() {
    }

    /** The final usage of a task that stopped at {@code stoppedAt}. */
    public static TaskUsage usage(MeteredTask task, Instant stoppedAt, PriceTable prices) {
        BilledDuration billed = task.billedUntil(stoppedAt);
        PriceTable.Applied applied = prices.ratesFor(task.platform(), task.capacityProvider(), task.spot());
        BigDecimal seconds = BigDecimal.valueOf(billed.billedSeconds());

        TaskUsage usage = new TaskUsage();
        usage.runSeconds = billed.runSeconds();
        usage.billedSeconds = billed.billedSeconds();
        usage.platform = task.platform().label();
        usage.pricing = applied.pricing().name();
        usage.vcpu = plain(task.vcpu());
        usage.memoryGB = plain(task.memoryGB());
        usage.extraStorageGB = plain(task.extraStorageGB());
        usage.vcpuSeconds = plain(task.vcpu().multiply(seconds));
        usage.gbSeconds = plain(task.memoryGB().multiply(seconds));
        usage.extraStorageGBSeconds = plain(task.extraStorageGB().multiply(seconds));
        usage.cost = cost(hourlyRate(task, applied.rates(), prices.storageGBHour()), billed.billedSeconds()).toPlainString();
        usage.currency = prices.currency();
        usage.region = prices.region();
        usage.rates = new TaskUsage.Rates();
        usage.rates.vcpuHour = plain(applied.rates().vcpuHour());
        usage.rates.gbHour = plain(applied.rates().gbHour());
        usage.rates.osLicenseVcpuHour = applied.rates().osLicenseVcpuHour().signum() == 0 ? null
                : plain(applied.rates().osLicenseVcpuHour());
        usage.rates.storageGBHour = plain(prices.storageGBHour());
        return usage;
    }

    /** What the task costs per hour while it runs: its burn rate. */
    public static BigDecimal hourlyRate(MeteredTask task, PriceTable prices) {
        PriceTable.Applied applied = prices.ratesFor(task.platform(), task.capacityProvider(), task.spot());
        return hourlyRate(task, applied.rates(), prices.storageGBHour());
    }

    /** The cost of a run so far, from the hourly rate, as the final usage would cost it (minimum charge included). */
    public static BigDecimal costUntil(MeteredTask task, Instant at, PriceTable prices) {
        return cost(hourlyRate(task, prices), task.billedUntil(at).billedSeconds());
    }

    private static BigDecimal hourlyRate(MeteredTask task, Rates rates, BigDecimal storageGBHour) {
        return task.vcpu().multiply(rates.vcpuHour().add(rates.osLicenseVcpuHour()))
                .add(task.memoryGB().multiply(rates.gbHour()))
                .add(task.extraStorageGB().multiply(storageGBHour));
    }

    private static BigDecimal cost(BigDecimal hourlyRate, long seconds) {
        return hourlyRate.multiply(BigDecimal.valueOf(seconds)).divide(SECONDS_PER_HOUR, MathContext.DECIMAL128)
                .setScale(COST_SCALE, RoundingMode.HALF_UP);
    }

    static String plain(BigDecimal value) {
        return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
    }
}
