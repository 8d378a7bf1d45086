package org.ecomkpi.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

import org.ecomkpi.kpi.ItemVersion;
import org.ecomkpi.kpi.OrderFact;
import org.junit.jupiter.api.Test;

/** The spill records restore every version exactly: any string, any decimal, any date, every returned state. */
class VersionRecordsTest {

    @Test
    void ordersAndItemsComeBackExactlyAndTheirKeysAreReadWithoutDecodingTheRest() throws IOException {
        List<OrderFact> orders = new ArrayList<>();
        List<ItemVersion> items = new ArrayList<>();
        String[] strings = {"o-1", "", "\u0000nul", "é café", "日本語", "emoji \uD83D\uDE00", "lone \uD800 high",
                "lone \uDC00 low", "x".repeat(70_000)};
        BigDecimal[] prices = {new BigDecimal("0.00"), new BigDecimal("19.99"), new BigDecimal("-3.5"),
                new BigDecimal("1E+3"), new BigDecimal(Long.MAX_VALUE).add(BigDecimal.ONE).movePointLeft(2),
                new BigDecimal(Long.MIN_VALUE).movePointLeft(6), new BigDecimal(BigInteger.TWO.pow(200), 4),
                new BigDecimal(Long.MIN_VALUE).subtract(BigDecimal.ONE)};
        LocalDate[] dates = {LocalDate.of(2025, 3, 30), LocalDate.MIN, LocalDate.MAX, LocalDate.EPOCH};
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200; i++) {
            String id = strings[random.nextInt(strings.length)] + i;
            orders.add(new OrderFact(id, dates[random.nextInt(dates.length)], strings[random.nextInt(strings.length)],
                    random.nextBoolean()));
            int own = random.nextInt(3);
            items.add(new ItemVersion(strings[random.nextInt(strings.length)] + "/" + i, id,
                    strings[random.nextInt(strings.length)], prices[random.nextInt(prices.length)],
                    own == 0 ? Optional.empty() : Optional.of(own == 2)));
        }

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        VersionRecords.Buffer buffer = new VersionRecords.Buffer();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            for (OrderFact order : orders) {
                VersionRecords.write(out, order, buffer);
            }
        }
        ByteArrayOutputStream itemBytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(itemBytes)) {
            for (ItemVersion item : items) {
                VersionRecords.write(out, item, buffer);
            }
        }

        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            for (OrderFact order : orders) {
                VersionRecords.Raw raw = VersionRecords.readRaw(in, false);
                assertEquals(order.orderId(), raw.key());
                assertEquals(order, VersionRecords.order(raw.payload()));
            }
            assertNull(VersionRecords.readRaw(in, false), "the end of the file");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(itemBytes.toByteArray()))) {
            for (ItemVersion item : items) {
                VersionRecords.Raw raw = VersionRecords.readRaw(in, true);
                assertEquals(item.itemId(), raw.key());
                assertEquals(item.orderId(), raw.orderId());
                ItemVersion back = VersionRecords.item(raw.payload());
                assertEquals(item, back);
                assertEquals(item.salePrice().scale(), back.salePrice().scale(), "scale kept: " + item.salePrice());

                ByteArrayOutputStream copied = new ByteArrayOutputStream();
                try (DataOutputStream out = new DataOutputStream(copied)) {
                    VersionRecords.copy(out, raw);
                }
                try (DataInputStream again = new DataInputStream(new ByteArrayInputStream(copied.toByteArray()))) {
                    assertArrayEquals(raw.payload(), VersionRecords.readPayload(again), "a copy is the record unchanged");
                }
            }
            assertNull(VersionRecords.readRaw(in, true));
        }
    }
}
