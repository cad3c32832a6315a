package dev.berth.usage;

import java.math.BigDecimal;

/**
 * Hourly prices of one price list.
 *
 * @param vcpuHour one vCPU for one hour
 * @param gbHour one GB of memory for one hour
 * @param osLicenseVcpuHour operating-system licence per vCPU-hour (Windows; zero elsewhere)
 */
public record Rates(BigDecimal vcpuHour, BigDecimal gbHour, BigDecimal osLicenseVcpuHour) {

    public Rates {
        PriceTableException.requireNonNegative("vcpu-hour", vcpuHour);
        PriceTableException.requireNonNegative("gb-hour", gbHour);
        PriceTableException.requireNonNegative("os-license-vcpu-hour", osLicenseVcpuHour);
    }

    public static Rates of(String vcpuHour, String gbHour) {
        return new Rates(new BigDecimal(vcpuHour), new BigDecimal(gbHour), BigDecimal.ZERO);
    }

    /** The same rates with a spot discount (a fraction: 0.7 is 70 % off). */
    Rates discounted(BigDecimal discount) {
        BigDecimal keep = BigDecimal.ONE.subtract(discount);
        return new Rates(vcpuHour.multiply(keep), gbHour.multiply(keep), osLicenseVcpuHour.multiply(keep));
    }
}
