package org.ecomkpi.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The writers of a plan: up to {@value #WRITERS} transactions in flight at once, each writer sending through its own
 * fence of the merge lock ({@link MergeFence}), so the transactions of one plan never conflict on a fence they check.
 * One pool a store, its threads daemons; {@link #close()} shuts it down.
 */
final class PlanWriters implements AutoCloseable {
    /** Transactions of one plan in flight at once: one writer a fence of the merge lock. */
    static final int WRITERS = MergeLock.FENCES;

    private final ExecutorService pool = Executors.newFixedThreadPool(WRITERS, task -> {
        Thread thread = new Thread(task, "dynamodb-plan-writer");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * Every write of run {@code runId}'s plan, in transactions of up to {@value MergeFence#MAX_WRITES} writes,
     * {@value #WRITERS} in flight: each writer takes the next transaction's worth and sends it through its own fence.
     * The first failure stops the others after their current transaction and is thrown once they have ended; so does
     * a stop ({@link ApplyStoppedException}, the plan being recorded: the next apply finishes it).
     */
    void write(MergeLock.Held held, String runId, List<TransactWriteItem> writes, ApplyStop stop) {
        Queue<List<TransactWriteItem>> packs = new ConcurrentLinkedQueue<>(MergeFence.packs(writes));
        String what = "write the plan of run '" + runId + "'";
        AtomicBoolean failed = new AtomicBoolean();
        List<Future<?>> inFlight = new ArrayList<>();
        try {
            for (int slot = 0; slot < Math.min(WRITERS, packs.size()); slot++) {
                MergeFence fence = held.fence(slot);
                inFlight.add(pool.submit(() -> {
                    try {
                        for (List<TransactWriteItem> pack; !failed.get() && (pack = packs.poll()) != null; ) {
                            held.requireHeld(); // stop early once the lease may have run out; the fence is the guard
                            stop.check(runId, true);
                            fence.write(pack, what);
                        }
                    } catch (RuntimeException e) {
                        failed.set(true); // the other writers stop after their current transaction
                        throw e;
                    }
                }));
            }
            for (Future<?> write : inFlight) {
                write.get();
            }
        } catch (ExecutionException e) {
            failed.set(true);
            awaitEvery(inFlight); // so nothing of this plan is still in flight when the failure is thrown
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new StoreException("store '" + DynamoDbKpiStore.SPEC + "': cannot write the plan of run '" + runId
                    + "': " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            failed.set(true);
            inFlight.forEach(write -> write.cancel(true));
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while writing the plan of run '" + runId + "'", e);
        }
    }

    /**
     * Waits for every writer to end: told to stop, each ends after the transaction it is sending. Their own failures
     * are the first one's consequences or peers, and are left out.
     */
    private static void awaitEvery(List<Future<?>> writers) {
        for (Future<?> writer : writers) {
            try {
                writer.get();
            } catch (ExecutionException alsoFailed) {
                // the failure thrown is the first one found
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Lets a plan in flight finish, then stops the writers. */
    @Override
    public void close() {
        pool.shutdown();
    }
}
