package org.ecomkpi.cli;

import org.ecomkpi.bucket.Bucket;
import org.ecomkpi.bucket.BucketLayout;
import org.ecomkpi.bucket.BucketLocation;

/** A run id given on the command line that must name a run the bucket knows: one with a {@code runs/<id>/} folder. */
final class KnownRun {
    private KnownRun() {
    }

    /**
     * Returns when the bucket holds something of the run; otherwise fails as bad usage (exit 2), before anything is
     * started or written: a typo in a run id is the command line's fault, not the data's.
     */
    static void require(Bucket bucket, BucketLocation location, String runId) {
        if (bucket.list(BucketLayout.run(runId)).isEmpty()) {
            throw new CommandFailure(ExitCode.USAGE, "no run '" + runId + "' in bucket " + location + " (nothing under "
                    + location.where(BucketLayout.run(runId)) + ")",
                    "check the run id and --bucket; each run has a folder under " + location.where(BucketLayout.RUNS)
                            + ", made when 'pipeline validate --run-id ID' claims its batch");
        }
    }
}
