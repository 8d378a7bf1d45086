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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.ecomkpi.aws.MotoServer;
import org.ecomkpi.process.ChildJvm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The bucket contract against S3 (moto), then what only S3 shows: parts, ranges, conditional requests, prefixes. */
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

    // --- conditional operations (what the claims build on) ----------------------------------------------

    @Test
    void createIfAbsentIsWonByOneWriterAndTheOthersAreToldSo() {
        S3Bucket s3 = (S3Bucket) bucket;

        Optional<String> first = s3.createIfAbsent("runs/r1/marker", "a".getBytes(UTF_8), "text/plain");
        Optional<String> second = s3.createIfAbsent("runs/r1/marker", "b".getBytes(UTF_8), "text/plain");

        assertTrue(first.isPresent());
        assertEquals(Optional.empty(), second);
        assertEquals("a", readString("runs/r1/marker"));
        assertEquals("*", CALLS.of("PutObject").get(1).header("If-None-Match").orElseThrow());
    }

    @Test
    void replaceCopyAndDeleteIfMatchActOnlyOnTheVersionNamed() {
        S3Bucket s3 = (S3Bucket) bucket;
        String stale = s3.createIfAbsent("runs/r1/marker", "a".getBytes(UTF_8), "text/plain").orElseThrow();
        String current = s3.replaceIfMatch("runs/r1/marker", "b".getBytes(UTF_8), "text/plain", stale).orElseThrow();

        assertEquals(Optional.empty(), s3.replaceIfMatch("runs/r1/marker", "c".getBytes(UTF_8), "text/plain", stale));
        s3.deleteIfMatch("runs/r1/marker", stale);
        assertEquals(List.of("runs/r1/marker"), keys(bucket.list("")), "nothing done on a stale ETag");
        assertEquals("b", readString("runs/r1/marker"));

        assertEquals(new S3Bucket.Listed(bucket.describe("runs/r1/marker").orElseThrow(), current),
                s3.listWithETags("runs/").get(0));
        assertEquals("b", new String(s3.readWithETag("runs/r1/marker").orElseThrow().content(), UTF_8));
        assertEquals(current, s3.readWithETag("runs/r1/marker").orElseThrow().etag());
        CALLS.clear();
        assertTrue(s3.copyIfMatch("runs/r1/marker", "runs/r1/copy", current));
        // S3 refuses a copy whose source is no longer that ETag (412); moto 5.2 ignores the header, so the request is
        // what can be checked here
        assertEquals(current, CALLS.of("CopyObject").get(0).header("x-amz-copy-source-if-match").orElseThrow());
        s3.deleteIfMatch("runs/r1/marker", current);
        assertEquals(List.of("runs/r1/copy"), keys(bucket.list("")));
        assertEquals("b", readString("runs/r1/copy"));
        assertEquals(Optional.empty(), s3.readWithETag("runs/r1/marker"));
        assertFalse(s3.copyIfMatch("runs/r1/marker", "runs/r1/again", current), "gone");
        assertEquals(Optional.empty(), s3.replaceIfMatch("runs/r1/marker", "d".getBytes(UTF_8), "text/plain", current));
    }

    // --- locations -----------------------------------------------------------------------------------

    @Test
    void aPrefixedBucketKeepsEveryKeyUnderItsPrefixAndSeesNothingElse() {
        S3.putObject(r -> r.bucket(bucketName).key("landing-data/orders/outside.csv"), RequestBody.fromString("x"));
        S3.putObject(r -> r.bucket(bucketName).key("team-a2/landing-data/orders/sibling.csv"),
                RequestBody.fromString("x"));
        Bucket prefixed = new S3Bucket(S3, S3Location.parse("s3://" + bucketName + "/team-a/"));

        prefixed.write("landing-data/orders/orders_1.csv", "o".getBytes(UTF_8));
        List<String> claimed = BatchClaims.of(prefixed).claim("r1");

        assertEquals("s3://" + bucketName + "/team-a", prefixed.location());
        assertEquals(List.of("runs/r1/input/orders/orders_1.csv"), claimed);
        assertEquals(List.of("runs/r1/input/orders/orders_1.csv"), keys(prefixed.list("")));
        assertEquals(List.of("landing-data/orders/outside.csv", "team-a/runs/r1/input/orders/orders_1.csv",
                "team-a2/landing-data/orders/sibling.csv"),
                S3.listObjectsV2(r -> r.bucket(bucketName)).contents().stream().map(S3Object::key).sorted().toList());
    }

    @Test
    void anS3LocationOpensWithRegionCredentialsAndEndpointFromTheEnvironment() throws Exception {
        ChildJvm.Result child = ChildJvm.main(OpenBucketInAnotherProcess.class, "s3://" + bucketName + "/env",
                        "landing-data/orders/orders_1.csv", "written by the child", "r1")
                .withoutInherited(name -> name.startsWith("AWS_"))
                .environment(MotoServer.get().environment())
                // a host name, not an IP: the SDK would address the bucket as <bucket>.localhost unless told path-style
                .environment(Map.of("AWS_ENDPOINT_URL", "http://localhost:" + MotoServer.get().endpoint().getPort()))
                .timeout(Duration.ofSeconds(60)).run();
        String output = child.output();

        assertEquals(0, child.exitCode(), output);
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

    private byte[] roundTrip(String key, String text) {
        bucket.write(key, text.getBytes(UTF_8));
        return readBytes(key, 0);
    }
}
