package org.ecomkpi.jberet.dynamodb;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Where the items of executions are: the instance an execution belongs to (from the execution's pointer item) and the
 * location of each step execution's item. Both are immutable facts, so they are remembered once known; no execution
 * state is cached here.
 */
final class ExecutionLocations {
    private final JobRepositoryTable table;
    /** Immutable: the instance of an execution. */
    private final Map<Long, Long> instanceOfExecution = new ConcurrentHashMap<>();
    /** Immutable: where a step execution's item is. */
    private final Map<Long, StepLocation> stepLocations = new ConcurrentHashMap<>();

    ExecutionLocations(JobRepositoryTable table) {
        this.table = table;
    }

    /** Remembers that execution {@code executionId} belongs to instance {@code instanceId}. */
    void execution(long executionId, long instanceId) {
        instanceOfExecution.put(executionId, instanceId);
    }

    /** The same, unless already known. */
    void executionIfAbsent(long executionId, long instanceId) {
        instanceOfExecution.putIfAbsent(executionId, instanceId);
    }

    /** The instance of execution {@code executionId}: remembered, or read from its pointer item; empty if unknown. */
    Optional<Long> instanceOf(long executionId) {
        Long known = instanceOfExecution.get(executionId);
        if (known != null) {
            return Optional.of(known);
        }
        Map<String, AttributeValue> pointer = table.get(TableKeys.executionPointer(executionId));
        if (pointer.isEmpty()) {
            return Optional.empty();
        }
        long instanceId = ItemCodec.instanceId(pointer);
        instanceOfExecution.put(executionId, instanceId);
        return Optional.of(instanceId);
    }

    /** The key of execution {@code executionId}'s item; throws when the table does not hold it. */
    Map<String, AttributeValue> executionKey(long executionId) {
        long instanceId = instanceOf(executionId).orElseThrow(() -> new IllegalStateException(
                "job execution " + executionId + " is not in the job repository table " + table.name()));
        return TableKeys.execution(instanceId, executionId);
    }

    /** Remembers where a step execution this process added is. */
    void step(StepLocation location) {
        stepLocations.put(location.stepExecutionId(), location);
    }

    /** Remembers where a step execution read from the table is. */
    void stepIfAbsent(StepLocation location) {
        stepLocations.putIfAbsent(location.stepExecutionId(), location);
    }

    /** Where step execution {@code stepExecutionId}'s item is; it must have been added or read here. */
    StepLocation stepOf(long stepExecutionId) {
        StepLocation location = stepLocations.get(stepExecutionId);
        if (location == null) {
            throw new IllegalStateException("step execution " + stepExecutionId + " was neither added nor read by this"
                    + " job repository; cannot locate its item");
        }
        return location;
    }
}
