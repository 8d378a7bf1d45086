package org.ecomkpi.bucket;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The claims of a {@link LocalBucket}: the bucket's {@link LocalClaimLease} (an OS file lock) is held while the claim
 * lists landing, waits for quiet and renames the batch's files into the run's input. A file's version is its size
 * and modification time, so a file written again under the same name is a new file; symbolic links in landing are
 * never taken, only named as refused.
 */
final class LocalBatchClaims implements BatchClaims, LandingClaim.Site {
    private final LocalBucket bucket;

    LocalBatchClaims(LocalBucket bucket) {
        this.bucket = bucket;
    }

    @Override
    public Bucket bucket() {
        return bucket;
    }

    @Override
    public ClaimedBatch claim(String runId, ClaimRules rules) {
        return new LandingClaim(this, new LocalClaimLease(bucket.root(), bucket.location())).claim(runId, rules);
    }

    @Override
    public String location() {
        return bucket.location();
    }

    @Override
    public List<LandedFile> landed() {
        return bucket.list(BucketLayout.LANDING).stream()
                .map(o -> new LandedFile(o, o.size() + "@" + o.lastModified(), o.lastModified())).toList();
    }

    @Override
    public List<String> refused() {
        List<String> refused = new ArrayList<>();
        bucket.list(BucketLayout.LANDING, link -> refused.add(bucket.keyOf(link) + " is a symbolic link"
                + linkTarget(link) + "; a local bucket never takes a file through a link"));
        return List.copyOf(refused);
    }

    @Override
    public List<String> held(String runId) {
        return bucket.list(BucketLayout.runInput(runId)).stream().map(BucketObject::key).toList();
    }

    @Override
    public boolean takeIfUnchanged(LandedFile file, String target) {
        if (!bucket.describe(file.key()).equals(Optional.of(file.object()))) {
            return false; // gone, or written again since it was listed: the newer file waits for a later claim
        }
        try {
            bucket.move(file.key(), target); // one rename: of two movers exactly one succeeds
            return true;
        } catch (NoSuchObjectException gone) {
            return false;
        }
    }

    private static String linkTarget(Path link) {
        try {
            return " to " + Files.readSymbolicLink(link);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public String toString() {
        return "LocalBatchClaims[" + location() + "]";
    }
}
