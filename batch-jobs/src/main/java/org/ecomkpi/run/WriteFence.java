package org.ecomkpi.run;

/**
 * Refuses the writes of a process that may have lost its job's lease: once another process may have taken the run
 * over (SPEC section 5: a run is applied exactly once, by whoever holds it), this process must not touch the bucket
 * or the store again. Job repositories shared between processes implement it ({@code DynamoDbJobRepository}); a
 * store only one process can open needs none ({@link #NONE}).
 *
 * <p>A fence is checked right before each write. Writes the store can condition on a token are fenced there too
 * (the job repository's items, the DynamoDB merge), so the check here only has to stop the rest: bucket writes,
 * which S3 cannot condition on our lease.
 */
@FunctionalInterface
public interface WriteFence {

    /** No fence: nothing else can be running the jobs of this store. */
    WriteFence NONE = () -> { };

    /** Returns when this process still surely holds the lease of every job it runs; throws otherwise. */
    void check() throws LeaseLostException;
}
