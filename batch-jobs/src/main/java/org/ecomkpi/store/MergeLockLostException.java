package org.ecomkpi.store;

/**
 * An apply that no longer holds the DynamoDB store's merge lock: its lease ran out (a long pause of the process, or
 * a lease it could not refresh) and another apply may have taken the lock over. It stopped before a write, or
 * DynamoDB refused the write (the lock's fences name another apply); nothing it would have written from then on
 * was written. Not retried: a plan this apply recorded is finished by whichever apply takes the lock next, and the
 * run can be applied again.
 */
public final class MergeLockLostException extends StoreException {
    private static final long serialVersionUID = 1L;

    MergeLockLostException(String runId, String reason) {
        super(message(runId, reason));
    }

    MergeLockLostException(String runId, String reason, Throwable cause) {
        super(message(runId, reason), cause);
    }

    private static String message(String runId, String reason) {
        return "store 'dynamodb': run '" + runId + "' lost the merge lock: " + reason
                + "; the next apply finishes its plan if it was recorded";
    }
}
