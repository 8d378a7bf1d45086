package org.ecomkpi.bucket;

import java.util.Optional;

/**
 * The bucket-wide claim lease: one claimer at a time lists landing, waits for it to become quiet and takes its
 * batch, so concurrent runs never split an upload between them. Each bucket implementation keeps it in its own
 * reserved area ({@value BucketLayout#CLAIMS_FOLDER}/); {@link LandingClaim} is the procedure around it.
 */
interface ClaimLease {

    /** One attempt to take the lease for run {@code runId}; never waits. */
    Attempt tryTake(String runId);

    /** How an attempt went. */
    sealed interface Attempt permits Taken, HeldByAnother {
    }

    /** This claimer holds the lease now. */
    record Taken(Held lease) implements Attempt {
    }

    /** Someone else holds it; {@code holder} says who, for messages (a run and until when, or a process). */
    record HeldByAnother(String holder) implements Attempt {
    }

    /** A lease this claimer holds. */
    interface Held {
        /** The intent of a claim that recorded it and may not have finished (a holder that died), if any. */
        Optional<ClaimIntent> unfinished();

        /** Keeps the lease from expiring while the holder waits; false when it was lost meanwhile. */
        boolean keepAlive();

        /** Writes down what this holder is about to move; false when the lease was lost (then move nothing). */
        boolean record(ClaimIntent intent);

        /** The claim is done: forgets any intent and lets the next claimer in. */
        void release();

        /** The claim failed halfway: lets go but keeps the intent, for the next holder to finish. */
        void abandon();
    }
}
