package org.ecomkpi.step.validate;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

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
            InputStream content = new CheckedGzipStream(stored);
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

    /** Whether the file at {@code key} is stored gzip-compressed (a gzip file cannot be cut into byte ranges). */
    static boolean isGzip(Bucket bucket, String key) {
        try (BufferedInputStream stored = new BufferedInputStream(bucket.read(key), 2)) {
            return gzipped(stored);
        } catch (IOException e) {
            throw new UncheckedIOException(bucket.location() + ": cannot read '" + key + "': " + e.getMessage(), e);
        }
    }

    /**
     * The gzip decoder's complaint in a failed read, when that is why it failed: a stored gzip file that is corrupt
     * or cut short (its content ends before the gzip trailer). Such a file cannot be read by any retry.
     */
    static Optional<IOException> corruptGzip(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof CorruptGzipException corrupt) {
                return Optional.of(corrupt);
            }
        }
        return Optional.empty();
    }

    /** A gzip stream that says, by the type of its failures, which ones are the stored bytes' fault. */
    private static final class CheckedGzipStream extends FilterInputStream {
        CheckedGzipStream(InputStream stored) throws IOException {
            super(inflating(stored));
        }

        private static InputStream inflating(InputStream stored) throws IOException {
            try {
                return new GZIPInputStream(stored, BUFFER);
            } catch (ZipException | EOFException e) {
                throw new CorruptGzipException(e);
            }
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (ZipException | EOFException e) {
                throw new CorruptGzipException(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (ZipException | EOFException e) {
                throw new CorruptGzipException(e);
            }
        }
    }

    /** The stored bytes are not a whole gzip stream. */
    private static final class CorruptGzipException extends IOException {
        CorruptGzipException(IOException cause) {
            super(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage(), cause);
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
