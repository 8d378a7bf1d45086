package org.ecomkpi.store;

/**
 * An apply that stopped because its caller asked it to ({@link ApplyStop}), not because anything failed. Nothing
 * of the run is half applied: before its commit point nothing of it is in the store and applying the run again
 * starts it over; after it (DynamoDB's recorded plan) the next apply, of this run or any other, finishes it first.
 */
public final class ApplyStoppedException extends StoreException {
    private static final long serialVersionUID = 1L;

    private final boolean committed;

    ApplyStoppedException(String runId, boolean committed) {
        super("the apply of run '" + runId + "' stopped as asked, " + (committed
                ? "after its plan was recorded: the next apply (of this run or any other) finishes it"
                : "before it committed: nothing of it is in the store; applying the run again starts it over"));
        this.committed = committed;
    }

    /** Whether the run's plan was recorded before the stop (then the next apply finishes it). */
    public boolean committed() {
        return committed;
    }
}
