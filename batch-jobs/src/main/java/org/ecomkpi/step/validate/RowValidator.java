package org.ecomkpi.step.validate;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.ItemProcessor;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.ecomkpi.csv.SourceRow;
import org.ecomkpi.row.FileType;
import org.ecomkpi.run.RunArtifact;
import org.ecomkpi.run.StagedRow;

/**
 * Validates each row with kpi-lib's {@link org.ecomkpi.rules.BatchValidator}: an accepted row goes on
 * to the writer in its staged form; a rejected one throws {@link RowRejectedException}, which the step
 * skips and {@link RejectArchiver} files.
 */
@Named
public class RowValidator extends RunArtifact implements ItemProcessor {
    @Inject
    @BatchProperty
    String fileType;

    private FileType type;
    private ValidationRun run;

    @Override
    public Object processItem(Object item) throws RowRejectedException {
        if (run == null) {
            type = FileType.ofFolder(fileType).orElseThrow();
            run = ValidationRun.of(jobContext, storage, runId, bucketLocation, storeSpec);
        }
        SourceRow row = (SourceRow) item;
        return new StagedRow(row.file(), run.validate(type, row));
    }
}
