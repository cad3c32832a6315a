package dev.berth.usage;

import java.math.BigDecimal;
import java.util.Map;

/** The default price table (us-east-1, USD), and one with prices of its own for an "on-prem" capacity provider. */
public final class TestingPrices {

    private TestingPrices() {
    }

    public static PriceTable usEast1() {
        return withProviders(Map.of());
    }

    public static PriceTable withProviders(Map<String, Rates> providers) {
        return new PriceTable("us-east-1", "USD",
                Map.of(Platform.LINUX_X86_64, Rates.of("0.04048", "0.004445"), Platform.LINUX_ARM64,
                        Rates.of("0.03238", "0.00356"), Platform.WINDOWS_X86_64,
                        new Rates(new BigDecimal("0.09148"), new BigDecimal("0.01005"), new BigDecimal("0.046"))),
                new BigDecimal("0.000111"), new BigDecimal("0.7"), providers);
    }
}
