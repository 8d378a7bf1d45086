package org.ecomkpi.kpi;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** SPEC section 5's presentation rules, in one place. */
final class Rounding {
    private Rounding() {
    }

    /** Money: exact sum shown with 2 decimals, half-up. */
    static BigDecimal money(BigDecimal exact) {
        return exact.setScale(2, RoundingMode.HALF_UP);
    }

    /** A money amount divided by a count, half-up to 2 decimals; zero when there is nothing to divide by. */
    static BigDecimal moneyPer(BigDecimal exact, long count) {
        if (count == 0) {
            return BigDecimal.ZERO.setScale(2);
        }
        return exact.divide(BigDecimal.valueOf(count), 2, RoundingMode.HALF_UP);
    }

    /** A fraction half-up to 4 decimals; zero when the denominator is zero. */
    static BigDecimal rate(long part, long whole) {
        if (whole == 0) {
            return BigDecimal.ZERO.setScale(4);
        }
        return BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_UP);
    }
}
