package org.ecomkpi.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.ecomkpi.bucket.Bucket;
import org.ecomkpi.kpi.ItemVersion;
import org.ecomkpi.row.Order;
import org.ecomkpi.row.Product;
import org.ecomkpi.row.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AcceptedRowsTest {
    @TempDir
    Path dir;

    /** Rows at the edges of what validation accepts: SPEC 3's largest amounts, text of any script, absent values. */
    private static final List<Object> ROWS = List.of(
            new Order("1", "u1", Instant.parse("2024-01-05T10:15:30Z"), Status.COMPLETE, Optional.empty(),
                    Optional.empty(), Optional.empty(), OptionalInt.empty()),
            new Order("ordér \"2\",\n😀", "", Instant.ofEpochSecond(0, 999_999_999), Status.RETURNED,
                    Optional.of(Instant.parse("2024-01-06T00:00:00.000001Z")),
                    Optional.of(Instant.parse("2262-04-11T23:47:16.854775807Z")),
                    Optional.of(Instant.parse("9999-12-31T23:59:59Z")), OptionalInt.of(999_999_999)),
            new ItemVersion("10", "1", "Électronique & 家居", new BigDecimal("999999999999.999999"), Optional.empty()),
            new ItemVersion("11", "1", "", new BigDecimal("0.000001"), Optional.of(true)),
            new ItemVersion("12", "1", "Sports", new BigDecimal("-3"), Optional.of(false)),
            new ItemVersion("13", "1", "Big", new BigDecimal("123456789012345678901234567890.123456789"),
                    Optional.empty()),
            new ItemVersion("14", "1", "Scaled", new BigDecimal("1E+3"), Optional.empty()),
            new AcceptedRows.StagedProduct("landing/products.csv", new Product("p1", "SKU-1", new BigDecimal("12.50"),
                    "Home", new BigDecimal("19.99"), Optional.of("Lamp, \"tall\""), Optional.empty(),
                    Optional.of("Women"))),
            new AcceptedRows.StagedProduct("landing/b/products.csv.gz", new Product("p2", "", new BigDecimal("0"),
                    "x".repeat(200), new BigDecimal("0.00"), Optional.empty(), Optional.of("Brand"),
                    Optional.empty())));

    private static List<Object> readAll(AcceptedRows.Reader reader) {
        List<Object> rows = new ArrayList<>();
        for (Object row = reader.next(); row != null; row = reader.next()) {
            rows.add(row);
        }
        return rows;
    }

    @Test
    void rowsComeBackEqualAndFromAnyRowsOffsetExactlyTheRemainingOnes() {
        Bucket bucket = Bucket.at(dir.toString());
        bucket.write("part.bin", AcceptedRows.encode(ROWS));

        List<Long> positions = new ArrayList<>();
        try (AcceptedRows.Reader reader = AcceptedRows.read(bucket, "part.bin", 0)) {
            for (long at = reader.position(); at >= 0; at = reader.position()) {
                positions.add(at);
                reader.next();
            }
            assertNull(reader.next());
        }
        assertEquals(ROWS.size(), positions.size());
        assertEquals((long) AcceptedRows.HEADER, positions.get(0), "the first row right after the header");
        for (int k = 0; k < ROWS.size(); k++) {
            try (AcceptedRows.Reader reader = AcceptedRows.read(bucket, "part.bin", positions.get(k))) {
                assertEquals(ROWS.subList(k, ROWS.size()), readAll(reader), "resumed at row " + k);
            }
        }
        // BigDecimal's equals compares scales too: 12.50 stays 12.50, 1E+3 stays 1E+3
        try (AcceptedRows.Reader reader = AcceptedRows.read(bucket, "part.bin", 0)) {
            List<Object> back = readAll(reader);
            assertEquals("1E+3", ((ItemVersion) back.get(6)).salePrice().toString());
            assertEquals("12.50", ((AcceptedRows.StagedProduct) back.get(7)).product().cost().toString());
        }
    }

    @Test
    void keysReadWithoutTheRowsAreTheRowsKeysAndKeepTheReaderInStepWithTheRows() {
        Bucket bucket = Bucket.at(dir.toString());
        bucket.write("part.bin", AcceptedRows.encode(ROWS));
        List<String> expected = new ArrayList<>();
        for (Object row : ROWS) {
            if (row instanceof Order o) {
                expected.add("ORDER " + o.orderId() + " " + o.numOfItem());
            } else if (row instanceof ItemVersion i) {
                expected.add("ITEM " + i.itemId() + " " + i.orderId());
            } else {
                expected.add("PRODUCT " + ((AcceptedRows.StagedProduct) row).product().id());
            }
        }

        List<String> keys = new ArrayList<>();
        List<Long> positions = new ArrayList<>();
        try (AcceptedRows.Reader reader = AcceptedRows.read(bucket, "part.bin", 0)) {
            AcceptedRows.RowKey key = new AcceptedRows.RowKey();
            for (long at = reader.position(); reader.nextKey(key); at = reader.position()) {
                positions.add(at);
                keys.add(key.kind() + " " + key.id() + " " + (key.kind() == AcceptedRows.RowKey.Kind.ORDER
                        ? key.numOfItem() : key.kind() == AcceptedRows.RowKey.Kind.ITEM ? key.orderId() : ""));
            }
            assertEquals(-1, reader.position());
        }
        assertEquals(expected.stream().map(String::strip).toList(), keys.stream().map(String::strip).toList());
        try (AcceptedRows.Reader reader = AcceptedRows.read(bucket, "part.bin", 0)) {
            for (int k = 0; k < ROWS.size(); k++) {
                assertEquals(positions.get(k), reader.position(), "row " + k + " starts where its keys did");
                reader.next();
            }
        }
    }

    @Test
    void anEmptyPartHasNoRowsAndNoPosition() {
        Bucket bucket = Bucket.at(dir.toString());
        bucket.write("empty.bin", AcceptedRows.encode(List.of()));
        try (AcceptedRows.Reader reader = AcceptedRows.read(bucket, "empty.bin", 0)) {
            assertEquals(-1, reader.position());
            assertNull(reader.next());
        }
    }

    @Test
    void aPartCutShortOrOfAnotherFormIsReportedAsCorruptWithItsKeyAndOffset() {
        Bucket bucket = Bucket.at(dir.toString());
        byte[] whole = AcceptedRows.encode(ROWS);
        bucket.write("cut.bin", Arrays.copyOf(whole, whole.length - 3));
        try (AcceptedRows.Reader reader = AcceptedRows.read(bucket, "cut.bin", 0)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> readAll(reader));
            assertTrue(e.getMessage().startsWith("staged part cut.bin is corrupt at byte "), e.getMessage());
            assertTrue(e.getMessage().endsWith(": a row cut short"), e.getMessage());
        }
        bucket.write("csv.bin", "1,u1,2024-01-05T10:15:30Z\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        IllegalStateException notStaged = assertThrows(IllegalStateException.class,
                () -> AcceptedRows.read(bucket, "csv.bin", 0));
        assertEquals("staged part csv.bin is not a part of accepted rows (no EKAR header): it was not staged by the"
                + " validate job", notStaged.getMessage());
        byte[] tagless = whole.clone();
        tagless[AcceptedRows.HEADER] = '1';
        bucket.write("tag.bin", tagless);
        try (AcceptedRows.Reader reader = AcceptedRows.read(bucket, "tag.bin", 0)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, reader::next);
            assertEquals("staged part tag.bin is corrupt at byte 5: an unknown row tag 49", e.getMessage());
        }
    }

    @Test
    void aPartOfAnotherFormatVersionIsRefusedByNameFromAnyOffset() {
        Bucket bucket = Bucket.at(dir.toString());
        byte[] whole = AcceptedRows.encode(ROWS);
        assertEquals(AcceptedRows.FORMAT_VERSION, whole[AcceptedRows.HEADER - 1]);
        long second;
        bucket.write("v1.bin", whole);
        try (AcceptedRows.Reader reader = AcceptedRows.read(bucket, "v1.bin", 0)) {
            reader.next();
            second = reader.position();
        }
        byte[] newer = whole.clone();
        newer[AcceptedRows.HEADER - 1] = (byte) (AcceptedRows.FORMAT_VERSION + 1);
        bucket.write("v2.bin", newer);

        for (long offset : new long[] {0, second}) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> AcceptedRows.read(bucket, "v2.bin", offset), "from byte " + offset);
            assertTrue(e.getMessage().startsWith("staged part v2.bin has format version "
                    + (AcceptedRows.FORMAT_VERSION + 1) + "; this release reads version "
                    + AcceptedRows.FORMAT_VERSION), e.getMessage());
        }
        try (AcceptedRows.Reader reader = AcceptedRows.read(bucket, "v1.bin", second)) {
            assertEquals(ROWS.subList(1, ROWS.size()), readAll(reader), "the same bytes of this version resume");
        }
        assertThrows(IllegalArgumentException.class, () -> AcceptedRows.read(bucket, "v1.bin", 2),
                "no row starts inside the header");
    }

    @Test
    void aRowThatIsNotStagedIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> AcceptedRows.encode(List.of("1,2,3")));
    }
}
