package org.ecomkpi.transform;

import java.io.Serializable;
import java.util.List;

import jakarta.batch.api.chunk.ItemWriter;
import jakarta.inject.Named;

import org.ecomkpi.kpi.ItemFact;
import org.ecomkpi.kpi.KpiAccumulator;
import org.ecomkpi.kpi.OrderFact;
import org.ecomkpi.run.RunArtifact;

/**
 * Aggregates facts into the run's KPI contribution with kpi-lib's {@link KpiAccumulator}. The checkpoint is
 * the accumulator's serialised state (a few bytes per date and category), so a restarted step continues
 * the same sums: no fact is counted twice or lost.
 */
@Named
public class KpiAggregateWriter extends RunArtifact implements ItemWriter {
    private KpiAccumulator contribution;

    @Override
    public void open(Serializable checkpoint) {
        contribution = checkpoint == null ? new KpiAccumulator()
                : KpiAccumulator.fromBytes(((ContributionCheckpoint) checkpoint).state());
        jobContext.setTransientUserData(contribution);
    }

    @Override
    public void writeItems(List<Object> items) {
        for (Object item : items) {
            if (item instanceof OrderFact order) {
                contribution.add(order);
            } else {
                contribution.add((ItemFact) item);
            }
        }
    }

    @Override
    public Serializable checkpointInfo() {
        return new ContributionCheckpoint(contribution.toBytes());
    }

    @Override
    public void close() {
        // the state lives in the checkpoint and, at the end of the step, in the bucket
    }
}
