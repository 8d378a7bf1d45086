package org.ecomkpi.bucket;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * How {@link BatchClaims#claim(String, ClaimRules)} decides what to take:
 * <pre>{@code
 * ClaimRules rules = ClaimRules.settling(Duration.ofSeconds(60))
 *         .onlyIf(paths -> paths.stream().anyMatch(p -> p.startsWith("orders/")));
 * }</pre>
 *
 * @param settle        a landing file whose size or last-modified time changed less than this long ago is still
 *                      being written and is not taken
 * @param quietWait     how long the claim waits for landing to become quiet (every file settled); after that it
 *                      takes the settled files and leaves the rest
 * @param leaseWait     how long a claim waits while another claimer holds the bucket's claim lease before it
 *                      fails with a {@link BucketException}
 * @param takes         which landing files the claim may take (paths below {@code landing-data/}); the others are
 *                      left where they are and play no part in the claim: they neither delay it nor make a batch
 * @param batchTest     whether the files the run would then hold (paths below {@code landing-data/}, the ones it
 *                      already holds included) are worth taking; when not, nothing is taken
 * @param stopRequested polled while waiting: when it answers true the claim stops waiting and takes nothing more
 */
public record ClaimRules(Duration settle, Duration quietWait, Duration leaseWait, Predicate<String> takes,
                         Predicate<List<String>> batchTest, BooleanSupplier stopRequested) {

    /**
     * Beyond its own quiet wait, how long a claimer waits for the lease: long enough for the holder ahead to move
     * its batch, and for the lease of a holder that died to expire.
     */
    static final Duration LEASE_WAIT_BEYOND_QUIET = Duration.ofMinutes(2);
    // a claimer waits for quiet a few settle periods, and never less than this: a producer that copies a large
    // drop file by file needs more than one period between its first file and its last
    private static final Duration MIN_QUIET_WAIT = Duration.ofSeconds(30);
    private static final int QUIET_WAIT_IN_SETTLE_PERIODS = 5;

    public ClaimRules {
        requireNotNegative(settle, "settle period");
        requireNotNegative(quietWait, "quiet wait");
        requireNotNegative(leaseWait, "lease wait");
        Objects.requireNonNull(takes, "takes");
        Objects.requireNonNull(batchTest, "batchTest");
        Objects.requireNonNull(stopRequested, "stopRequested");
    }

    /** Takes every file landed so far, however recently written, once the lease is held. */
    public static ClaimRules everythingLanded() {
        return new ClaimRules(Duration.ZERO, Duration.ZERO, LEASE_WAIT_BEYOND_QUIET, path -> true, paths -> true,
                () -> false);
    }

    /**
     * Takes only files that have not changed for {@code settle}, waiting for landing to become quiet up to five
     * settle periods (at least 30 seconds).
     */
    public static ClaimRules settling(Duration settle) {
        requireNotNegative(settle, "settle period");
        Duration quietWait = settle.isZero() ? Duration.ZERO
                : max(MIN_QUIET_WAIT, settle.multipliedBy(QUIET_WAIT_IN_SETTLE_PERIODS));
        return new ClaimRules(settle, quietWait, quietWait.plus(LEASE_WAIT_BEYOND_QUIET), path -> true,
                paths -> true,
                () -> false);
    }

    /**
     * These rules, taking only the landing files {@code filter} accepts (paths below {@code landing-data/}); the
     * others stay in landing, whatever the batch.
     */
    public ClaimRules takingOnly(Predicate<String> filter) {
        return new ClaimRules(settle, quietWait, leaseWait, filter, batchTest, stopRequested);
    }

    /** These rules, taking a batch only when {@code test} accepts the paths the run would then hold. */
    public ClaimRules onlyIf(Predicate<List<String>> test) {
        return new ClaimRules(settle, quietWait, leaseWait, takes, test, stopRequested);
    }

    /** These rules, waiting for quiet at most {@code wait} (zero: take what is settled at the first look). */
    public ClaimRules waitingForQuietAtMost(Duration wait) {
        return new ClaimRules(settle, wait, leaseWait, takes, batchTest, stopRequested);
    }

    /** These rules, waiting for another claimer's lease at most {@code wait}. */
    public ClaimRules waitingForTheLeaseAtMost(Duration wait) {
        return new ClaimRules(settle, quietWait, wait, takes, batchTest, stopRequested);
    }

    /** These rules, giving up waiting as soon as {@code stop} answers true (a job being stopped). */
    public ClaimRules stoppingWhen(BooleanSupplier stop) {
        return new ClaimRules(settle, quietWait, leaseWait, takes, batchTest, stop);
    }

    private static void requireNotNegative(Duration duration, String what) {
        Objects.requireNonNull(duration, what);
        if (duration.isNegative()) {
            throw new IllegalArgumentException(what + " must be zero or more, was " + duration);
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
