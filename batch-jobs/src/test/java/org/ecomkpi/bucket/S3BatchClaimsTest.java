package org.ecomkpi.bucket;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The claims contract against S3 (moto), then what only S3 shows: the lease object and its conditional requests. */
class S3BatchClaimsTest extends BatchClaimsContract {
    private static final RecordedCalls CALLS = new RecordedCalls();
    private static final S3Client S3 = MotoS3.client(CALLS);

    private String bucketName;

    @Override
    protected Bucket newEmptyBucket() {
        bucketName = MotoS3.newBucket("s3-claims-test");
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

    // --- claims --------------------------------------------------------------------------------------

    @Override
    protected void leaveADeadClaimersIntent(String runId, List<String> landingKeys) {
        List<LandedFile> chosen = new S3BatchClaims((S3Bucket) bucket).landed().stream()
                .filter(f -> landingKeys.contains(f.key())).toList();
        leaveLease(new S3ClaimLease.LeaseRecord("dead-claimer", runId, Instant.now().minusSeconds(1),
                Optional.of(new ClaimIntent(runId, chosen))));
    }

    @Test
    void aClaimTakesTheLeaseWithAConditionalPutAndMovesOnlyTheObjectsItListed() {
        bucket.write("landing-data/orders/orders_1.csv", "o".getBytes(UTF_8));
        CALLS.clear();

        claims.claim("r1");

        List<RecordedCalls.Call> puts = CALLS.of("PutObject");
        assertEquals(2, puts.size(), "the lease, then the intent in it");
        assertEquals("*", puts.get(0).header("If-None-Match").orElseThrow());
        assertTrue(puts.get(1).header("If-Match").isPresent(), "the intent is written only while the lease is ours");
        assertTrue(CALLS.of("CopyObject").get(0).header("x-amz-copy-source-if-match").isPresent());
        assertTrue(CALLS.of("DeleteObject").stream().allMatch(c -> c.header("If-Match").isPresent()),
                "landing object and lease are deleted only if unchanged");
        assertEquals(List.of(), S3.listObjectsV2(r -> r.bucket(bucketName).prefix(BucketLayout.CLAIMS_FOLDER))
                .contents());
    }

    @Test
    void aLeaseStillInItsTermIsWaitedForThenTakenOverWhenItExpires() {
        bucket.write("landing-data/orders/orders_1.csv", "o".getBytes(UTF_8));
        Instant expires = Instant.now().plusSeconds(2);
        leaveLease(new S3ClaimLease.LeaseRecord("stalled-claimer", "r9", expires, Optional.empty()));

        List<String> claimed = claims.claim("r2");

        assertFalse(Instant.now().isBefore(expires), "r2 waited for r9's lease to expire");
        assertEquals(List.of("runs/r2/input/orders/orders_1.csv"), claimed);
        assertEquals(List.of(), S3.listObjectsV2(r -> r.bucket(bucketName).prefix(BucketLayout.CLAIMS_FOLDER))
                .contents());
    }

    @Test
    void aLeaseThatCannotBeReadCountsAsExpired() {
        bucket.write("landing-data/orders/orders_1.csv", "o".getBytes(UTF_8));
        S3.putObject(r -> r.bucket(bucketName).key(S3ClaimLease.key(new S3Location(bucketName, ""))),
                RequestBody.fromString("not a lease"));

        assertEquals(List.of("runs/r2/input/orders/orders_1.csv"), claims.claim("r2"));
    }

    @Test
    void theLeaseObjectNamesItsHolderRunAndExpiryAndKeepsTheIntentOfAClaimThatFailedHalfway() {
        bucket.write("landing-data/orders/orders_1.csv", "o".getBytes(UTF_8));
        List<String> duringTheClaim = new ArrayList<>();
        ExecutionInterceptor copiesFail = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if ("CopyObject".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
                    throw SdkClientException.create("copies fail in this test");
                }
            }
        };
        Instant before = Instant.now();
        try (S3Client failing = MotoS3.client(copiesFail)) {
            BatchClaims failingClaims = BatchClaims.of(new S3Bucket(failing, new S3Location(bucketName, "")));
            assertThrows(BucketException.class, () -> failingClaims.claim("r1",
                    ClaimRules.everythingLanded().onlyIf(paths -> duringTheClaim.add(leaseText()))));
        }

        List<String> taken = duringTheClaim.get(0).lines().toList();
        assertEquals(3, taken.size(), "holder, run, expiry; no intent before the batch is chosen: " + taken);
        assertTrue(taken.get(0).matches("holder=[0-9a-f-]{36}"), taken.get(0));
        assertEquals("run=r1", taken.get(1));
        Instant expires = Instant.parse(taken.get(2).substring("expires=".length()));
        assertTrue(!expires.isBefore(before.plusSeconds(S3ClaimLease.TERM_SECONDS))
                && expires.isBefore(Instant.now().plusSeconds(S3ClaimLease.TERM_SECONDS + 1)), taken.get(2));
        List<String> left = leaseText().lines().toList();
        assertEquals(List.of(taken.get(0), "run=r1"), left.subList(0, 2), "the same holder, renewed");
        assertEquals("intent-run=r1", left.get(3));
        String[] take = left.get(4).split("\t");
        assertEquals(4, take.length, left.get(4));
        assertTrue(take[0].startsWith("take=") && take[0].length() > "take=".length(), "the ETag: " + take[0]);
        assertEquals("1", take[1], "the size");
        assertEquals("landing-data/orders/orders_1.csv", take[3]);
        assertEquals(5, left.size(), left.toString());
        assertEquals("text/plain; charset=utf-8",
                S3.headObject(r -> r.bucket(bucketName).key(".bucket-claims/lease")).contentType());
        assertEquals(List.of("landing-data/orders/orders_1.csv"), keys(bucket.list("")), "nothing moved");
    }

    private String leaseText() {
        return S3.getObjectAsBytes(r -> r.bucket(bucketName).key(".bucket-claims/lease")).asUtf8String();
    }

    // --- helpers -------------------------------------------------------------------------------------

    /** Puts a lease object as a claimer that then stalled or died would have left it. */
    private void leaveLease(S3ClaimLease.LeaseRecord lease) {
        S3.putObject(r -> r.bucket(bucketName).key(S3ClaimLease.key(new S3Location(bucketName, ""))),
                RequestBody.fromString(lease.text()));
    }
}
