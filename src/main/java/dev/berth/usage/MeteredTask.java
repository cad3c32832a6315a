package dev.berth.usage;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Optional;

import dev.berth.api.v1alpha1.EcsTaskDefinition;
import dev.berth.api.v1alpha1.TaskStatus;
import dev.berth.task.Times;

/**
 * The facts a task is billed on, all taken from what Berth already records (no second source of truth): the task
 * size and capacity provider from its status, the platform and ephemeral storage from its task definition.
 *
 * @param vcpu task cpu units / 1024
 * @param memoryGB task memory MiB / 1024 (Fargate's "GB" is 1024 MiB)
 * @param storageGB the ephemeral storage the task asked for (20 when it asked for nothing)
 * @param platform the price list
 * @param capacityProvider the task's capacity provider, or null when unknown
 * @param spot whether that capacity is spot
 * @param billedFrom pullStartedAt, else createdAt; empty for a task that never got a Pod (not billed)
 */
public record MeteredTask(BigDecimal vcpu, BigDecimal memoryGB, int storageGB, Platform platform, String capacityProvider,
        boolean spot, Optional<Instant> billedFrom) {

    private static final BigDecimal UNITS_PER_VCPU = BigDecimal.valueOf(1024);
    private static final BigDecimal MIB_PER_GB = BigDecimal.valueOf(1024);

    /**
     * @param status the task's status (cpu, memory, capacityProviderName, podName and timestamps)
     * @param definition the task's revision with its overrides applied, or null when it is gone (then Linux/x86, 20 GB)
     * @param spot whether the task's capacity provider is spot
     */
    public static MeteredTask of(TaskStatus status, EcsTaskDefinition definition, boolean spot) {
        Optional<Instant> from = status.podName == null ? Optional.empty()
                : Times.parse(status.pullStartedAt).or(() -> Times.parse(status.createdAt));
        int storage = definition != null && definition.ephemeralStorage != null
                && definition.ephemeralStorage.sizeInGiB != null ? definition.ephemeralStorage.sizeInGiB
                        : PriceTable.INCLUDED_STORAGE_GB;
        return new MeteredTask(per(status.cpu, UNITS_PER_VCPU), per(status.memory, MIB_PER_GB), storage,
                Platform.of(definition), status.capacityProviderName, spot, from);
    }

    /** Storage above what Fargate includes. */
    public BigDecimal extraStorageGB() {
        return BigDecimal.valueOf(Math.max(0, storageGB - PriceTable.INCLUDED_STORAGE_GB));
    }

    /** How long the task is billed for if it stops at {@code stoppedAt}. */
    public BilledDuration billedUntil(Instant stoppedAt) {
        return billedFrom.map(from -> BilledDuration.between(from, stoppedAt, platform)).orElse(BilledDuration.NOT_BILLED);
    }

    /** A size the status reports as a whole number (units, MiB); anything else counts as nothing reserved. */
    private static BigDecimal per(String reported, BigDecimal divisor) {
        if (reported == null) {
            return BigDecimal.ZERO;
        }
        try {
            return new BigDecimal(reported.trim()).divide(divisor, 10, RoundingMode.HALF_UP).stripTrailingZeros();
        } catch (NumberFormatException e) {
            return BigDecimal.ZERO;
        }
    }
}
