package org.ecomkpi.step.validate;

import jakarta.batch.api.chunk.ItemProcessor;
import jakarta.batch.runtime.context.StepContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.ecomkpi.run.RunArtifact;

/**
 * Validates each row with kpi-lib's {@link org.ecomkpi.rules.BatchValidator}: an accepted row goes on
 * to the writer in its staged form ({@link org.ecomkpi.run.StagedRow}); a rejected one throws {@link RowRejectedException}, which the step
 * skips and {@link RejectArchiver} files.
 */
@Named
public class RowValidator extends RunArtifact implements ItemProcessor {
    @Inject
    StepContext stepContext;

    private ValidationSlice slice;

    @Override
    public Object processItem(Object item) throws RowRejectedException {
        if (slice == null) {
            slice = ValidationSlice.of(stepContext);
        }
        return slice.validate((ReadRow) item);
    }
}
