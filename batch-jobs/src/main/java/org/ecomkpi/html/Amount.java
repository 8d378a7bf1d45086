package org.ecomkpi.html;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/** What a chart's numbers are, which decides how they are shown: grouped digits, and 2 decimals for money. */
public enum Amount {
    /** Rows, files, dates: whole numbers. */
    COUNT("#,##0", ""),
    /** Exact decimal sums shown with 2 decimals (SPEC section 5). */
    MONEY("#,##0.00", ""),
    /** Fractions with 4 decimals, as the SPEC's rates and the report's reject ratios. */
    RATE("0.0000", ""),
    /** Durations in milliseconds. */
    MILLIS("#,##0", " ms");

    private final String pattern;
    private final String unit;

    Amount(String pattern, String unit) {
        this.pattern = pattern;
        this.unit = unit;
    }

    /** The value as a reader sees it: {@code 1,234}, {@code 25.51}, {@code 1,870 ms}. */
    public String format(BigDecimal value) {
        // DecimalFormat is not thread-safe and cheap enough to make per call at chart sizes
        DecimalFormat format = new DecimalFormat(pattern, DecimalFormatSymbols.getInstance(Locale.ROOT));
        format.setRoundingMode(RoundingMode.HALF_UP);
        return format.format(value) + unit;
    }

    /** The exact value for a {@code data-value} attribute, as the JSON carries it. */
    static String exact(BigDecimal value) {
        return value.toPlainString();
    }
}
