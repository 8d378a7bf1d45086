package org.ecomkpi.run;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.ecomkpi.bucket.Bucket;
import org.ecomkpi.kpi.ItemVersion;
import org.ecomkpi.row.Order;
import org.ecomkpi.row.Product;
import org.ecomkpi.row.Status;

/**
 * The binary form of a staged part of accepted rows: what the validate job hands the transform job, and what a
 * restarted validate job reads back. Each row is typed as the job judged it ({@link Order}, {@link ItemVersion},
 * {@link StagedProduct}), so no text is parsed a second time: timestamps are epoch seconds and nanoseconds, amounts
 * an unscaled integer and a scale, statuses their names, strings UTF-8 with their length.
 *
 * <p>A part starts with a header: the bytes {@code EKAR} and the format's version ({@value #FORMAT_VERSION}). A part
 * of another version (staged by another release of the pipeline, a restart across an upgrade) or not staged at all
 * is refused by name before a row is read, never misread.
 *
 * <p>Each record starts with a tag byte, so a reader can start at any record's byte offset that
 * {@link Reader#position()} gave (a restart's ranged read). Integers are unsigned LEB128 varints; signed ones are
 * zig-zag encoded first.
 *
 * <pre>{@code
 * bucket.write(key, AcceptedRows.encode(List.of(order, item)));
 * try (AcceptedRows.Reader rows = AcceptedRows.read(bucket, key, 0)) {
 *     for (Object row = rows.next(); row != null; row = rows.next()) { ... }
 * }
 * }</pre>
 */
public final class AcceptedRows {
    /** The version of the format {@link #encode} writes and {@link #read} reads; bump it with any change. */
    public static final int FORMAT_VERSION = 1;
    private static final byte[] MAGIC = {'E', 'K', 'A', 'R'};
    /** Bytes of the header: the magic and the version. The first row starts here. */
    static final int HEADER = MAGIC.length + 1;
    private static final int ORDER = 'O';
    private static final int ITEM = 'I';
    private static final int PRODUCT = 'P';
    private static final int ABSENT = 0;
    private static final int PRESENT = 1;
    private static final int FALSE = 1;
    private static final int TRUE = 2;
    private static final int SMALL = 0;
    private static final int LARGE = 1;
    private static final int BUFFER = 1 << 16;

    private AcceptedRows() {
    }

    /** A product as staged: with the key of the file it came from (DUPLICATE_KEY for products is per file). */
    public record StagedProduct(String fileKey, Product product) {
    }

    /** Encodes rows (each an {@link Order}, an {@link ItemVersion} or a {@link StagedProduct}) as a part's bytes. */
    public static byte[] encode(List<?> rows) {
        Output out = new Output(Math.max(256, rows.size() * 48));
        out.write(MAGIC, 0, MAGIC.length);
        out.write(FORMAT_VERSION);
        for (Object row : rows) {
            if (row instanceof Order order) {
                out.write(ORDER);
                out.string(order.orderId());
                out.string(order.userId());
                out.instant(order.createdAt());
                out.string(order.status().name());
                out.optionalInstant(order.shippedAt());
                out.optionalInstant(order.deliveredAt());
                out.optionalInstant(order.returnedAt());
                if (order.numOfItem().isPresent()) {
                    out.write(PRESENT);
                    out.varLong(order.numOfItem().getAsInt());
                } else {
                    out.write(ABSENT);
                }
            } else if (row instanceof ItemVersion item) {
                out.write(ITEM);
                out.string(item.itemId());
                out.string(item.orderId());
                out.string(item.category());
                out.decimal(item.salePrice());
                out.write(item.ownReturned().map(returned -> returned ? TRUE : FALSE).orElse(ABSENT));
            } else if (row instanceof StagedProduct staged) {
                Product p = staged.product();
                out.write(PRODUCT);
                out.string(staged.fileKey());
                out.string(p.id());
                out.string(p.sku());
                out.decimal(p.cost());
                out.string(p.category());
                out.decimal(p.retailPrice());
                out.optionalString(p.name());
                out.optionalString(p.brand());
                out.optionalString(p.department());
            } else {
                throw new IllegalArgumentException("not a staged row: " + row);
            }
        }
        return out.toByteArray();
    }

    /**
     * Streams the rows of a part object from a byte offset: 0 (the part's start), or one {@link Reader#position()}
     * gave (the bytes before it are not downloaded again; the header is read on its own first). The caller closes
     * the result.
     *
     * @throws IllegalStateException when the object is not a part of this format version
     */
    public static Reader read(Bucket bucket, String key, long offset) {
        if (offset != 0 && offset < HEADER) {
            throw new IllegalArgumentException("staged part " + key + ": no row starts at byte " + offset);
        }
        InputStream in = bucket.read(key, offset);
        try {
            if (offset == 0) {
                checkHeader(in, key);
            } else {
                try (InputStream start = bucket.read(key, 0)) {
                    checkHeader(start, key);
                }
            }
            return new Reader(in, key, Math.max(offset, HEADER));
        } catch (IOException | RuntimeException e) {
            try {
                in.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot read staged part " + key, io);
            }
            throw (RuntimeException) e;
        }
    }

