package org.ecomkpi.csv;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedInputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.ecomkpi.row.Column;
import org.ecomkpi.row.FileType;

/**
 * Throughput harness (not a test): writes an orders file of about a million rows to a temporary file and reads
 * it several times with {@link CsvRowReader}, next to plain Commons CSV over an {@link InputStreamReader} for
 * reference, printing rows/s and MB/s. Run from {@code kpi-lib} after {@code mvn test-compile}:
 *
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) org.ecomkpi.csv.CsvReadThroughput [rows]
 * </pre>
 * (with {@code mvn dependency:build-classpath -Dmdep.outputFile=target/cp.txt} for the classpath).
 */
public final class CsvReadThroughput {
    private static final int PASSES = 5;

    private CsvReadThroughput() {
    }

    public static void main(String[] args) throws IOException {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path file = Files.createTempFile("orders-throughput", ".csv");
        try {
            write(file, rows);
            double megabytes = Files.size(file) / 1e6;
            System.out.printf("file: %,d rows, %.1f MB%n", rows, megabytes);
            for (int pass = 1; pass <= PASSES; pass++) {
                report("CsvRowReader      ", pass, rows, megabytes, timeCsvRowReader(file, rows));
                report("Commons CSV alone ", pass, rows, megabytes, timeCommonsAlone(file, rows));
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static long timeCsvRowReader(Path file, int expectedRows) throws IOException {
        long start = System.nanoTime();
        long count = 0;
        long checksum = 0;
        try (CsvRowReader reader = CsvRowReader.open(Files.newInputStream(file), file.toString(), FileType.ORDERS)) {
            for (Optional<SourceRow> row = reader.next(); row.isPresent(); row = reader.next()) {
                count++;
                checksum += row.get().value(Column.STATUS).length() + row.get().line();
            }
        }
        long elapsed = System.nanoTime() - start;
        check(count, expectedRows, checksum);
        return elapsed;
    }

    private static long timeCommonsAlone(Path file, int expectedRows) throws IOException {
        long start = System.nanoTime();
        long count = -1; // the header is a record here
        long checksum = 0;
        try (Reader in = new InputStreamReader(new BufferedInputStream(Files.newInputStream(file), 1 << 16), UTF_8);
                CSVParser parser = CSVParser.builder().setReader(in).setFormat(CSVFormat.RFC4180).get()) {
            for (CSVRecord record : parser) {
                count++;
                checksum += record.get(3).strip().length();
            }
        }
        long elapsed = System.nanoTime() - start;
        check(count, expectedRows, checksum);
        return elapsed;
    }

    private static void check(long count, int expectedRows, long checksum) {
        if (count != expectedRows || checksum == 0) {
            throw new IllegalStateException("read " + count + " rows, expected " + expectedRows);
        }
    }

    private static void report(String what, int pass, int rows, double megabytes, long nanos) {
        double seconds = nanos / 1e9;
        System.out.printf("pass %d %s %8.2f s %,12.0f rows/s %8.1f MB/s%n", pass, what, seconds, rows / seconds,
                megabytes / seconds);
    }

    /** Rows shaped like real order drops: reordered columns, an extra column, a few quoted and non-ASCII cells. */
    private static void write(Path file, int rows) throws IOException {
        String[] statuses = {"Complete", "Shipped", "Processing", "returned", "Cancelled"};
        try (BufferedWriter out = Files.newBufferedWriter(file, UTF_8)) {
            out.write("order_id,user_id,status,gender,created_at,returned_at,shipped_at,delivered_at,num_of_item,note\r\n");
            for (int i = 0; i < rows; i++) {
                out.write(Integer.toString(i + 1));
                out.write(',');
                out.write(Integer.toString(i * 7 % 100_000));
                out.write(',');
                out.write(statuses[i % statuses.length]);
                out.write(i % 2 == 0 ? ",F," : ",M,");
                out.write("2025-03-30T16:14:26,,2025-03-31 09:21:00+00:00,2025-04-02 02:21:00 UTC,");
                out.write(Integer.toString(1 + i % 4));
                out.write(',');
                out.write(i % 10 == 0 ? "\"Électronique, 家居\"" : i % 10 == 5 ? "gift wrap" : "");
                out.write("\r\n");
            }
        }
    }
}
