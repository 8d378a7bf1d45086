package org.ecomkpi.csv;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.ecomkpi.csv.MalformedCsvException.Kind;
import org.ecomkpi.row.FileType;

/**
 * Streams the records of one UTF-8 CSV file as {@link SourceRow}s, one at a time; the file is never held in
 * memory. Columns are found by header name ({@link CsvHeader}), extra columns ignored; a byte-order mark, CRLF
 * or LF line ends and RFC 4180 quoting (commas, doubled quotes and line breaks inside quotes) are accepted;
 * completely empty lines are skipped. Every row knows the physical line it starts on, and {@link #position()}
 * is a restart checkpoint that {@link #resume} continues from, e.g. over an S3 ranged GET.
 *
 * <pre>{@code
 * try (CsvRowReader reader = CsvRowReader.open(in, "orders/2025-03-30.csv", FileType.ORDERS)) {
 *     for (Optional<SourceRow> row = reader.next(); row.isPresent(); row = reader.next()) {
 *         validate(row.get());
 *     }
 * }
 * }</pre>
 *
 * <p>Errors are unchecked and name file, line and column: {@link SchemaException} for a header lacking required
 * columns or an empty file, {@link MalformedCsvException} for bytes that are not UTF-8 and broken quoting. A
 * failure of the stream itself (a dropped connection) stays an {@link UncheckedIOException}.
 *
 * <p>Cells are parsed by Apache Commons CSV; decoding, line numbers and byte offsets come from a strict UTF-8
 * decoder that follows the quote state alongside (Commons CSV's own byte tracking encodes each character a
 * second time, allocating, and does not give the line a record starts on). Not thread-safe.
 */
public final class CsvRowReader implements Closeable {
    /** RFC 4180 as producers write it, but skipping empty lines (a trailing newline is not a row). */
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();

    private final String file;
    private final CsvHeader header;
    private final TrackingUtf8Reader source;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private ReadPosition position;

    private CsvRowReader(String file, CsvHeader header, TrackingUtf8Reader source, CSVParser parser,
            ReadPosition position) {
        this.file = file;
        this.header = header;
        this.source = source;
        this.parser = parser;
        this.records = parser.iterator();
        this.position = position;
    }

    /**
     * Reads the header of a file and prepares to stream its records. The reader owns {@code in} from here on:
     * {@link #close()} closes it, and so does a failed open.
     *
     * @param in   the file's bytes from its first byte
     * @param file the file's name, used in rows and in every error message
     * @throws SchemaException       when the header lacks required columns, or the file holds no header at all
     * @throws MalformedCsvException when the header itself is not valid UTF-8 CSV
     */
    public static CsvRowReader open(InputStream in, String file, FileType type) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(type, "type");
        TrackingUtf8Reader source = new TrackingUtf8Reader(in, file, new ReadPosition(0, 1));
        CSVParser parser = parserOver(source);
        try {
            Iterator<CSVRecord> records = parser.iterator();
            CSVRecord first = nextRecord(records, source, file);
            if (first == null) {
                throw SchemaException.noHeader(file, type);
            }
            source.takeRecord();
            CsvHeader header = CsvHeader.of(file, type, first.toList());
            return new CsvRowReader(file, header, source, parser, source.takenEnd());
        } catch (RuntimeException e) {
            closeQuietly(parser, e);
            throw e;
        }
    }

    /**
     * Continues reading a file from a checkpoint taken with {@link #position()}: {@code inAtOffset} must start
     * at {@code at.byteOffset()} of the same file (no header there). Rows and positions are then exactly those
     * an uninterrupted read would have produced. The reader owns {@code inAtOffset}.
     *
     * @param file   the file's name for error messages (rows report {@code header.file()})
     * @param header the header read when the file was first opened
     */
    public static CsvRowReader resume(InputStream inAtOffset, String file, CsvHeader header, ReadPosition at) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(at, "at");
        TrackingUtf8Reader source = new TrackingUtf8Reader(inAtOffset, file, at);
        return new CsvRowReader(file, header, source, parserOver(source), at);
    }

    /**
     * The next record, or empty at the end of the file.
     *
     * <p>{@code Optional} rather than an {@code advance()}/{@code row()} pair: the throughput harness
     * ({@code CsvReadThroughput}) shows no measurable difference, as the wrapper is one short-lived object next
     * to the cell strings, and the {@code Optional} form cannot be misused by reading a stale row.
     *
     * @throws MalformedCsvException when the bytes are not UTF-8 or the quoting is broken; rows before the
     *                               problem are all returned first
     */
    public Optional<SourceRow> next() {
        CSVRecord record = nextRecord(records, source, file);
        if (record == null) {
            return Optional.empty();
        }
        source.takeRecord();
        position = source.takenEnd();
        // values() is the parser's own array, handed over without a copy; the record itself is dropped here.
        return Optional.of(new SourceRow(header, source.takenStartLine(), record.values()));
    }

    /** Where the next record will be read from: save it with a checkpoint and pass it to {@link #resume}. */
    public ReadPosition position() {
        return position;
    }

    public CsvHeader header() {
        return header;
    }

    public String file() {
        return file;
    }

    /** Closes the underlying stream. */
    @Override
    public void close() {
        try {
            parser.close();
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot close: " + e.getMessage(), e);
        }
    }

    private static CSVParser parserOver(TrackingUtf8Reader source) {
        try {
            return CSVParser.builder().setReader(source).setFormat(FORMAT).get();
        } catch (IOException e) {
            // Without a header to parse, building the parser reads nothing; still, never let it escape raw.
            throw new UncheckedIOException(e);
        }
    }

    /** The parser's next record or null at the end, with its failures translated into our typed errors. */
    private static CSVRecord nextRecord(Iterator<CSVRecord> records, TrackingUtf8Reader source, String file) {
        try {
            return records.hasNext() ? records.next() : null;
        } catch (UncheckedIOException e) {
            if (source.streamFailed()) {
                throw e; // the stream broke, the data may be fine: a retry can succeed
            }
            // The decoder sees every quoting error the parser can raise, and knows where the field opened.
            Optional<MalformedCsvException> problem = source.structuralProblem();
            if (problem.isPresent()) {
                if (problem.get().getSuppressed().length == 0) {
                    problem.get().addSuppressed(e); // keep the parser's own account once
                }
                throw problem.get();
            }
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new MalformedCsvException(file, source.currentRecordLine(), 1, Kind.UNPARSEABLE,
                    "cannot parse CSV: " + cause.getMessage(), cause);
        }
    }

    private static void closeQuietly(CSVParser parser, RuntimeException failure) {
        try {
            parser.close();
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}