    private static void checkHeader(InputStream in, String key) throws IOException {
        byte[] header = in.readNBytes(HEADER);
        if (header.length < HEADER || !Arrays.equals(header, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new IllegalStateException("staged part " + key + " is not a part of accepted rows (no "
                    + new String(MAGIC, StandardCharsets.US_ASCII) + " header): it was not staged by the validate job");
        }
        int version = header[MAGIC.length] & 0xff;
        if (version != FORMAT_VERSION) {
            throw new IllegalStateException("staged part " + key + " has format version " + version + "; this"
                    + " release reads version " + FORMAT_VERSION + ": run the job again with the release that staged"
                    + " it, or validate the batch again under a new run id");
        }
    }

    /**
     * The keys of a staged row, as {@link Reader#nextKey} reads them into it (one holder reused row after row): the
     * order id and declared item count of an order, the item and order ids of an item, the id of a product.
     */
    public static final class RowKey {
        /** Which kind of row the keys are of. */
        public enum Kind { ORDER, ITEM, PRODUCT }

        private Kind kind;
        private String id;
        private String orderId;
        private OptionalInt numOfItem = OptionalInt.empty();

        private void set(Kind kind, String id, String orderId) {
            this.kind = kind;
            this.id = id;
            this.orderId = orderId;
            this.numOfItem = OptionalInt.empty();
        }

        public Kind kind() {
            return kind;
        }

        /** The row's own key: order id, item id or product id. */
        public String id() {
            return id;
        }

        /** An item's order id; null for other rows. */
        public String orderId() {
            return orderId;
        }

        /** An order's declared num_of_item; empty for other rows. */
        public OptionalInt numOfItem() {
            return numOfItem;
        }
    }

    /** A part's rows, streamed, with the byte offset of the next one: a restarted reader continues there. */
    public static final class Reader implements AutoCloseable {
        private final InputStream in;
        private final String key;
        private long position;
        private byte[] text = new byte[256];

        private Reader(InputStream in, String key, long offset) {
            this.in = new BufferedInputStream(in, BUFFER);
            this.key = key;
            this.position = offset;
        }

        /**
         * Byte offset in the part of the row {@link #next()} returns next, or -1 at the end of the part (so a restart
         * never asks for a range that starts at the object's end, which S3 refuses).
         */
        public long position() {
            try {
                in.mark(1);
                int next = in.read();
                in.reset();
                return next < 0 ? -1 : position;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read staged part " + key, e);
            }
        }

        /** The next row ({@link Order}, {@link ItemVersion} or {@link StagedProduct}), or null at the end. */
        public Object next() {
            return decoding(null, (tag, start) -> switch (tag) {
                case ORDER -> new Order(string(), string(), instant(), Status.valueOf(string()),
                        optionalInstant(), optionalInstant(), optionalInstant(),
                        flag() == PRESENT ? OptionalInt.of(Math.toIntExact(varLong())) : OptionalInt.empty());
                case ITEM -> new ItemVersion(string(), string(), string(), decimal(), switch (flag()) {
                    case ABSENT -> Optional.empty();
                    case FALSE -> Optional.of(false);
                    case TRUE -> Optional.of(true);
                    default -> throw corrupt("a returned state out of range", start);
                });
                case PRODUCT -> {
                    String fileKey = string();
                    yield new StagedProduct(fileKey, new Product(string(), string(), decimal(), string(),
                            decimal(), optionalString(), optionalString(), optionalString()));
                }
                default -> throw corrupt("an unknown row tag " + tag, start);
            });
        }

        /**
         * Reads the next row's keys into {@code into} without building the row (the other fields are skipped): for a
         * pass that only needs which keys a part holds. False at the end of the part.
         */
        public boolean nextKey(RowKey into) {
            return decoding(false, (tag, start) -> {
                switch (tag) {
                    case ORDER -> {
                        into.set(RowKey.Kind.ORDER, string(), null);
                        skipString();
                        skipInstant();
                        skipString();
                        for (int i = 0; i < 3; i++) {
                            if (flag() == PRESENT) {
                                skipInstant();
                            }
                        }
                        into.numOfItem = flag() == PRESENT ? OptionalInt.of(Math.toIntExact(varLong()))
                                : OptionalInt.empty();
                    }
                    case ITEM -> {
                        String itemId = string();
                        into.set(RowKey.Kind.ITEM, itemId, string());
                        skipString();
                        skipDecimal();
                        flag();
                    }
                    case PRODUCT -> {
                        skipString();
                        into.set(RowKey.Kind.PRODUCT, string(), null);
                        skipString();
                        skipDecimal();
                        skipString();
                        skipDecimal();
                        for (int i = 0; i < 3; i++) {
                            if (flag() == PRESENT) {
                                skipString();
                            }
                        }
                    }
                    default -> throw corrupt("an unknown row tag " + tag, start);
                }
                return true;
            });
        }

        /** Decodes one row's fields, after its tag. */
        private interface Decoding<T> {
            T decode(int tag, long start) throws IOException;
        }

        /** Reads a row's tag and decodes the row, or gives {@code atEnd} at the end of the part. */
        private <T> T decoding(T atEnd, Decoding<T> decoding) {
            try {
                int tag = in.read();
                if (tag < 0) {
                    return atEnd;
                }
                long start = position;
                position++;
                try {
                    return decoding.decode(tag, start);
                } catch (EOFException e) {
                    throw corrupt("a row cut short", start);
                } catch (IllegalArgumentException | ArithmeticException e) {
                    throw corrupt(e.getMessage(), start);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read staged part " + key, e);
            }
        }

        private void skip(long bytes) throws IOException {
            in.skipNBytes(bytes);
            position += bytes;
        }

        private void skipString() throws IOException {
            skip(varLong());
        }

        private void skipInstant() throws IOException {
            varLong();
            varLong();
        }

        private void skipDecimal() throws IOException {
            int form = flag();
            if (form == SMALL) {
                varLong();
                varLong();
            } else if (form == LARGE) {
                skip(varLong());
                varLong();
            } else {
                throw new IllegalArgumentException("an amount of unknown form " + form);
            }
        }

        private IllegalStateException corrupt(String what, long at) {
            return new IllegalStateException("staged part " + key + " is corrupt at byte " + at + ": " + what);
        }

        private int flag() throws IOException {
            int b = in.read();
            if (b < 0) {
                throw new EOFException();
            }
            position++;
            return b;
        }

        private long varLong() throws IOException {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = flag();
                value |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw new IllegalArgumentException("a varint longer than 64 bits");
        }

        private long signed() throws IOException {
            long raw = varLong();
            return (raw >>> 1) ^ -(raw & 1);
        }

        private String string() throws IOException {
            int length = Math.toIntExact(varLong());
            if (length > text.length) {
                text = new byte[Math.max(length, text.length * 2)];
            }
            if (in.readNBytes(text, 0, length) < length) {
                throw new EOFException();
            }
            position += length;
            return new String(text, 0, length, StandardCharsets.UTF_8);
        }

        private Optional<String> optionalString() throws IOException {
            return flag() == PRESENT ? Optional.of(string()) : Optional.empty();
        }

        private Instant instant() throws IOException {
            long seconds = signed();
            return Instant.ofEpochSecond(seconds, varLong());
        }

        private Optional<Instant> optionalInstant() throws IOException {
            return flag() == PRESENT ? Optional.of(instant()) : Optional.empty();
        }

        private BigDecimal decimal() throws IOException {
            int form = flag();
            if (form == SMALL) {
                long unscaled = signed();
                return BigDecimal.valueOf(unscaled, Math.toIntExact(signed()));
            }
            if (form != LARGE) {
                throw new IllegalArgumentException("an amount of unknown form " + form);
            }
            int length = Math.toIntExact(varLong());
            byte[] bytes = in.readNBytes(length);
            if (bytes.length < length) {
                throw new EOFException();
            }
            position += length;
            BigInteger unscaled = new BigInteger(bytes);
            return new BigDecimal(unscaled, Math.toIntExact(signed()));
        }

        @Override
        public void close() {
            try {
                in.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A growing byte buffer with the part's primitive encodings. */
    private static final class Output extends ByteArrayOutputStream {
        Output(int size) {
            super(size);
        }

        void varLong(long value) {
            while ((value & ~0x7fL) != 0) {
                write((int) ((value & 0x7f) | 0x80));
                value >>>= 7;
            }
            write((int) value);
        }

        void signed(long value) {
            varLong((value << 1) ^ (value >> 63));
        }

        void string(String value) {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            varLong(bytes.length);
            write(bytes, 0, bytes.length);
        }

        void optionalString(Optional<String> value) {
            if (value.isPresent()) {
                write(PRESENT);
                string(value.get());
            } else {
                write(ABSENT);
            }
        }

        void instant(Instant value) {
            signed(value.getEpochSecond());
            varLong(value.getNano());
        }

        void optionalInstant(Optional<Instant> value) {
            if (value.isPresent()) {
                write(PRESENT);
                instant(value.get());
            } else {
                write(ABSENT);
            }
        }

        void decimal(BigDecimal value) {
            BigInteger unscaled = value.unscaledValue();
            if (unscaled.bitLength() < 64) {
                write(SMALL);
                signed(unscaled.longValue());
            } else {
                write(LARGE);
                byte[] bytes = unscaled.toByteArray();
                varLong(bytes.length);
                write(bytes, 0, bytes.length);
            }
            signed(value.scale());
        }
    }
}
