package org.ecomkpi.store;

/**
 * Whether the caller of {@link KpiStore#applyRun(RunContribution, ApplyStop)} wants the apply to stop: asked between
 * bounded pieces of work (a few thousand keys read or written), so a stop is honoured within seconds however large
 * the run. A stop never leaves a run half applied: on H2 the apply's transaction rolls back; on DynamoDB a stop before
 * the plan's commit point writes nothing, and after it the recorded plan is finished by the next apply.
 */
@FunctionalInterface
public interface ApplyStop {
    /** Never stops: the apply runs to its end. */
    ApplyStop NEVER = () -> false;

    /** Whether to stop now. Called often: cheap, non-blocking. */
    boolean requested();

    /**
     * Throws {@link ApplyStoppedException} when a stop is requested.
     *
     * @param runId     the run being applied
     * @param committed whether the apply has passed its commit point (DynamoDB's recorded plan): then the next
     *                  apply finishes it; else nothing of it is in the store
     */
    default void check(String runId, boolean committed) {
        if (requested()) {
            throw new ApplyStoppedException(runId, committed);
        }
    }
}
