package org.ecomkpi.run;

import jakarta.batch.api.listener.StepListener;
import jakarta.batch.runtime.context.StepContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Records how long each step of a run took, for the report's {@code timingsMillis}. */
@Named
public class StepTimer extends RunArtifact implements StepListener {
    @Inject
    StepContext stepContext;

    private long started;

    @Override
    public void beforeStep() {
        started = System.nanoTime();
    }

    @Override
    public void afterStep() {
        if (stepContext.getException() != null) {
            return;
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        String step = jobContext.getJobName() + "." + stepContext.getStepName();
        RunOutcome outcome = RunOutcome.readFrom(bucket(), runId);
        outcome.timing(step, millis).writeTo(bucket(), runId);
        if (step.equals("validate.judge") || step.equals("transform.archive") || step.equals("validate.rejectBatch")) {
            DataQualityReport.write(bucket(), runId); // the step before wrote the report without its own timing
        }
    }
}
