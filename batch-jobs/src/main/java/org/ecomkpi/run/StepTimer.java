package org.ecomkpi.run;

import jakarta.batch.api.BatchProperty;
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

    /**
     * The step whose timing this step's time is added to (a partitioned step's combining step: the report and the
     * metrics time validating a file type as one step); unset: the step's own name.
     */
    @Inject
    @BatchProperty
    String timedAs;

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
        boolean added = timedAs != null && !timedAs.isBlank();
        String step = jobContext.getJobName() + "." + (added ? timedAs : stepContext.getStepName());
        RunOutcome outcome = RunOutcome.readFrom(bucket(), runId);
        if (added) {
            millis += outcome.timings().getOrDefault(step, 0L);
        }
        outcome.timing(step, millis).writeTo(bucket(), runId);
        if (step.equals("validate.judge") || step.equals("transform.archive") || step.equals("validate.rejectBatch")) {
            DataQualityReport.write(bucket(), runId); // the step before wrote the report without its own timing
        }
    }
}
