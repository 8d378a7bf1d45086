package org.ecomkpi.store;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The queue the applies of one process join before they contend for a store's merge lock: one fair lock a control
 * table, shared by every store object of the JVM on that table. Only the head of the queue polls the store's lock,
 * so applies of one process neither poll DynamoDB side by side nor overtake each other.
 */
final class LocalApplyQueue {
    private static final ConcurrentMap<String, ReentrantLock> QUEUES = new ConcurrentHashMap<>();

    private LocalApplyQueue() {
    }

    /** Runs {@code apply} once every apply of this process on {@code controlTable} queued before it has finished. */
    static <T> T inTurn(String controlTable, Supplier<T> apply) {
        ReentrantLock queue = QUEUES.computeIfAbsent(controlTable, name -> new ReentrantLock(true));
        queue.lock();
        try {
            return apply.get();
        } finally {
            queue.unlock();
        }
    }
}
