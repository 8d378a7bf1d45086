package org.ecomkpi.bucket;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The behaviour the {@link BatchClaims} of every bucket must show (SPEC section 4: one upload is one batch), whatever
 * protocol holds its claim lease. Implementations extend this class and supply a fresh, empty bucket per test, and
 * what a claimer that died halfway leaves behind in that bucket.
 */
public abstract class BatchClaimsContract {

    /** A new bucket holding no objects; called once before each test. */
    protected abstract Bucket newEmptyBucket();

    /**
     * Leaves behind what a claimer of run {@code runId} leaves when it dies right after writing down that it takes
     * the landing files {@code landingKeys} (as they are now), before moving any: its intent, in a lease nobody
     * holds any more.
     */
    protected abstract void leaveADeadClaimersIntent(String runId, List<String> landingKeys);

    protected Bucket bucket;
    protected BatchClaims claims;

    @BeforeEach
    void openEmptyBucket() {
        bucket = newEmptyBucket();
        claims = BatchClaims.of(bucket);
        assertEquals(List.of(), bucket.list(""), "the factory must supply an empty bucket");
    }

    /**
     * Names a copy source must URL-encode on S3 ({@code CopyObject}, which a claim's conditional copy is too, takes
     * the source as one encoded string): a space, a {@code %} (also one that reads like an escape), a {@code +} (form
     * decoding would make it a space), an apostrophe and characters outside ASCII.
     */
    @Test
    void namesThatNeedEncodingAreClaimedUnderTheirExactNames() {
        List<String> names = List.of("orders/jour d'été 100%+.csv", "order_items/a+b %20 ü–ñ.csv");
        for (String name : names) {
            bucket.write("landing-data/" + name, name.getBytes(UTF_8));
        }

        ClaimedBatch claimed = claims.claim("r1", ClaimRules.everythingLanded());

        assertEquals(List.of("runs/r1/input/order_items/a+b %20 ü–ñ.csv", "runs/r1/input/orders/jour d'été 100%+.csv"),
                claimed.keys());
        for (String name : names) {
            assertEquals(name, readString("runs/r1/input/" + name), "claimed byte for byte");
        }
        assertEquals(List.of("runs/r1/input/order_items/a+b %20 ü–ñ.csv", "runs/r1/input/orders/jour d'été 100%+.csv"),
                keys(bucket.list("")), "nothing left under a mangled name, nothing left behind");
    }

    // --- claiming batches ---------------------------------------------------------------------------

    @Test
    void claimMovesEveryLandingFileIntoTheRunInputKeepingItsPath() {
        bucket.write("landing-data/orders/orders_1.csv", "o".getBytes(UTF_8));
        bucket.write("landing-data/order_items/items_1.csv", "i".getBytes(UTF_8));
        bucket.write("landing-data/products.csv", "p".getBytes(UTF_8));
        bucket.write("processed/r0/orders/old.csv", "old".getBytes(UTF_8));

        List<String> claimed = claims.claim("r1");

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
        assertEquals(List.of(), claims.claim("r1"));
    }

    @Test
    void claimingAgainForTheSameRunReturnsWhatItAlreadyHolds() {
        bucket.write("landing-data/orders/orders_1.csv", "o".getBytes(UTF_8));
        bucket.write("landing-data/order_items/items_1.csv", "i".getBytes(UTF_8));
        List<String> first = claims.claim("r1");

        List<String> again = claims.claim("r1");

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

        List<String> claimed = claims.claim("r1");

        assertEquals(List.of(
                "runs/r1/input/order_items/items_1.csv",
                "runs/r1/input/orders/orders_1.csv",
                "runs/r1/input/orders/orders_2.csv"), claimed);
        assertEquals(List.of(), bucket.list("landing-data/"));
    }

    @Test
    void aLaterRunClaimsOnlyWhatLandedAfterTheEarlierClaim() {
        bucket.write("landing-data/orders/orders_1.csv", "o".getBytes(UTF_8));
        claims.claim("r1");
        bucket.write("landing-data/orders/orders_2.csv", "o2".getBytes(UTF_8));

        assertEquals(List.of("runs/r2/input/orders/orders_2.csv"), claims.claim("r2"));
        assertEquals(List.of("runs/r1/input/orders/orders_1.csv"), keys(bucket.list("runs/r1/")));
    }

