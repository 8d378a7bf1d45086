package org.ecomkpi.generate;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** The timestamp spellings seen in real drops; each renders an instant exactly (fraction only when non-zero). */
enum TimestampStyle {
    /** {@code 2025-03-30T16:14:26}: no zone, meaning UTC. */
    ISO_NO_ZONE,
    /** {@code 2022-03-14 09:21:00+00:00}, or another offset such as {@code +05:30}. */
    SPACE_OFFSET,
    /** {@code 2019-01-01 02:21:00 UTC}. */
    SPACE_UTC,
    /** {@code 2025-03-30T16:14:26Z}. */
    ISO_Z;

    /** Renders the instant; {@code offset} is used by {@link #SPACE_OFFSET} only. */
    String render(Instant instant, ZoneOffset offset) {
        ZoneOffset zone = this == SPACE_OFFSET ? offset : ZoneOffset.UTC;
        LocalDateTime local = LocalDateTime.ofInstant(instant, zone);
        StringBuilder text = new StringBuilder(32);
        pad(text, local.getYear(), 4).append('-');
        pad(text, local.getMonthValue(), 2).append('-');
        pad(text, local.getDayOfMonth(), 2);
        text.append(this == ISO_NO_ZONE || this == ISO_Z ? 'T' : ' ');
        pad(text, local.getHour(), 2).append(':');
        pad(text, local.getMinute(), 2).append(':');
        pad(text, local.getSecond(), 2);
        int nanos = local.getNano();
        if (nanos != 0) {
            text.append('.');
            if (nanos % 1_000_000 == 0) {
                pad(text, nanos / 1_000_000, 3);
            } else if (nanos % 1_000 == 0) {
                pad(text, nanos / 1_000, 6);
            } else {
                pad(text, nanos, 9);
            }
        }
        switch (this) {
            case SPACE_OFFSET -> text.append(zone.getTotalSeconds() == 0 ? "+00:00" : zone.getId());
            case SPACE_UTC -> text.append(" UTC");
            case ISO_Z -> text.append('Z');
            case ISO_NO_ZONE -> { }
        }
        return text.toString();
    }

    private static StringBuilder pad(StringBuilder text, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            text.append('0');
        }
        return text.append(digits);
    }
}
