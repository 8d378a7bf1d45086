package org.ecomkpi.jberet;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.ecomkpi.jberet.dynamodb.LeaseClock;

/**
 * A lease clock that starts at the system's time and moves only when a test moves it: a lease runs out the moment the
 * test says so, not after a sleep. Safe to read from heartbeat threads.
 */
final class ManualLeaseClock implements LeaseClock {

    private final AtomicLong millis;
    private final AtomicLong nanos;

    ManualLeaseClock() {
        this(System.currentTimeMillis(), 0);
    }

    private ManualLeaseClock(long millis, long nanos) {
        this.millis = new AtomicLong(millis);
        this.nanos = new AtomicLong(nanos);
    }

    /** Another clock showing this one's time now, moved on its own from then on. */
    ManualLeaseClock another() {
        return new ManualLeaseClock(millis.get(), nanos.get());
    }

    /** Moves both the wall clock and the monotonic clock forward by {@code elapsed}. */
    void advance(Duration elapsed) {
        millis.addAndGet(elapsed.toMillis());
        nanos.addAndGet(elapsed.toNanos());
    }

    @Override
    public long millis() {
        return millis.get();
    }

    @Override
    public long nanoTime() {
        return nanos.get();
    }
}
