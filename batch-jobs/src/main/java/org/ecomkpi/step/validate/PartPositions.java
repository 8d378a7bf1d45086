package org.ecomkpi.step.validate;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import org.ecomkpi.csv.ReadPosition;

/**
 * The positions part of a partition's chunk: for each accepted row of the chunk, in order, the byte offset and line
 * where a reader resumes to read it again, as two unsigned LEB128 varints.
 */
final class PartPositions {
    private PartPositions() {
    }

    static void write(ByteArrayOutputStream out, long offset, long line) {
        varLong(out, offset);
        varLong(out, line);
    }

    /** The next position, or null at the end of the part. */
    static ReadPosition read(InputStream in) {
        try {
            int first = in.read();
            if (first < 0) {
                return null;
            }
            long offset = varLong(in, first);
            return new ReadPosition(offset, varLong(in, in.read()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a positions part: " + e.getMessage(), e);
        }
    }

    /**
     * The positions of a part opened only when one is asked for: combining partitions needs the position of a row
     * only to withdraw it, which is rare, and reading every row's position was a seventh of the combine (JFR).
     */
    static final class OnDemand implements AutoCloseable {
        private final java.util.function.Supplier<InputStream> open;
        private InputStream in;
        private int next;

        OnDemand(java.util.function.Supplier<InputStream> open) {
            this.open = open;
        }

        /** The position of row {@code index} of the part; indexes asked must increase. */
        ReadPosition at(int index) {
            if (index < next) {
                throw new IllegalArgumentException("row " + index + " asked after row " + (next - 1));
            }
            if (in == null) {
                in = open.get();
            }
            ReadPosition position = null;
            while (next <= index) {
                position = read(in);
                if (position == null) {
                    throw new IllegalStateException("a positions part ends before row " + index);
                }
                next++;
            }
            return position;
        }

        @Override
        public void close() {
            if (in != null) {
                try {
                    in.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    private static void varLong(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7fL) != 0) {
            out.write((int) ((value & 0x7f) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }

    private static long varLong(InputStream in, int first) throws IOException {
        long value = 0;
        int b = first;
        for (int shift = 0; ; shift += 7) {
            if (b < 0 || shift > 63) {
                throw new IOException("a positions part cut short or corrupt");
            }
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
            b = in.read();
        }
    }
}
