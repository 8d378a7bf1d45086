package org.ecomkpi.step.validate;

import java.util.List;

import jakarta.batch.runtime.context.StepContext;

import org.ecomkpi.csv.SourceRow;
import org.ecomkpi.kpi.ItemVersion;
import org.ecomkpi.row.FileType;
import org.ecomkpi.row.Order;
import org.ecomkpi.rules.BatchValidator;
import org.ecomkpi.rules.Verdict;
import org.ecomkpi.run.AcceptedRows;
import org.ecomkpi.run.InputFile;
import org.ecomkpi.run.Staging;

/**
 * The validator one validate step, or one partition of a partitioned step, judges its rows with, in the state the
 * step's last checkpoint left it: the run's own for the products step; for a partition, its own, which judges
 * DUPLICATE_KEY within the partition and remembers the keys it accepted.
 *
 * <p>Who makes it, who uses it, and why it sits in the step context. Its state must match what the step has
 * committed, and only the writer's checkpoint ({@link org.ecomkpi.run.StepTally}) says how many parts that is; so
 * the step's writer makes it when it opens ({@link #resume}), rebuilding a partition's validator from the accepted
 * parts committed so far, before any row is processed. From then on only the step's processor uses it
 * ({@link #of}, {@link #judge}). It travels between the two in the step context's transient user data, of which
 * JBeret gives each partition its own, and it carries nothing else: the rows and rejects of a chunk go from the
 * processor to the writer in the chunk itself, as {@link RowVerdict}s, and the tally and the staging are the
 * writer's alone. Its fields are fixed; the one mutable part is the validator's memory of the keys it accepted.
 */
final class StepValidator {
    private final ValidationRun run;
    private final FileType type;
    private final BatchValidator validator;

    private StepValidator(ValidationRun run, FileType type, BatchValidator validator) {
        this.run = run;
        this.type = type;
        this.validator = validator;
    }

    /**
     * Makes the validator of the step (or partition) running in {@code step} ready to judge the rows after its first
     * {@code committedParts} parts, and keeps it in the step context for the processor.
     */
    static StepValidator resume(StepContext step, ValidationRun run, FileType type, SourceRange range,
            int committedParts) {
        StepValidator resumed;
        if (!range.partitioned()) {
            run.prepare(type, committedParts);
            resumed = new StepValidator(run, type, run.validator());
        } else {
            // the step's mapper made the run's validator ready before the partitions started
            List<InputFile> files = range.files(run.manifest.toRead(type));
            long bytes = files.stream().mapToLong(InputFile::size).sum();
            long rangeBytes = range.endOffset() < 0 ? bytes - range.startOffset()
                    : range.endOffset() - range.startOffset();
            long expectedRows = files.isEmpty() ? 0 : RowEstimate.ofRange(run.bucket, files.get(0), rangeBytes);
            BatchValidator partition = run.partitionValidator(type, expectedRows);
            Staging.PartitionKeys keys = new Staging.PartitionKeys(run.runId, type, range.partition());
            for (int part = 0; part < committedParts; part++) {
                try (AcceptedRows.Reader rows = AcceptedRows.read(run.bucket, keys.acceptedPart(part), 0)) {
                    for (Object row = rows.next(); row != null; row = rows.next()) {
                        if (row instanceof Order order) {
                            partition.rememberOrder(order);
                        } else {
                            partition.rememberItem((ItemVersion) row);
                        }
                    }
                }
            }
            resumed = new StepValidator(run, type, partition);
        }
        step.setTransientUserData(resumed);
        return resumed;
    }

    /** The validator the writer of the running step (or partition) made ready when it opened. */
    static StepValidator of(StepContext step) {
        if (step.getTransientUserData() instanceof StepValidator validator) {
            return validator;
        }
        throw new IllegalStateException("step " + step.getStepName() + " has no validator: its writer did not open");
    }

    FileType type() {
        return type;
    }

    /** kpi-lib's verdict on a row of this step's type; an accepted row is remembered (DUPLICATE_KEY, UNKNOWN_ORDER). */
    Verdict<?> judge(SourceRow row) {
        return run.judge(validator, type, row);
    }
}
