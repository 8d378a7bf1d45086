package org.ecomkpi.generate;

import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.ecomkpi.row.Status;

/** The seeded random draws of the generator, with the business distributions it uses. */
final class Dice {
    private static final Status[] STATUS_BY_WEIGHT = weighted(
            Status.COMPLETE, 30, Status.SHIPPED, 20, Status.PROCESSING, 15,
            Status.DELIVERED, 15, Status.CANCELLED, 10, Status.RETURNED, 10);

    /** Offsets other than UTC; late or early UTC times rendered in them fall on another local date. */
    static final List<ZoneOffset> OFFSETS = List.of(
            ZoneOffset.of("+05:30"), ZoneOffset.of("-07:00"), ZoneOffset.of("+09:00"), ZoneOffset.of("-03:00"),
            ZoneOffset.of("+01:00"), ZoneOffset.of("-04:00"), ZoneOffset.of("+10:00"));

    private final SplittableRandom random;

    Dice(SplittableRandom random) {
        this.random = random;
    }

    int below(int bound) {
        return random.nextInt(bound);
    }

    int between(int fromInclusive, int toExclusive) {
        return random.nextInt(fromInclusive, toExclusive);
    }

    long nextLong() {
        return random.nextLong();
    }

    /** True with the given chance in percent. */
    boolean percent(int chance) {
        return random.nextInt(100) < chance;
    }

    <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    Status status() {
        return STATUS_BY_WEIGHT[random.nextInt(STATUS_BY_WEIGHT.length)];
    }

    /** A status as producers spell it: {@code complete}, {@code Complete} or {@code COMPLETE}. */
    String spelling(Status status) {
        int roll = random.nextInt(100);
        if (roll < 55) {
            return status.spelling();
        }
        return roll < 85 ? capitalised(status) : status.name();
    }

    static String capitalised(Status status) {
        String lower = status.spelling();
        return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
    }

    TimestampStyle style() {
        int roll = random.nextInt(100);
        if (roll < 35) {
            return TimestampStyle.ISO_NO_ZONE;
        }
        if (roll < 70) {
            return TimestampStyle.SPACE_OFFSET;
        }
        return roll < 95 ? TimestampStyle.SPACE_UTC : TimestampStyle.ISO_Z;
    }

    /** Mostly {@code +00:00}; a quarter of the time another offset. */
    ZoneOffset offset() {
        return random.nextInt(4) == 0 ? pick(OFFSETS) : ZoneOffset.UTC;
    }

    /** Sub-second part in nanoseconds: usually none, sometimes milliseconds, rarely microseconds. */
    int fraction() {
        int roll = random.nextInt(100);
        if (roll < 8) {
            return random.nextInt(1, 1000) * 1_000_000;
        }
        return roll < 12 ? random.nextInt(1, 1_000_000) * 1_000 : 0;
    }

    /** A price in cents as a plain decimal: usually {@code 12.50}, sometimes trimmed to {@code 12.5} or {@code 30}. */
    String price(long cents) {
        BigDecimal value = BigDecimal.valueOf(cents, 2);
        return random.nextInt(10) == 0 ? value.stripTrailingZeros().toPlainString() : value.toPlainString();
    }

    String hex(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(Character.forDigit(random.nextInt(16), 16));
        }
        return text.toString().toLowerCase(Locale.ROOT);
    }

    private static Status[] weighted(Object... statusAndWeight) {
        int total = 0;
        for (int i = 1; i < statusAndWeight.length; i += 2) {
            total += (Integer) statusAndWeight[i];
        }
        Status[] table = new Status[total];
        int at = 0;
        for (int i = 0; i < statusAndWeight.length; i += 2) {
            for (int w = 0; w < (Integer) statusAndWeight[i + 1]; w++) {
                table[at++] = (Status) statusAndWeight[i];
            }
        }
        return table;
    }
}
