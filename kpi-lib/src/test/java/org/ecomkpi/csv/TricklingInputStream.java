package org.ecomkpi.csv;

import java.io.IOException;
import java.io.InputStream;

/**
 * Serves bytes a few at a time, as a slow network stream does, so that multi-byte characters, CRLF pairs and
 * quotes fall across every possible read boundary. Optionally fails after a number of bytes, like a dropped
 * connection.
 */
final class TricklingInputStream extends InputStream {
    private final byte[] bytes;
    private final int maxChunk;
    private final int failAfter;
    private int pos;
    private int reads;
    private boolean closed;

    TricklingInputStream(byte[] bytes, int maxChunk) {
        this(bytes, maxChunk, Integer.MAX_VALUE);
    }

    TricklingInputStream(byte[] bytes, int maxChunk, int failAfter) {
        this.bytes = bytes;
        this.maxChunk = maxChunk;
        this.failAfter = failAfter;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (pos >= failAfter) {
            throw new IOException("connection reset");
        }
        if (pos >= bytes.length) {
            return -1;
        }
        // chunk sizes cycle 1..maxChunk so every alignment is exercised
        int n = Math.min(Math.min(len, 1 + reads++ % maxChunk), Math.min(bytes.length, failAfter) - pos);
        System.arraycopy(bytes, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public void close() {
        closed = true;
    }

    boolean isClosed() {
        return closed;
    }
}
