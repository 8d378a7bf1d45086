package org.ecomkpi.store;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Optional;

import org.ecomkpi.kpi.ItemVersion;
import org.ecomkpi.kpi.OrderFact;

/**
 * The records of {@link VersionSlices}' spill files: one order or item version each, length first, its routing
 * keys at the front so a record can be routed and copied without being read whole.
 * <ul>
 *   <li>order: order id, user id, epoch day, returned;</li>
 *   <li>item: item id, order id, category, sale price (scale, then the unscaled value as a long, or as
 *       two's-complement bytes when it needs more than 63 bits), own returned state (0 none, 1 false, 2 true).</li>
 * </ul>
 * Strings are UTF-8 with a variable-length byte count. The files live only as long as one merge, in one process:
 * the layout carries no version and is never stored.
 */
final class VersionRecords {
    /** A record's bytes as read: its payload, the routing key and (for an item) its order id. */
    record Raw(byte[] payload, String key, String orderId) {
    }

    private static final byte LONG_UNSCALED = 0;
    private static final byte BIG_UNSCALED = 1;

    private VersionRecords() {
    }

    /** Writes {@code order} as one record. */
    static void write(DataOutputStream out, OrderFact order, Buffer buffer) throws IOException {
        buffer.reset();
        buffer.string(order.orderId());
        buffer.string(order.userId());
        buffer.varLong(order.orderDate().toEpochDay());
        buffer.put(order.returned() ? 1 : 0);
        buffer.writeTo(out);
    }

    /** Writes {@code item} as one record. */
    static void write(DataOutputStream out, ItemVersion item, Buffer buffer) throws IOException {
        buffer.reset();
        buffer.string(item.itemId());
        buffer.string(item.orderId());
        buffer.string(item.category());
        BigDecimal price = item.salePrice();
        buffer.varLong(price.scale());
        BigInteger unscaled = price.unscaledValue();
        if (unscaled.bitLength() < 64) {
            buffer.put(LONG_UNSCALED);
            buffer.varLong(unscaled.longValue());
        } else {
            byte[] big = unscaled.toByteArray();
            buffer.put(BIG_UNSCALED);
            buffer.varLong(big.length);
            buffer.ensure(big.length);
            System.arraycopy(big, 0, buffer.bytes, buffer.size, big.length);
            buffer.size += big.length;
        }
        buffer.put(item.ownReturned().isEmpty() ? 0 : item.ownReturned().get() ? 2 : 1);
        buffer.writeTo(out);
    }

    /** Copies a record read by {@link #readRaw} to {@code out} unchanged. */
    static void copy(DataOutputStream out, Raw raw) throws IOException {
        writeVarInt(out, raw.payload().length);
        out.write(raw.payload());
    }

    /**
     * The next record's payload and keys (the order id of an item record when {@code item}), or null at the end of
     * the file.
     */
    static Raw readRaw(DataInputStream in, boolean item) throws IOException {
        int length = readVarInt(in);
        if (length < 0) {
            return null;
        }
        byte[] payload = new byte[length];
        in.readFully(payload);
        Cursor cursor = new Cursor(payload);
        String key = cursor.string();
        return new Raw(payload, key, item ? cursor.string() : null);
    }

    /** The next record's payload, after its kind. */
    static byte[] readPayload(DataInputStream in) throws IOException {
        int length = readVarInt(in);
        if (length < 0) {
            throw new EOFException("spill record cut after its kind");
        }
        byte[] payload = new byte[length];
        in.readFully(payload);
        return payload;
    }

    /** The order version of a record written by {@link #write(DataOutputStream, OrderFact, Buffer)}. */
    static OrderFact order(byte[] payload) {
        Cursor cursor = new Cursor(payload);
        String orderId = cursor.string();
        String userId = cursor.string();
        LocalDate date = LocalDate.ofEpochDay(cursor.varLong());
        return new OrderFact(orderId, date, userId, payload[cursor.at++] != 0);
    }

