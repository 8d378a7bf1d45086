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
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The behaviour every {@link Bucket} must show, whatever stores the bytes. Implementations extend this class
 * and supply a fresh, empty bucket per test. Nothing here relies on a local file system: keys are plain
 * {@code /}-separated strings, listings are by prefix, and a move may be a copy followed by a delete.
 */
public abstract class BucketContract {

    /** A new bucket holding no objects; called once before each test. */
    protected abstract Bucket newEmptyBucket();

    /**
     * Leaves behind what a claimer of run {@code runId} leaves when it dies right after writing down that it takes
     * the landing files {@code landingKeys} (as they are now), before moving any: its intent, in a lease nobody
     * holds any more.
     */
    protected abstract void leaveADeadClaimersIntent(String runId, List<String> landingKeys);

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
    void namesThatNeedEncodingAreCopiedMovedAndClaimedUnderTheirExactNames() {
        List<String> names = List.of("orders/jour d'été 100%+.csv", "order_items/a+b %20 ü–ñ.csv");
        for (String name : names) {
            bucket.write("landing-data/" + name, name.getBytes(UTF_8));
        }

        for (String name : names) {
            bucket.copy("landing-data/" + name, "processed/r0/" + name);
            bucket.move("processed/r0/" + name, "invalid-data/r0/" + name);
        }
        ClaimedBatch claimed = bucket.claimBatch("r1", ClaimRules.everythingLanded());

        assertEquals(List.of("runs/r1/input/order_items/a+b %20 ü–ñ.csv", "runs/r1/input/orders/jour d'été 100%+.csv"),
                claimed.keys());
        for (String name : names) {
            assertEquals(name, readString("invalid-data/r0/" + name), "copied, then moved, byte for byte");
            assertEquals(name, readString("runs/r1/input/" + name), "claimed byte for byte");
        }
        assertEquals(List.of("invalid-data/r0/order_items/a+b %20 ü–ñ.csv", "invalid-data/r0/orders/jour d'été 100%+.csv",
                "runs/r1/input/order_items/a+b %20 ü–ñ.csv", "runs/r1/input/orders/jour d'été 100%+.csv"),
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

    // --- claiming batches ---------------------------------------------------------------------------

    @Test
    void claimMovesEveryLandingFileIntoTheRunInputKeepingItsPath() {
        bucket.write("landing-data/orders/orders_1.csv", "o".getBytes(UTF_8));
        bucket.write("landing-data/order_items/items_1.csv", "i".getBytes(UTF_8));
        bucket.write("landing-data/products.csv", "p".getBytes(UTF_8));
        bucket.write("processed/r0/orders/old.csv", "old".getBytes(UTF_8));

        List<String> claimed = bucket.claimBatch("r1");

        assertEquals(List.of(
                "runs/r1/input/order_items/items_1.csv",
                "runs/r1/input/orders/orders_1.csv",
                "runs/r1/input/products.csv"), claimed);
        assertEquals(List.of(), bucket.list("landing-data/"));
        assertEquals("o", readString("runs/r1/input/orders/orders_1.csv"));
        assertEquals("p", readString("runs/r1/input/products.csv"));
        assertTrue(bucket.exists("processed/r0/orders/old.csv"));
    }

    @Test
    void claimingWithNothingLandedClaimsNothing() {
        assertEquals(List.of(), bucket.claimBatch("r1"));
    }

    @Test
    void claimingAgainForTheSameRunReturnsWhatItAlreadyHolds() {
        bucket.write("landing-data/orders/orders_1.csv", "o".getBytes(UTF_8));
        bucket.write("landing-data/order_items/items_1.csv", "i".getBytes(UTF_8));
        List<String> first = bucket.claimBatch("r1");

        List<String> again = bucket.claimBatch("r1");

        assertEquals(first, again);
        assertEquals(2, again.size());
    }

    @Test
    void claimAfterACrashMidClaimFinishesAndReturnsTheWholeBatch() {
        bucket.write("landing-data/orders/orders_1.csv", "o".getBytes(UTF_8));
        bucket.write("landing-data/orders/orders_2.csv", "o2".getBytes(UTF_8));
        bucket.write("landing-data/order_items/items_1.csv", "i".getBytes(UTF_8));
        // the crashed claim had moved one file before dying
        bucket.move("landing-data/orders/orders_1.csv", "runs/r1/input/orders/orders_1.csv");

        List<String> claimed = bucket.claimBatch("r1");

        assertEquals(List.of(
                "runs/r1/input/order_items/items_1.csv",
                "runs/r1/input/orders/orders_1.csv",
                "runs/r1/input/orders/orders_2.csv"), claimed);
        assertEquals(List.of(), bucket.list("landing-data/"));
    }

    @Test
    void aLaterRunClaimsOnlyWhatLandedAfterTheEarlierClaim() {
        bucket.write("landing-data/orders/orders_1.csv", "o".getBytes(UTF_8));
        bucket.claimBatch("r1");
        bucket.write("landing-data/orders/orders_2.csv", "o2".getBytes(UTF_8));

        assertEquals(List.of("runs/r2/input/orders/orders_2.csv"), bucket.claimBatch("r2"));
        assertEquals(List.of("runs/r1/input/orders/orders_1.csv"), keys(bucket.list("runs/r1/")));
    }

    @Test
    void claimAfterACrashBetweenCopyAndDeleteLeavesNoLandingCopy() {
        // a move that is a copy then a delete can die in between: the file is in both places
        bucket.write("landing-data/orders/orders_1.csv", "o".getBytes(UTF_8));
        bucket.write("runs/r1/input/orders/orders_1.csv", "o".getBytes(UTF_8));

        List<String> claimed = bucket.claimBatch("r1");

        assertEquals(List.of("runs/r1/input/orders/orders_1.csv"), claimed);
        assertEquals(List.of(), bucket.list("landing-data/"));
        assertEquals("o", readString("runs/r1/input/orders/orders_1.csv"));
    }

    @Test
    void aFileLandingAgainUnderTheSameNameIsClaimedByTheNextRun() {
        bucket.write("landing-data/orders/daily.csv", "monday".getBytes(UTF_8));
        bucket.claimBatch("r1");
        bucket.write("landing-data/orders/daily.csv", "tuesday".getBytes(UTF_8));

        assertEquals(List.of("runs/r2/input/orders/daily.csv"), bucket.claimBatch("r2"));
        assertEquals("tuesday", readString("runs/r2/input/orders/daily.csv"));
        assertEquals("monday", readString("runs/r1/input/orders/daily.csv"));
    }

    @Test
    void aReleasedBatchCanBeClaimedByALaterRun() {
        bucket.write("landing-data/orders/orders_1.csv", "o".getBytes(UTF_8));
        bucket.claimBatch("r1");
        bucket.releaseBatch("r1");

        assertEquals(List.of("runs/r2/input/orders/orders_1.csv"), bucket.claimBatch("r2"));
        assertEquals(List.of(), bucket.claimBatch("r1"), "the first run holds nothing any more");
    }

    @Test
    void concurrentClaimsTakeEveryFileExactlyOnce() throws Exception {
        int files = 200;
        for (int i = 0; i < files; i++) {
            String folder = i % 2 == 0 ? "orders" : "order_items";
            bucket.write("landing-data/" + folder + "/file_" + i + ".csv", ("content " + i).getBytes(UTF_8));
        }
        int claimers = 4;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(claimers);
        List<Future<List<String>>> results = new ArrayList<>();
        try {
            for (int c = 0; c < claimers; c++) {
                String runId = "run-" + c;
                Callable<List<String>> claim = () -> {
                    start.await();
                    return bucket.claimBatch(runId);
                };
                results.add(pool.submit(claim));
            }
            start.countDown();

            Set<String> seen = new HashSet<>();
            int total = 0;
            for (int c = 0; c < claimers; c++) {
                String input = BucketLayout.runInput("run-" + c);
                for (String key : results.get(c).get(60, TimeUnit.SECONDS)) {
                    String relative = ObjectKey.relativeTo(input, key);
                    assertTrue(seen.add(relative), relative + " was claimed twice");
                    int i = Integer.parseInt(relative.replaceAll("\\D", ""));
                    assertEquals("content " + i, readString(key), "content of " + key);
                    total++;
                }
            }
            assertEquals(files, total);
            assertEquals(files, seen.size());
            assertEquals(List.of(), bucket.list("landing-data/"));
            assertEquals(files, bucket.list("runs/").size(), "no copy left behind in a losing run");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void releasingABatchPutsItsFilesBackInLanding() {
        bucket.write("landing-data/orders/orders_1.csv", "o".getBytes(UTF_8));
        bucket.write("landing-data/products.csv", "p".getBytes(UTF_8));
        bucket.claimBatch("r1");

        List<String> released = bucket.releaseBatch("r1");

        assertEquals(List.of("landing-data/orders/orders_1.csv", "landing-data/products.csv"), released);
        assertEquals(released, keys(bucket.list("landing-data/")));
        assertEquals(List.of(), bucket.list("runs/r1/"));
        assertEquals("o", readString("landing-data/orders/orders_1.csv"));
    }

    @Test
    void aFailedRunsBatchIsArchivedUnderInvalidDataInputWithItsExactNamesAndItsRejectFilesStayAsTheyAre() {
        List<String> names = List.of("order_items/a+b %20 ü–ñ.csv", "orders/2024/deeper.csv",
                "orders/jour d'été 100%+.csv", "products.csv");
        for (String name : names) {
            bucket.write("runs/r1/input/" + name, name.getBytes(UTF_8));
        }
        bucket.write("invalid-data/r1/orders/jour d'été 100%+.csv", "rejects".getBytes(UTF_8));
        bucket.write("runs/r2/input/orders/jour d'été 100%+.csv", "another run's".getBytes(UTF_8));

        List<String> archived = bucket.archiveFailedInput("r1");

        assertEquals(names.stream().map(name -> "invalid-data/r1/input/" + name).toList(), archived);
        for (String name : names) {
            assertEquals(name, readString("invalid-data/r1/input/" + name), "moved byte for byte");
        }
        assertEquals("rejects", readString("invalid-data/r1/orders/jour d'été 100%+.csv"));
        assertEquals(List.of(), bucket.list("runs/r1/"));
        assertEquals(List.of("runs/r2/input/orders/jour d'été 100%+.csv"), keys(bucket.list("runs/")));
    }

    @Test
    void archivingAFailedRunAgainFinishesAPartialMove() {
        // a first archiver moved one file, copied another and died before deleting it
        bucket.write("invalid-data/r1/input/orders/moved 1.csv", "o1".getBytes(UTF_8));
        bucket.write("invalid-data/r1/input/orders/copied 2%.csv", "o2".getBytes(UTF_8));
        bucket.write("runs/r1/input/orders/copied 2%.csv", "o2".getBytes(UTF_8));
        bucket.write("runs/r1/input/products.csv", "p".getBytes(UTF_8));

        assertEquals(List.of("invalid-data/r1/input/orders/copied 2%.csv", "invalid-data/r1/input/products.csv"),
                bucket.archiveFailedInput("r1"));
        assertEquals(List.of(), bucket.archiveFailedInput("r1"), "nothing left to move");

        assertEquals(List.of("invalid-data/r1/input/orders/copied 2%.csv", "invalid-data/r1/input/orders/moved 1.csv",
                "invalid-data/r1/input/products.csv"), keys(bucket.list("")));
        assertEquals("o2", readString("invalid-data/r1/input/orders/copied 2%.csv"));
    }

    // --- claiming whole uploads: the lease, the settle period, dead claimers ----------------------------

    @Test
    void runsClaimingTogetherLeaveAnUploadWholeToOneOfThem() throws Exception {
        for (int upload = 1; upload <= 3; upload++) {
            List<String> files = List.of("orders/orders-1.csv", "orders/orders-2.csv", "order_items/items-1.csv",
                    "order_items/items-2.csv", "products/products-1.csv", "products/products-2.csv");
            for (String file : files) {
                bucket.write(BucketLayout.LANDING + file, (upload + " " + file).getBytes(UTF_8));
            }
            List<String> runs = List.of("u" + upload + "-a", "u" + upload + "-b", "u" + upload + "-c");

            List<List<String>> claims = claimAllAtOnce(runs, run -> bucket.claimBatch(run));

            List<List<String>> nonEmpty = claims.stream().filter(c -> !c.isEmpty()).toList();
            assertEquals(1, nonEmpty.size(), "upload " + upload + " went to one run, not split: " + claims);
            String winner = runs.get(claims.indexOf(nonEmpty.get(0)));
            assertEquals(files.stream().map(f -> BucketLayout.runInput(winner) + f).sorted().toList(), nonEmpty.get(0));
            assertEquals(List.of(), bucket.list(BucketLayout.LANDING));
        }
    }

    @Test
    void aFileWrittenWithinTheSettlePeriodIsLeftInLandingAndNamed() {
        bucket.write("landing-data/orders/orders_1.csv", "o".getBytes(UTF_8));

        ClaimedBatch claimed = bucket.claimBatch("r1", ClaimRules.settling(Duration.ofHours(1))
                .waitingForQuietAtMost(Duration.ZERO));

        assertEquals(List.of(), claimed.keys());
        assertEquals(List.of("landing-data/orders/orders_1.csv"), claimed.stillBeingWritten());
        assertEquals(List.of("landing-data/orders/orders_1.csv"), keys(bucket.list("landing-data/")));
    }

    @Test
    void aClaimWaitsForAnUploadStillArrivingAndTakesItWhole() throws Exception {
        List<String> files = List.of("products.csv", "orders/orders-1.csv", "order_items/items-1.csv",
                "orders/orders-2.csv", "order_items/items-2.csv", "orders/orders-3.csv");
        ExecutorService producer = Executors.newSingleThreadExecutor();
        try {
            Future<?> uploading = producer.submit(() -> {
                for (String file : files) {
                    bucket.write(BucketLayout.LANDING + file, file.getBytes(UTF_8));
                    pauseMillis(150); // a producer copying file by file, well inside the settle period
                }
                return null;
            });
            awaitLanded(1);

            ClaimedBatch claimed = bucket.claimBatch("r1", ClaimRules.settling(Duration.ofSeconds(1)));

            assertTrue(uploading.isDone(), "the claim waited for the upload to end");
            uploading.get();
            assertEquals(files.stream().map(f -> BucketLayout.runInput("r1") + f).sorted().toList(), claimed.keys());
            assertEquals(List.of(), claimed.stillBeingWritten());
        } finally {
            producer.shutdownNow();
        }
    }

    @Test
    void aClaimTakesOnlyTheFilesItsRulesTakeAndTheOthersNeitherDelayItNorJoinTheBatch() {
        bucket.write("landing-data/orders/orders_1.csv", "o".getBytes(UTF_8));
        bucket.write("landing-data/README.txt", "r".getBytes(UTF_8));
        List<List<String>> tested = new ArrayList<>();

        ClaimedBatch claimed = bucket.claimBatch("r1", ClaimRules.everythingLanded()
                .takingOnly(path -> path.endsWith(".csv")).onlyIf(paths -> tested.add(paths)));

        assertEquals(List.of(List.of("orders/orders_1.csv")), tested, "the batch test sees only files it may take");
        assertEquals(List.of("runs/r1/input/orders/orders_1.csv"), claimed.keys());
        assertEquals(List.of("landing-data/README.txt"), keys(bucket.list("landing-data/")));
    }

    @Test
    void nothingIsTakenWhenTheBatchTestRefusesWhatTheRunWouldHold() {
        bucket.write("landing-data/orders/orders_1.csv", "o".getBytes(UTF_8));
        List<List<String>> tested = new ArrayList<>();

        ClaimedBatch claimed = bucket.claimBatch("r1", ClaimRules.everythingLanded().onlyIf(paths -> {
            tested.add(paths);
            return false;
        }));

        assertEquals(List.of(List.of("orders/orders_1.csv")), tested);
        assertTrue(claimed.isEmpty());
        assertEquals(List.of("landing-data/orders/orders_1.csv"), keys(bucket.list("landing-data/")));
        assertEquals(List.of("runs/r2/input/orders/orders_1.csv"), bucket.claimBatch("r2"), "the lease was let go");
    }

    @Test
    void aClaimerThatDiedAfterChoosingItsBatchHasItsClaimFinishedIntoItsOwnRun() {
        bucket.write("landing-data/orders/orders_1.csv", "o1".getBytes(UTF_8));
        bucket.write("landing-data/order_items/items_1.csv", "i1".getBytes(UTF_8));
        leaveADeadClaimersIntent("r1", List.of("landing-data/orders/orders_1.csv",
                "landing-data/order_items/items_1.csv"));
        bucket.write("landing-data/orders/orders_2.csv", "o2".getBytes(UTF_8)); // landed after r1 chose

        List<String> claimed = bucket.claimBatch("r2");

        assertEquals(List.of("runs/r2/input/orders/orders_2.csv"), claimed);
        assertEquals(List.of("runs/r1/input/order_items/items_1.csv", "runs/r1/input/orders/orders_1.csv"),
                keys(bucket.list("runs/r1/")));
        assertEquals(List.of(), bucket.list("landing-data/"));
        assertEquals(List.of(), bucket.claimBatch("r3"), "the dead claimer's intent is finished once");
    }

    @Test
    void aRunRestartedAfterDyingMidClaimFinishesTheBatchItHadChosen() {
        bucket.write("landing-data/orders/orders_1.csv", "o1".getBytes(UTF_8));
        bucket.write("landing-data/order_items/items_1.csv", "i1".getBytes(UTF_8));
        leaveADeadClaimersIntent("r1", List.of("landing-data/orders/orders_1.csv",
                "landing-data/order_items/items_1.csv"));
        bucket.move("landing-data/orders/orders_1.csv", "runs/r1/input/orders/orders_1.csv"); // moved one, then died

        assertEquals(List.of("runs/r1/input/order_items/items_1.csv", "runs/r1/input/orders/orders_1.csv"),
                bucket.claimBatch("r1"));
        assertEquals(List.of(), bucket.list("landing-data/"));
    }

    @Test
    void aDeadClaimersIntentNeverTakesANewerFileOfTheSameName() {
        bucket.write("landing-data/orders/daily.csv", "monday".getBytes(UTF_8));
        leaveADeadClaimersIntent("r1", List.of("landing-data/orders/daily.csv"));
        bucket.delete("landing-data/orders/daily.csv"); // r1 had in fact moved monday's file elsewhere
        bucket.write("landing-data/orders/daily.csv", "tuesday".getBytes(UTF_8));

        assertEquals(List.of("runs/r2/input/orders/daily.csv"), bucket.claimBatch("r2"));
        assertEquals("tuesday", readString("runs/r2/input/orders/daily.csv"));
        assertEquals(List.of(), bucket.list("runs/r1/"));
    }

    @Test
    void aClaimThatCannotGetTheLeaseInTimeFailsSayingSoAndAStoppedOneTakesNothing() throws Exception {
        bucket.write("landing-data/orders/orders_1.csv", "o".getBytes(UTF_8));
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        ExecutorService holder = Executors.newSingleThreadExecutor();
        try {
            Future<ClaimedBatch> first = holder.submit(() -> bucket.claimBatch("r1",
                    ClaimRules.everythingLanded().onlyIf(paths -> {
                        holding.countDown();
                        awaitQuietly(letGo);
                        return true;
                    })));
            assertTrue(holding.await(30, TimeUnit.SECONDS), "r1 holds the lease");

            BucketException failed = assertThrows(BucketException.class, () -> bucket.claimBatch("r2",
                    ClaimRules.everythingLanded().waitingForTheLeaseAtMost(Duration.ofMillis(300))));
            ClaimedBatch stopped = bucket.claimBatch("r3", ClaimRules.everythingLanded().stoppingWhen(() -> true));
            letGo.countDown();

            assertTrue(failed.getMessage().contains("run r2") && failed.getMessage().contains("claim lease"),
                    failed.getMessage());
            assertTrue(stopped.isEmpty());
            assertEquals(List.of("runs/r1/input/orders/orders_1.csv"), first.get(30, TimeUnit.SECONDS).keys());
        } finally {
            letGo.countDown();
            holder.shutdownNow();
        }
    }

    @Test
    void theClaimLeaseIsNeitherListedNorAddressable() {
        bucket.write("landing-data/orders/orders_1.csv", "o".getBytes(UTF_8));
        bucket.claimBatch("r1");
        bucket.claimBatch("r2", ClaimRules.everythingLanded().onlyIf(paths -> false));

        assertEquals(List.of("runs/r1/input/orders/orders_1.csv"), keys(bucket.list("")));
        for (Consumer<String> operation : List.<Consumer<String>>of(
                key -> bucket.write(key, new byte[1]), key -> bucket.describe(key), key -> bucket.delete(key))) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> operation.accept(".bucket-claims/lease"));
            assertTrue(refused.getMessage().contains(".bucket-claims/lease"), refused.getMessage());
        }
    }

    @ParameterizedTest
    @MethodSource("badRunIds")
    void aRunIdThatIsNotOneSafeKeySegmentIsRefused(String runId) {
        bucket.write("landing-data/orders/orders_1.csv", "o".getBytes(UTF_8));

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> bucket.claimBatch(runId));

        assertTrue(refused.getMessage().contains("run id"), refused.getMessage());
        assertTrue(bucket.exists("landing-data/orders/orders_1.csv"), "nothing was claimed");
    }

    static Stream<String> badRunIds() {
        return Stream.of("", "a/b", "..", ".", "run 1", "r\u0000", "../landing-data");
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

    // --- helpers ------------------------------------------------------------------------------------

    /** Starts one claim per run at the same moment, each in its own thread, and returns their results in order. */
    protected static List<List<String>> claimAllAtOnce(List<String> runs,
            java.util.function.Function<String, List<String>> claim) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(runs.size());
        try {
            List<Future<List<String>>> futures = new ArrayList<>();
            for (String run : runs) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return claim.apply(run);
                }));
            }
            start.countDown();
            List<List<String>> results = new ArrayList<>();
            for (Future<List<String>> future : futures) {
                results.add(future.get(2, TimeUnit.MINUTES));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private void awaitLanded(int files) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (bucket.list(BucketLayout.LANDING).size() < files) {
            assertTrue(System.nanoTime() < deadline, "the producer wrote " + files + " file(s) within 30 s");
            Thread.sleep(5);
        }
    }

    private static void pauseMillis(long millis) throws InterruptedException {
        Thread.sleep(millis);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
