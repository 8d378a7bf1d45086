package org.ecomkpi.step.validate;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import org.ecomkpi.bucket.Bucket;
import org.ecomkpi.run.InputFile;

/**
 * About how many rows a step's files hold, to size the validator's key sets once rather than grow them (a growth
 * holds the old table and the new one at once: at 10,000,000 orders that is the difference between fitting a
 * 1 GiB heap and not). The bytes a row takes are measured on the first 256 KiB of the first file's content; a
 * gzip file is counted as four times its stored size. An estimate only: a low one costs a growth, a high one
 * memory, never a wrong verdict; a file that cannot be sampled counts at 60 bytes a row.
 */
final class RowEstimate {
    private static final int SAMPLE = 256 * 1024;
    private static final int GZIP_RATIO = 4;
    /** Bytes a row is assumed to take when the sample holds no complete row. */
    private static final int DEFAULT_ROW_BYTES = 60;

    private RowEstimate() {
    }

    static long of(Bucket bucket, List<InputFile> files) {
        if (files.isEmpty()) {
            return 0;
        }
        long bytes = files.stream().mapToLong(f -> f.size() * (f.key().endsWith(".gz") ? GZIP_RATIO : 1)).sum();
        return (long) (bytes / rowBytes(bucket, files.get(0).key())) + 1;
    }

    /**
     * About how many rows {@code bytes} of {@code file}'s stored bytes hold: a byte range of a plain file, or a whole
     * gzip file (a partition of a partitioned step).
     */
    static long ofRange(Bucket bucket, InputFile file, long bytes) {
        long content = bytes * (file.key().endsWith(".gz") ? GZIP_RATIO : 1);
        return (long) (content / rowBytes(bucket, file.key())) + 1;
    }

    private static double rowBytes(Bucket bucket, String key) {
        try (InputStream content = SourceContent.open(bucket, key)) {
            byte[] sample = content.readNBytes(SAMPLE);
            int rows = 0;
            int lastRowEnd = 0;
            for (int i = 0; i < sample.length; i++) {
                if (sample[i] == '\n') {
                    rows++;
                    lastRowEnd = i + 1;
                }
            }
            // the header line counts as a row: it is about as long, and the estimate need not be exact
            return rows == 0 ? DEFAULT_ROW_BYTES : (double) lastRowEnd / rows;
        } catch (IOException | RuntimeException e) {
            // a file that cannot be read is the step's to judge and report (a truncated gzip file rejects the
            // batch as unreadable); an estimate never fails a run
            return DEFAULT_ROW_BYTES;
        }
    }
}
