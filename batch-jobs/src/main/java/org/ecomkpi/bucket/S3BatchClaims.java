package org.ecomkpi.bucket;

import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The claims of an {@link S3Bucket}: the bucket's {@link S3ClaimLease} (one object, written with conditional
 * requests) is held while the claim lists landing, waits for quiet and moves the batch. A file's version is its
 * ETag: the copy into the run's input is conditional on it ({@code x-amz-copy-source-if-match}), and so is the
 * delete from landing ({@code If-Match}), so a file landing again under the same name in between is kept for the
 * next run.
 */
final class S3BatchClaims implements BatchClaims, LandingClaim.Site {
    private final S3Bucket bucket;

    S3BatchClaims(S3Bucket bucket) {
        this.bucket = bucket;
    }

    @Override
    public Bucket bucket() {
        return bucket;
    }

    @Override
    public ClaimedBatch claim(String runId, ClaimRules rules) {
        return new LandingClaim(this, new S3ClaimLease(bucket)).claim(runId, rules);
    }

    @Override
    public String location() {
        return bucket.location();
    }

    @Override
    public List<LandedFile> landed() {
        // listings show whole seconds: the object may have been written until the next one
        return bucket.listWithETags(BucketLayout.LANDING).stream().map(l -> new LandedFile(l.object(), l.etag(),
                l.object().lastModified().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1))).toList();
    }

    @Override
    public List<String> held(String runId) {
        return bucket.list(BucketLayout.runInput(runId)).stream().map(BucketObject::key).toList();
    }

    @Override
    public boolean takeIfUnchanged(LandedFile file, String target) {
        if (!bucket.copyIfMatch(file.key(), target, file.version())) {
            return false; // moved already (an intent finished twice) or replaced since it was listed
        }
        bucket.deleteIfMatch(file.key(), file.version());
        return true;
    }

    @Override
    public String toString() {
        return "S3BatchClaims[" + location() + "]";
    }
}
