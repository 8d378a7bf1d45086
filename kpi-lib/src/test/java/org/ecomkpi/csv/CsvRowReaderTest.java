package org.ecomkpi.csv;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.ecomkpi.row.Column;
import org.ecomkpi.row.FileType;
import org.junit.jupiter.api.Test;

class CsvRowReaderTest {
    private static final String FILE = "orders/2025-03-30.csv";
    private static final String HEADER = "order_id,user_id,created_at,status";

    @Test
    void columnsAreFoundByNameWhateverTheirOrderAndExtraColumnsAreIgnored() {
        List<SourceRow> rows = read("status,channel,created_at,order_id,user_id\n"
                + "Complete,web,2025-03-30T16:14:26,1001,7\n");

        SourceRow row = rows.get(0);
        assertEquals("1001", row.value(Column.ORDER_ID));
        assertEquals("7", row.value(Column.USER_ID));
        assertEquals("2025-03-30T16:14:26", row.value(Column.CREATED_AT));
        assertEquals("Complete", row.value(Column.STATUS));
        assertEquals(List.of("Complete", "web", "2025-03-30T16:14:26", "1001", "7"), row.cells());
    }

    @Test
    void headerNamesMatchWhateverTheirCaseAndSurroundingSpaces() {
        List<SourceRow> rows = read(" Order_ID ,USER_ID,Created_At ,  status\n1001,7,2025-03-30,returned\n");

        assertEquals("1001", rows.get(0).value(Column.ORDER_ID));
        assertEquals("returned", rows.get(0).value(Column.STATUS));
    }

    @Test
    void byteOrderMarkBeforeTheHeaderIsNotPartOfTheFirstColumnName() {
        try (CsvRowReader reader = open("\uFEFF" + HEADER + "\n1001,7,2025-03-30,Complete\n")) {
            assertEquals("order_id", reader.header().names().get(0));
            SourceRow row = reader.next().orElseThrow();
            assertEquals("1001", row.value(Column.ORDER_ID));
            assertEquals(2, row.line());
        }
    }

    @Test
    void aRecordStartingWithAnEmptyCellLeavesTheLinesOfLaterRecordsRight() {
        String csv = HEADER + "\n1001,7,2025-03-30,Complete\n,8,2025-03-31,Complete\n,,,\n1004,9,2025-04-01,Shipped\n";
        List<SourceRow> rows = read(csv);
        assertEquals(List.of(2L, 3L, 4L, 5L), lines(rows));
        assertEquals(List.of(2L, 3L, 4L, 5L), lines(read(csv.replace("\n", "\r\n"))));
        assertEquals("1004", rows.get(3).value(Column.ORDER_ID));
    }

    @Test
    void crlfAndLfFilesGiveTheSameRowsOnTheSameLines() {
        String lf = HEADER + "\n1001,7,2025-03-30,Complete\n1002,8,2025-03-31,\"two\nlines\"\n1003,9,2025-04-01,Shipped\n";
        List<SourceRow> fromLf = read(lf);
        List<SourceRow> fromCrlf = read(lf.replace("\n", "\r\n"));

        assertEquals(List.of(2L, 3L, 5L), lines(fromLf));
        assertEquals(lines(fromLf), lines(fromCrlf));
        assertEquals("Shipped", fromCrlf.get(2).value(Column.STATUS), "no carriage return left on the last cell");
        assertEquals("two\r\nlines", fromCrlf.get(1).value(Column.STATUS), "quoted line breaks are kept as written");
    }

    @Test
    void quotedCommasQuotesAndLineBreaksAreCellContentAndLaterRowsKeepTheirPhysicalLines() {
        List<SourceRow> rows = read(HEADER + "\n"
                + "1001,7,\"2025-03-30, noon\",\"she said \"\"hi\"\"\nthen\r\nleft\"\n"
                + "1002,8,2025-03-31,Complete\n");

        SourceRow quoted = rows.get(0);
        assertEquals(2, quoted.line());
        assertEquals("2025-03-30, noon", quoted.value(Column.CREATED_AT));
        assertEquals("she said \"hi\"\nthen\r\nleft", quoted.value(Column.STATUS));
        assertEquals(5, rows.get(1).line(), "the quoted field spans lines 2 to 4");
        assertEquals("1002", rows.get(1).value(Column.ORDER_ID));
    }

    @Test
    void emptyLinesAreSkippedAndATrailingNewlineGivesNoRow() {
        List<SourceRow> rows = read("\n" + HEADER + "\n\n1001,7,2025-03-30,Complete\n\r\n\n1002,8,2025-03-31,Complete\n\n");

        assertEquals(List.of(4L, 7L), lines(rows));
        assertEquals("1002", rows.get(1).value(Column.ORDER_ID));
    }

    @Test
    void lastRecordWithoutLineBreakIsRead() {
        List<SourceRow> rows = read(HEADER + "\n1001,7,2025-03-30,Complete");

        assertEquals(1, rows.size());
        assertEquals("Complete", rows.get(0).value(Column.STATUS));
    }

