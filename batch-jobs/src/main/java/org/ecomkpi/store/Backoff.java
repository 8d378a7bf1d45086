package org.ecomkpi.store;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often to try again and how long to wait in between: exponential growth from {@code base} up to
 * {@code cap}, with full jitter so writers that collided once do not collide again in lock step.
 *
 * @param maxAttempts attempts in all, the first one included
 * @param base        the ceiling of the first pause
 * @param cap         the largest ceiling a pause can have
 */
record Backoff(int maxAttempts, Duration base, Duration cap) {

    /** A conditional write lost to a concurrent writer of the same key: re-read and try again soon. */
    static final Backoff CONFLICTS = new Backoff(200, Duration.ofMillis(2), Duration.ofMillis(250));

    /**
     * A transaction cancelled because another one, or a single-item write, held one of its items at that moment
     * (DynamoDB's TransactionConflict), or a single-item write refused because a transaction held its item
     * (TransactionConflictException): over within milliseconds unless a holder keeps writing the same items. The SDK
     * retries neither.
     */
    static final Backoff TRANSACTION_CONFLICTS = new Backoff(10, Duration.ofMillis(10), Duration.ofSeconds(1));

    /** Unprocessed items of a batch read or write: DynamoDB asks for them again after a pause. */
    static final Backoff UNPROCESSED = new Backoff(12, Duration.ofMillis(20), Duration.ofSeconds(2));

    Backoff {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be 1 or more, was " + maxAttempts);
        }
    }

    /** Whether another attempt may follow attempt number {@code attempt} (counted from 1). */
    boolean allowsAnotherAfter(int attempt) {
        return attempt < maxAttempts;
    }

    /** A random pause between zero and the ceiling for attempt number {@code attempt} (counted from 1). */
    Duration delayAfter(int attempt) {
        long ceiling = base.toNanos() << Math.min(attempt - 1, 20);
        ceiling = Math.min(ceiling <= 0 ? Long.MAX_VALUE : ceiling, cap.toNanos());
        return Duration.ofNanos(ThreadLocalRandom.current().nextLong(ceiling + 1));
    }

    /** Sleeps for {@link #delayAfter(int)}; an interrupt ends the wait and surfaces as a {@link StoreException}. */
    void pauseAfter(int attempt, String what) {
        try {
            Duration delay = delayAfter(attempt);
            Thread.sleep(delay.toMillis(), delay.toNanosPart() % 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting to retry: " + what, e);
        }
    }
}
