package dev.berth.usage;

import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

import dev.berth.config.BerthConfig;

/**
 * The prices usage is costed at: one price list per {@link Platform}, the ephemeral-storage rate, the FARGATE_SPOT
 * discount, and prices of their own for capacity providers that stand for nodes someone prices themselves. Defaults
 * (BerthConfig) are the us-east-1 on-demand rates.
 */
public record PriceTable(String region, String currency, Map<Platform, Rates> platforms, BigDecimal storageGBHour,
        BigDecimal spotDiscount, Map<String, Rates> capacityProviders) {

    /** Fargate includes this much ephemeral storage in every task; only what is asked above it is billed. */
    public static final int INCLUDED_STORAGE_GB = 20;

    public PriceTable {
        if (!platforms.keySet().containsAll(java.util.EnumSet.allOf(Platform.class))) {
            throw new PriceTableException("berth.usage needs prices for every platform, got " + platforms.keySet());
        }
        PriceTableException.requireNonNegative("ephemeral-storage-gb-hour", storageGBHour);
        if (spotDiscount == null || spotDiscount.signum() < 0 || spotDiscount.compareTo(BigDecimal.ONE) > 0) {
            throw new PriceTableException(
                    "berth.usage.spot-discount must be a fraction between 0 and 1 (0.7 is 70 % off), got " + spotDiscount);
        }
        platforms = Map.copyOf(platforms);
        capacityProviders = Map.copyOf(capacityProviders);
    }

    /** Which rates a task is charged at, and why. */
    public record Applied(Rates rates, Pricing pricing) {
    }

    public enum Pricing {
        ON_DEMAND,
        SPOT,
        CAPACITY_PROVIDER
    }

    /**
     * A capacity provider with prices of its own is charged at them (no spot discount: they are that provider's
     * prices); a spot one at the platform's rates less the discount; any other at the platform's rates.
     */
    public Applied ratesFor(Platform platform, String capacityProvider, boolean spot) {
        Rates own = capacityProvider == null ? null : capacityProviders.get(capacityProvider);
        if (own != null) {
            return new Applied(own, Pricing.CAPACITY_PROVIDER);
        }
        Rates list = platforms.get(platform);
        return spot ? new Applied(list.discounted(spotDiscount), Pricing.SPOT) : new Applied(list, Pricing.ON_DEMAND);
    }

    public static PriceTable from(BerthConfig.UsageSettings settings) {
        Map<String, Rates> providers = new TreeMap<>();
        settings.capacityProviders().forEach((name, prices) -> providers.put(name,
                new Rates(prices.vcpuHour(), prices.gbHour(), prices.osLicenseVcpuHour().orElse(BigDecimal.ZERO))));
        return new PriceTable(settings.region(), settings.currency(),
                Map.of(Platform.LINUX_X86_64, new Rates(settings.x86VcpuHour(), settings.x86GbHour(), BigDecimal.ZERO),
                        Platform.LINUX_ARM64, new Rates(settings.armVcpuHour(), settings.armGbHour(), BigDecimal.ZERO),
                        Platform.WINDOWS_X86_64, new Rates(settings.windowsVcpuHour(), settings.windowsGbHour(),
                                settings.windowsLicenseVcpuHour())),
                settings.ephemeralStorageGbHour(), settings.spotDiscount(), providers);
    }
}
