package org.ecomkpi.step.validate;

import java.io.ByteArrayOutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

import jakarta.batch.api.chunk.ItemWriter;
import jakarta.inject.Named;

import org.ecomkpi.row.FileType;
import org.ecomkpi.rules.WarningCode;
import org.ecomkpi.run.AcceptedRows;
import org.ecomkpi.run.FileTally;
import org.ecomkpi.run.StagedRow;
import org.ecomkpi.run.Staging;
import org.ecomkpi.run.StepTally;

/**
 * The validate steps' classifying writer: it receives every row of a chunk as its {@link RowVerdict} and stages
 * each kind to its own part, the accepted rows to the chunk's accepted part (binary, {@link AcceptedRows}) and the
 * rejects to its rejected part (CSV, as the reject files show them); a partition also stages, for each accepted row,
 * where it starts in its file ({@link PartPositions}). It counts every row read, accepted, rejected (by rule) and
 * warned about in the step's (or partition's) {@link StepTally}, which is its checkpoint. The parts and the tally
 * are written at the checkpoint, so rejects are committed exactly when their chunk is, and a chunk that is read again
 * after a crash simply rewrites its parts.
 *
 * <p>It owns what the step stages: the tally and the running chunk's rows. When it opens it also makes the step's
 * {@link StepValidator} ready, in the state of its checkpoint, since only its checkpoint says which parts are
 * committed; the processor judges with it.
 *
 * <p>The job repository counts a reject as a skip, as {@code runs show} and {@code runs list} have always shown it
 * ({@link RejectCounts}).
 */
@Named
public class StagedRowWriter extends RangeArtifact implements ItemWriter {
    private ValidationRun run;
    private FileType type;
    /** The partition's part keys; null in a step that is not partitioned. */
    private Staging.PartitionKeys keys;

    private StepTally tally;
    private final List<Object> acceptedRows = new ArrayList<>();
    private final ByteArrayOutputStream positions = new ByteArrayOutputStream();
    private final List<List<String>> rejects = new ArrayList<>();

    @Override
    public void open(Serializable checkpoint) {
        type = FileType.ofFolder(fileType).orElseThrow(
                () -> new IllegalArgumentException("fileType '" + fileType + "' is none of orders, order_items, products"));
        run = ValidationRun.of(jobContext, storage, runId, bucketLocation, storeSpec);
        SourceRange range = range();
        keys = range.partitioned() ? new Staging.PartitionKeys(runId, type, range.partition()) : null;
        tally = checkpoint == null ? new StepTally() : ((StepTally) checkpoint).copy();
        acceptedRows.clear();
        positions.reset();
        rejects.clear();
        StepValidator.resume(stepContext, run, type, range, tally.parts());
    }

    @Override
    public void writeItems(List<Object> items) {
        long rejected = 0;
        for (Object item : items) {
            RowVerdict verdict = (RowVerdict) item;
            FileTally file = tally.file(verdict.file());
            file.countRead();
            if (verdict instanceof RowVerdict.Accepted accepted) {
                for (WarningCode warning : accepted.warnings()) {
                    file.countWarning(warning, 1);
                }
                file.countAccepted();
                StagedRow row = accepted.staged();
                acceptedRows.add(row.row());
                if (keys != null) {
                    PartPositions.write(positions, row.offset(), row.line());
                }
            } else {
                RowVerdict.Rejected reject = (RowVerdict.Rejected) verdict;
                file.countRejected(reject.rule());
                rejects.add(reject.staged());
                rejected++;
            }
        }
        RejectCounts.countAsSkips(stepContext, rejected);
    }

    /** Writes the chunk's rows as the next part and the tally, and returns the checkpoint to commit. */
    @Override
    public Serializable checkpointInfo() {
        if (!acceptedRows.isEmpty() || !rejects.isEmpty()) {
            int part = tally.parts();
            if (keys == null) {
                run.bucket.write(Staging.acceptedPart(runId, type, part), AcceptedRows.encode(acceptedRows));
                run.bucket.write(Staging.rejectedPart(runId, type, part), Staging.encode(rejects));
            } else {
                run.bucket.write(keys.acceptedPart(part), AcceptedRows.encode(acceptedRows));
                run.bucket.write(keys.positionsPart(part), positions.toByteArray());
                run.bucket.write(keys.rejectedPart(part), Staging.encode(rejects));
            }
            tally.partWritten();
            acceptedRows.clear();
            positions.reset();
            rejects.clear();
        }
        if (keys == null) {
            tally.writeTo(run.bucket, runId, type);
        } else {
            tally.writeTo(run.bucket, keys.tally(tally.parts()));
        }
        return tally.copy();
    }

    @Override
    public void close() {
        // parts are written whole at each checkpoint: nothing is left open
    }
}
