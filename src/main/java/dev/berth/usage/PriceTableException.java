package dev.berth.usage;

import java.math.BigDecimal;

/** The operator's price table (berth.usage.*) is invalid: the operator refuses to start and says which setting. */
public class PriceTableException extends RuntimeException {

    public PriceTableException(String message) {
        super(message);
    }

    static void requireNonNegative(String setting, BigDecimal value) {
        if (value == null || value.signum() < 0) {
            throw new PriceTableException("berth.usage price " + setting + " must be a number >= 0, got " + value);
        }
    }
}
