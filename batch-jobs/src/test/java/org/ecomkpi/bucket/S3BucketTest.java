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
import java.io.SequenceInputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.ecomkpi.aws.MotoServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The bucket contract against S3 (moto), then what only S3 shows: parts, ranges, the lease object, prefixes. */
class S3BucketTest extends BucketContract {
    private static final RecordedCalls CALLS = new RecordedCalls();
    private static final S3Client S3 = MotoS3.client(CALLS);

    private String bucketName;

    @Override
    protected Bucket newEmptyBucket() {
        bucketName = MotoS3.newBucket("s3-bucket-test");
        return new S3Bucket(S3, new S3Location(bucketName, ""), S3Bucket.MIN_PART_SIZE);
    }

    @BeforeEach
    void forgetEarlierCalls() {
        CALLS.clear();
    }

    @AfterAll
    static void closeClient() {
        S3.close();
    }

    // --- writes --------------------------------------------------------------------------------------

    @Test
    void aWriteSmallerThanAPartIsOnePutObject() {
        bucket.write("runs/r1/report.json", new byte[S3Bucket.MIN_PART_SIZE - 1]);

        assertEquals(1, CALLS.count("PutObject"));
        assertEquals(0, CALLS.count("CreateMultipartUpload"));
    }

    @Test
    void theReportPageIsStoredAsHtmlAndTheReportAsJsonSoABrowserShowsThem() {
        bucket.write("runs/r1/report.html", "<!DOCTYPE html><title>r1</title>".getBytes(UTF_8));
        bucket.write("runs/r1/report.json", "{}".getBytes(UTF_8));
        bucket.write("invalid-data/r1/orders/o.csv", "a\n".getBytes(UTF_8));

        assertEquals("text/html; charset=utf-8",
                S3.headObject(r -> r.bucket(bucketName).key("runs/r1/report.html")).contentType());
        assertEquals("application/json", S3.headObject(r -> r.bucket(bucketName).key("runs/r1/report.json")).contentType());
        assertEquals("application/octet-stream",
                S3.headObject(r -> r.bucket(bucketName).key("invalid-data/r1/orders/o.csv")).contentType());
    }

    @Test
    void aLargeWriteIsAMultipartUploadSentPartByPart() {
        byte[] content = randomBytes(2 * S3Bucket.MIN_PART_SIZE + 12_345, 7);

        bucket.write("invalid-data/r1/orders/rejects.csv", new ByteArrayInputStream(content));

        assertEquals(1, CALLS.count("CreateMultipartUpload"));
        assertEquals(List.of((long) S3Bucket.MIN_PART_SIZE, (long) S3Bucket.MIN_PART_SIZE, 12_345L),
                CALLS.of("UploadPart").stream().map(c -> c.request().firstMatchingHeader("x-amz-decoded-content-length")
                        .or(() -> c.request().firstMatchingHeader("Content-Length")).map(Long::parseLong).orElseThrow())
                        .toList());
        assertEquals(1, CALLS.count("CompleteMultipartUpload"));
        assertEquals(0, CALLS.count("PutObject"));
        assertArrayEquals(content, readBytes("invalid-data/r1/orders/rejects.csv", 0));
    }

