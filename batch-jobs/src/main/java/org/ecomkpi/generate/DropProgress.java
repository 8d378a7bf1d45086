package org.ecomkpi.generate;

/** Receives progress while a drop is written, e.g. to show it on stderr. Called every few thousand orders. */
@FunctionalInterface
public interface DropProgress {
    /** Ignores progress. */
    DropProgress NONE = (written, total) -> { };

    /** {@code written} valid orders of {@code total} are on disk (with their items). */
    void ordersWritten(long written, long total);
}
