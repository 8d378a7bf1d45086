package org.ecomkpi.transform;

import java.util.Map;

import jakarta.batch.api.listener.StepListener;
import jakarta.batch.runtime.context.StepContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.ecomkpi.kpi.KpiAccumulator;
import org.ecomkpi.run.RunArtifact;
import org.ecomkpi.run.RunLog;
import org.ecomkpi.run.Staging;

/**
 * Saves the aggregate step's final contribution to {@code runs/<runId>/contribution.kpi} when the step ends
 * well, for the merge step (which may run in another JVM after a restart).
 */
@Named
public class ContributionSaver extends RunArtifact implements StepListener {
    @Inject
    StepContext stepContext;

    @Override
    public void beforeStep() {
        // nothing to prepare: the aggregate writer keeps the contribution in the job context
    }

    @Override
    public void afterStep() {
        if (stepContext.getException() != null || !(jobContext.getTransientUserData() instanceof KpiAccumulator kpis)) {
            return;
        }
        byte[] bytes = kpis.toBytes();
        bucket().write(Staging.contribution(runId), bytes);
        RunLog.info(runId, "transform", "aggregate", "contribution computed", Map.of("orderDates",
                kpis.orderDays().size(), "categoryKeys", kpis.categoryDays().size(), "stateBytes", bytes.length));
    }
}
