package org.ecomkpi.kpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** Every stored state carries a CRC32C: a flipped byte anywhere is refused as corrupt before it is parsed. */
class StateChecksumTest {

    private static final OrderDayState DAY = new OrderDayState(3, 1, 9, new BigDecimal("-12.345"), 2);

    @Test
    void aFlippedByteAnywhereInAStateIsRefusedAsCorrupt() {
        byte[] bytes = DAY.toBytes();
        for (int at = 0; at < bytes.length; at++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] flipped = bytes.clone();
                flipped[at] ^= (byte) (1 << bit);
                IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                        () -> OrderDayState.fromBytes(flipped), "byte " + at + " bit " + bit);
                assertTrue(refused.getMessage().contains("order-day state"), refused.getMessage());
            }
        }
    }

    @Test
    void aFlippedBodyByteSaysTheStateIsCorrupt() {
        byte[] bytes = new CategoryDayState(new BigDecimal("99.99"), 4, 1, 2).toBytes();
        bytes[bytes.length / 2] ^= 0x10;

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> CategoryDayState.fromBytes(bytes));
        assertEquals("category-day state is corrupt: its CRC32C checksum does not match its " + bytes.length
                + " bytes", refused.getMessage());
    }

    @Test
    void aStateOfTheFormatBeforeChecksumsIsRefusedWithAMessage() {
        byte[] current = DAY.toBytes();
        byte[] versionOne = Arrays.copyOf(current, current.length - 4);
        versionOne[1] = 1;

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> OrderDayState.fromBytes(versionOne));
        assertTrue(refused.getMessage().contains("format version 1, written before states carried a checksum"),
                refused.getMessage());
    }

    @Test
    void aTruncatedStateIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> OrderDayState.fromBytes(new byte[] {'D', 2, 0}));
    }
}