    @Test
    void aWriteWhoseStreamFailsLeavesNeitherAnObjectNorAnOpenUpload() {
        InputStream failing = new SequenceInputStream(
                new ByteArrayInputStream(new byte[S3Bucket.MIN_PART_SIZE + 10]), new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new IOException("producer went away");
                    }
                });

        BucketException failed = assertThrows(BucketException.class,
                () -> bucket.write("invalid-data/r1/orders/rejects.csv", failing));

        assertTrue(failed.getMessage().contains("invalid-data/r1/orders/rejects.csv"), failed.getMessage());
        assertTrue(failed.getMessage().contains("producer went away"), failed.getMessage());
        assertEquals(1, CALLS.count("AbortMultipartUpload"));
        assertFalse(bucket.exists("invalid-data/r1/orders/rejects.csv"));
        assertEquals(List.of(), S3.listMultipartUploads(r -> r.bucket(bucketName)).uploads());
    }

    @Test
    void aPartSizeBelowTheS3MinimumIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new S3Bucket(S3, new S3Location(bucketName, ""), S3Bucket.MIN_PART_SIZE - 1));
    }

    // --- reads ---------------------------------------------------------------------------------------

    @Test
    void aReadFromAnOffsetDownloadsOnlyTheRestOfTheObject() {
        byte[] content = randomBytes(300_000, 8);
        bucket.write("runs/r1/input/orders/o.csv", content);
        CALLS.clear();

        byte[] tail = readBytes("runs/r1/input/orders/o.csv", 250_000);

        assertEquals(50_000, tail.length);
        RecordedCalls.Call get = CALLS.of("GetObject").get(0);
        assertEquals("bytes=250000-", get.header("Range").orElseThrow());
        assertEquals(206, get.status());
        assertEquals(50_000L, get.contentLength().orElseThrow());
    }

    @Test
    void aStreamClosedEarlyDoesNotDownloadTheRest() throws IOException {
        byte[] content = randomBytes(2 * S3Bucket.MIN_PART_SIZE, 9);
        bucket.write("runs/r1/input/orders/big.csv", content);

        try (InputStream in = bucket.read("runs/r1/input/orders/big.csv")) {
            assertEquals(content[0], (byte) in.read());
        }
        // the aborted connection is not reused; the client goes on working on a fresh one
        assertEquals("x", new String(roundTrip("runs/r1/x.txt", "x"), UTF_8));
    }

    // --- claims --------------------------------------------------------------------------------------

    @Override
    protected void leaveADeadClaimersIntent(String runId, List<String> landingKeys) {
        List<LandedFile> chosen = ((S3Bucket) bucket).claimSite().landed().stream()
                .filter(f -> landingKeys.contains(f.key())).toList();
        leaveLease(new S3ClaimLease.LeaseRecord("dead-claimer", runId, Instant.now().minusSeconds(1),
                Optional.of(new ClaimIntent(runId, chosen))));
    }

    @Test
    void aClaimTakesTheLeaseWithAConditionalPutAndMovesOnlyTheObjectsItListed() {
        bucket.write("landing-data/orders/orders_1.csv", "o".getBytes(UTF_8));
        CALLS.clear();

        bucket.claimBatch("r1");

        List<RecordedCalls.Call> puts = CALLS.of("PutObject");
        assertEquals(2, puts.size(), "the lease, then the intent in it");
        assertEquals("*", puts.get(0).header("If-None-Match").orElseThrow());
        assertTrue(puts.get(1).header("If-Match").isPresent(), "the intent is written only while the lease is ours");
        assertTrue(CALLS.of("CopyObject").get(0).header("x-amz-copy-source-if-match").isPresent());
        assertTrue(CALLS.of("DeleteObject").stream().allMatch(c -> c.header("If-Match").isPresent()),
                "landing object and lease are deleted only if unchanged");
        assertEquals(List.of(), S3.listObjectsV2(r -> r.bucket(bucketName).prefix(LandingClaim.RESERVED_FOLDER))
                .contents());
    }

    @Test
    void aLeaseStillInItsTermIsWaitedForThenTakenOverWhenItExpires() {
        bucket.write("landing-data/orders/orders_1.csv", "o".getBytes(UTF_8));
        Instant expires = Instant.now().plusSeconds(2);
        leaveLease(new S3ClaimLease.LeaseRecord("stalled-claimer", "r9", expires, Optional.empty()));

        List<String> claimed = bucket.claimBatch("r2");

        assertFalse(Instant.now().isBefore(expires), "r2 waited for r9's lease to expire");
        assertEquals(List.of("runs/r2/input/orders/orders_1.csv"), claimed);
        assertEquals(List.of(), S3.listObjectsV2(r -> r.bucket(bucketName).prefix(LandingClaim.RESERVED_FOLDER))
                .contents());
    }

    @Test
    void aLeaseThatCannotBeReadCountsAsExpired() {
        bucket.write("landing-data/orders/orders_1.csv", "o".getBytes(UTF_8));
        S3.putObject(r -> r.bucket(bucketName).key(S3ClaimLease.key(new S3Location(bucketName, ""))),
                RequestBody.fromString("not a lease"));

        assertEquals(List.of("runs/r2/input/orders/orders_1.csv"), bucket.claimBatch("r2"));
    }

    // --- locations -----------------------------------------------------------------------------------

    @Test
    void aPrefixedBucketKeepsEveryKeyUnderItsPrefixAndSeesNothingElse() {
        S3.putObject(r -> r.bucket(bucketName).key("landing-data/orders/outside.csv"), RequestBody.fromString("x"));
        S3.putObject(r -> r.bucket(bucketName).key("team-a2/landing-data/orders/sibling.csv"),
                RequestBody.fromString("x"));
        Bucket prefixed = new S3Bucket(S3, S3Location.parse("s3://" + bucketName + "/team-a/"));

        prefixed.write("landing-data/orders/orders_1.csv", "o".getBytes(UTF_8));
        List<String> claimed = prefixed.claimBatch("r1");

        assertEquals("s3://" + bucketName + "/team-a", prefixed.location());
        assertEquals(List.of("runs/r1/input/orders/orders_1.csv"), claimed);
        assertEquals(List.of("runs/r1/input/orders/orders_1.csv"), keys(prefixed.list("")));
        assertEquals(List.of("landing-data/orders/outside.csv", "team-a/runs/r1/input/orders/orders_1.csv",
                "team-a2/landing-data/orders/sibling.csv"),
                S3.listObjectsV2(r -> r.bucket(bucketName)).contents().stream().map(S3Object::key).sorted().toList());
    }

    @Test
    void anS3LocationOpensWithRegionCredentialsAndEndpointFromTheEnvironment() throws Exception {
        ProcessBuilder child = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                OpenBucketInAnotherProcess.class.getName(), "s3://" + bucketName + "/env",
                "landing-data/orders/orders_1.csv", "written by the child", "r1")
                .redirectErrorStream(true);
        child.environment().keySet().removeIf(name -> name.startsWith("AWS_"));
        child.environment().putAll(MotoServer.get().environment());
        // a host name, not an IP: the SDK would address the bucket as <bucket>.localhost unless told path-style
        child.environment().put("AWS_ENDPOINT_URL", "http://localhost:" + MotoServer.get().endpoint().getPort());

        Process process = child.start();
        String output = new String(process.getInputStream().readAllBytes(), UTF_8);

        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);
        assertEquals(List.of("s3://" + bucketName + "/env", "runs/r1/input/orders/orders_1.csv"),
                output.lines().filter(line -> !line.startsWith("SLF4J")).toList());
        assertEquals("written by the child", S3.getObjectAsBytes(
                r -> r.bucket(bucketName).key("env/runs/r1/input/orders/orders_1.csv")).asUtf8String());
    }

    @Test
    void locationsThatAreNotS3BucketsAreRefusedNamingThem() {
        for (String bad : List.of("s3://", "s3://ab", "s3://Upper", "s3://b_b", "s3://bucket/../x", "s3://bucket//x",
                "s3://-bucket")) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> Bucket.at(bad), bad);
            assertTrue(refused.getMessage().contains(bad), refused.getMessage());
        }
    }

    // --- helpers -------------------------------------------------------------------------------------

    /** Puts a lease object as a claimer that then stalled or died would have left it. */
    private void leaveLease(S3ClaimLease.LeaseRecord lease) {
        S3.putObject(r -> r.bucket(bucketName).key(S3ClaimLease.key(new S3Location(bucketName, ""))),
                RequestBody.fromString(lease.text()));
    }

    private byte[] roundTrip(String key, String text) {
        bucket.write(key, text.getBytes(UTF_8));
        return readBytes(key, 0);
    }
}
