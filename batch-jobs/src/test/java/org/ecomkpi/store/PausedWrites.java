package org.ecomkpi.store;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A pause of a process that holds the merge lock, as a long GC, a SIGSTOP or a frozen VM would make one: given to a
 * {@link DynamoDbKpiStore} as the hook it calls before each write it makes under the lock (after its own check of
 * the lease), it holds every write whose description contains {@code marker} until {@link #release()}.
 */
final class PausedWrites implements Consumer<String> {
    private final String marker;
    private final CountDownLatch reached = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    PausedWrites(String marker) {
        this.marker = marker;
    }

    @Override
    public void accept(String what) {
        if (!what.contains(marker)) {
            return;
        }
        reached.countDown();
        try {
            released.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while paused before: " + what, e);
        }
    }

    /** Waits until a write matching the marker is held. */
    void awaitPause() throws InterruptedException {
        assertTrue(reached.await(60, TimeUnit.SECONDS), "no write matching '" + marker + "' was reached");
    }

    /** Lets every held write, and every later one, go on. */
    void release() {
        released.countDown();
    }
}
