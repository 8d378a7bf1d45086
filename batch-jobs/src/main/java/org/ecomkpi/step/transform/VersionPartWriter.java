package org.ecomkpi.step.transform;

import java.io.Serializable;
import java.util.List;

import jakarta.batch.api.chunk.ItemWriter;
import jakarta.inject.Named;

import org.ecomkpi.kpi.ItemVersion;
import org.ecomkpi.kpi.OrderFact;
import org.ecomkpi.kpi.VersionBatch;
import org.ecomkpi.run.RunArtifact;
import org.ecomkpi.run.Staging;

/**
 * Collects each chunk of accepted versions into one of kpi-lib's {@link VersionBatch}es and stages it in its
 * compact binary form, one part per chunk, for the merge step. The checkpoint is the number of parts written:
 * a restarted step writes the next chunk as that part again, so a part is never counted twice.
 */
@Named
public class VersionPartWriter extends RunArtifact implements ItemWriter {
    private int parts;

    @Override
    public void open(Serializable checkpoint) {
        parts = checkpoint == null ? 0 : (Integer) checkpoint;
    }

    @Override
    public void writeItems(List<Object> items) {
        VersionBatch chunk = new VersionBatch();
        for (Object item : items) {
            if (item instanceof OrderFact order) {
                chunk.add(order);
            } else {
                chunk.add((ItemVersion) item);
            }
        }
        bucket().write(Staging.versionsPart(runId, parts), chunk.toBytes());
        parts++;
    }

    @Override
    public Serializable checkpointInfo() {
        return parts;
    }

    @Override
    public void close() {
        // every part is written by writeItems
    }
}
