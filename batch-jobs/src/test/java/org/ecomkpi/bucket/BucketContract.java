package org.ecomkpi.bucket;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The behaviour every {@link Bucket} must show as a blob store, whatever stores the bytes. Implementations extend
 * this class and supply a fresh, empty bucket per test. Nothing here relies on a local file system: keys are plain
 * {@code /}-separated strings, listings are by prefix, and a move may be a copy followed by a delete. Claims are
 * {@link BatchClaimsContract}'s.
 */
public abstract class BucketContract {

    /** A new bucket holding no objects; called once before each test. */
    protected abstract Bucket newEmptyBucket();

    protected Bucket bucket;

    @BeforeEach
    void openEmptyBucket() {
        bucket = newEmptyBucket();
        assertEquals(List.of(), bucket.list(""), "the factory must supply an empty bucket");
    }

    // --- writing and reading -------------------------------------------------------------------------

    @Test
    void writtenBytesReadBackUnchanged() {
        bucket.write("landing-data/orders/orders_1.csv", "order_id,user_id\n1,7\n".getBytes(UTF_8));

        assertEquals("order_id,user_id\n1,7\n", readString("landing-data/orders/orders_1.csv"));
    }

    @Test
    void largeStreamedWriteReadsBackByteForByte() {
        byte[] content = randomBytes(3 * 1024 * 1024 + 17, 1);

        bucket.write("runs/r1/input/orders/big.csv", new ByteArrayInputStream(content));

        assertArrayEquals(content, readBytes("runs/r1/input/orders/big.csv", 0));
        assertEquals(content.length, bucket.describe("runs/r1/input/orders/big.csv").orElseThrow().size());
    }

    @Test
    void emptyObjectIsAnObjectOfSizeZero() {
        bucket.write("landing-data/orders/empty.csv", new byte[0]);

        assertTrue(bucket.exists("landing-data/orders/empty.csv"));
        assertEquals(0, bucket.describe("landing-data/orders/empty.csv").orElseThrow().size());
        assertArrayEquals(new byte[0], readBytes("landing-data/orders/empty.csv", 0));
    }

    @Test
    void writingAnExistingKeyReplacesTheObject() {
        bucket.write("runs/r1/report.json", "{\"v\":1, \"long\":\"xxxxxxxxxxxxxxxx\"}".getBytes(UTF_8));
        bucket.write("runs/r1/report.json", "{\"v\":2}".getBytes(UTF_8));

        assertEquals("{\"v\":2}", readString("runs/r1/report.json"));
        assertEquals(1, bucket.list("runs/").size());
    }

    @Test
    void keysWithSpacesAmpersandsAndUnicodeWork() {
        String key = "landing-data/products/Home & Kitchen – été (1).csv";
        bucket.write(key, "x".getBytes(UTF_8));

        assertEquals(List.of(key), keys(bucket.list("landing-data/")));
        assertEquals("x", readString(key));
    }

    @Test
    void readingAMissingKeyFailsNamingTheKey() {
        NoSuchObjectException missing = assertThrows(NoSuchObjectException.class,
                () -> bucket.read("landing-data/orders/nope.csv").close());

        assertEquals("landing-data/orders/nope.csv", missing.key());
        assertTrue(missing.getMessage().contains("landing-data/orders/nope.csv"), missing.getMessage());
    }

    // --- offset reads (restart) ----------------------------------------------------------------------

    @Test
    void readFromAnOffsetResumesMidObject() {
        byte[] content = randomBytes(200_000, 2);
        bucket.write("runs/r1/input/order_items/items.csv", content);

        for (long offset : new long[] {1, 4095, 4096, 65_537, 199_999}) {
            byte[] tail = readBytes("runs/r1/input/order_items/items.csv", offset);
            assertArrayEquals(java.util.Arrays.copyOfRange(content, (int) offset, content.length), tail,
                    "read from offset " + offset);
        }
    }

    @Test
    void readFromTheEndOffsetIsEmpty() {
        bucket.write("runs/r1/input/orders/o.csv", "abc".getBytes(UTF_8));

        assertArrayEquals(new byte[0], readBytes("runs/r1/input/orders/o.csv", 3));
    }

    @Test
    void readBeyondTheEndIsRefused() {
        bucket.write("runs/r1/input/orders/o.csv", "abc".getBytes(UTF_8));

        assertThrows(IllegalArgumentException.class, () -> bucket.read("runs/r1/input/orders/o.csv", 4).close());
        assertThrows(IllegalArgumentException.class, () -> bucket.read("runs/r1/input/orders/o.csv", -1).close());
    }

    // --- listing ------------------------------------------------------------------------------------

