package org.ecomkpi.step.validate;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

import jakarta.batch.runtime.context.StepContext;

import org.ecomkpi.csv.SourceRow;
import org.ecomkpi.kpi.ItemVersion;
import org.ecomkpi.row.FileType;
import org.ecomkpi.row.Order;
import org.ecomkpi.row.Product;
import org.ecomkpi.run.AcceptedRows;
import org.ecomkpi.run.InputFile;
import org.ecomkpi.run.StagedRow;
import org.ecomkpi.run.Staging;
import org.ecomkpi.run.StepTally;
import org.ecomkpi.rules.AcceptedItem;
import org.ecomkpi.rules.BatchValidator;
import org.ecomkpi.rules.Verdict;
import org.ecomkpi.rules.WarningCode;

/**
 * What one thread of a validate step works on: the products step whole, or one partition of the orders or items
 * step ({@link SourceRange}). It holds the validator the rows are judged with (the run's own for products; for a
 * partition, its own, which judges DUPLICATE_KEY within the partition), the tally committed so far and the rows of
 * the running chunk on their way to staged parts. It lives in the step context's transient user data, which JBeret
 * gives each partition its own copy of, and is shared by that thread's reader, processor, skip listener and writer.
 */
final class ValidationSlice {
    final ValidationRun run;
    final FileType type;
    final SourceRange range;
    private final BatchValidator partitionValidator;
    private final Staging.PartitionKeys keys;

    private StepTally tally = new StepTally();
    private final List<Object> acceptedRows = new ArrayList<>();
    private final ByteArrayOutputStream positions = new ByteArrayOutputStream();
    private final RejectSpool rejects = new RejectSpool();

    private ValidationSlice(ValidationRun run, FileType type, SourceRange range) {
        this.run = run;
        this.type = type;
        this.range = range;
        if (range.partitioned()) {
            List<InputFile> files = range.files(run.manifest.toRead(type));
            long bytes = files.stream().mapToLong(InputFile::size).sum();
            long rangeBytes = range.endOffset() < 0 ? bytes - range.startOffset() : range.endOffset() - range.startOffset();
            long expectedRows = files.isEmpty() ? 0 : RowEstimate.ofRange(run.bucket, files.get(0), rangeBytes);
            partitionValidator = run.partitionValidator(type, expectedRows);
            keys = new Staging.PartitionKeys(run.runId, type, range.partition());
        } else {
            partitionValidator = null;
            keys = null;
        }
    }

    /** The slice of the running step (or partition), created on first use by its reader. */
    static ValidationSlice of(StepContext step, ValidationRun run, String fileType, SourceRange range) {
        if (step.getTransientUserData() instanceof ValidationSlice slice) {
            return slice;
        }
        FileType type = FileType.ofFolder(fileType).orElseThrow(
                () -> new IllegalArgumentException("fileType '" + fileType + "' is none of orders, order_items, products"));
        ValidationSlice slice = new ValidationSlice(run, type, range);
        step.setTransientUserData(slice);
        return slice;
    }

    /** The slice of the running step, which its reader created. */
    static ValidationSlice of(StepContext step) {
        if (step.getTransientUserData() instanceof ValidationSlice slice) {
            return slice;
        }
        throw new IllegalStateException("step " + step.getStepName() + " has no validation slice: its reader did not open");
    }

    Staging.PartitionKeys keys() {
        return keys;
    }

    private BatchValidator validator() {
        return partitionValidator != null ? partitionValidator : run.validator();
    }

    /**
     * Continues from the writer's checkpoint: the tally committed, and the validator's state rebuilt from the parts
     * committed (does nothing to a validator that has judged every row so far in this JVM).
     */
    void resume(StepTally committed) {
        tally = committed == null ? new StepTally() : committed.copy();
        acceptedRows.clear();
        positions.reset();
        rejects.clear();
        int parts = tally.parts();
        if (partitionValidator == null) {
            run.prepare(type, parts);
            return;
        }
        for (int part = 0; part < parts; part++) {
            try (AcceptedRows.Reader rows = AcceptedRows.read(run.bucket, keys.acceptedPart(part), 0)) {
                for (Object row = rows.next(); row != null; row = rows.next()) {
                    if (row instanceof Order order) {
                        partitionValidator.rememberOrder(order);
                    } else {
                        partitionValidator.rememberItem((ItemVersion) row);
                    }
                }
            }
        }
    }

    /** Validates a row; returns it as staged ({@link AcceptedRows}) or throws the skippable rejection. */
    StagedRow validate(ReadRow read) throws RowRejectedException {
        SourceRow row = read.row();
        tally.file(row.file()).countRead();
        Verdict<?> verdict = run.judge(validator(), type, row);
        if (verdict instanceof Verdict.Rejected<?> rejected) {
            throw new RowRejectedException(row, rejected.rule(), rejected.message());
        }
        Verdict.Accepted<?> accepted = (Verdict.Accepted<?>) verdict;
        for (WarningCode warning : accepted.warnings()) {
            tally.file(row.file()).countWarning(warning, 1);
        }
        Object staged = switch (type) {
            case PRODUCTS -> new AcceptedRows.StagedProduct(row.file(), (Product) accepted.row());
            case ORDERS -> accepted.row();
            case ORDER_ITEMS -> ((AcceptedItem) accepted.row()).version();
        };
        return new StagedRow(row.file(), staged, read.from().byteOffset(), read.from().line());
    }

    void accepted(StagedRow row) {
        tally.file(row.fileKey()).countAccepted();
        acceptedRows.add(row.row());
        if (keys != null) {
            PartPositions.write(positions, row.offset(), row.line());
        }
    }

    void rejected(RowRejectedException rejection) {
        SourceRow row = rejection.row();
        tally.file(row.file()).countRejected(rejection.rule());
        rejects.add(Staging.rejectCells(row.file(), row.line(), rejection.rule().name(), rejection.reason(),
                row.cells()));
    }

    /** Writes the chunk's rows as the next part and the tally, and returns the checkpoint to commit. */
    StepTally commitChunk() {
        if (!acceptedRows.isEmpty() || !rejects.isEmpty()) {
            int part = tally.parts();
            if (keys == null) {
                run.bucket.write(Staging.acceptedPart(run.runId, type, part), AcceptedRows.encode(acceptedRows));
                rejects.writeTo(run.bucket, Staging.rejectedPart(run.runId, type, part));
            } else {
                run.bucket.write(keys.acceptedPart(part), AcceptedRows.encode(acceptedRows));
                run.bucket.write(keys.positionsPart(part), positions.toByteArray());
                rejects.writeTo(run.bucket, keys.rejectedPart(part));
            }
            tally.partWritten();
            acceptedRows.clear();
            positions.reset();
            rejects.clear();
        }
        if (keys == null) {
            tally.writeTo(run.bucket, run.runId, type);
        } else {
            tally.writeTo(run.bucket, keys.tally(tally.parts()));
        }
        return tally.copy();
    }
}
