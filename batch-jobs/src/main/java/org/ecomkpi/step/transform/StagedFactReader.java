package org.ecomkpi.step.transform;

import java.io.Serializable;
import java.util.Map;

import jakarta.batch.api.chunk.ItemReader;
import jakarta.inject.Named;

import org.ecomkpi.bucket.Bucket;
import org.ecomkpi.kpi.OrderFact;
import org.ecomkpi.row.FileType;
import org.ecomkpi.row.Order;
import org.ecomkpi.run.AcceptedRows;
import org.ecomkpi.run.RunArtifact;
import org.ecomkpi.run.RunLog;
import org.ecomkpi.run.Staging;
import org.ecomkpi.run.StepTally;

/**
 * Reads the rows the validate job accepted, as KPI facts: every staged orders part, then every staged items
 * part. Its checkpoint is a {@link FactCursor}: a restart opens the part it was in at the byte offset of the next
 * row, without downloading what it already aggregated.
 */
@Named
public class StagedFactReader extends RunArtifact implements ItemReader {
    private static final FileType[] STEPS = {FileType.ORDERS, FileType.ORDER_ITEMS};

    private Bucket bucket;
    private int[] parts;
    private int step;
    private int part;
    private AcceptedRows.Reader open;

    @Override
    public void open(Serializable checkpoint) {
        bucket = bucket();
        parts = new int[STEPS.length];
        for (int i = 0; i < STEPS.length; i++) {
            parts[i] = StepTally.readFrom(bucket, runId, STEPS[i]).map(StepTally::parts).orElse(0);
        }
        FactCursor at = checkpoint == null ? FactCursor.START : (FactCursor) checkpoint;
        step = at.step();
        part = at.part();
        if (checkpoint != null) {
            RunLog.info(runId, "transform", "aggregate", "resuming from checkpoint", Map.of("staged",
                    STEPS[Math.min(step, STEPS.length - 1)].folder(), "part", part, "byteOffset", at.byteOffset()));
        }
        if (at.byteOffset() > 0) {
            open = AcceptedRows.read(bucket, Staging.acceptedPart(runId, STEPS[step], part), at.byteOffset());
        }
    }

    @Override
    public Object readItem() {
        while (step < STEPS.length) {
            if (open == null) {
                if (part >= parts[step]) {
                    step++;
                    part = 0;
                    continue;
                }
                open = AcceptedRows.read(bucket, Staging.acceptedPart(runId, STEPS[step], part), 0);
            }
            Object row = open.next();
            if (row != null) {
                return row instanceof Order order ? OrderFact.of(order) : row;
            }
            closePart();
            part++;
        }
        return null;
    }

    private void closePart() {
        if (open != null) {
            open.close();
        }
        open = null;
    }

    @Override
    public Serializable checkpointInfo() {
        if (open == null || open.position() < 0) {
            // between parts: the next row is the first of the next part (or the step is done)
            return new FactCursor(step, open == null ? part : part + 1, 0);
        }
        return new FactCursor(step, part, open.position());
    }

    @Override
    public void close() {
        closePart();
    }
}
