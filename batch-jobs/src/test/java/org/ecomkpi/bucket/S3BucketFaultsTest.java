package org.ecomkpi.bucket;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3 operations through a client that suffers injected 503 SlowDowns, connection resets and lost answers:
 * with the production retry policy ({@link org.ecomkpi.aws.AwsClients#s3Builder}) every operation still completes correctly.
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
    void concurrentClaimsLeaveTheBatchWholeToOneThroughSlowDownsAndConnectionResets() throws Exception {
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
                    claims.add(pool.submit(() -> BatchClaims.of(bucket).claim(runId)));
                }
                Set<String> seen = new HashSet<>();
                List<Integer> sizes = new ArrayList<>();
                for (Future<List<String>> claim : claims) {
                    List<String> keys = claim.get(60, TimeUnit.SECONDS);
                    sizes.add(keys.size());
                    for (String key : keys) {
                        assertTrue(seen.add(key.substring(key.indexOf("/input/"))), key + " claimed twice");
                    }
                }
                assertEquals(files, seen.size());
                assertTrue(sizes.contains(0), "one run took the whole batch: " + sizes);
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
    void aClaimWhoseLeaseWritesSucceededButWhoseAnswersWereLostStillTakesTheBatch() {
        InjectedFaults faults = new InjectedFaults(Integer.MAX_VALUE, true);
        try (S3Client s3 = MotoS3.client(faults)) {
            Bucket bucket = new S3Bucket(s3, new S3Location(MotoS3.newBucket("faults-lost"), ""));
            bucket.write("landing-data/orders/orders_1.csv", "o".getBytes(UTF_8));
            bucket.write("landing-data/order_items/items_1.csv", "i".getBytes(UTF_8));

            List<String> claimed = BatchClaims.of(bucket).claim("r1");

            assertEquals(List.of("runs/r1/input/order_items/items_1.csv", "runs/r1/input/orders/orders_1.csv"),
                    claimed);
            assertEquals(List.of(), bucket.list("landing-data/"));
            assertEquals(2, faults.lostAnswers(), "taking the lease and recording the intent: done by S3, answered 503");
            assertEquals(List.of("runs/r2/input/orders/later.csv"), claimAfterLanding(bucket), "the lease was let go");
        }
    }

    @Test
    void aDownloadWhoseConnectionBreaksMidObjectResumesFromTheByteItReached() throws IOException {
        BrokenDownloads broken = new BrokenDownloads(2, 1_500_000);
        RecordedCalls calls = new RecordedCalls();
        try (S3Client s3 = MotoS3.client(broken, calls)) {
            Bucket bucket = new S3Bucket(s3, new S3Location(MotoS3.newBucket("faults-resume"), ""));
            byte[] content = randomBytes(4_000_000, 2);
            bucket.write("runs/r1/input/orders/big.csv", content);

            byte[] read = readAll(bucket.read("runs/r1/input/orders/big.csv", 100));

            assertArrayEquals(java.util.Arrays.copyOfRange(content, 100, content.length), read);
            assertEquals(2, broken.broken(), "downloads broken");
            List<RecordedCalls.Call> gets = calls.of("GetObject");
            assertEquals(List.of("bytes=100-", "bytes=1500100-", "bytes=3000100-"),
                    gets.stream().map(c -> c.header("Range").orElseThrow()).toList());
            assertTrue(gets.stream().skip(1).allMatch(c -> c.header("If-Match").isPresent()),
                    "resumed reads are pinned to the object's ETag");
        }
    }

    @Test
    void aResumedDownloadOfAnObjectReplacedMeanwhileFailsInsteadOfMixingVersions() throws IOException {
        BrokenDownloads broken = new BrokenDownloads(1, 1_000_000);
        try (S3Client s3 = MotoS3.client(broken)) {
            Bucket bucket = new S3Bucket(s3, new S3Location(MotoS3.newBucket("faults-replaced"), ""));
            bucket.write("runs/r1/input/orders/big.csv", randomBytes(3_000_000, 3));

            try (InputStream in = bucket.read("runs/r1/input/orders/big.csv")) {
                in.readNBytes(10);
                bucket.write("runs/r1/input/orders/big.csv", randomBytes(3_000_000, 4));
                assertThrows(IOException.class, in::readAllBytes);
            }
            assertEquals(1, broken.broken());
        }
    }

    /** Breaks the first {@code times} GetObject bodies after {@code after} bytes, as a reset connection does. */
    private static final class BrokenDownloads implements ExecutionInterceptor {
        private final int times;
        private final long after;
        private final AtomicInteger broken = new AtomicInteger();

        BrokenDownloads(int times, long after) {
            this.times = times;
            this.after = after;
        }

        int broken() {
            return broken.get();
        }

        @Override
        public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context,
                ExecutionAttributes attributes) {
            Optional<InputStream> body = context.responseBody();
            if (!"GetObject".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))
                    || body.isEmpty() || broken.get() >= times) {
                return body;
            }
            broken.incrementAndGet();
            return Optional.of(new FilterInputStream(body.get()) {
                private long passed;

                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (passed >= after) {
                        throw new SocketException("Connection reset (injected)");
                    }
                    int n = super.read(b, off, (int) Math.min(len, after - passed));
                    passed += Math.max(n, 0);
                    return n;
                }
            });
        }
    }

    private static List<String> claimAfterLanding(Bucket bucket) {
        bucket.write("landing-data/orders/later.csv", "l".getBytes(UTF_8));
        return BatchClaims.of(bucket).claim("r2");
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
