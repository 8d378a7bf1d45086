package org.ecomkpi.step.validate;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.runtime.context.StepContext;
import jakarta.inject.Inject;

import org.ecomkpi.run.RunArtifact;

/**
 * A batch artifact of a validate step that reads or writes one {@link SourceRange}: the file type and, in a
 * partitioned step, the partition's range from the partition plan (unset in a step that is not partitioned).
 */
abstract class RangeArtifact extends RunArtifact {
    @Inject
    @BatchProperty
    String fileType;

    @Inject
    @BatchProperty(name = SourceRange.PARTITION)
    String partition;

    @Inject
    @BatchProperty(name = SourceRange.FILE_INDEX)
    String fileIndexOfRange;

    @Inject
    @BatchProperty(name = SourceRange.START_OFFSET)
    String startOffset;

    @Inject
    @BatchProperty(name = SourceRange.START_LINE)
    String startLine;

    @Inject
    @BatchProperty(name = SourceRange.END_OFFSET)
    String endOffset;

    @Inject
    StepContext stepContext;

    /** The range this artifact works on: the partition's, or {@link SourceRange#WHOLE_STEP}. */
    SourceRange range() {
        return SourceRange.of(partition, fileIndexOfRange, startOffset, startLine, endOffset);
    }
}
