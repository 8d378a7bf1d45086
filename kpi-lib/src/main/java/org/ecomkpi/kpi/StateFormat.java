package org.ecomkpi.kpi;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.zip.CRC32C;

/**
 * The binary layout shared by every state's {@code toBytes()}: a one-byte kind tag, a one-byte format
 * version, the fields, then a CRC32C of all of them. Readers verify the checksum before parsing, so a flipped
 * byte in a stored state fails as corrupt instead of being read as other numbers, and reject unknown tags and
 * versions with a clear message rather than guess.
 */
final class StateFormat {
    // version 2 added the CRC32C trailer; version 1 states are refused, never read unchecked
    static final byte VERSION = 2;
    private static final int HEADER_BYTES = 2;
    private static final int CHECKSUM_BYTES = 4;
    /**
     * Bounds on a stored decimal. Prices have at most 6 decimals and 12 integer digits (SPEC 3), and sums of
     * them stay far inside; the bounds refuse corrupt bytes whose scale or length would make arithmetic on the
     * value slow or huge.
     */
    static final int MAX_DECIMAL_SCALE = 64;
    static final int MAX_UNSCALED_BYTES = 64;
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
            out.writeInt(checksum(bytes.toByteArray(), bytes.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static <T> T decode(byte kind, byte[] bytes, Reading<T> reading) {
        if (bytes.length < HEADER_BYTES + CHECKSUM_BYTES) {
            throw new IllegalArgumentException(name(kind) + " state is truncated or corrupt: " + bytes.length
                    + " bytes");
        }
        byte foundKind = bytes[0];
        byte foundVersion = bytes[1];
        if (foundVersion < VERSION && foundVersion > 0 && foundKind == kind) {
            throw new IllegalArgumentException(name(kind) + " state has format version " + foundVersion
                    + ", written before states carried a checksum; this kpi-lib reads version " + VERSION
                    + " only: rebuild the store from the archived batches");
        }
        int bodyEnd = bytes.length - CHECKSUM_BYTES;
        int stored = ((bytes[bodyEnd] & 0xff) << 24) | ((bytes[bodyEnd + 1] & 0xff) << 16)
                | ((bytes[bodyEnd + 2] & 0xff) << 8) | (bytes[bodyEnd + 3] & 0xff);
        if (stored != checksum(bytes, bodyEnd)) {
            throw new IllegalArgumentException(name(kind) + " state is corrupt: its CRC32C checksum does not match"
                    + " its " + bytes.length + " bytes");
        }
        if (foundKind != kind) {
            throw new IllegalArgumentException("not " + name(kind) + " state: kind tag '" + (char) foundKind + "'");
        }
        if (foundVersion != VERSION) {
            throw new IllegalArgumentException(name(kind) + " state has format version " + foundVersion
                    + "; this kpi-lib reads version " + VERSION);
        }
        ByteArrayInputStream body = new ByteArrayInputStream(bytes, HEADER_BYTES, bodyEnd - HEADER_BYTES);
        try (DataInputStream in = new DataInputStream(body)) {
            T value = reading.read(in);
            if (in.available() > 0) {
                throw new IllegalArgumentException(name(kind) + " state has " + in.available() + " trailing bytes");
            }
            return value;
        } catch (IOException | DateTimeException e) {
            throw new IllegalArgumentException(name(kind) + " state is truncated or corrupt", e);
        }
    }

    /** CRC32C of the first {@code length} bytes: kind, version and body. */
    private static int checksum(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
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
        if (scale < -MAX_DECIMAL_SCALE || scale > MAX_DECIMAL_SCALE) {
            throw new IOException("decimal scale " + scale + " is outside ±" + MAX_DECIMAL_SCALE);
        }
        int length = in.readUnsignedShort();
        if (length == 0 || length > MAX_UNSCALED_BYTES) {
            throw new IOException("decimal of " + length + " bytes; 1 to " + MAX_UNSCALED_BYTES + " expected");
        }
        byte[] unscaled = new byte[length];
        in.readFully(unscaled);
        return new BigDecimal(new BigInteger(unscaled), scale);
    }

    static void writeDate(DataOutputStream out, LocalDate date) throws IOException {
        out.writeLong(date.toEpochDay());
    }

    /** A date written by {@link #writeDate}; a day outside {@link LocalDate}'s range is corrupt bytes. */
    static LocalDate readDate(DataInputStream in) throws IOException {
        long epochDay = in.readLong();
        if (epochDay < LocalDate.MIN.toEpochDay() || epochDay > LocalDate.MAX.toEpochDay()) {
            throw new IOException("day " + epochDay + " is outside the dates a LocalDate can hold");
        }
        return LocalDate.ofEpochDay(epochDay);
    }

    /** A count of entries that follow, each at least one byte long: refuses a count the bytes cannot hold. */
    static int readCount(DataInputStream in) throws IOException {
        int count = in.readInt();
        if (count < 0 || count > in.available()) {
            throw new IOException("count " + count + " exceeds the remaining " + in.available() + " bytes");
        }
        return count;
    }

    /** An order version's fields: id, date, customer, returned. */
    static void writeOrder(DataOutputStream out, OrderFact order) throws IOException {
        out.writeUTF(order.orderId());
        writeDate(out, order.orderDate());
        out.writeUTF(order.userId());
        out.writeBoolean(order.returned());
    }

    static OrderFact readOrder(DataInputStream in) throws IOException {
        return new OrderFact(in.readUTF(), readDate(in), in.readUTF(), in.readBoolean());
    }

    /** An item version's fields but its order (which the caller keeps): id, category, price, own returned state. */
    static void writeItem(DataOutputStream out, ItemVersion item) throws IOException {
        out.writeUTF(item.itemId());
        out.writeUTF(item.category());
        writeDecimal(out, item.salePrice());
        out.writeByte(item.ownReturned().isEmpty() ? 0 : item.ownReturned().get() ? 2 : 1);
    }

    static ItemVersion readItem(DataInputStream in, String orderId) throws IOException {
        String itemId = in.readUTF();
        String category = in.readUTF();
        BigDecimal price = readDecimal(in);
        byte own = in.readByte();
        if (own < 0 || own > 2) {
            throw new IOException("unknown own-returned tag " + own);
        }
        return new ItemVersion(itemId, orderId, category, price,
                own == 0 ? java.util.Optional.empty() : java.util.Optional.of(own == 2));
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
