package org.ecomkpi.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;

class IsoTimestampTest {

    @Test
    void agreesWithJavaTimeOnRandomInstantsInEveryStyle() {
        Random random = new Random(7);
        DateTimeFormatter space = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
        for (int i = 0; i < 20_000; i++) {
            LocalDateTime local = LocalDateTime.ofEpochSecond(random.nextInt(Integer.MAX_VALUE), 0, ZoneOffset.UTC)
                    .minusYears(random.nextInt(60));
            ZoneOffset offset = ZoneOffset.ofTotalSeconds((random.nextInt(57) - 28) * 1800);
            Optional<Instant> expected = sinceEarliest(local.toInstant(offset));
            Optional<Instant> utc = sinceEarliest(local.toInstant(ZoneOffset.UTC));
            String zone = offset.getTotalSeconds() == 0 ? "+00:00" : offset.getId();
            assertEquals(utc, IsoTimestamp.parse(local.format(space)));
            assertEquals(utc, IsoTimestamp.parse(local.format(space) + " UTC"));
            assertEquals(expected, IsoTimestamp.parse(local.format(space).replace(' ', 'T') + zone));
            assertEquals(expected, IsoTimestamp.parse(OffsetDateTime.of(local, offset).toString()
                    .replace("Z", "+00:00")), () -> OffsetDateTime.of(local, offset).toString());
        }
    }

    @Test
    void fractionsKeepTheirPrecision() {
        assertEquals(Optional.of(Instant.parse("2025-03-30T16:14:26.120Z")), IsoTimestamp.parse("2025-03-30 16:14:26.12"));
        assertEquals(Optional.of(Instant.parse("2025-03-30T16:14:26.123456789Z")),
                IsoTimestamp.parse("2025-03-30T16:14:26.123456789Z"));
    }

    /** java.time's answer under SPEC's floor: times before 1970 are not accepted. */
    private static Optional<Instant> sinceEarliest(Instant instant) {
        return instant.isBefore(Instant.EPOCH) ? Optional.empty() : Optional.of(instant);
    }

    @Test
    void theEpochIsAcceptedAndTheSecondBeforeItIsNot() {
        assertEquals(Optional.of(Instant.EPOCH), IsoTimestamp.parse("1970-01-01T00:00:00Z"));
        assertEquals(Optional.empty(), IsoTimestamp.parse("1969-12-31T23:59:59Z"));
        assertEquals(Optional.empty(), IsoTimestamp.parse("1969-12-31T23:59:59.999999999Z"));
        assertEquals(Optional.of(Instant.EPOCH), IsoTimestamp.parse("1970-01-01 01:00:00+01:00"));
        assertEquals(Optional.empty(), IsoTimestamp.parse("1970-01-01 00:30:00+01:00"), "the offset is applied first");
    }

    @Test
    void leapDaysExistOnlyInLeapYears() {
        assertTrue(IsoTimestamp.parse("2024-02-29 00:00:00").isPresent());
        assertTrue(IsoTimestamp.parse("2000-02-29 00:00:00").isPresent());
        assertTrue(IsoTimestamp.parse("2023-02-29 00:00:00").isEmpty());
        assertTrue(IsoTimestamp.readOrNull("1900-02-29 00:00:00") == null);
        assertTrue(IsoTimestamp.readOrNull("1904-02-29 00:00:00") != null);
    }

    @Test
    void malformedTextsAreNotTimestamps() {
        String[] bad = {"", "2025-03-30", "2025-3-30 10:00:00", "2025-03-30 24:00:00", "2025-03-30 10:60:00",
            "2025-03-30 10:00:60", "2025-03-30 10:00:00.", "2025-03-30 10:00:00.1234567891", "2025-03-30X10:00:00",
            "2025-03-30 10:00:00+5:00", "2025-03-30 10:00:00+19:00", "2025-03-30 10:00:00 utc", "2025-03-30 10:00:00ZZ",
            "١٢٣٤-03-30 10:00:00", "2025-13-01 00:00:00", "2025-00-10 00:00:00"};
        for (String text : bad) {
            assertEquals(Optional.empty(), IsoTimestamp.parse(text), text);
        }
    }
}
