package org.ecomkpi.step.validate;

import java.io.Serializable;
import java.util.List;

import jakarta.batch.api.chunk.ItemWriter;
import jakarta.batch.runtime.context.StepContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.ecomkpi.run.RunArtifact;
import org.ecomkpi.run.StagedRow;
import org.ecomkpi.run.StepTally;

/**
 * Stages each chunk of a validate step: its accepted rows and its rejects become one part object each, and
 * the step's (or partition's) {@link StepTally} is the checkpoint. On a restart it rebuilds the validation state
 * from the parts committed before.
 */
@Named
public class StagedRowWriter extends RunArtifact implements ItemWriter {
    @Inject
    StepContext stepContext;

    private ValidationSlice slice;

    @Override
    public void open(Serializable checkpoint) {
        slice = ValidationSlice.of(stepContext);
        slice.resume((StepTally) checkpoint);
    }

    @Override
    public void writeItems(List<Object> items) {
        for (Object item : items) {
            slice.accepted((StagedRow) item);
        }
    }

    @Override
    public Serializable checkpointInfo() {
        return slice.commitChunk();
    }

    @Override
    public void close() {
        // parts are written whole at each checkpoint: nothing is left open
    }
}
