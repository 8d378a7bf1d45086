package org.ecomkpi.step.validate;

import java.io.Serializable;
import java.util.List;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.ItemWriter;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.ecomkpi.row.FileType;
import org.ecomkpi.run.RunArtifact;
import org.ecomkpi.run.StagedRow;
import org.ecomkpi.run.StepTally;

/**
 * Stages each chunk of a validate step: its accepted rows and its rejects become one part object each, and
 * the step's {@link StepTally} is the checkpoint. On a restart it rebuilds the batch's validation state from
 * the parts committed before.
 */
@Named
public class StagedRowWriter extends RunArtifact implements ItemWriter {
    @Inject
    @BatchProperty
    String fileType;

    private FileType type;
    private ValidationRun run;

    @Override
    public void open(Serializable checkpoint) {
        type = FileType.ofFolder(fileType).orElseThrow();
        run = ValidationRun.of(jobContext, storage, runId, bucketLocation, storeSpec);
        StepTally committed = (StepTally) checkpoint;
        run.resumeStep(committed);
        run.prepare(type, committed == null ? 0 : committed.parts());
    }

    @Override
    public void writeItems(List<Object> items) {
        for (Object item : items) {
            StagedRow row = (StagedRow) item;
            run.accepted(row.fileKey(), row.row());
        }
    }

    @Override
    public Serializable checkpointInfo() {
        return run.commitChunk(type);
    }

    @Override
    public void close() {
        // parts are written whole at each checkpoint: nothing is left open
    }
}