    /** The item version of a record written by {@link #write(DataOutputStream, ItemVersion, Buffer)}. */
    static ItemVersion item(byte[] payload) {
        Cursor cursor = new Cursor(payload);
        String itemId = cursor.string();
        String orderId = cursor.string();
        String category = cursor.string();
        int scale = (int) cursor.varLong();
        BigDecimal price;
        if (payload[cursor.at++] == LONG_UNSCALED) {
            price = BigDecimal.valueOf(cursor.varLong(), scale);
        } else {
            int length = (int) cursor.varLong();
            byte[] big = new byte[length];
            System.arraycopy(payload, cursor.at, big, 0, length);
            cursor.at += length;
            price = new BigDecimal(new BigInteger(big), scale);
        }
        byte own = payload[cursor.at++];
        return new ItemVersion(itemId, orderId, category, price, own == 0 ? Optional.empty() : Optional.of(own == 2));
    }

    private static void writeVarInt(DataOutputStream out, int value) throws IOException {
        while ((value & ~0x7F) != 0) {
            out.writeByte((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.writeByte(value);
    }

    /** A variable-length count, or -1 at the end of the stream before its first byte. */
    private static int readVarInt(DataInputStream in) throws IOException {
        int value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            int b = in.read();
            if (b < 0) {
                if (shift == 0) {
                    return -1;
                }
                throw new EOFException("spill record cut inside its length");
            }
            value |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IOException("spill record length longer than 5 bytes");
    }

    /** A reusable record buffer: one per writer thread. */
    static final class Buffer {
        private byte[] bytes = new byte[256];
        private int size;

        void reset() {
            size = 0;
        }

        void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }

        void put(int b) {
            ensure(1);
            bytes[size++] = (byte) b;
        }

        /**
         * A string as its UTF-16 units, each in one to three bytes (Java's modified UTF-8 without the 64 KB limit):
         * lossless for any string, unpaired surrogates included.
         */
        void string(String value) {
            int length = value.length();
            int encoded = 0;
            for (int i = 0; i < length; i++) {
                char c = value.charAt(i);
                encoded += c >= 1 && c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            }
            varLong(encoded);
            ensure(encoded);
            for (int i = 0; i < length; i++) {
                char c = value.charAt(i);
                if (c >= 1 && c < 0x80) {
                    bytes[size++] = (byte) c;
                } else if (c < 0x800) {
                    bytes[size++] = (byte) (0xC0 | (c >> 6));
                    bytes[size++] = (byte) (0x80 | (c & 0x3F));
                } else {
                    bytes[size++] = (byte) (0xE0 | (c >> 12));
                    bytes[size++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                    bytes[size++] = (byte) (0x80 | (c & 0x3F));
                }
            }
        }

        /** Zig-zag: small negative numbers stay short. */
        void varLong(long value) {
            long zigzag = (value << 1) ^ (value >> 63);
            ensure(10);
            while ((zigzag & ~0x7FL) != 0) {
                bytes[size++] = (byte) ((zigzag & 0x7F) | 0x80);
                zigzag >>>= 7;
            }
            bytes[size++] = (byte) zigzag;
        }

        void writeTo(DataOutputStream out) throws IOException {
            writeVarInt(out, size);
            out.write(bytes, 0, size);
        }
    }

    private static final class Cursor {
        private final byte[] bytes;
        private int at;

        Cursor(byte[] bytes) {
            this.bytes = bytes;
        }

        String string() {
            int length = (int) varLong();
            int start = at;
            int end = start + length;
            boolean ascii = true;
            for (int i = start; i < end; i++) {
                if (bytes[i] < 0) {
                    ascii = false;
                    break;
                }
            }
            if (ascii) {
                at = end;
                return new String(bytes, start, end - start, StandardCharsets.ISO_8859_1);
            }
            StringBuilder value = new StringBuilder(end - start);
            while (at < end) {
                int b = bytes[at++] & 0xFF;
                if (b < 0x80) {
                    value.append((char) b);
                } else if (b < 0xE0) {
                    value.append((char) (((b & 0x1F) << 6) | (bytes[at++] & 0x3F)));
                } else {
                    value.append((char) (((b & 0x0F) << 12) | ((bytes[at++] & 0x3F) << 6) | (bytes[at++] & 0x3F)));
                }
            }
            return value.toString();
        }

        long varLong() {
            long zigzag = 0;
            for (int shift = 0; ; shift += 7) {
                byte b = bytes[at++];
                zigzag |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    break;
                }
            }
            return (zigzag >>> 1) ^ -(zigzag & 1);
        }
    }
}
