package org.ecomkpi.step.transform;

import java.util.Map;

import jakarta.batch.api.Batchlet;
import jakarta.inject.Named;

import org.ecomkpi.run.RunArtifact;
import org.ecomkpi.run.RunLog;
import org.ecomkpi.run.RunOutcome;

/**
 * The transform job's guard: only a batch the validate job accepted is transformed. Exit status
 * {@code VALIDATED} (go on), {@code PROCESSED} (already done: nothing to do) or {@code NOT_VALIDATED}.
 */
@Named
public class CheckValidatedBatchlet extends RunArtifact implements Batchlet {
    public static final String NOT_VALIDATED = "NOT_VALIDATED";

    @Override
    public String process() {
        RunOutcome.Status status = RunOutcome.readFrom(bucket(), runId).status().orElse(null);
        if (status == RunOutcome.Status.VALIDATED || status == RunOutcome.Status.PROCESSED) {
            return status.name();
        }
        RunLog.warn(runId, "transform", "check", "run was not validated; nothing to transform",
                Map.of("status", status == null ? "none" : status.name()));
        return NOT_VALIDATED;
    }

    @Override
    public void stop() {
        // instant
    }
}
