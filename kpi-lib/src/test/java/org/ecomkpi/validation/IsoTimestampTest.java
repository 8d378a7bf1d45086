package org.ecomkpi.validation;

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
            Instant expected = local.toInstant(offset);
            String zone = offset.getTotalSeconds() == 0 ? "+00:00" : offset.getId();
            assertEquals(Optional.of(local.toInstant(ZoneOffset.UTC)), IsoTimestamp.parse(local.format(space)));
            assertEquals(Optional.of(local.toInstant(ZoneOffset.UTC)), IsoTimestamp.parse(local.format(space) + " UTC"));
            assertEquals(Optional.of(expected), IsoTimestamp.parse(local.format(space).replace(' ', 'T') + zone));
            assertEquals(Optional.of(expected), IsoTimestamp.parse(OffsetDateTime.of(local, offset).toString()
                    .replace("Z", "+00:00")), () -> OffsetDateTime.of(local, offset).toString());
        }
    }

    @Test
    void fractionsKeepTheirPrecision() {
        assertEquals(Optional.of(Instant.parse("2025-03-30T16:14:26.120Z")), IsoTimestamp.parse("2025-03-30 16:14:26.12"));
        assertEquals(Optional.of(Instant.parse("2025-03-30T16:14:26.123456789Z")),
                IsoTimestamp.parse("2025-03-30T16:14:26.123456789Z"));
    }

    @Test
    void leapDaysExistOnlyInLeapYears() {
        assertTrue(IsoTimestamp.parse("2024-02-29 00:00:00").isPresent());
        assertTrue(IsoTimestamp.parse("2000-02-29 00:00:00").isPresent());
        assertTrue(IsoTimestamp.parse("2023-02-29 00:00:00").isEmpty());
        assertTrue(IsoTimestamp.parse("1900-02-29 00:00:00").isEmpty());
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