    @Test
    void claimAfterACrashBetweenCopyAndDeleteLeavesNoLandingCopy() {
        // a move that is a copy then a delete can die in between: the file is in both places
        bucket.write("landing-data/orders/orders_1.csv", "o".getBytes(UTF_8));
        bucket.write("runs/r1/input/orders/orders_1.csv", "o".getBytes(UTF_8));

        List<String> claimed = claims.claim("r1");

        assertEquals(List.of("runs/r1/input/orders/orders_1.csv"), claimed);
        assertEquals(List.of(), bucket.list("landing-data/"));
        assertEquals("o", readString("runs/r1/input/orders/orders_1.csv"));
    }

    @Test
    void aFileLandingAgainUnderTheSameNameIsClaimedByTheNextRun() {
        bucket.write("landing-data/orders/daily.csv", "monday".getBytes(UTF_8));
        claims.claim("r1");
        bucket.write("landing-data/orders/daily.csv", "tuesday".getBytes(UTF_8));

        assertEquals(List.of("runs/r2/input/orders/daily.csv"), claims.claim("r2"));
        assertEquals("tuesday", readString("runs/r2/input/orders/daily.csv"));
        assertEquals("monday", readString("runs/r1/input/orders/daily.csv"));
    }

    @Test
    void aReleasedBatchCanBeClaimedByALaterRun() {
        bucket.write("landing-data/orders/orders_1.csv", "o".getBytes(UTF_8));
        claims.claim("r1");
        claims.release("r1");

        assertEquals(List.of("runs/r2/input/orders/orders_1.csv"), claims.claim("r2"));
        assertEquals(List.of(), claims.claim("r1"), "the first run holds nothing any more");
    }

    @Test
    void concurrentClaimsTakeEveryFileExactlyOnce() throws Exception {
        // enough that the four claims overlap the whole time one of them moves files (on S3 some 4 requests a file)
        int files = 60;
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
                    return claims.claim(runId);
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
        claims.claim("r1");

        List<String> released = claims.release("r1");

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

        List<String> archived = claims.archiveFailed("r1");

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
                claims.archiveFailed("r1"));
        assertEquals(List.of(), claims.archiveFailed("r1"), "nothing left to move");

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

            List<List<String>> claimed = claimAllAtOnce(runs, run -> claims.claim(run));

