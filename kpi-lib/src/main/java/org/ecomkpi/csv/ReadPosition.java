package org.ecomkpi.csv;

/**
 * Where a {@link CsvRowReader} will continue: the byte offset in the file (UTF-8 bytes, counting the header and
 * any byte-order mark) and the one-based physical line at that offset. It is a checkpoint: a restarted step
 * opens the file again from {@code byteOffset} (for S3 a ranged GET) and hands the position to
 * {@link CsvRowReader#resume}, which then reports the same lines and positions an uninterrupted read would.
 *
 * <p>The offset is the first byte after the line break that ended the last record read (or the header), so
 * only empty lines, which are skipped, can lie between it and the next record.
 *
 * <pre>{@code
 * ReadPosition checkpoint = reader.position();   // saved with the chunk
 * // ... after a crash:
 * try (CsvRowReader rest = CsvRowReader.resume(openAt(checkpoint.byteOffset()), file, header, checkpoint)) { ... }
 * }</pre>
 *
 * @param byteOffset zero-based offset in bytes from the start of the file
 * @param line       one-based physical line number of the line starting at {@code byteOffset}
 */
public record ReadPosition(long byteOffset, long line) {

    public ReadPosition {
        if (byteOffset < 0) {
            throw new IllegalArgumentException("byteOffset must be >= 0, was " + byteOffset);
        }
        if (line < 1) {
            throw new IllegalArgumentException("line must be >= 1, was " + line);
        }
    }
}
