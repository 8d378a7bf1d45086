package org.ecomkpi.rules;

import java.time.Instant;
import java.util.Optional;

/**
 * Reads the timestamp styles of real drops (SPEC section 3): {@code yyyy-MM-dd}, a {@code T} or a space,
 * {@code HH:mm[:ss[.fraction]]}, then no zone (UTC), {@code Z}, {@code ±hh:mm} or {@code " UTC"}.
 * The offset is applied, so the result is the true instant and its UTC date is the order date. Nothing before
 * {@link #EARLIEST} (1970-01-01T00:00:00Z) is a time here: no order predates it, and a date that does is a
 * typo or a placeholder.
 *
 * <pre>{@code
 * IsoTimestamp.parse("2022-03-14 09:21:00+00:00");  // Optional[2022-03-14T09:21:00Z]
 * IsoTimestamp.parse("2019-01-01 02:21:00 UTC");    // Optional[2019-01-01T02:21:00Z]
 * IsoTimestamp.parse("2025-03-30T16:14:26");        // Optional[2025-03-30T16:14:26Z]
 * IsoTimestamp.parse("30/03/2025");                 // Optional.empty
 * IsoTimestamp.parse("1969-12-31 23:59:59");        // Optional.empty (before EARLIEST)
 * }</pre>
 *
 * Hand-written rather than {@code DateTimeFormatter}: it runs on every timestamp of every row, and a
 * rejected value must not cost an exception.
 */
public final class IsoTimestamp {
    /** The earliest instant accepted (SPEC: BAD_TIMESTAMP). */
    public static final Instant EARLIEST = Instant.EPOCH;
    private static final int[] DAYS_IN_MONTH = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    private IsoTimestamp() {
    }

    /**
     * The instant the text denotes, or empty when it is not one of the accepted styles, not a real time or
     * before {@link #EARLIEST}.
     */
    public static Optional<Instant> parse(String text) {
        Instant instant = readOrNull(text);
        return instant == null || instant.isBefore(EARLIEST) ? Optional.empty() : Optional.of(instant);
    }

    /** The instant the text denotes, however early, or null when it is not one of the accepted styles. */
    static Instant readOrNull(String s) {
        int n = s.length();
        if (n < 16) {
            return null;
        }
        int year = digits(s, 0, 4);
        if (year < 0 || s.charAt(4) != '-') {
            return null;
        }
        int month = digits(s, 5, 2);
        if (month < 1 || month > 12 || s.charAt(7) != '-') {
            return null;
        }
        int day = digits(s, 8, 2);
        if (day < 1 || day > daysInMonth(year, month)) {
            return null;
        }
        char sep = s.charAt(10);
        if (sep != 'T' && sep != ' ') {
            return null;
        }
        int hour = digits(s, 11, 2);
        if (hour < 0 || hour > 23 || s.charAt(13) != ':') {
            return null;
        }
        int minute = digits(s, 14, 2);
        if (minute < 0 || minute > 59) {
            return null;
        }
        int i = 16;
        int second = 0;
        int nanos = 0;
        if (i < n && s.charAt(i) == ':') {
            second = digits(s, i + 1, 2);
            if (second < 0 || second > 59) {
                return null;
            }
            i += 3;
            if (i < n && s.charAt(i) == '.') {
                int start = ++i;
                while (i < n && i - start < 9 && isDigit(s.charAt(i))) {
                    nanos = nanos * 10 + (s.charAt(i) - '0');
                    i++;
                }
                int fractionDigits = i - start;
                if (fractionDigits == 0 || (i < n && isDigit(s.charAt(i)))) {
                    return null;
                }
                for (int k = fractionDigits; k < 9; k++) {
                    nanos *= 10;
                }
            }
        }
        int offsetSeconds;
        if (i == n) {
            offsetSeconds = 0;
        } else if (n - i == 1 && s.charAt(i) == 'Z') {
            offsetSeconds = 0;
        } else if (n - i == 4 && s.regionMatches(i, " UTC", 0, 4)) {
            offsetSeconds = 0;
        } else if (n - i == 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
            int oh = digits(s, i + 1, 2);
            int om = digits(s, i + 4, 2);
            if (oh < 0 || oh > 18 || om < 0 || om > 59 || (oh == 18 && om > 0)) {
                return null;
            }
            offsetSeconds = (oh * 3600 + om * 60) * (s.charAt(i) == '-' ? -1 : 1);
        } else {
            return null;
        }
        long epochSecond = epochDay(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second
                - offsetSeconds;
        return Instant.ofEpochSecond(epochSecond, nanos);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** The value of {@code count} decimal digits at {@code from}, or -1. */
    private static int digits(String s, int from, int count) {
        if (from + count > s.length()) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static int daysInMonth(int year, int month) {
        if (month == 2 && (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0))) {
            return 29;
        }
        return DAYS_IN_MONTH[month - 1];
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
    static long epochDay(int year, int month, int day) {
        int y = month <= 2 ? year - 1 : year;
        int era = Math.floorDiv(y, 400);
        int yoe = y - era * 400;
        int mp = (month + 9) % 12;
        int doy = (153 * mp + 2) / 5 + day - 1;
        int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097L + doe - 719_468L;
    }
}
