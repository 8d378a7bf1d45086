package org.ecomkpi.jberet.dynamodb;

import static org.ecomkpi.jberet.dynamodb.ItemAttributes.STEP_NAME;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.StepExecution;

import org.jberet.runtime.JobExecutionImpl;
import org.jberet.runtime.PartitionExecutionImpl;
import org.jberet.runtime.StepExecutionImpl;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The step and partition executions of the table: added through the lease's fence, listed for a job execution, and
 * found for a restart, always read from DynamoDB and their checkpoints verified ({@link TrustedCheckpoints}) before
 * JBeret restarts from them. Their progress is saved by {@link ProgressWrites}.
 */
final class StepExecutions {
    private final JobRepositoryTable table;
    private final ItemCodec codec;
    private final LeaseKeeper leases;
    private final ExecutionLocations locations;

    StepExecutions(JobRepositoryTable table, ItemCodec codec, LeaseKeeper leases, ExecutionLocations locations) {
        this.table = table;
        this.codec = codec;
        this.leases = leases;
        this.locations = locations;
    }

    /** Adds {@code stepExecution} to {@code jobExecution} with the next step execution id, unless fenced. */
    void add(JobExecutionImpl jobExecution, StepExecutionImpl stepExecution) {
        leases.requireHeld(jobExecution.getExecutionId()); // before taking an id: a fenced process changes nothing
        jobExecution.addStepExecution(stepExecution);
        long id = table.nextId(TableKeys.STEP_EXECUTION_COUNTER);
        stepExecution.setId(id);
        StepLocation step = new StepLocation(jobExecution.getJobInstance().getInstanceId(),
                jobExecution.getExecutionId(), id);
        locations.step(step);
        leases.writeFenced(jobExecution.getExecutionId(), TransactWriteItem.builder()
                .put(Put.builder().tableName(table.name()).item(ItemCodec.stepItem(step, stepExecution)).build())
                .build());
    }

    /** The step executions of job execution {@code jobExecutionId}, in id order; empty when it is unknown. */
    List<StepExecution> of(long jobExecutionId) {
        List<StepExecution> steps = new ArrayList<>();
        locations.instanceOf(jobExecutionId).ifPresent(instanceId -> queryInstance(instanceId,
                TableKeys.stepsOf(jobExecutionId), item -> steps.add(step(item, instanceId))));
        return steps;
    }

    /**
     * The instance's most recent execution of step {@code stepName}, read from DynamoDB, never from the step executions
     * {@code jobExecutionToRestart} holds in memory: those may be another process's stale copies (jberet/jsr352#87).
     */
    StepExecutionImpl originalForRestart(String stepName, JobExecutionImpl jobExecutionToRestart,
                                         ClassLoader classLoader) {
        long instanceId = jobExecutionToRestart.getJobInstance().getInstanceId();
        List<StepExecutionImpl> found = new ArrayList<>();
        table.queryWhile(stepsNamed(instanceId, stepName).scanIndexForward(false), item -> {
            found.add(step(item, instanceId));
            return false;
        });
        if (found.isEmpty()) {
            return null;
        }
        StepExecutionImpl original = found.get(0);
        return TrustedCheckpoints.verified(original, "step '" + stepName + "' (step execution "
                + original.getStepExecutionId() + ") of " + TrustedCheckpoints.describe(jobExecutionToRestart),
                classLoader);
    }

    /** How many times the instance started step {@code stepName}. */
    int countStartTimes(String stepName, long jobInstanceId) {
        return table.count(stepsNamed(jobInstanceId, stepName));
    }

    /** Adds a partition to its step, through the lease's fence. */
    void addPartition(StepExecutionImpl enclosingStepExecution, PartitionExecutionImpl partitionExecution) {
        enclosingStepExecution.getPartitionExecutions().add(partitionExecution);
        StepLocation step = locations.stepOf(enclosingStepExecution.getStepExecutionId());
        leases.writeFenced(step.executionId(), TransactWriteItem.builder().put(Put.builder().tableName(table.name())
                .item(ItemCodec.partitionItem(step, partitionExecution, enclosingStepExecution.getStepName())).build())
                .build());
    }

    /** The partitions of a step, or those not completed, their checkpoints verified. */
    List<PartitionExecutionImpl> partitions(long stepExecutionId, StepExecutionImpl stepExecution,
                                            boolean notCompletedOnly, ClassLoader classLoader) {
        StepLocation step = locations.stepOf(stepExecutionId);
        List<PartitionExecutionImpl> partitions = new ArrayList<>();
        queryInstance(step.instanceId(), TableKeys.partitionsOf(stepExecutionId), item -> {
            if (!notCompletedOnly || !ItemCodec.batchStatus(item).equals(BatchStatus.COMPLETED.name())) {
                partitions.add(TrustedCheckpoints.verified(codec.partition(item, stepExecutionId),
                        "partition " + ItemCodec.partitionId(item) + " of step '" + stepExecution.getStepName()
                                + "' (step execution " + stepExecutionId + ")", classLoader));
            }
        });
        return partitions;
    }

    /** The instance's executions of step {@code stepName}, oldest first. */
    private static QueryRequest.Builder stepsNamed(long instanceId, String stepName) {
        Map<String, AttributeValue> values = new HashMap<>(JobRepositoryTable.queryValues(
                TableKeys.instancePk(instanceId), TableKeys.STEPS));
        values.put(":stepName", AttributeValue.fromS(stepName));
        return JobRepositoryTable.query(TableKeys.instancePk(instanceId), TableKeys.STEPS)
                .filterExpression(STEP_NAME + " = :stepName")
                .expressionAttributeValues(values);
    }

    private StepExecutionImpl step(Map<String, AttributeValue> item, long instanceId) {
        locations.stepIfAbsent(ItemCodec.stepLocation(item, instanceId));
        return codec.step(item);
    }

    /** The instance's items whose sort key begins with {@code skPrefix}, in sort key order. */
    private void queryInstance(long instanceId, String skPrefix,
                               Consumer<Map<String, AttributeValue>> each) {
        table.query(JobRepositoryTable.query(TableKeys.instancePk(instanceId), skPrefix).scanIndexForward(true), each);
    }
}
