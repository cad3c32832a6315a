package dev.berth.batch;

import java.math.BigDecimal;
import java.util.Optional;

/** vCPU counts as CPU units (1024 per vCPU, as ECS counts them): a budget of 0.25-vCPU attempts adds up exactly. */
final class VcpuUnits {

    static final int PER_VCPU = 1024;

    private VcpuUnits() {
    }

    /** "0.25" → 256; empty for text that is not a positive number of vCPUs in 1/1024 steps. */
    static Optional<Integer> parse(String vcpus) {
        try {
            BigDecimal units = new BigDecimal(vcpus.trim()).multiply(BigDecimal.valueOf(PER_VCPU));
            if (units.signum() <= 0 || units.stripTrailingZeros().scale() > 0) {
                return Optional.empty();
            }
            return Optional.of(units.intValueExact());
        } catch (NumberFormatException | ArithmeticException | NullPointerException e) {
            return Optional.empty();
        }
    }

    /** 256 → "0.25", 2048 → "2". */
    static String format(int units) {
        return BigDecimal.valueOf(units).divide(BigDecimal.valueOf(PER_VCPU)).stripTrailingZeros().toPlainString();
    }
}
