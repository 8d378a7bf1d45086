package org.ecomkpi.csv;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.ecomkpi.csv.MalformedCsvException.Kind;
import org.ecomkpi.row.Column;
import org.ecomkpi.row.FileType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class MalformedCsvTest {
    private static final String FILE = "orders/2025-03-30.csv";
    private static final String HEADER = "order_id,user_id,created_at,status\n";

    @Test
    void unterminatedQuoteNamesTheLineAndColumnOfTheOpeningQuoteAfterEarlierRowsAreRead() {
        List<SourceRow> before = new ArrayList<>();
        MalformedCsvException e = assertThrows(MalformedCsvException.class, () -> readInto(before, HEADER
                + "1001,7,2025-03-30,Complete\n"
                + "1002,Électronique,\"never closed,Complete\n"
                + "1003,9,2025-04-01,Complete\n"));

        assertEquals(Kind.UNTERMINATED_QUOTE, e.kind());
        assertEquals(3, e.line());
        assertEquals(19, e.column());
        assertTrue(e.getMessage().startsWith(FILE + ": line 3, column 19: quoted field"), e.getMessage());
        assertEquals(List.of("1001"), before.stream().map(r -> r.value(Column.ORDER_ID)).toList());
    }

    @Test
    void quoteClosedOnALaterLineIsNotAnError() {
        List<SourceRow> rows = new ArrayList<>();
        readInto(rows, HEADER + "1001,7,\"2025-03-30\n\",Complete\n");
        assertEquals("2025-03-30\n", rows.get(0).cells().get(2));
        assertEquals("Complete", rows.get(0).value(Column.STATUS));
    }

    @Test
    void textAfterAClosingQuoteNamesWhereItStands() {
        MalformedCsvException e = assertThrows(MalformedCsvException.class,
                () -> readInto(new ArrayList<>(), HEADER + "1001,7,\"2025-03-30\"x,Complete\n"));

        assertEquals(Kind.TEXT_AFTER_CLOSING_QUOTE, e.kind());
        assertEquals(2, e.line());
        assertEquals(20, e.column());
    }

    @Test
    void spacesBetweenAClosingQuoteAndTheCommaAreTolerated() {
        List<SourceRow> rows = new ArrayList<>();
        readInto(rows, HEADER + "1001,7,\"2025-03-30\"  ,Complete\n");
        assertEquals("2025-03-30", rows.get(0).value(Column.CREATED_AT));
    }

    @Test
    void invalidUtf8InTheMiddleOfALaterLineNamesItsLineAndCharacterColumn() {
        byte[] file = concat(HEADER + "1001,7,2025-03-30,Électronique\n1002,8,家居 ", "FF", " lamp,Complete\n");
        List<SourceRow> before = new ArrayList<>();

        MalformedCsvException e = assertThrows(MalformedCsvException.class,
                () -> readInto(before, new ByteArrayInputStream(file)));

        assertEquals(Kind.INVALID_UTF8, e.kind());
        assertEquals(3, e.line());
        assertEquals(11, e.column(), "1002,8,家居 is ten characters, whatever its byte length");
        assertTrue(e.getMessage().startsWith(FILE + ": line 3, column 11: invalid UTF-8: byte(s) 0xFF"), e.getMessage());
        assertEquals(1, before.size(), "rows before the bad byte are read first");
    }

    @Test
    void invalidUtf8DeepInALargeFileIsFoundOnItsLineWhateverTheReadSizes() {
        StringBuilder rows = new StringBuilder(HEADER);
        for (int i = 0; i < 5000; i++) {
            rows.append(i).append(",7,2025-03-30,Électronique 家居 ").append(i).append('\n');
        }
        byte[] file = concat(rows + "9999,7,\"multi\nline\",", "C328", "x\n");

        for (InputStream in : List.of(new ByteArrayInputStream(file), new TricklingInputStream(file, 13))) {
            List<SourceRow> before = new ArrayList<>();
            MalformedCsvException e = assertThrows(MalformedCsvException.class, () -> readInto(before, in));
            assertEquals(5003, e.line());
            assertEquals(7, e.column());
            assertEquals(5000, before.size());
        }
    }

    @ParameterizedTest(name = "bytes {0}")
    @ValueSource(strings = {
        "80", // continuation byte without a lead
        "C0AF", // overlong encoding of '/'
        "E08080", // overlong three-byte form
        "EDA080", // UTF-16 surrogate D800
        "F4908080", // above U+10FFFF
        "F8888080", // five-byte form
        "E5AE", // sequence cut short by a comma
    })
    void everyKindOfInvalidUtf8IsReportedNeverReplaced(String hex) {
        byte[] file = concat(HEADER + "1001,7,", hex, ",Complete\n");

        MalformedCsvException e = assertThrows(MalformedCsvException.class,
                () -> readInto(new ArrayList<>(), new ByteArrayInputStream(file)));

        assertEquals(Kind.INVALID_UTF8, e.kind());
        assertEquals(2, e.line());
        assertEquals(8, e.column());
    }

    @Test
    void sequenceCutOffByTheEndOfTheFileIsInvalidUtf8() {
        byte[] file = concat(HEADER + "1001,7,2025-03-30,家", "E5AE", "");

        MalformedCsvException e = assertThrows(MalformedCsvException.class,
                () -> readInto(new ArrayList<>(), new ByteArrayInputStream(file)));

        assertEquals(Kind.INVALID_UTF8, e.kind());
        assertEquals(20, e.column());
        assertTrue(e.getMessage().contains("the file ends inside it"), e.getMessage());
    }

    @Test
    void columnsCountCharactersSoAnEmojiIsOneColumn() {
        byte[] file = concat(HEADER + "1001,😀😀,", "FF", ",Complete\n");

        MalformedCsvException e = assertThrows(MalformedCsvException.class,
                () -> readInto(new ArrayList<>(), new ByteArrayInputStream(file)));

        assertEquals(2, e.line());
        assertEquals(9, e.column());
    }

    @Test
    void invalidUtf8InTheHeaderIsReportedOnLineOne() {
        byte[] file = concat("order_id,user_", "C3", ",created_at,status\n");

        MalformedCsvException e = assertThrows(MalformedCsvException.class,
                () -> CsvRowReader.open(new ByteArrayInputStream(file), FILE, FileType.ORDERS));

        assertEquals(1, e.line());
        assertEquals(15, e.column());
    }

    @Test
    void brokenStreamIsAnIoFailureNotABadFile() {
        byte[] file = (HEADER + "1001,7,2025-03-30,Complete\n".repeat(100)).getBytes(UTF_8);

        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> readInto(new ArrayList<>(), new TricklingInputStream(file, 64, 1000)));

        assertEquals("connection reset", e.getCause().getMessage());
    }

    private static void readInto(List<SourceRow> rows, String content) {
        readInto(rows, new ByteArrayInputStream(content.getBytes(UTF_8)));
    }

    private static void readInto(List<SourceRow> rows, InputStream in) {
        try (CsvRowReader reader = CsvRowReader.open(in, FILE, FileType.ORDERS)) {
            for (Optional<SourceRow> row = reader.next(); row.isPresent(); row = reader.next()) {
                rows.add(row.get());
            }
        }
    }

    /** Text, then raw bytes given in hex, then text: a file with bytes no Java string can hold. */
    private static byte[] concat(String before, String hex, String after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(before.getBytes(UTF_8));
        out.writeBytes(HexFormat.of().parseHex(hex));
        out.writeBytes(after.getBytes(UTF_8));
        return out.toByteArray();
    }
}
