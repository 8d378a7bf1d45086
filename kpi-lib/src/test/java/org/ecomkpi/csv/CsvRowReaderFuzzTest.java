package org.ecomkpi.csv;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.ecomkpi.row.FileType;

/**
 * CsvRowReader on any bytes, with Commons CSV as the oracle over the same text: the reader either throws one
 * of its typed errors ({@link CsvFileException}: {@link SchemaException}, {@link MalformedCsvException}) or
 * returns the records Commons CSV finds, each with the line it starts on and a checkpoint at the byte where
 * the next one starts. This is the property that keeps the reader's second quote-state machine honest.
 */
class CsvRowReaderFuzzTest {
    private static final String FILE = "orders/fuzz.csv";
    private static final String HEADER = "order_id,user_id,created_at,status\n";
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();

    private record Row(List<String> cells, long line, ReadPosition after) {
    }

    @FuzzTest(maxDuration = "10s")
    void readsWhatCommonsCsvReadsAtTheRightBytesAndLines(FuzzedDataProvider data) {
        // Mostly behind a valid header, so the fuzzer spends its time past the schema check
        byte[] body = data.consumeRemainingAsBytes();
        byte[] bytes = body.length > 0 && (body[0] & 1) == 0 ? concat(HEADER.getBytes(UTF_8), body) : body;

        List<Row> rows = new ArrayList<>();
        CsvFileException failure = null;
        try (CsvRowReader reader = CsvRowReader.open(new ByteArrayInputStream(bytes), FILE, FileType.ORDERS)) {
            for (Optional<SourceRow> row = reader.next(); row.isPresent(); row = reader.next()) {
                rows.add(new Row(row.get().cells(), row.get().line(), reader.position()));
            }
        } catch (CsvFileException e) {
            failure = e;
        }

        Optional<String> text = strictUtf8(bytes);
        if (text.isEmpty()) {
            // as malformed, or earlier for a header without the required columns
            assertTrue(failure != null, "bytes that are not UTF-8 must be refused");
            return;
        }
        // a leading BOM is not content (SPEC 2): Commons CSV would read it as part of the first cell, so it reads
        // what follows, and its positions are shifted by the BOM's bytes
        boolean bom = text.get().startsWith("\uFEFF");
        String s = bom ? text.get().substring(1) : text.get();
        int bomBytes = bom ? 3 : 0;
        List<CSVRecord> expected = new ArrayList<>();
        boolean oracleFailed = false;
        try (CSVParser parser = CSVParser.builder().setReader(new StringReader(s)).setFormat(FORMAT).get()) {
            parser.forEach(expected::add);
        } catch (UncheckedIOException | IOException e) {
            oracleFailed = true;
        }
        CsvFileException refusal = failure;
        if (refusal != null) {
            assertTrue(oracleFailed || refusal instanceof SchemaException,
                    () -> "the reader refused what Commons CSV reads: " + refusal);
        } else {
            assertTrue(!oracleFailed, "the reader read what Commons CSV refuses");
            assertEquals(expected.size() - 1, rows.size(), "records after the header");
        }
        for (int i = 0; i < rows.size() && i + 1 < expected.size(); i++) {
            CSVRecord record = expected.get(i + 1);
            Row row = rows.get(i);
            assertEquals(record.toList(), row.cells(), "cells of record " + (i + 1));
            int start = skipLineBreaks(s, (int) record.getCharacterPosition());
            assertEquals(linesBefore(s, start), row.line(), "start line of record " + (i + 1));
            int next = i + 2 < expected.size() ? (int) expected.get(i + 2).getCharacterPosition() : -1;
            if (next >= 0) {
                assertEquals(new ReadPosition(bomBytes + s.substring(0, next).getBytes(UTF_8).length, linesBefore(s, next)),
                        row.after(), "checkpoint after record " + (i + 1));
            } else if (failure == null) {
                int end = (int) row.after().byteOffset();
                assertTrue(end <= bytes.length, "checkpoint inside the file");
                String rest = new String(bytes, end, bytes.length - end, UTF_8);
                assertTrue(rest.chars().allMatch(c -> c == '\r' || c == '\n'),
                        () -> "only line breaks after the last checkpoint, found " + rest);
            }
        }
    }

    private static Optional<String> strictUtf8(byte[] bytes) {
        try {
            return Optional.of(UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private static int skipLineBreaks(String s, int at) {
        while (at < s.length() && (s.charAt(at) == '\r' || s.charAt(at) == '\n')) {
            at++;
        }
        return at;
    }

    /** The one-based physical line at a character position: CRLF, CR and LF each end a line. */
    private static long linesBefore(String s, int at) {
        long line = 1;
        for (int i = 0; i < at; i++) {
            char c = s.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 >= s.length() || s.charAt(i + 1) != '\n'))) {
                line++;
            }
        }
        return line;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = new byte[a.length + b.length];
        System.arraycopy(a, 0, joined, 0, a.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }
}
