package org.ecomkpi.run;

import org.ecomkpi.bucket.BatchClaims;
import org.ecomkpi.bucket.Bucket;
import org.ecomkpi.bucket.ClaimRules;
import org.ecomkpi.bucket.ClaimedBatch;

/**
 * Batch claims that pass a {@link WriteFence} before each claim; releasing and archiving a batch move through a
 * {@link FencedBucket}, so each of their moves passes it.
 */
final class FencedBatchClaims implements BatchClaims {
    private final BatchClaims claims;
    private final Bucket fencedBucket;
    private final WriteFence fence;

    FencedBatchClaims(BatchClaims claims, Bucket fencedBucket, WriteFence fence) {
        this.claims = claims;
        this.fencedBucket = fencedBucket;
        this.fence = fence;
    }

    @Override
    public Bucket bucket() {
        return fencedBucket;
    }

    @Override
    public ClaimedBatch claim(String runId, ClaimRules rules) {
        fence.check();
        return claims.claim(runId, rules);
    }

    @Override
    public String toString() {
        return claims.toString();
    }
}
