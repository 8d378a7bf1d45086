package org.ecomkpi.validation;

import java.math.BigDecimal;

/**
 * The number syntax of SPEC section 3: a plain decimal ({@code 12}, {@code -3.5}, {@code 0.99}, {@code .5})
 * for prices and costs, and a plain whole number for counts. Exponents, currency signs, thousands separators,
 * NaN and Infinity are not numbers here, though {@link BigDecimal#BigDecimal(String)} would take some of them.
 */
final class PlainNumber {
    private PlainNumber() {
    }

    /** The decimal, or null when the text is not a plain decimal. */
    static BigDecimal decimalOrNull(String s) {
        int n = s.length();
        int i = 0;
        if (n > 0 && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            i = 1;
        }
        int digits = 0;
        boolean point = false;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (c == '.' && !point) {
                point = true;
            } else {
                return null;
            }
        }
        if (digits == 0 || digits > 40) {
            return null;
        }
        return new BigDecimal(s);
    }

    /** Sentinel of {@link #wholeOrInvalid(String)} for text that is not a whole number. */
    static final long INVALID = Long.MIN_VALUE;

    /** The whole number, or {@link #INVALID}. */
    static long wholeOrInvalid(String s) {
        int n = s.length();
        int i = 0;
        boolean negative = false;
        if (n > 0 && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            i = 1;
        }
        if (i == n || n - i > 9) {
            return INVALID;
        }
        long value = 0;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return INVALID;
            }
            value = value * 10 + (c - '0');
        }
        return negative ? -value : value;
    }
}
