package org.ecomkpi.bucket;

import java.util.List;

/**
 * What a claim left a run holding.
 *
 * @param keys              everything under the run's input now ({@code runs/<runId>/input/...}), sorted; empty when
 *                          the run holds nothing
 * @param taken             the landing files this claim moved, as landing listed them: their last-modified times
 *                          are when they landed (a copy on S3 gets a time of its own)
 * @param stillBeingWritten landing keys the claim left where they are because they changed within the settle
 *                          period, sorted
 * @param refused           what landing holds that the claim may not take, one message each naming the key (a
 *                          local bucket's symbolic links)
 */
public record ClaimedBatch(List<String> keys, List<BucketObject> taken, List<String> stillBeingWritten,
                           List<String> refused) {

    public ClaimedBatch {
        keys = List.copyOf(keys);
        taken = List.copyOf(taken);
        stillBeingWritten = List.copyOf(stillBeingWritten);
        refused = List.copyOf(refused);
    }

    public ClaimedBatch(List<String> keys, List<BucketObject> taken, List<String> stillBeingWritten) {
        this(keys, taken, stillBeingWritten, List.of());
    }

    /** Whether the run holds no files. */
    public boolean isEmpty() {
        return keys.isEmpty();
    }
}
