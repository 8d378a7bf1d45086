package org.ecomkpi.step.validate;

import java.util.Map;

import jakarta.batch.runtime.JobExecution;
import jakarta.batch.runtime.Metric;
import jakarta.batch.runtime.StepExecution;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;

import org.jberet.repository.JobRepository;
import org.jberet.runtime.JobExecutionImpl;
import org.jberet.runtime.StepExecutionImpl;
import org.jberet.runtime.context.JobContextImpl;
import org.jberet.runtime.context.StepContextImpl;

/**
 * Settles the counts of a partitioned step once the step after it has judged what only the whole batch can judge:
 * a row a partition accepted may turn out to be a reject (a duplicate of a row another partition accepted first).
 * Given the step's true totals, it sets the counts of the step's newest execution so that its executions (a killed
 * one and its restart, or just one; with the settling step's) add up to them, exactly as those of a step that is not
 * partitioned do, and saves it. Settling again sets the same counts. When the newest execution belongs to an earlier execution of the job (the job was restarted after the
 * partitioned step had completed), what is left over goes on the settling step's own counts instead, saved when it
 * ends: one process writes only to its own job execution. (Here, beside the step that calls it, rather than in the
 * JBeret host package {@code jberet}, which names this package's checkpoint classes.)
 */
final class PartitionedStepCounts {
    private PartitionedStepCounts() {
    }

    /**
     * @param job     the job context of the settling step
     * @param settler the settling step's context
     * @param step    the partitioned step's name
     * @param totals  the counts its executions must add up to, by type; the other counts are left as they are
     */
    static void settle(JobContext job, StepContext settler, String step, Map<Metric.MetricType, Long> totals) {
        JobContextImpl context = (JobContextImpl) job;
        JobRepository repository = context.getJobRepository();
        JobExecutionImpl current = context.getJobExecution();
        StepExecutionImpl newest = null;
        for (StepExecution s : current.getStepExecutions()) {
            if (s.getStepName().equals(step) && s instanceof StepExecutionImpl impl) {
                newest = impl;
            }
        }
        long[] earlier = new long[Metric.MetricType.values().length];
        for (JobExecution execution : repository.getJobExecutions(current.getJobInstance())) {
            if (execution.getExecutionId() == current.getExecutionId()) {
                continue;
            }
            for (StepExecution s : repository.getStepExecutions(execution.getExecutionId(), context.getClassLoader())) {
                // the settling step's earlier executions too: one that failed after settling saved what it settled
                if (s.getStepName().equals(step) || s.getStepName().equals(settler.getStepName())) {
                    for (Metric metric : s.getMetrics()) {
                        earlier[metric.getType().ordinal()] += metric.getValue();
                    }
                }
            }
        }
        if (newest != null) {
            StepExecutionImpl toSave = newest;
            totals.forEach((type, total) -> toSave.getStepMetrics().set(type, total - earlier[type.ordinal()]));
            repository.updateStepExecution(newest);
        } else {
            StepExecutionImpl own = (StepExecutionImpl) ((StepContextImpl) settler).getStepExecution();
            totals.forEach((type, total) -> own.getStepMetrics().set(type, total - earlier[type.ordinal()]));
        }
    }
}
