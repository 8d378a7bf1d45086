package org.ecomkpi.bucket;

import java.util.ArrayList;
import java.util.List;

/**
 * What a run holds of the landed files (SPEC section 4, one upload is one batch): it claims a batch out of
 * {@link BucketLayout#LANDING} into {@link BucketLayout#runInput}, gives it back, or archives it as failed. Each
 * bucket has its own claim protocol ({@link #of}): on S3 a lease object written with conditional requests, in a
 * local folder an OS file lock; both keep their lease and a claimer's intent in the reserved folder
 * {@code .bucket-claims/}, outside the key space. {@code BatchClaimsContract} (test sources) pins the behaviour down
 * against both.
 * <pre>{@code
 * BatchClaims claims = BatchClaims.of(bucket);
 * ClaimedBatch batch = claims.claim(runId, ClaimRules.settling(Duration.ofSeconds(60)));
 * }</pre>
 * Implementations are safe for use by many threads.
 */
public interface BatchClaims {

    /** The claims of {@code bucket}'s landing files, by the protocol of the store it is (a local folder or S3). */
    static BatchClaims of(Bucket bucket) {
        if (bucket instanceof S3Bucket s3) {
            return new S3BatchClaims(s3);
        }
        if (bucket instanceof LocalBucket local) {
            return new LocalBatchClaims(local);
        }
        throw new IllegalArgumentException("cannot claim batches in " + bucket + ": claims need a local folder or an "
                + "S3 bucket, whose own conditional operations they rely on");
    }

    /** The bucket whose landing files these claims take; {@link #release} and {@link #archiveFailed} move in it. */
    Bucket bucket();

    /**
     * Claims a batch for run {@code runId}: moves the files under {@link BucketLayout#LANDING} to
     * {@link BucketLayout#runInput} with the same relative keys, and says what the run's input now holds. One
     * claim at a time holds the bucket's <em>claim lease</em> (the reserved folder {@code .bucket-claims/}, not
     * part of the key space), so concurrent claims by any number of threads or processes never take a file twice
     * and never split an upload: the first takes every settled file at once, the next find them gone.
     * <ul>
     *   <li>A file that changed within {@link ClaimRules#settle} is still being written: the claim waits for
     *       landing to become quiet, up to {@link ClaimRules#quietWait}, then leaves such files where they are
     *       and names them in {@link ClaimedBatch#stillBeingWritten}.</li>
     *   <li>Nothing is taken unless {@link ClaimRules#batchTest} accepts the paths the run would then hold.</li>
     *   <li>A claimer that died while holding the lease does not block the next one, and the next one first
     *       finishes the dead claim, into the dead claimer's run.</li>
     *   <li>Claiming again for the same run (after a crash, or a retry) returns what the run already holds,
     *       plus whatever settled in landing since.</li>
     * </ul>
     */
    ClaimedBatch claim(String runId, ClaimRules rules);

    /** Claims every file landed so far, settled or not ({@link ClaimRules#everythingLanded}); the run's input keys. */
    default List<String> claim(String runId) {
        return claim(runId, ClaimRules.everythingLanded()).keys();
    }

    /**
     * Gives a claimed batch back: moves everything under the run's input back to {@link BucketLayout#LANDING},
     * for a run that found the files it holds incomplete and must leave them where they were (SPEC section 4).
     * Returns the landing keys the files went back to, sorted.
     */
    default List<String> release(String runId) {
        Bucket bucket = bucket();
        String input = BucketLayout.runInput(runId);
        List<BucketObject> held = bucket.list(input);
        List<String> released = new ArrayList<>(held.size());
        for (BucketObject object : held) {
            String landing = BucketLayout.landing(ObjectKey.relativeTo(input, object.key()));
            bucket.move(object.key(), landing);
            released.add(landing);
        }
        return released;
    }

    /**
     * Archives the batch of a failed run: moves everything under the run's input to
     * {@link BucketLayout#invalidInput} with the same relative keys, unchanged. Nothing else under
     * {@link BucketLayout#invalidData} is written, so the run's reject archives stay as they are. A file another
     * archiver moved first is skipped, and a retry after a partial move (even one that copied a file but did not
     * delete it) finishes it. Returns the archive keys this call wrote, sorted.
     */
    default List<String> archiveFailed(String runId) {
        Bucket bucket = bucket();
        String input = BucketLayout.runInput(runId);
        List<String> archived = new ArrayList<>();
        for (BucketObject object : bucket.list(input)) {
            String target = BucketLayout.invalidInput(runId, ObjectKey.relativeTo(input, object.key()));
            try {
                bucket.move(object.key(), target);
                archived.add(target);
            } catch (NoSuchObjectException gone) {
                // moved by another archiver since the listing
            }
        }
        return archived;
    }
}