    @Test
    void listingReturnsObjectsUnderThePrefixSortedByKey() {
        List<String> written = new ArrayList<>(List.of(
                "landing-data/products.csv",
                "landing-data/orders/orders_10.csv",
                "landing-data/orders/orders_2.csv",
                "landing-data/order_items/items_1.csv",
                "landing-data/orders/sub/deeper.csv",
                "landing-data-not/x.csv",
                "processed/r0/orders/orders_0.csv"));
        Collections.shuffle(written, new Random(3));
        for (String key : written) {
            bucket.write(key, key.getBytes(UTF_8));
        }

        List<BucketObject> landing = bucket.list("landing-data/");

        assertEquals(List.of(
                "landing-data/order_items/items_1.csv",
                "landing-data/orders/orders_10.csv",
                "landing-data/orders/orders_2.csv",
                "landing-data/orders/sub/deeper.csv",
                "landing-data/products.csv"), keys(landing));
        for (BucketObject object : landing) {
            assertEquals(object.key().getBytes(UTF_8).length, object.size(), object.key());
        }
    }

    @Test
    void listingIsByStringPrefixNotByFolder() {
        bucket.write("landing-data/orders/orders_1.csv", new byte[1]);
        bucket.write("landing-data/orders/returns_1.csv", new byte[1]);
        bucket.write("landing-data2/orders_1.csv", new byte[1]);

        assertEquals(List.of("landing-data/orders/orders_1.csv"), keys(bucket.list("landing-data/orders/ord")));
        assertEquals(List.of("landing-data/orders/orders_1.csv", "landing-data/orders/returns_1.csv",
                "landing-data2/orders_1.csv"), keys(bucket.list("landing")));
        assertEquals(3, bucket.list("").size());
    }

    @Test
    void listingAnAbsentPrefixIsEmpty() {
        bucket.write("landing-data/orders/orders_1.csv", new byte[1]);

        assertEquals(List.of(), bucket.list("runs/"));
        assertEquals(List.of(), bucket.list("landing-data/orders/orders_1.csv/"));
    }

    @Test
    void listingShowsSizeAndARecentLastModifiedTime() {
        Instant before = Instant.now().minus(Duration.ofMinutes(5)); // tolerate clock skew to a remote store
        bucket.write("runs/r1/report.json", new byte[1234]);

        BucketObject report = bucket.list("runs/r1/").get(0);

        assertEquals(new BucketObject("runs/r1/report.json", 1234, report.lastModified()), report);
        assertTrue(report.lastModified().isAfter(before), "last modified " + report.lastModified());
        assertTrue(report.lastModified().isBefore(Instant.now().plus(Duration.ofMinutes(5))));
        assertEquals(bucket.describe("runs/r1/report.json").orElseThrow().size(), 1234);
    }

    @Test
    void aPrefixOfKeysIsNotAnObject() {
        bucket.write("landing-data/orders/orders_1.csv", new byte[1]);

        assertTrue(bucket.exists("landing-data/orders/orders_1.csv"));
        assertFalse(bucket.exists("landing-data/orders"));
        assertFalse(bucket.exists("landing-data/orders/orders_2.csv"));
        assertTrue(bucket.describe("landing-data/orders").isEmpty());
    }

    // --- copy, move, delete -------------------------------------------------------------------------

    @Test
    void copyKeepsTheSourceAndReplacesTheTarget() {
        bucket.write("runs/r1/input/orders/o.csv", "new".getBytes(UTF_8));
        bucket.write("processed/r1/orders/o.csv", "old and longer".getBytes(UTF_8));

        bucket.copy("runs/r1/input/orders/o.csv", "processed/r1/orders/o.csv");

        assertEquals("new", readString("runs/r1/input/orders/o.csv"));
        assertEquals("new", readString("processed/r1/orders/o.csv"));
    }

    @Test
    void moveTakesTheObjectAwayFromItsSourceAndReplacesTheTarget() {
        bucket.write("runs/r1/input/orders/o.csv", "content".getBytes(UTF_8));
        bucket.write("invalid-data/r1/orders/o.csv", "stale".getBytes(UTF_8));

        bucket.move("runs/r1/input/orders/o.csv", "invalid-data/r1/orders/o.csv");

        assertFalse(bucket.exists("runs/r1/input/orders/o.csv"));
        assertEquals("content", readString("invalid-data/r1/orders/o.csv"));
        assertEquals(List.of("invalid-data/r1/orders/o.csv"), keys(bucket.list("")));
    }

    /**
     * Names a copy source must URL-encode on S3 ({@code CopyObject} takes the source as one encoded string): a space,
     * a {@code %} (also one that reads like an escape), a {@code +} (form decoding would make it a space), an
     * apostrophe and characters outside ASCII.
     */
    @Test
    void namesThatNeedEncodingAreCopiedAndMovedUnderTheirExactNames() {
        List<String> names = List.of("orders/jour d'été 100%+.csv", "order_items/a+b %20 ü–ñ.csv");
        for (String name : names) {
            bucket.write("landing-data/" + name, name.getBytes(UTF_8));
        }

        for (String name : names) {
            bucket.copy("landing-data/" + name, "processed/r0/" + name);
            bucket.move("processed/r0/" + name, "invalid-data/r0/" + name);
        }

        for (String name : names) {
            assertEquals(name, readString("invalid-data/r0/" + name), "copied, then moved, byte for byte");
            assertEquals(name, readString("landing-data/" + name), "the copy's source is left as it was");
        }
        assertEquals(List.of("invalid-data/r0/order_items/a+b %20 ü–ñ.csv", "invalid-data/r0/orders/jour d'été 100%+.csv",
                "landing-data/order_items/a+b %20 ü–ñ.csv", "landing-data/orders/jour d'été 100%+.csv"),
                keys(bucket.list("")), "nothing left under a mangled name, nothing left behind");
    }