            List<List<String>> nonEmpty = claimed.stream().filter(c -> !c.isEmpty()).toList();
            assertEquals(1, nonEmpty.size(), "upload " + upload + " went to one run, not split: " + claimed);
            String winner = runs.get(claimed.indexOf(nonEmpty.get(0)));
            assertEquals(files.stream().map(f -> BucketLayout.runInput(winner) + f).sorted().toList(), nonEmpty.get(0));
            assertEquals(List.of(), bucket.list(BucketLayout.LANDING));
        }
    }

    @Test
    void aFileWrittenWithinTheSettlePeriodIsLeftInLandingAndNamed() {
        bucket.write("landing-data/orders/orders_1.csv", "o".getBytes(UTF_8));

        ClaimedBatch claimed = claims.claim("r1", ClaimRules.settling(Duration.ofHours(1))
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

            ClaimedBatch claimed = claims.claim("r1", ClaimRules.settling(Duration.ofSeconds(1)));

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

        ClaimedBatch claimed = claims.claim("r1", ClaimRules.everythingLanded()
                .takingOnly(path -> path.endsWith(".csv")).onlyIf(paths -> tested.add(paths)));

        assertEquals(List.of(List.of("orders/orders_1.csv")), tested, "the batch test sees only files it may take");
        assertEquals(List.of("runs/r1/input/orders/orders_1.csv"), claimed.keys());
        assertEquals(List.of("landing-data/README.txt"), keys(bucket.list("landing-data/")));
    }

    @Test
    void nothingIsTakenWhenTheBatchTestRefusesWhatTheRunWouldHold() {
        bucket.write("landing-data/orders/orders_1.csv", "o".getBytes(UTF_8));
        List<List<String>> tested = new ArrayList<>();

        ClaimedBatch claimed = claims.claim("r1", ClaimRules.everythingLanded().onlyIf(paths -> {
            tested.add(paths);
            return false;
        }));

        assertEquals(List.of(List.of("orders/orders_1.csv")), tested);
        assertTrue(claimed.isEmpty());
        assertEquals(List.of("landing-data/orders/orders_1.csv"), keys(bucket.list("landing-data/")));
        assertEquals(List.of("runs/r2/input/orders/orders_1.csv"), claims.claim("r2"), "the lease was let go");
    }

    @Test
    void aClaimerThatDiedAfterChoosingItsBatchHasItsClaimFinishedIntoItsOwnRun() {
        bucket.write("landing-data/orders/orders_1.csv", "o1".getBytes(UTF_8));
        bucket.write("landing-data/order_items/items_1.csv", "i1".getBytes(UTF_8));
        leaveADeadClaimersIntent("r1", List.of("landing-data/orders/orders_1.csv",
                "landing-data/order_items/items_1.csv"));
        bucket.write("landing-data/orders/orders_2.csv", "o2".getBytes(UTF_8)); // landed after r1 chose

        List<String> claimed = claims.claim("r2");

        assertEquals(List.of("runs/r2/input/orders/orders_2.csv"), claimed);
        assertEquals(List.of("runs/r1/input/order_items/items_1.csv", "runs/r1/input/orders/orders_1.csv"),
                keys(bucket.list("runs/r1/")));
        assertEquals(List.of(), bucket.list("landing-data/"));
        assertEquals(List.of(), claims.claim("r3"), "the dead claimer's intent is finished once");
    }

    @Test
    void aRunRestartedAfterDyingMidClaimFinishesTheBatchItHadChosen() {
        bucket.write("landing-data/orders/orders_1.csv", "o1".getBytes(UTF_8));
        bucket.write("landing-data/order_items/items_1.csv", "i1".getBytes(UTF_8));
        leaveADeadClaimersIntent("r1", List.of("landing-data/orders/orders_1.csv",
                "landing-data/order_items/items_1.csv"));
        bucket.move("landing-data/orders/orders_1.csv", "runs/r1/input/orders/orders_1.csv"); // moved one, then died

        assertEquals(List.of("runs/r1/input/order_items/items_1.csv", "runs/r1/input/orders/orders_1.csv"),
                claims.claim("r1"));
        assertEquals(List.of(), bucket.list("landing-data/"));
    }

    @Test
    void aDeadClaimersIntentNeverTakesANewerFileOfTheSameName() {
        bucket.write("landing-data/orders/daily.csv", "monday".getBytes(UTF_8));
        leaveADeadClaimersIntent("r1", List.of("landing-data/orders/daily.csv"));
        bucket.delete("landing-data/orders/daily.csv"); // r1 had in fact moved monday's file elsewhere
        bucket.write("landing-data/orders/daily.csv", "tuesday".getBytes(UTF_8));

        assertEquals(List.of("runs/r2/input/orders/daily.csv"), claims.claim("r2"));
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
            Future<ClaimedBatch> first = holder.submit(() -> claims.claim("r1",
                    ClaimRules.everythingLanded().onlyIf(paths -> {
                        holding.countDown();
                        awaitQuietly(letGo);
                        return true;
                    })));
            assertTrue(holding.await(30, TimeUnit.SECONDS), "r1 holds the lease");

            BucketException failed = assertThrows(BucketException.class, () -> claims.claim("r2",
                    ClaimRules.everythingLanded().waitingForTheLeaseAtMost(Duration.ofMillis(300))));
            ClaimedBatch stopped = claims.claim("r3", ClaimRules.everythingLanded().stoppingWhen(() -> true));
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
        claims.claim("r1");
        claims.claim("r2", ClaimRules.everythingLanded().onlyIf(paths -> false));

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
                () -> claims.claim(runId));

        assertTrue(refused.getMessage().contains("run id"), refused.getMessage());
        assertTrue(bucket.exists("landing-data/orders/orders_1.csv"), "nothing was claimed");
    }

    static Stream<String> badRunIds() {
        return Stream.of("", "a/b", "..", ".", "run 1", "r\u0000", "../landing-data", "_job-repository", "_r1");
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
        try (InputStream in = bucket.read(key)) {
            return new String(in.readAllBytes(), UTF_8);
        } catch (IOException e) {
            throw new AssertionError("reading " + key, e);
        }
    }

    protected static List<String> keys(List<BucketObject> objects) {
        return objects.stream().map(BucketObject::key).toList();
    }
}
