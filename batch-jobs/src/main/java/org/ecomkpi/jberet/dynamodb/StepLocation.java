package org.ecomkpi.jberet.dynamodb;

import java.util.Map;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Where a step execution's item is, and those of its partitions: immutable once the step execution exists.
 *
 * @param instanceId      the job instance, whose partition holds the items
 * @param executionId     the job execution the step ran in
 * @param stepExecutionId the step execution
 */
record StepLocation(long instanceId, long executionId, long stepExecutionId) {

    Map<String, AttributeValue> key() {
        return TableKeys.step(instanceId, executionId, stepExecutionId);
    }

    Map<String, AttributeValue> partitionKey(int partitionId) {
        return TableKeys.partition(instanceId, stepExecutionId, partitionId);
    }

    /** Names the step's checkpoint objects in S3. */
    String spillPath() {
        return TableKeys.spillPath(instanceId, stepExecutionId);
    }

    /** Names a partition's checkpoint objects in S3. */
    String spillPath(int partitionId) {
        return spillPath() + "/partition-" + partitionId;
    }
}
