package org.ecomkpi.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * IsoTimestamp against java.time, on any text: the accepted styles of SPEC 3 are written here as a regular
 * expression, and java.time builds the instant; both must agree, including on the floor at 1970, and the
 * parser must never throw.
 */
class IsoTimestampFuzzTest {
    private static final Pattern STYLES = Pattern.compile("([0-9]{4})-([0-9]{2})-([0-9]{2})[T ]([0-9]{2}):([0-9]{2})"
            + "(?::([0-9]{2})(?:\\.([0-9]{1,9}))?)?(Z| UTC|[+-][0-9]{2}:[0-9]{2})?");

    @FuzzTest(maxDuration = "10s")
    void agreesWithJavaTime(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        assertEquals(expected(text), IsoTimestamp.parse(text), text);
    }

    private static Optional<Instant> expected(String text) {
        Matcher m = STYLES.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            String fraction = m.group(7) == null ? "" : m.group(7);
            int nanos = fraction.isEmpty() ? 0 : Integer.parseInt((fraction + "00000000").substring(0, 9));
            LocalDateTime local = LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
                    m.group(6) == null ? 0 : Integer.parseInt(m.group(6)), nanos);
            String zone = m.group(8);
            ZoneOffset offset = zone == null || zone.equals("Z") || zone.equals(" UTC") ? ZoneOffset.UTC
                    : ZoneOffset.of(zone);
            Instant instant = local.toInstant(offset);
            return instant.isBefore(Instant.EPOCH) ? Optional.empty() : Optional.of(instant);
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
