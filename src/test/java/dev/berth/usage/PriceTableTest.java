package dev.berth.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.berth.config.BerthConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.common.MapBackedConfigSource;

/** The price table from berth.usage.*: defaults, overrides per capacity provider, and refusal of nonsense. */
class PriceTableTest {

    @Test
    void defaultsAreUsEast1OnDemandInUsd() {
        PriceTable prices = PriceTable.from(config(Map.of()));

        assertThat(prices.region()).isEqualTo("us-east-1");
        assertThat(prices.currency()).isEqualTo("USD");
        assertThat(prices.platforms()).isEqualTo(TestingPrices.usEast1().platforms());
        assertThat(prices.storageGBHour()).isEqualByComparingTo("0.000111");
        assertThat(prices.spotDiscount()).isEqualByComparingTo("0.7");
        assertThat(prices.capacityProviders()).isEmpty();
    }

    @Test
    void capacityProvidersCanHavePricesOfTheirOwn() {
        PriceTable prices = PriceTable.from(config(Map.of("berth.usage.capacity-providers.on-prem.vcpu-hour", "0.02",
                "berth.usage.capacity-providers.on-prem.gb-hour", "0.002", "berth.usage.currency", "EUR",
                "berth.usage.region", "eu-west-1")));

        assertThat(prices.capacityProviders()).containsEntry("on-prem", Rates.of("0.02", "0.002"));
        assertThat(prices.ratesFor(Platform.LINUX_X86_64, "on-prem", true).pricing())
                .isEqualTo(PriceTable.Pricing.CAPACITY_PROVIDER);
        assertThat(prices.ratesFor(Platform.LINUX_X86_64, "FARGATE", false).pricing())
                .isEqualTo(PriceTable.Pricing.ON_DEMAND);
        assertThat(prices.currency()).isEqualTo("EUR");
        assertThat(prices.region()).isEqualTo("eu-west-1");
    }

    @Test
    void aSpotDiscountAboveOneIsRefusedWithTheSettingNamed() {
        assertThatThrownBy(() -> PriceTable.from(config(Map.of("berth.usage.spot-discount", "70"))))
                .isInstanceOf(PriceTableException.class).hasMessageContaining("berth.usage.spot-discount")
                .hasMessageContaining("0.7 is 70 % off");
    }

    @Test
    void aNegativePriceIsRefused() {
        assertThatThrownBy(() -> PriceTable.from(config(Map.of("berth.usage.arm-gb-hour", "-0.1"))))
                .isInstanceOf(PriceTableException.class).hasMessageContaining("gb-hour");
    }

    @Test
    void spotDiscountAppliesToEveryRate() {
        Rates spot = TestingPrices.usEast1().ratesFor(Platform.WINDOWS_X86_64, "FARGATE_SPOT", true).rates();

        assertThat(spot.vcpuHour()).isEqualByComparingTo(new BigDecimal("0.027444"));
        assertThat(spot.gbHour()).isEqualByComparingTo(new BigDecimal("0.003015"));
        assertThat(spot.osLicenseVcpuHour()).isEqualByComparingTo(new BigDecimal("0.0138"));
    }

    /** berth.* as the operator reads it, with Quarkus's duration syntax (5s) for the other settings. */
    private static BerthConfig.UsageSettings config(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(BerthConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new MapBackedConfigSource("test", properties) {
                }).build();
        return config.getConfigMapping(BerthConfig.class).usage();
    }
}
