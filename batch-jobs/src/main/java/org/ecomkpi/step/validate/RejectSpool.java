package org.ecomkpi.step.validate;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.commons.csv.CSVPrinter;
import org.ecomkpi.bucket.Bucket;
import org.ecomkpi.run.Staging;

/**
 * The running chunk's rejects, spooled to a local temporary file rather than kept in memory. JBeret does not
 * count skipped rows towards a chunk's item count, so a file whose rows are nearly all bad reads in one long
 * chunk: its rejects must not have to fit in the heap. The spool is uploaded as the chunk's rejected part at the
 * checkpoint; after a crash the chunk is read again from its checkpoint, so losing the spool loses nothing.
 */
final class RejectSpool {
    private Path file;
    private CSVPrinter printer;
    private long rows;

    void add(List<String> cells) {
        try {
            if (printer == null) {
                file = Files.createTempFile("rejects-", ".csv");
                printer = Staging.printer(new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8)));
            }
            printer.printRecord(cells);
            rows++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spool a rejected row to " + file + ": " + e.getMessage(), e);
        }
    }

    boolean isEmpty() {
        return rows == 0;
    }

    /** Uploads the spooled rows (possibly none) as one object. */
    void writeTo(Bucket bucket, String key) {
        if (printer == null) {
            bucket.write(key, new byte[0]);
            return;
        }
        try {
            printer.flush();
            try (InputStream in = Files.newInputStream(file)) {
                bucket.write(key, in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot upload the rejects spooled in " + file + ": " + e.getMessage(), e);
        }
    }

    /** Forgets the spooled rows and deletes the file. */
    void clear() {
        try {
            if (printer != null) {
                printer.close();
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the reject spool " + file + ": " + e.getMessage(), e);
        } finally {
            printer = null;
            file = null;
            rows = 0;
        }
    }
}