    @Test
    void shortRowsReadMissingTrailingCellsAsEmpty() {
        List<SourceRow> rows = read("order_id,user_id,created_at,status,shipped_at\n1001,7\n1002,8,2025-03-31,\n");

        assertEquals(List.of("1001", "7"), rows.get(0).cells());
        assertEquals("", rows.get(0).value(Column.STATUS));
        assertEquals("", rows.get(0).value(Column.SHIPPED_AT));
        assertEquals("", rows.get(1).value(Column.STATUS));
    }

    @Test
    void nonAsciiTextIsReadAsWritten() {
        List<SourceRow> rows = read("id,sku,cost,category,retail_price,name\n"
                + "1,SKU-1,10.00,Électronique,19.99,家居 lamp 😀\n", FileType.PRODUCTS);

        assertEquals("Électronique", rows.get(0).value(Column.CATEGORY));
        assertEquals("家居 lamp 😀", rows.get(0).value(Column.NAME));
    }

    @Test
    void headerWithoutRequiredColumnsIsASchemaErrorNamingFileAndMissingColumns() {
        SchemaException e = assertThrows(SchemaException.class, () -> open("order_id,created_at,channel\n1001,x,web\n"));

        assertEquals(List.of(Column.USER_ID, Column.STATUS), e.missingColumns());
        assertEquals(1, e.line());
        assertTrue(e.getMessage().startsWith(FILE + ": line 1, column 1: "), e.getMessage());
        assertTrue(e.getMessage().contains("user_id, status"), e.getMessage());
        assertTrue(e.getMessage().endsWith("header has 3 columns: [order_id, created_at, channel]"), e.getMessage());
    }

    @Test
    void aSchemaErrorEchoesAtMostOneKilobyteOfTheHeaderAndCountsItsColumns() {
        String longName = "x".repeat(5_000);
        SchemaException e = assertThrows(SchemaException.class, () -> open("order_id," + longName + ",status\n"));

        assertTrue(e.getMessage().length() < 2048, e.getMessage().length() + " chars");
        assertTrue(e.getMessage().contains("lacks required column(s) user_id, created_at; header has 3 columns: "
                + "[order_id, xxx"), e.getMessage());
        assertTrue(e.getMessage().endsWith("x\u2026]"), e.getMessage());
    }

    @Test
    void emptyFileIsASchemaErrorAskingForAHeader() {
        for (String empty : List.of("", "\n", "\r\n\r\n", "\uFEFF")) {
            SchemaException e = assertThrows(SchemaException.class, () -> open(empty));
            assertTrue(e.getMessage().contains("empty file"), e.getMessage());
            assertEquals(FileType.ORDERS.requiredColumns(), e.missingColumns());
        }
    }

    @Test
    void headerOnlyFileHasNoRows() {
        assertEquals(List.of(), read(HEADER + "\r\n"));
    }

    @Test
    void closingTheReaderClosesTheStreamAndAFailedOpenDoesToo() {
        TricklingInputStream good = new TricklingInputStream((HEADER + "\n").getBytes(UTF_8), 8);
        CsvRowReader.open(good, FILE, FileType.ORDERS).close();
        assertTrue(good.isClosed());

        TricklingInputStream bad = new TricklingInputStream("order_id\n".getBytes(UTF_8), 8);
        assertThrows(SchemaException.class, () -> CsvRowReader.open(bad, FILE, FileType.ORDERS));
        assertTrue(bad.isClosed());
    }

    @Test
    void rowsAreTheSameWhenTheStreamDeliversAFewBytesAtATime() {
        String content = "\uFEFF" + HEADER + ",note\r\n1001,7,2025-03-30,Complete,Électronique\r\n\r\n"
                + "1002,8,2025-03-31,\"a \"\"quoted\"\"\r\nvalue, 家居\",😀\r\n1003,9,2025-04-01,Shipped,\"\"\r\n";
        List<SourceRow> whole = read(content);
        for (int chunk = 1; chunk <= 7; chunk++) {
            List<SourceRow> trickled = new ArrayList<>();
            try (CsvRowReader reader = CsvRowReader.open(new TricklingInputStream(content.getBytes(UTF_8), chunk),
                    FILE, FileType.ORDERS)) {
                for (Optional<SourceRow> row = reader.next(); row.isPresent(); row = reader.next()) {
                    trickled.add(row.get());
                }
            }
            assertEquals(lines(whole), lines(trickled), "chunk " + chunk);
            for (int i = 0; i < whole.size(); i++) {
                assertEquals(whole.get(i).cells(), trickled.get(i).cells(), "chunk " + chunk);
            }
        }
        assertEquals(List.of(2L, 4L, 6L), lines(whole));
    }

    private static CsvRowReader open(String content) {
        return CsvRowReader.open(new ByteArrayInputStream(content.getBytes(UTF_8)), FILE, FileType.ORDERS);
    }

    private static List<SourceRow> read(String content) {
        return read(content, FileType.ORDERS);
    }

    private static List<SourceRow> read(String content, FileType type) {
        List<SourceRow> rows = new ArrayList<>();
        try (CsvRowReader reader = CsvRowReader.open(new ByteArrayInputStream(content.getBytes(UTF_8)), FILE, type)) {
            for (Optional<SourceRow> row = reader.next(); row.isPresent(); row = reader.next()) {
                rows.add(row.get());
            }
        }
        return rows;
    }

    private static List<Long> lines(List<SourceRow> rows) {
        return rows.stream().map(SourceRow::line).toList();
    }
}
