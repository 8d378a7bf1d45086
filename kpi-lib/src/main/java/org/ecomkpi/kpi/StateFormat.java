package org.ecomkpi.kpi;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * The binary layout shared by every state's {@code toBytes()}: a one-byte kind tag, a one-byte format
 * version, then the fields. Readers reject unknown tags and versions with a clear message rather than guess.
 */
final class StateFormat {
    static final byte VERSION = 1;
    // 'O', 'C' and 'K' tagged the accumulators of the sketch-based format: retired, never to be reused
    static final byte ORDER_DAY_STATE = 'D';
    static final byte CATEGORY_DAY_STATE = 'G';
    static final byte ORDER_ENTITY = 'E';
    static final byte VERSION_BATCH = 'V';

    private StateFormat() {
    }

    interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    interface Reading<T> {
        T read(DataInputStream in) throws IOException;
    }

    static byte[] encode(byte kind, Body body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(kind);
            out.writeByte(VERSION);
            body.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static <T> T decode(byte kind, byte[] bytes, Reading<T> reading) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte foundKind = in.readByte();
            byte foundVersion = in.readByte();
            if (foundKind != kind) {
                throw new IllegalArgumentException("not " + name(kind) + " state: kind tag '" + (char) foundKind + "'");
            }
            if (foundVersion != VERSION) {
                throw new IllegalArgumentException(name(kind) + " state has format version " + foundVersion
                        + "; this kpi-lib reads version " + VERSION);
            }
            T value = reading.read(in);
            if (in.available() > 0) {
                throw new IllegalArgumentException(name(kind) + " state has " + in.available() + " trailing bytes");
            }
            return value;
        } catch (IOException e) {
            throw new IllegalArgumentException(name(kind) + " state is truncated or corrupt", e);
        }
    }

    private static String name(byte kind) {
        return switch (kind) {
            case ORDER_DAY_STATE -> "order-day";
            case CATEGORY_DAY_STATE -> "category-day";
            case ORDER_ENTITY -> "order entity";
            case VERSION_BATCH -> "version batch";
            default -> "unknown";
        };
    }

    static void writeDecimal(DataOutputStream out, BigDecimal value) throws IOException {
        out.writeInt(value.scale());
        byte[] unscaled = value.unscaledValue().toByteArray();
        out.writeShort(unscaled.length);
        out.write(unscaled);
    }

    static BigDecimal readDecimal(DataInputStream in) throws IOException {
        int scale = in.readInt();
        byte[] unscaled = new byte[in.readUnsignedShort()];
        in.readFully(unscaled);
        return new BigDecimal(new BigInteger(unscaled), scale);
    }

    /** A count of entries that follow, each at least one byte long: refuses a count the bytes cannot hold. */
    static int readCount(DataInputStream in) throws IOException {
        int count = in.readInt();
        if (count < 0 || count > in.available()) {
            throw new IOException("count " + count + " exceeds the remaining " + in.available() + " bytes");
        }
        return count;
    }

    static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
            throw new IOException("length " + length + " exceeds the remaining " + in.available() + " bytes");
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }
}
