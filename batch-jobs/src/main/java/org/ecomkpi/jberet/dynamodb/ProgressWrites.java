package org.ecomkpi.jberet.dynamodb;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.batch.runtime.BatchStatus;

import org.jberet.runtime.AbstractStepExecution;
import org.jberet.runtime.PartitionExecutionImpl;
import org.jberet.runtime.StepExecutionImpl;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Saves the progress of a step or partition execution (status, counts, checkpoints) through the lease's fence, its
 * checkpoints in the item or, above the spill threshold, in S3 ({@link CheckpointStore}); the spilled objects an item
 * pointed at before are deleted once it points elsewhere, and those of a refused write at once.
 */
final class ProgressWrites {
    private final ItemCodec codec;
    private final CheckpointStore checkpoints;
    private final LeaseKeeper leases;
    private final ExecutionLocations locations;
    /** Spilled S3 objects each item of this process points at, deleted once the item points elsewhere. */
    private final Map<String, List<String>> spilledObjects = new ConcurrentHashMap<>();

    ProgressWrites(ItemCodec codec, CheckpointStore checkpoints, LeaseKeeper leases, ExecutionLocations locations) {
        this.codec = codec;
        this.checkpoints = checkpoints;
        this.leases = leases;
        this.locations = locations;
    }

    /**
     * Saves a step's or partition's progress; with {@code unlessStopping}, only if its item is not STOPPING.
     *
     * @return whether it was written
     */
    boolean save(AbstractStepExecution stepOrPartition, boolean unlessStopping) {
        if (stepOrPartition instanceof PartitionExecutionImpl partition) {
            return savePartition(partition, unlessStopping);
        }
        return saveStep((StepExecutionImpl) stepOrPartition, unlessStopping);
    }

    private boolean saveStep(StepExecutionImpl step, boolean unlessStopping) {
        StepLocation location = locations.stepOf(step.getStepExecutionId());
        return saveWithCheckpoints(codec.stepUpdate(location.key(), step), location.spillPath(), location.key(),
                location.executionId(), step, unlessStopping);
    }

    private boolean savePartition(PartitionExecutionImpl partition, boolean unlessStopping) {
        StepLocation location = locations.stepOf(partition.getStepExecutionId());
        Map<String, AttributeValue> key = location.partitionKey(partition.getPartitionId());
        return saveWithCheckpoints(codec.partitionUpdate(key, partition),
                location.spillPath(partition.getPartitionId()), key, location.executionId(), partition, unlessStopping);
    }

    private boolean saveWithCheckpoints(ItemUpdate update, String spillPath, Map<String, AttributeValue> key,
                                        long executionId, AbstractStepExecution execution, boolean unlessStopping) {
        CheckpointStore.Placement placement = checkpoints.place(spillPath, ItemCodec.checkpointData(execution));
        placement.addTo(update);
        if (unlessStopping) {
            update.onlyIf(ItemAttributes.ref(ItemAttributes.BATCH_STATUS) + " <> :stopping",
                    Map.of(":stopping", AttributeValue.fromS(BatchStatus.STOPPING.name())));
        }
        boolean written;
        try {
            written = leases.writeFenced(executionId, update.transactItem());
        } catch (RuntimeException e) {
            checkpoints.deleteReplaced(placement.spilledKeys());
            throw e;
        }
        if (!written) {
            checkpoints.deleteReplaced(placement.spilledKeys());
            return false;
        }
        // the item points at the new objects now; the ones it pointed at before are garbage
        List<String> previous = spilledObjects.put(TableKeys.idOf(key), placement.spilledKeys());
        if (previous != null) {
            checkpoints.deleteReplaced(previous);
        }
        return true;
    }
}
