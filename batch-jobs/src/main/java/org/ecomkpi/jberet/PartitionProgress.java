package org.ecomkpi.jberet;

import java.io.Serializable;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;

import jakarta.batch.api.partition.PartitionCollector;
import jakarta.batch.runtime.Metric;
import jakarta.batch.runtime.StepExecution;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.jberet.runtime.JobExecutionImpl;
import org.jberet.runtime.PartitionExecutionImpl;
import org.jberet.runtime.StepExecutionImpl;
import org.jberet.runtime.context.JobContextImpl;
import org.jberet.runtime.context.StepContextImpl;
import org.jberet.runtime.metric.StepMetrics;

/**
 * The collector of a partitioned chunk step: after each checkpoint a partition commits, it saves the step
 * execution's counts (read, write, skips, commits, rollbacks) as the sum of what every partition of it has committed,
 * so that {@code runs show} and {@code runs list} count a partitioned step as they count any other, a step killed
 * mid-way included. JBeret keeps the counts per partition, adds a partition's to the step's only when the partition
 * ends, and saves the step's only when the step ends: a step killed mid-way would show 0 rows read.
 *
 * <p>It saves a copy of the step execution holding those sums through the job repository (H2 or DynamoDB alike),
 * never the step execution JBeret holds, whose counts JBeret's own thread adds to without a lock; when the step ends
 * JBeret saves the same sums itself. Partitions of one step save one after another, each the sum of them all. Nothing
 * is saved while the step is being stopped (the repository refuses it; the stop goes on as usual).
 */
@Named
public class PartitionProgress implements PartitionCollector {
    /** The committed counts of each partition, per partitioned step execution running in this JVM (by its metrics). */
    private static final Map<StepMetrics, Map<Integer, long[]>> COMMITTED =
            Collections.synchronizedMap(new WeakHashMap<>());

    @Inject
    StepContext stepContext;

    @Inject
    JobContext jobContext;

    /** What a partition has committed: its counts, indexed by {@link Metric.MetricType#ordinal()}. */
    public record Committed(int partition, long[] counts) implements Serializable {
    }

    @Override
    public Serializable collectPartitionData() {
        PartitionExecutionImpl partition = (PartitionExecutionImpl) ((StepContextImpl) stepContext).getStepExecution();
        long[] counts = counts(partition.getStepMetrics());
        JobContextImpl job = (JobContextImpl) jobContext;
        StepExecutionImpl step = enclosing(job.getJobExecution(), partition.getStepExecutionId());
        if (step != null) {
            synchronized (step) {
                Map<Integer, long[]> byPartition = COMMITTED.computeIfAbsent(step.getStepMetrics(), m -> new HashMap<>());
                byPartition.put(partition.getPartitionId(), counts);
                long[] sum = new long[counts.length];
                for (long[] committed : byPartition.values()) {
                    for (int i = 0; i < sum.length; i++) {
                        sum[i] += committed[i];
                    }
                }
                job.getJobRepository().savePersistentDataIfNotStopping(job.getJobExecution(), withCounts(step, sum));
            }
        }
        return new Committed(partition.getPartitionId(), counts);
    }

    private static StepExecutionImpl enclosing(JobExecutionImpl job, long stepExecutionId) {
        for (StepExecution step : job.getStepExecutions()) {
            if (step.getStepExecutionId() == stepExecutionId && step instanceof StepExecutionImpl impl) {
                return impl;
            }
        }
        return null;
    }

    static long[] counts(StepMetrics metrics) {
        Metric.MetricType[] types = Metric.MetricType.values();
        long[] counts = new long[types.length];
        for (Metric.MetricType type : types) {
            counts[type.ordinal()] = metrics.get(type);
        }
        return counts;
    }

    /** A copy of the (main) step execution as the repository saves it, with {@code counts} as its counts. */
    private static StepExecutionImpl withCounts(StepExecutionImpl step, long[] counts) {
        return new StepExecutionImpl(step.getStepExecutionId(), step.getStepName(), step.getStartTime(),
                step.getEndTime(), step.getBatchStatus().name(), step.getExitStatus(), step.getPersistentUserData(),
                counts[Metric.MetricType.READ_COUNT.ordinal()], counts[Metric.MetricType.WRITE_COUNT.ordinal()],
                counts[Metric.MetricType.COMMIT_COUNT.ordinal()], counts[Metric.MetricType.ROLLBACK_COUNT.ordinal()],
                counts[Metric.MetricType.READ_SKIP_COUNT.ordinal()],
                counts[Metric.MetricType.PROCESS_SKIP_COUNT.ordinal()],
                counts[Metric.MetricType.FILTER_COUNT.ordinal()], counts[Metric.MetricType.WRITE_SKIP_COUNT.ordinal()],
                step.getReaderCheckpointInfo(), step.getWriterCheckpointInfo());
    }
}
