package org.ecomkpi.run;

import jakarta.batch.api.listener.StepListener;
import jakarta.batch.runtime.context.StepContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.ecomkpi.logging.RunContext;

/**
 * Records how long each step of a run took, for the report's {@code timingsMillis}, and puts the step's name into the
 * log's run context ({@link RunContext}) while it runs.
 */
@Named
public class StepTimer extends RunArtifact implements StepListener {
    @Inject
    StepContext stepContext;

    private long started;

    @Override
    public void beforeStep() {
        started = System.nanoTime();
        // every step has this listener: from here on, what the step's thread logs names the step too
        RunContext.enterStep(stepContext.getStepName());
    }

    @Override
    public void afterStep() {
        RunContext.leaveStep();
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
