package org.ecomkpi.bucket;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3 operations through a client that suffers injected 503 SlowDowns, connection resets and lost answers:
 * with the production retry policy ({@link S3Bucket#clientBuilder}) every operation still completes correctly.
 */
class S3BucketFaultsTest {

    @Test
    void readsAndWritesCompleteThroughSlowDownsAndConnectionResets() throws IOException {
        InjectedFaults faults = new InjectedFaults(3, false);
        try (S3Client s3 = MotoS3.client(faults)) {
            Bucket bucket = new S3Bucket(s3, new S3Location(MotoS3.newBucket("faults-rw"), ""),
                    S3Bucket.MIN_PART_SIZE);
            byte[] big = randomBytes(2 * S3Bucket.MIN_PART_SIZE + 999, 1);
            byte[] small = "order_id,user_id\n1,7\n".getBytes(UTF_8);

            bucket.write("invalid-data/r1/orders/big.csv", new ByteArrayInputStream(big));
            bucket.write("runs/r1/report.json", small);
            bucket.copy("runs/r1/report.json", "processed/r1/report.json");
            bucket.move("invalid-data/r1/orders/big.csv", "processed/r1/orders/big.csv");
            bucket.delete("runs/r1/report.json");

            assertArrayEquals(big, readAll(bucket.read("processed/r1/orders/big.csv")));
            assertArrayEquals(java.util.Arrays.copyOfRange(big, 1_000_000, big.length),
                    readAll(bucket.read("processed/r1/orders/big.csv", 1_000_000)));
            assertArrayEquals(small, readAll(bucket.read("processed/r1/report.json")));
            assertEquals(List.of("processed/r1/orders/big.csv", "processed/r1/report.json"),
                    bucket.list("").stream().map(BucketObject::key).toList());
            assertTrue(faults.slowDowns() >= 2, "SlowDowns injected: " + faults.slowDowns());
            assertTrue(faults.resets() >= 2, "connection resets injected: " + faults.resets());
        }
    }

    @Test
    void concurrentClaimsTakeEveryFileOnceThroughSlowDownsAndConnectionResets() throws Exception {
        InjectedFaults faults = new InjectedFaults(4, false);
        try (S3Client s3 = MotoS3.client(faults)) {
            Bucket bucket = new S3Bucket(s3, new S3Location(MotoS3.newBucket("faults-claim"), ""));
            int files = 24;
            for (int i = 0; i < files; i++) {
                bucket.write("landing-data/orders/file_" + i + ".csv", ("content " + i).getBytes(UTF_8));
            }

            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<List<String>>> claims = new ArrayList<>();
                for (String runId : List.of("run-a", "run-b")) {
                    claims.add(pool.submit(() -> bucket.claimBatch(runId)));
                }
                Set<String> seen = new HashSet<>();
                for (Future<List<String>> claim : claims) {
                    for (String key : claim.get(60, TimeUnit.SECONDS)) {
                        assertTrue(seen.add(key.substring(key.indexOf("/input/"))), key + " claimed twice");
                    }
                }
                assertEquals(files, seen.size());
            } finally {
                pool.shutdownNow();
            }
            assertEquals(List.of(), bucket.list("landing-data/"));
            assertEquals(files, bucket.list("runs/").size());
            assertTrue(faults.slowDowns() >= 2, "SlowDowns injected: " + faults.slowDowns());
            assertTrue(faults.resets() >= 2, "connection resets injected: " + faults.resets());
        }
    }

    @Test
    void aClaimWhoseMarkerWriteSucceededButWhoseAnswerWasLostStillTakesTheFile() {
        InjectedFaults faults = new InjectedFaults(Integer.MAX_VALUE, true);
        try (S3Client s3 = MotoS3.client(faults)) {
            Bucket bucket = new S3Bucket(s3, new S3Location(MotoS3.newBucket("faults-lost"), ""));
            bucket.write("landing-data/orders/orders_1.csv", "o".getBytes(UTF_8));
            bucket.write("landing-data/order_items/items_1.csv", "i".getBytes(UTF_8));

            List<String> claimed = bucket.claimBatch("r1");

            assertEquals(List.of("runs/r1/input/order_items/items_1.csv", "runs/r1/input/orders/orders_1.csv"),
                    claimed);
            assertEquals(List.of(), bucket.list("landing-data/"));
            assertEquals(2, faults.lostAnswers(), "each marker PUT was done by S3 but answered 503");
            assertEquals(List.of("runs/r2/input/orders/later.csv"), claimAfterLanding(bucket));
        }
    }

    private static List<String> claimAfterLanding(Bucket bucket) {
        bucket.write("landing-data/orders/later.csv", "l".getBytes(UTF_8));
        return bucket.claimBatch("r2");
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
