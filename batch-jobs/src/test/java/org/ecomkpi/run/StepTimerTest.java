package org.ecomkpi.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.nio.file.Path;
import java.util.Map;

import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;

import org.ecomkpi.bucket.Bucket;
import org.ecomkpi.logging.RunContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The step listener every step of both jobs has, as JBeret drives it, against mocked batch contexts: what the step's
 * thread logs names the step while it runs, and a step that completed leaves its timing in the run's outcome (the
 * report's {@code timingsMillis}), a failed one none.
 */
class StepTimerTest {
    @TempDir
    Path dir;

    private final JobContext job = mock(JobContext.class);
    private final StepContext step = mock(StepContext.class);
    private final Storage storage = mock(Storage.class);

    @AfterEach
    void noStepLeftInTheRunContext() {
        assertFalse(RunContext.current().containsKey(RunContext.STEP), "the step's name outlived the step");
    }

    private StepTimer timer(Bucket bucket) {
        when(job.getJobName()).thenReturn("validate");
        when(step.getStepName()).thenReturn("orders");
        when(storage.bucket("bucket-location")).thenReturn(bucket);
        StepTimer timer = new StepTimer();
        timer.runId = "r1";
        timer.bucketLocation = "bucket-location";
        timer.jobContext = job;
        timer.stepContext = step;
        timer.storage = storage;
        return timer;
    }

    @Test
    void aCompletedStepIsNamedInTheLogWhileItRunsAndLeavesItsTimingInTheOutcome() throws Exception {
        Bucket bucket = Bucket.at(dir.toString());
        RunOutcome.readFrom(bucket, "r1").status(RunOutcome.Status.CLAIMED).writeTo(bucket, "r1");
        StepTimer timer = timer(bucket);

        try (RunContext.Scope run = RunContext.enter("r1", "validate")) {
            timer.beforeStep();
            assertEquals(Map.of("runId", "r1", "job", "validate", "step", "orders"), RunContext.current());
            Thread.sleep(5); // the timing is whole milliseconds: at least this many
            timer.afterStep();
            assertEquals(Map.of("runId", "r1", "job", "validate"), RunContext.current());
        }

        RunOutcome outcome = RunOutcome.readFrom(bucket, "r1");
        long millis = outcome.timings().get("validate.orders");
        assertTrue(millis >= 5, "timing " + millis);
        assertEquals(RunOutcome.Status.CLAIMED, outcome.status().orElseThrow(), "the rest of the outcome is kept");
    }

    @Test
    void aFailedStepLeavesNoTimingAndNoStepInTheLog() {
        Bucket bucket = Bucket.at(dir.toString());
        StepTimer timer = timer(bucket);
        when(step.getException()).thenReturn(new IllegalStateException("the store is gone"));

        timer.beforeStep();
        timer.afterStep();

        assertFalse(RunOutcome.readFrom(bucket, "r1").timings().containsKey("validate.orders"));
        assertFalse(bucket.exists(RunOutcome.key("r1")), "a failed step writes no outcome");
    }
}
