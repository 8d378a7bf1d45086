package org.ecomkpi.bucket;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.ecomkpi.process.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The claims contract on a local folder, then what only a folder shows: links, other processes, appending writers. */
class LocalBatchClaimsTest extends BatchClaimsContract {

    @TempDir
    Path temp;

    private int created;

    @Override
    protected Bucket newEmptyBucket() {
        return LocalBucket.at(temp.resolve("bucket-" + created++));
    }

    private Path root() {
        return ((LocalBucket) bucket).root();
    }

    @Override
    protected void leaveADeadClaimersIntent(String runId, List<String> landingKeys) {
        // a dead process holds no file lock: only its intent is left
        List<LandedFile> chosen = new LocalBatchClaims((LocalBucket) bucket).landed().stream()
                .filter(f -> landingKeys.contains(f.key())).toList();
        try {
            Path intent = LocalClaimLease.intentFile(root());
            Files.createDirectories(intent.getParent());
            Files.writeString(intent, new ClaimIntent(runId, chosen).lines(), UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theLeaseAndADeadClaimersIntentAreFilesUnderTheReservedFolder() throws IOException {
        bucket.write("landing-data/orders/orders_1.csv", "o".getBytes(UTF_8));
        leaveADeadClaimersIntent("r1", List.of("landing-data/orders/orders_1.csv"));
        assertTrue(Files.isRegularFile(root().resolve(".bucket-claims/intent")), "the intent's file");

        assertEquals(List.of(), claims.claim("r2"), "r1's intent is finished first, into r1");

        assertEquals(List.of("runs/r1/input/orders/orders_1.csv"), keys(bucket.list("runs/")));
        assertTrue(Files.isRegularFile(root().resolve(".bucket-claims/lease")), "the lock file stays for the next");
        assertFalse(Files.exists(root().resolve(".bucket-claims/intent")), "the finished intent is forgotten");
    }

    @Test
    void aClaimLeavesSymlinksInLandingAndNamesThemAsRefused() throws IOException {
        Path secret = Files.writeString(Files.createDirectories(temp.resolve("outside")).resolve("orders.csv"), "s");
        bucket.write("landing-data/order_items/items.csv", "id,order_id\n".getBytes(UTF_8));
        Files.createDirectories(root().resolve("landing-data/orders"));
        Files.createSymbolicLink(root().resolve("landing-data/orders/orders.csv"), secret);

        ClaimedBatch claimed = claims.claim("r1", ClaimRules.settling(Duration.ZERO));

        assertEquals(List.of("runs/r1/input/order_items/items.csv"), claimed.keys(), "the link is not taken");
        assertEquals(List.of("landing-data/orders/orders.csv is a symbolic link to " + secret
                + "; a local bucket never takes a file through a link"), claimed.refused());
        assertTrue(Files.isSymbolicLink(root().resolve("landing-data/orders/orders.csv")), "left where it is");
    }

    @Test
    void claimsFromSeparateProcessesLeaveTheWholeBatchToOne() throws Exception {
        int files = 120;
        for (int i = 0; i < files; i++) {
            bucket.write("landing-data/orders/file_" + i + ".csv", ("content " + i).getBytes(UTF_8));
        }
        Path go = temp.resolve("go");
        List<ChildJvm.Running> processes = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            processes.add(claimInAnotherProcess("proc-" + p, go).start());
        }
        Files.writeString(go, "go"); // both JVMs wait for this file so their claims overlap
        Set<String> seen = new HashSet<>();
        List<Integer> sizes = new ArrayList<>();
        for (int p = 0; p < processes.size(); p++) {
            ChildJvm.Result claimed;
            try (ChildJvm.Running process = processes.get(p)) {
                claimed = process.finish();
            }
            assertEquals(0, claimed.exitCode(), claimed.output());
            List<String> keys = claimed.output().lines().filter(line -> line.startsWith("runs/")).toList();
            sizes.add(keys.size());
            for (String key : keys) {
                String relative = ObjectKey.relativeTo(BucketLayout.runInput("proc-" + p), key);
                assertTrue(seen.add(relative), relative + " was claimed by both processes");
            }
        }
        assertEquals(files, seen.size());
        assertTrue(sizes.contains(files), "one process took the whole batch: " + sizes);
        assertFalse(bucket.list("landing-data/").iterator().hasNext());
    }

    @Test
    void aLeaseHeldByAProcessThatWasKilledDoesNotHoldBackTheNextClaim() throws Exception {
        bucket.write("landing-data/orders/orders_1.csv", "o".getBytes(UTF_8));
        Path go = temp.resolve("go");
        Files.writeString(go, "go");
        try (ChildJvm.Running holder = claimInAnotherProcess("dead", go, "hold").start()) {
            holder.awaitLine(ClaimInAnotherProcess.HOLDING);
            assertEquals(ClaimInAnotherProcess.HOLDING, holder.outputSoFar().lines()
                    .filter(line -> !line.startsWith("SLF4J")).findFirst().orElse("no output"));
            assertThrows(BucketException.class, () -> claims.claim("r1", ClaimRules.everythingLanded()
                    .waitingForTheLeaseAtMost(Duration.ofMillis(200))), "the live holder's lease is respected");

            assertEquals(137, holder.kill().exitCode()); // SIGKILL: the process cannot let go of anything itself
        }

        assertEquals(List.of("runs/r1/input/orders/orders_1.csv"), claims.claim("r1"));
    }

    // --- files still being written ------------------------------------------------------------------

    @Test
    void aFileStillBeingAppendedToIsLeftInLandingAndNamedAsStillBeingWritten() throws Exception {
        bucket.write("landing-data/order_items/items.csv", "id,order_id\n".getBytes(UTF_8));
        Files.setLastModifiedTime(root().resolve("landing-data/order_items/items.csv"),
                FileTime.from(Instant.now().minus(Duration.ofHours(1)))); // landed long ago
        // the producer goes on until closed: it is writing all through the claim
        try (AppendingProducer producer = AppendingProducer.start(root().resolve("landing-data/orders/orders.csv"),
                LocalBatchClaimsTest::orderLine, Integer.MAX_VALUE, Duration.ofMillis(10))) {
            producer.awaitLines(5);

            ClaimedBatch claimed = claims.claim("r1", ClaimRules.settling(Duration.ofMillis(500))
                    .waitingForQuietAtMost(Duration.ZERO));

            assertEquals(List.of("landing-data/orders/orders.csv"), claimed.stillBeingWritten());
            assertEquals(List.of("runs/r1/input/order_items/items.csv"), claimed.keys(), "the settled file is taken");
            assertTrue(Files.exists(root().resolve("landing-data/orders/orders.csv")), "left where it is");
        }
    }

    @Test
    void aClaimWaitsForAWriterToFinishAndTakesTheWholeFile() throws Exception {
        int lines = 120;
        try (AppendingProducer producer = AppendingProducer.start(root().resolve("landing-data/orders/orders.csv"),
                LocalBatchClaimsTest::orderLine, lines, Duration.ofMillis(10))) {
            producer.awaitLines(3);

            ClaimedBatch claimed = claims.claim("r1", ClaimRules.settling(Duration.ofMillis(500)));

            assertEquals(lines, producer.linesWritten(), "the producer had finished");
            assertEquals(List.of("runs/r1/input/orders/orders.csv"), claimed.keys());
            assertEquals(AppendingProducer.text(LocalBatchClaimsTest::orderLine, lines),
                    readString("runs/r1/input/orders/orders.csv"));
            assertEquals(List.of(), bucket.list("landing-data/"));
        }
    }

    private static String orderLine(int i) {
        return i + ",user-" + i + "\n";
    }

    private ChildJvm claimInAnotherProcess(String runId, Path go, String... mode) {
        List<String> args = new ArrayList<>(List.of(root().toString(), runId, go.toString()));
        args.addAll(List.of(mode));
        return ChildJvm.main(ClaimInAnotherProcess.class, args.toArray(String[]::new)).timeout(Duration.ofSeconds(60));
    }
}
