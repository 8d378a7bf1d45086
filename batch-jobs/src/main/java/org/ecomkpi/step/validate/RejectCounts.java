package org.ecomkpi.step.validate;

import jakarta.batch.runtime.Metric;
import jakarta.batch.runtime.context.StepContext;

import org.jberet.runtime.context.StepContextImpl;
import org.jberet.runtime.metric.StepMetrics;

/**
 * Keeps the job repository counting a validate step's rejects as skips. The processor returns a verdict for every row,
 * so JBeret counts every row of a chunk as written once the writer has it; but a reject is filed, not written, and
 * {@code runs show}, {@code runs list}, {@link CombinePartitionsBatchlet} and the README count a reject as a process
 * skip and only an accepted row as a write, as they did when a reject was a skipped exception. So the writer moves the
 * chunk's rejects from the write count to the process-skip count while it writes the chunk: JBeret adds the chunk's
 * size to the write count right after, and saves both counts with the checkpoint. There is no Jakarta Batch API for
 * this; JBeret's own step context is reached as {@link PartitionedStepCounts} and
 * {@code jberet.PartitionProgress} reach it (a partition's context holds the partition's counts).
 */
final class RejectCounts {
    private RejectCounts() {
    }

    /** Counts {@code rejects} rows of the chunk being written in {@code step} as process skips, not writes. */
    static void countAsSkips(StepContext step, long rejects) {
        if (rejects == 0) {
            return;
        }
        StepMetrics metrics = ((StepContextImpl) step).getStepExecution().getStepMetrics();
        metrics.increment(Metric.MetricType.WRITE_COUNT, -rejects);
        metrics.increment(Metric.MetricType.PROCESS_SKIP_COUNT, rejects);
    }
}
