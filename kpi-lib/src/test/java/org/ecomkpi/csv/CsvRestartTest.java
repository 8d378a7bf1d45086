package org.ecomkpi.csv;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.ecomkpi.row.Column;
import org.ecomkpi.row.FileType;
import org.junit.jupiter.api.Test;

/** Checkpoints: positions are exact byte offsets and lines, and resuming from any of them loses and repeats nothing. */
class CsvRestartTest {
    private static final String FILE = "orders/2025-03-30.csv";
    private static final String HEADER = "\uFEFForder_id, user_id,created_at,status\r\n";

    /** A record as it is written, line break included, with the cells a reader must return for it. */
    private record Written(String text, List<String> cells) {
    }

    /** What a reader reported for one record, and the position it gave after it. */
    private record Seen(long line, List<String> cells, ReadPosition after) {
    }

    @Test
    void positionsAreTheUtf8ByteOffsetAndLineWhereEachNextRecordStarts() {
        List<Written> records = records(40);
        byte[] file = file(records);

        List<Seen> seen = readAll(file);

        String before = HEADER;
        for (int k = 0; k < records.size(); k++) {
            Seen record = seen.get(k);
            assertEquals(1 + lineBreaks(before), record.line(), "line of record " + k);
            assertEquals(records.get(k).cells(), record.cells(), "cells of record " + k);
            before += records.get(k).text();
            assertEquals(new ReadPosition(before.getBytes(UTF_8).length, 1 + lineBreaks(before)), record.after(),
                    "position after record " + k);
        }
        assertEquals(records.size(), seen.size());
    }

    @Test
    void positionBeforeTheFirstRecordIsJustAfterTheHeaderAndItsByteOrderMark() {
        try (CsvRowReader reader = CsvRowReader.open(new ByteArrayInputStream(file(records(3))), FILE, FileType.ORDERS)) {
            assertEquals(new ReadPosition(HEADER.getBytes(UTF_8).length, 2), reader.position());
            assertEquals(3 + 35 + 2, HEADER.getBytes(UTF_8).length, "BOM is three bytes, the CRLF two");
        }
    }

    @Test
    void resumingAfterAnyNumberOfRecordsYieldsExactlyTheRemainingRowsOnTheSameLines() {
        byte[] file = file(records(25));
        assertResumesExactly(file, 1);
    }

    @Test
    void resumingSkipsEmptyLinesJustAsAnUninterruptedReadDoes() {
        List<Written> records = new ArrayList<>(records(12));
        records.add(6, new Written("\r\n\n", List.of()));
        records.add(3, new Written("\n", List.of()));
        StringBuilder text = new StringBuilder(HEADER);
        records.forEach(r -> text.append(r.text()));
        byte[] file = text.append("\n\n").toString().getBytes(UTF_8);

        assertEquals(12, readAll(file).size());
        assertResumesExactly(file, 1);
    }

    @Test
    void resumingALargeFileIsExactAcrossBufferBoundariesAndSmallReads() {
        byte[] file = file(records(7000));
        assertTrue(file.length > 3 * 65536, "the file spans several read buffers");

        assertResumesExactly(file, 701);
    }

    @Test
    void resumingAtTheEndOfTheFileYieldsNothing() {
        byte[] file = file(records(5));
        ReadPosition end = readAll(file).get(4).after();

        assertEquals(file.length, end.byteOffset());
        assertEquals(List.of(), readFrom(file, end, new ByteArrayInputStream(new byte[0])));
    }

    /** Reads the whole file, then resumes after every {@code step}-th record, also trickling bytes in. */
    private static void assertResumesExactly(byte[] file, int step) {
        List<Seen> all = readAll(file);
        CsvHeader header = header(file);
        List<ReadPosition> checkpoints = new ArrayList<>();
        try (CsvRowReader reader = CsvRowReader.open(new ByteArrayInputStream(file), FILE, FileType.ORDERS)) {
            checkpoints.add(reader.position());
        }
        all.forEach(seen -> checkpoints.add(seen.after()));

        for (int k = 0; k < checkpoints.size(); k += step) {
            ReadPosition at = checkpoints.get(k);
            byte[] rest = Arrays.copyOfRange(file, (int) at.byteOffset(), file.length);
            List<Seen> expected = all.subList(k, all.size());
            assertEquals(expected, readFrom(file, at, new ByteArrayInputStream(rest)), "resumed after " + k + " records");
            assertEquals(expected, readFrom(file, at, new TricklingInputStream(rest, 1 + k % 7)),
                    "resumed after " + k + " records, trickled");
        }
        assertEquals(header.names(), List.of("order_id", " user_id", "created_at", "status"));
    }

    private static List<Seen> readFrom(byte[] file, ReadPosition at, InputStream rest) {
        List<Seen> seen = new ArrayList<>();
        try (CsvRowReader reader = CsvRowReader.resume(rest, FILE, header(file), at)) {
            assertEquals(at, reader.position());
            for (Optional<SourceRow> row = reader.next(); row.isPresent(); row = reader.next()) {
                seen.add(new Seen(row.get().line(), row.get().cells(), reader.position()));
            }
        }
        return seen;
    }

    private static List<Seen> readAll(byte[] file) {
        List<Seen> seen = new ArrayList<>();
        try (CsvRowReader reader = CsvRowReader.open(new ByteArrayInputStream(file), FILE, FileType.ORDERS)) {
            for (Optional<SourceRow> row = reader.next(); row.isPresent(); row = reader.next()) {
                assertEquals(row.get().cells().get(0), row.get().value(Column.ORDER_ID));
                seen.add(new Seen(row.get().line(), row.get().cells(), reader.position()));
            }
        }
        return seen;
    }

    private static CsvHeader header(byte[] file) {
        try (CsvRowReader reader = CsvRowReader.open(new ByteArrayInputStream(file), FILE, FileType.ORDERS)) {
            return reader.header();
        }
    }

    private static byte[] file(List<Written> records) {
        StringBuilder text = new StringBuilder(HEADER);
        records.forEach(r -> text.append(r.text()));
        return text.toString().getBytes(UTF_8);
    }

    /** Records mixing every line ending, quoted line breaks, doubled quotes and one- to four-byte characters. */
    private static List<Written> records(int count) {
        List<Written> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = Integer.toString(1000 + i);
            records.add(switch (i % 5) {
                case 0 -> new Written(id + ",7,\"multi\r\nline 家居\",Complete\r\n",
                        List.of(id, "7", "multi\r\nline 家居", "Complete"));
                case 1 -> new Written(id + ",8,Électronique,😀\n", List.of(id, "8", "Électronique", "😀"));
                case 2 -> new Written(id + ",9,\"say \"\"hi\"\"\nor \"\"bye\"\"\",returned\r\n",
                        List.of(id, "9", "say \"hi\"\nor \"bye\"", "returned"));
                case 3 -> new Written(id + ",1,\"Home & Kitchen, café\"\r", List.of(id, "1", "Home & Kitchen, café"));
                default -> new Written(id + ",,2025-03-30T16:14:26,\n", List.of(id, "", "2025-03-30T16:14:26", ""));
            });
        }
        return records;
    }

    /** Physical line breaks: CRLF, CR and LF each end one line. */
    private static long lineBreaks(String text) {
        return text.replace("\r\n", "\n").replace('\r', '\n').chars().filter(c -> c == '\n').count();
    }
}
