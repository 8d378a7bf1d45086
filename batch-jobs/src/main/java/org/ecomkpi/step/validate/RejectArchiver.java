package org.ecomkpi.step.validate;

import jakarta.batch.api.chunk.listener.SkipProcessListener;
import jakarta.batch.runtime.context.StepContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.ecomkpi.run.RunArtifact;

/**
 * The validate steps' skip listener: every row skipped for a {@link RowRejectedException} joins the chunk's
 * rejects, which the writer stages with the chunk, so rejects are committed exactly when the chunk is.
 */
@Named
public class RejectArchiver extends RunArtifact implements SkipProcessListener {
    @Inject
    StepContext stepContext;

    @Override
    public void onSkipProcessItem(Object item, Exception ex) {
        if (!(ex instanceof RowRejectedException rejection)) {
            throw new IllegalStateException("only row rejections are skippable, not " + ex, ex);
        }
        ValidationSlice.of(stepContext).rejected(rejection);
    }
}
