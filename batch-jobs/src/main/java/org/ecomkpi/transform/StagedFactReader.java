package org.ecomkpi.transform;

import java.io.Serializable;
import java.util.Iterator;
import java.util.Map;

import jakarta.batch.api.chunk.ItemReader;
import jakarta.inject.Named;

import org.apache.commons.csv.CSVRecord;
import org.ecomkpi.bucket.Bucket;
import org.ecomkpi.kpi.OrderFact;
import org.ecomkpi.row.FileType;
import org.ecomkpi.run.RunArtifact;
import org.ecomkpi.run.RunLog;
import org.ecomkpi.run.Staging;
import org.ecomkpi.run.StepTally;

/**
 * Reads the rows the validate job accepted, as KPI facts: every staged orders part, then every staged items
 * part. Its checkpoint is a {@link FactCursor}; a restart opens the part it was in and skips the rows already
 * aggregated there (a part is one chunk of the validate job, so at most that much is read again).
 */
@Named
public class StagedFactReader extends RunArtifact implements ItemReader {
    private static final FileType[] STEPS = {FileType.ORDERS, FileType.ORDER_ITEMS};

    private Bucket bucket;
    private int[] parts;
    private int step;
    private int part;
    private long rowsDone;
    private Staging.PartReader open;
    private Iterator<CSVRecord> rows;

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
        if (at.rowsDone() > 0 || checkpoint != null) {
            RunLog.info(runId, "transform", "aggregate", "resuming from checkpoint",
                    Map.of("staged", STEPS[Math.min(step, STEPS.length - 1)].folder(), "part", part, "rowsDone", at.rowsDone()));
        }
        if (at.rowsDone() > 0) {
            openPart();
            for (long i = 0; i < at.rowsDone() && rows.hasNext(); i++) {
                rows.next();
            }
            rowsDone = at.rowsDone();
        }
    }

    @Override
    public Object readItem() {
        while (step < STEPS.length) {
            if (rows == null) {
                if (part >= parts[step]) {
                    step++;
                    part = 0;
                    continue;
                }
                openPart();
            }
            if (rows.hasNext()) {
                CSVRecord r = rows.next();
                rowsDone++;
                return STEPS[step] == FileType.ORDERS ? OrderFact.of(Staging.order(r)) : Staging.item(r);
            }
            closePart();
            part++;
            rowsDone = 0;
        }
        return null;
    }

    private void openPart() {
        open = Staging.read(bucket, Staging.acceptedPart(runId, STEPS[step], part));
        rows = open.iterator();
    }

    private void closePart() {
        if (open != null) {
            open.close();
        }
        open = null;
        rows = null;
    }

    @Override
    public Serializable checkpointInfo() {
        return new FactCursor(step, part, rowsDone);
    }

    @Override
    public void close() {
        closePart();
    }
}
