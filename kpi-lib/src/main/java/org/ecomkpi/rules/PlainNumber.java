package org.ecomkpi.rules;

import java.math.BigDecimal;

/**
 * The number syntax of SPEC section 3: a plain decimal ({@code 12}, {@code -3.5}, {@code 0.99}, {@code .5})
 * for prices and costs, and a plain whole number for counts. Exponents, currency signs, thousands separators,
 * NaN and Infinity are not numbers here, though {@link BigDecimal#BigDecimal(String)} would take some of them.
 *
 * <p>The limits keep every accepted value storable: a price has at most {@value #MAX_INTEGER_DIGITS} digits
 * before the point and {@value #MAX_FRACTION_DIGITS} after it, a count at most {@value #MAX_WHOLE_DIGITS} digits
 * (so it fits an {@code int}); leading zeros do not count. A value past them would pass here and then fail
 * every merge into the store's columns, blocking the batch for good.
 */
final class PlainNumber {
    /** Most digits before the point of a price or cost, leading zeros aside (SPEC: BAD_NUMBER). */
    static final int MAX_INTEGER_DIGITS = 12;
    /** Most digits after the point of a price or cost (SPEC: BAD_NUMBER). */
    static final int MAX_FRACTION_DIGITS = 6;
    /** Most digits of num_of_item, leading zeros aside (SPEC: BAD_NUMBER). */
    static final int MAX_WHOLE_DIGITS = 9;

    private PlainNumber() {
    }

    /** The decimal, or null when the text is not a plain decimal within the limits ({@link #decimalProblem} says why). */
    static BigDecimal decimalOrNull(String s) {
        return decimalProblem(s) == null ? new BigDecimal(s) : null;
    }

    /**
     * Why the text is not an acceptable price, phrased to follow the column name and value in a message, or
     * null when it is one.
     */
    static String decimalProblem(String s) {
        int n = s.length();
        int i = 0;
        if (n > 0 && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            i = 1;
        }
        int digits = 0;
        int significant = 0;
        int fraction = 0;
        boolean point = false;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
                if (point) {
                    fraction++;
                } else if (significant > 0 || c != '0') {
                    significant++;
                }
            } else if (c == '.' && !point) {
                point = true;
            } else {
                return "is not a plain decimal";
            }
        }
        if (digits == 0) {
            return "is not a plain decimal";
        }
        if (significant > MAX_INTEGER_DIGITS) {
            return "has " + significant + " digits before the point; at most " + MAX_INTEGER_DIGITS + " are allowed";
        }
        if (fraction > MAX_FRACTION_DIGITS) {
            return "has " + fraction + " digits after the point; at most " + MAX_FRACTION_DIGITS + " are allowed";
        }
        return null;
    }

    /** Sentinel of {@link #wholeOrInvalid(String)} for text that is not a whole number within the limit. */
    static final long INVALID = Long.MIN_VALUE;

    /** The whole number, or {@link #INVALID} ({@link #wholeProblem} says why). */
    static long wholeOrInvalid(String s) {
        int n = s.length();
        int i = 0;
        boolean negative = false;
        if (n > 0 && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            i = 1;
        }
        if (i == n) {
            return INVALID;
        }
        long value = 0;
        int significant = 0;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return INVALID;
            }
            if (significant > 0 || c != '0') {
                if (++significant > MAX_WHOLE_DIGITS) {
                    return INVALID;
                }
            }
            value = value * 10 + (c - '0');
        }
        return negative ? -value : value;
    }

    /** Why the text is not an acceptable count, phrased as {@link #decimalProblem}, or null when it is one. */
    static String wholeProblem(String s) {
        if (wholeOrInvalid(s) != INVALID) {
            return null;
        }
        int i = !s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+') ? 1 : 0;
        if (i == s.length() || !s.substring(i).chars().allMatch(c -> c >= '0' && c <= '9')) {
            return "is not a whole number";
        }
        return "has " + s.substring(i).replaceFirst("^0+", "").length() + " digits; at most " + MAX_WHOLE_DIGITS
                + " are allowed";
    }
}
