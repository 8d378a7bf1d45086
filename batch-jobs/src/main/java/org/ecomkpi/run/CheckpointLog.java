package org.ecomkpi.run;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.listener.ChunkListener;
import jakarta.batch.runtime.Metric;
import jakarta.batch.runtime.context.StepContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Logs committed checkpoints of a chunk step: the first one at once (so an operator, or a test that kills the
 * JVM, knows the step has something to restart from), then at most one every ten seconds.
 *
 * <p>The line is written when the <em>next</em> chunk begins: JBeret calls {@code afterChunk} before it saves
 * the checkpoint and commits, so only then is the previous chunk's checkpoint really in the job repository.
 */
@Named
public class CheckpointLog extends RunArtifact implements ChunkListener {
    private static final long EVERY_NANOS = 10_000_000_000L;

    @Inject
    StepContext stepContext;

    /** The partition of a partitioned step (from its partition plan), named in the line; unset otherwise. */
    @Inject
    @BatchProperty
    String partition;

    private long chunksDone;
    private long chunksLogged;
    private long lastLogged;

    @Override
    public void beforeChunk() {
        long now = System.nanoTime();
        if (chunksDone > chunksLogged && (chunksLogged == 0 || now - lastLogged >= EVERY_NANOS)) {
            chunksLogged = chunksDone;
            lastLogged = now;
            Map<String, Object> fields = new LinkedHashMap<>(); // in this order on the line: partition first
            if (partition != null && !partition.isBlank()) {
                fields.put("partition", Integer.parseInt(partition));
            }
            fields.put("chunks", chunksDone);
            fields.put("rowsRead", readCount());
            RunLog.info(runId, jobContext.getJobName(), stepContext.getStepName(), "checkpoint committed", fields);
        }
    }

    @Override
    public void onError(Exception ex) {
        // the step's failure is logged by the job launcher
    }

    @Override
    public void afterChunk() {
        chunksDone++;
    }

    private long readCount() {
        for (Metric metric : stepContext.getMetrics()) {
            if (metric.getType() == Metric.MetricType.READ_COUNT) {
                return metric.getValue();
            }
        }
        return -1;
    }
}