    @Test
    void movingOrCopyingAMissingKeyFailsNamingIt() {
        NoSuchObjectException moved = assertThrows(NoSuchObjectException.class,
                () -> bucket.move("landing-data/orders/gone.csv", "runs/r1/input/orders/gone.csv"));
        NoSuchObjectException copied = assertThrows(NoSuchObjectException.class,
                () -> bucket.copy("landing-data/orders/gone.csv", "runs/r1/input/orders/gone.csv"));

        assertEquals("landing-data/orders/gone.csv", moved.key());
        assertEquals("landing-data/orders/gone.csv", copied.key());
        assertFalse(bucket.exists("runs/r1/input/orders/gone.csv"));
    }

    @Test
    void deleteRemovesTheObjectAndDeletingAgainIsHarmless() {
        bucket.write("runs/r1/report.json", "{}".getBytes(UTF_8));

        bucket.delete("runs/r1/report.json");
        bucket.delete("runs/r1/report.json");

        assertFalse(bucket.exists("runs/r1/report.json"));
        assertEquals(List.of(), bucket.list(""));
    }

    // --- hashing ------------------------------------------------------------------------------------

    @Test
    void sha256IsTheDigestOfTheContent() throws Exception {
        bucket.write("landing-data/orders/abc.csv", "abc".getBytes(UTF_8));
        byte[] big = randomBytes(1_000_003, 4);
        bucket.write("landing-data/orders/big.csv", big);

        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                bucket.sha256("landing-data/orders/abc.csv"));
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(big)),
                bucket.sha256("landing-data/orders/big.csv"));
    }

    @Test
    void sha256OfAMissingKeyFailsNamingIt() {
        NoSuchObjectException missing = assertThrows(NoSuchObjectException.class,
                () -> bucket.sha256("landing-data/orders/none.csv"));

        assertEquals("landing-data/orders/none.csv", missing.key());
    }

    // --- key confinement ----------------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("escapingKeys")
    void keysThatCouldEscapeTheBucketAreRefusedByEveryOperation(String badKey) {
        bucket.write("landing-data/orders/o.csv", "o".getBytes(UTF_8));
        List<Consumer<String>> operations = List.of(
                key -> bucket.write(key, new byte[1]),
                key -> bucket.write(key, new ByteArrayInputStream(new byte[1])),
                key -> closeQuietly(bucket.read(key)),
                key -> closeQuietly(bucket.read(key, 0)),
                key -> bucket.describe(key),
                key -> bucket.exists(key),
                key -> bucket.delete(key),
                key -> bucket.sha256(key),
                key -> bucket.copy("landing-data/orders/o.csv", key),
                key -> bucket.copy(key, "landing-data/orders/copy.csv"),
                key -> bucket.move(key, "landing-data/orders/moved.csv"),
                key -> bucket.move("landing-data/orders/o.csv", key));

        for (Consumer<String> operation : operations) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> operation.accept(badKey));
            assertTrue(refused.getMessage().contains(printable(badKey)),
                    "message names the key: " + refused.getMessage());
        }
        assertEquals(List.of("landing-data/orders/o.csv"), keys(bucket.list("")), "nothing was touched");
    }

    static Stream<String> escapingKeys() {
        return Stream.of(
                "../outside.csv",
                "landing-data/../../outside.csv",
                "landing-data/orders/..",
                "/etc/passwd",
                "landing-data\\..\\outside.csv",
                "landing-data//orders.csv",
                "./landing-data/o.csv",
                "landing-data/orders/",
                "landing-data/o\u0000.csv",
                "");
    }

    @ParameterizedTest
    @MethodSource("escapingPrefixes")
    void listingPrefixesThatCouldEscapeTheBucketAreRefused(String badPrefix) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> bucket.list(badPrefix));

        assertTrue(refused.getMessage().contains(badPrefix), refused.getMessage());
    }

    static Stream<Arguments> escapingPrefixes() {
        return Stream.of("../", "..", "landing-data/../", "/landing-data/", "landing-data\\", "a//b/")
                .map(Arguments::of);
    }

    protected String readString(String key) {
        return new String(readBytes(key, 0), UTF_8);
    }

    protected byte[] readBytes(String key, long offset) {
        try (InputStream in = bucket.read(key, offset)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new AssertionError("reading " + key, e);
        }
    }

    protected static List<String> keys(List<BucketObject> objects) {
        return objects.stream().map(BucketObject::key).toList();
    }

    protected static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String printable(String key) {
        return key.replace("\u0000", "\\u0000");
    }
}
