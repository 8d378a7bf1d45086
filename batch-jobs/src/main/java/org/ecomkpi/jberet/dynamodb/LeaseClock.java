package org.ecomkpi.jberet.dynamodb;

/**
 * The two clocks leases are judged by: heartbeats and launch claims carry wall-clock times that processes on other
 * hosts compare with theirs, while a process judges its own lease by a monotonic clock, which a paused process cannot
 * fool and a clock adjustment cannot move. Tests pass a clock they move by hand.
 */
public interface LeaseClock {

    /** The wall clock, epoch milliseconds: written to the table and compared across hosts. */
    long millis();

    /** A monotonic clock, nanoseconds from an arbitrary origin: only ever compared within this process. */
    long nanoTime();

    /** The system's clocks: {@link System#currentTimeMillis()} and {@link System#nanoTime()}. */
    static LeaseClock system() {
        return new LeaseClock() {
            @Override
            public long millis() {
                return System.currentTimeMillis();
            }

            @Override
            public long nanoTime() {
                return System.nanoTime();
            }
        };
    }
}
