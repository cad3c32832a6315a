package dev.berth.usage;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.berth.config.BerthConfig;

/** The price table of berth.usage.*, checked once at startup: an invalid one stops the operator with the setting named. */
public class PriceTableProducer {

    @Produces
    @Singleton
    PriceTable prices(BerthConfig config) {
        return PriceTable.from(config.usage());
    }
}
