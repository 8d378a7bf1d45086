package org.ecomkpi.step.validate;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.ecomkpi.bucket.Bucket;
import org.ecomkpi.csv.CsvRowReader;
import org.ecomkpi.csv.SpreadsheetSafe;
import org.ecomkpi.row.FileType;
import org.ecomkpi.run.BatchManifest;
import org.ecomkpi.run.InputFile;
import org.ecomkpi.run.Staging;
import org.ecomkpi.run.StepTally;

/**
 * Writes the row reject archive of each input file at {@code invalid-data/<runId>/<relative path>}, the file's
 * own path below {@code landing-data/} ({@code orders/a/o.csv}, {@code products/products.csv},
 * {@code products.csv}): each rejected row with its original columns plus {@code _line}, {@code _rule} and
 * {@code _message}. Relative paths are unique in a batch, so two files' archives never overwrite each other.
 * Cells a spreadsheet would run as a formula are neutralised ({@link SpreadsheetSafe}).
 */
final class RejectFiles {
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setRecordSeparator("\r\n").get();

    private RejectFiles() {
    }

    /** The archive key of a file's rejects: its relative path (less a {@code .gz}) below the run's {@code invalid-data/}. */
    static String key(String runId, InputFile file) {
        return InputFile.rejectArchiveKey(runId, file.relativePath());
    }

    /** Composes the staged rejects of every step into per-file archives; returns how many files it wrote. */
    static int compose(Bucket bucket, BatchManifest manifest) {
        String runId = manifest.runId();
        Map<String, InputFile> byKey = manifest.files().stream()
                .collect(Collectors.toMap(InputFile::key, Function.identity()));
        int written = 0;
        for (FileType type : FileType.values()) {
            int parts = StepTally.readFrom(bucket, runId, type).map(StepTally::parts).orElse(0);
            Archive open = null;
            try {
                for (int part = 0; part < parts; part++) {
                    try (Staging.PartReader rows = Staging.read(bucket, Staging.rejectedPart(runId, type, part))) {
                        for (CSVRecord r : rows) {
                            String fileKey = r.get(0);
                            if (open == null || !open.file.key().equals(fileKey)) {
                                if (open != null) {
                                    open.upload(bucket, runId);
                                    written++;
                                }
                                open = new Archive(bucket, byKey.get(fileKey));
                            }
                            open.add(r);
                        }
                    }
                }
                if (open != null) {
                    open.upload(bucket, runId);
                    written++;
                    open = null;
                }
            } finally {
                if (open != null) {
                    open.discard();
                }
            }
        }
        return written;
    }

    /** One file's rejects, spooled to a temporary file and uploaded whole. */
    private static final class Archive {
        final InputFile file;
        final Path spool;
        final CSVPrinter printer;

        Archive(Bucket bucket, InputFile file) {
            this.file = file;
            List<String> header = new ArrayList<>();
            try (InputStream in = SourceContent.open(bucket, file.key());
                 CsvRowReader reader = CsvRowReader.open(in, file.key(), file.type().orElseThrow())) {
                header.addAll(reader.header().names());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            header.add("_line");
            header.add("_rule");
            header.add("_message");
            try {
                spool = Files.createTempFile("rejects-", ".csv");
                BufferedWriter out = Files.newBufferedWriter(spool, StandardCharsets.UTF_8);
                printer = new CSVPrinter(out, FORMAT);
                printer.printRecord(SpreadsheetSafe.cells(header));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void add(CSVRecord staged) {
            List<String> row = new ArrayList<>(staged.size());
            for (int i = 4; i < staged.size(); i++) {
                row.add(staged.get(i));
            }
            row.add(staged.get(1));
            row.add(staged.get(2));
            row.add(staged.get(3));
            try {
                printer.printRecord(SpreadsheetSafe.cells(row));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void upload(Bucket bucket, String runId) {
            try {
                printer.close();
                try (InputStream in = Files.newInputStream(spool)) {
                    bucket.write(key(runId, file), in);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                discard();
            }
        }

        void discard() {
            try {
                printer.close();
                Files.deleteIfExists(spool);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
