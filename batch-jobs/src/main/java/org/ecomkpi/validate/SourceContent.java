package org.ecomkpi.validate;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;

import org.ecomkpi.bucket.Bucket;

/**
 * The CSV content of an input file as stored in the bucket: the bytes themselves, or, when they start with the
 * gzip magic bytes {@code 1f 8b} (whatever the file's name), their decompressed content. The name does not
 * decide, so {@code orders/x.csv.gz} and gzip bytes under {@code orders/x.csv} read alike.
 *
 * <p>Offsets are in content bytes. A plain file resumes with a ranged read; a gzip stream cannot be entered in
 * the middle, so it is read again from its first byte and the content before the offset is decompressed and
 * skipped. A restart inside a gzip file therefore costs a re-read of its first part, and reads exactly the
 * bytes an uninterrupted read would have.
 */
final class SourceContent {
    private static final int GZIP_MAGIC_FIRST = 0x1f;
    private static final int GZIP_MAGIC_SECOND = 0x8b;
    private static final int BUFFER = 64 * 1024;

    private SourceContent() {
    }

    /** The content of the file at {@code key} from its first byte. The caller closes the stream. */
    static InputStream open(Bucket bucket, String key) {
        return openAt(bucket, key, 0);
    }

    /** The content of the file at {@code key} from {@code offset} content bytes on. The caller closes the stream. */
    static InputStream openAt(Bucket bucket, String key, long offset) {
        BufferedInputStream stored = new BufferedInputStream(bucket.read(key), BUFFER);
        try {
            if (!gzipped(stored)) {
                if (offset == 0) {
                    return stored;
                }
                stored.close();
                return bucket.read(key, offset);
            }
            InputStream content = new GZIPInputStream(stored, BUFFER);
            try {
                content.skipNBytes(offset);
            } catch (IOException | RuntimeException e) {
                content.close();
                throw e;
            }
            return content;
        } catch (IOException e) {
            try {
                stored.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            throw new UncheckedIOException(bucket.location() + ": cannot read '" + key + "' from content byte "
                    + offset + ": " + e.getMessage(), e);
        }
    }

    /** Whether the stream starts with the gzip magic bytes; the stream is left where it was. */
    private static boolean gzipped(BufferedInputStream stored) throws IOException {
        stored.mark(2);
        int first = stored.read();
        int second = stored.read();
        stored.reset();
        return first == GZIP_MAGIC_FIRST && second == GZIP_MAGIC_SECOND;
    }
}
