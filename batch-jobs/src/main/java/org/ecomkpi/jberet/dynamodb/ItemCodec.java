package org.ecomkpi.jberet.dynamodb;

import static org.ecomkpi.jberet.dynamodb.ItemAttributes.APPLICATION_NAME;
import static org.ecomkpi.jberet.dynamodb.ItemAttributes.BATCH_STATUS;
import static org.ecomkpi.jberet.dynamodb.ItemAttributes.CREATE_TIME;
import static org.ecomkpi.jberet.dynamodb.ItemAttributes.END_TIME;
import static org.ecomkpi.jberet.dynamodb.ItemAttributes.EXCEPTION;
import static org.ecomkpi.jberet.dynamodb.ItemAttributes.EXECUTION_ID;
import static org.ecomkpi.jberet.dynamodb.ItemAttributes.EXIT_STATUS;
import static org.ecomkpi.jberet.dynamodb.ItemAttributes.INSTANCE_ID;
import static org.ecomkpi.jberet.dynamodb.ItemAttributes.JOB_NAME;
import static org.ecomkpi.jberet.dynamodb.ItemAttributes.JOB_PARAMETERS;
import static org.ecomkpi.jberet.dynamodb.ItemAttributes.LAST_UPDATED_TIME;
import static org.ecomkpi.jberet.dynamodb.ItemAttributes.PARTITION_ID;
import static org.ecomkpi.jberet.dynamodb.ItemAttributes.PERSISTENT_USER_DATA;
import static org.ecomkpi.jberet.dynamodb.ItemAttributes.READER_CHECKPOINT;
import static org.ecomkpi.jberet.dynamodb.ItemAttributes.RESTART_POSITION;
import static org.ecomkpi.jberet.dynamodb.ItemAttributes.START_TIME;
import static org.ecomkpi.jberet.dynamodb.ItemAttributes.STEP_EXECUTION_ID;
import static org.ecomkpi.jberet.dynamodb.ItemAttributes.STEP_NAME;
import static org.ecomkpi.jberet.dynamodb.ItemAttributes.WRITER_CHECKPOINT;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.Metric;

import org.jberet.runtime.AbstractStepExecution;
import org.jberet.runtime.JobExecutionImpl;
import org.jberet.runtime.JobInstanceImpl;
import org.jberet.runtime.PartitionExecutionImpl;
import org.jberet.runtime.StepExecutionImpl;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * JBeret's job, step and partition executions as items of the job repository table, and back: which attribute holds
 * what ({@link ItemAttributes}), how absent values are left out (DynamoDB stores no null), times as epoch
 * milliseconds. Checkpoint data too large for an item is read back through the {@link CheckpointStore}.
 */
final class ItemCodec {

    private static final int EXCEPTION_TEXT_LIMIT = 2048;

    private final String table;
    private final CheckpointStore checkpoints;

    ItemCodec(String table, CheckpointStore checkpoints) {
        this.table = table;
        this.checkpoints = checkpoints;
    }

    // ---- job instances ----

    static Map<String, AttributeValue> instanceItem(long instanceId, String jobName, String applicationName) {
        Map<String, AttributeValue> item = TableKeys.instance(instanceId);
        item.put(INSTANCE_ID, number(instanceId));
        item.put(JOB_NAME, AttributeValue.fromS(jobName));
        putIfPresent(item, APPLICATION_NAME, applicationName);
        return item;
    }

    /** The job's index entry of an instance: the job's name is in its key. */
    static Map<String, AttributeValue> jobIndexItem(String jobName, long instanceId, String applicationName) {
        Map<String, AttributeValue> entry = TableKeys.jobIndexEntry(jobName, instanceId);
        entry.put(INSTANCE_ID, number(instanceId));
        putIfPresent(entry, APPLICATION_NAME, applicationName);
        return entry;
    }

    static long instanceId(Map<String, AttributeValue> item) {
        return longOf(item, INSTANCE_ID);
    }

    static String jobName(Map<String, AttributeValue> item) {
        return item.get(JOB_NAME).s();
    }

    static String applicationName(Map<String, AttributeValue> item) {
        return text(item, APPLICATION_NAME);
    }

    // ---- job executions ----

    static Map<String, AttributeValue> executionPointerItem(long executionId, long instanceId) {
        Map<String, AttributeValue> pointer = TableKeys.executionPointer(executionId);
        pointer.put(INSTANCE_ID, number(instanceId));
        return pointer;
    }

    /** A new execution's item, without its lease. */
    static Map<String, AttributeValue> executionItem(JobExecutionImpl execution, long instanceId,
                                                     Properties jobParameters) {
        long id = execution.getExecutionId();
        Map<String, AttributeValue> item = TableKeys.execution(instanceId, id);
        item.put(EXECUTION_ID, number(id));
        item.put(INSTANCE_ID, number(instanceId));
        item.put(JOB_NAME, AttributeValue.fromS(execution.getJobInstance().getJobName()));
        item.put(CREATE_TIME, number(execution.getCreateTime().getTime()));
        item.put(LAST_UPDATED_TIME, number(execution.getLastUpdatedTime().getTime()));
        item.put(BATCH_STATUS, AttributeValue.fromS(execution.getBatchStatus().name()));
        item.put(JOB_PARAMETERS, parameters(jobParameters));
        return item;
    }

    /** The run's index item: its newest instance and that instance's execution. */
    static Map<String, AttributeValue> runIndexItem(String jobName, String runId, long instanceId, long executionId) {
        Map<String, AttributeValue> index = TableKeys.runIndex(jobName, runId);
        index.put(INSTANCE_ID, number(instanceId));
        index.put(EXECUTION_ID, number(executionId));
        return index;
    }

    /**
     * What JBeret changed in an execution: status and time always; the end, exit status, restart position (and
     * parameters when asked) on a full update, the start time otherwise.
     */
    ItemUpdate executionUpdate(Map<String, AttributeValue> key, JobExecutionImpl execution, boolean fullUpdate,
                               boolean saveJobParameters) {
        ItemUpdate update = new ItemUpdate(table, key)
                .setNumber(LAST_UPDATED_TIME, execution.getLastUpdatedTime().getTime())
                .set(BATCH_STATUS, AttributeValue.fromS(execution.getBatchStatus().name()));
        if (fullUpdate) {
            update.setTimeOrRemove(END_TIME, execution.getEndTime())
                    .setOrRemove(EXIT_STATUS, execution.getExitStatus())
                    .setOrRemove(RESTART_POSITION, execution.combineRestartPositionAndUser());
            if (saveJobParameters) {
                update.set(JOB_PARAMETERS, parameters(execution.getJobParameters()));
            }
        } else {
            update.setTimeOrRemove(START_TIME, execution.getStartTime());
        }
        return update;
    }

    /** Sets an execution, step or partition STOPPING, only while it is STARTED. */
    ItemUpdate stopping(Map<String, AttributeValue> key) {
        return new ItemUpdate(table, key)
                .set(BATCH_STATUS, AttributeValue.fromS(BatchStatus.STOPPING.name()))
                .onlyIf(ItemAttributes.ref(BATCH_STATUS) + " = :started",
                        Map.of(":started", AttributeValue.fromS(BatchStatus.STARTED.name())));
    }

    static JobExecutionImpl execution(Map<String, AttributeValue> item, JobInstanceImpl instance) {
        return new JobExecutionImpl(instance, executionId(item), parameters(item.get(JOB_PARAMETERS)),
                time(item, CREATE_TIME), time(item, START_TIME), time(item, END_TIME),
                time(item, LAST_UPDATED_TIME), batchStatus(item), text(item, EXIT_STATUS),
                text(item, RESTART_POSITION));
    }

    static long executionId(Map<String, AttributeValue> item) {
        return longOf(item, EXECUTION_ID);
    }

    /** The batch status of an execution, step or partition item, by name. */
    static String batchStatus(Map<String, AttributeValue> item) {
        return item.get(BATCH_STATUS).s();
    }

    // ---- step executions ----

    static Map<String, AttributeValue> stepItem(StepLocation step, StepExecutionImpl execution) {
        Map<String, AttributeValue> item = step.key();
        item.put(STEP_EXECUTION_ID, number(step.stepExecutionId()));
        item.put(EXECUTION_ID, number(step.executionId()));
        item.put(STEP_NAME, AttributeValue.fromS(execution.getStepName()));
        item.put(START_TIME, number(execution.getStartTime().getTime()));
        item.put(BATCH_STATUS, AttributeValue.fromS(execution.getBatchStatus().name()));
        return item;
    }

    /** Status, end, exception and metrics of a step execution; its checkpoints are added by the caller. */
    ItemUpdate stepUpdate(Map<String, AttributeValue> key, StepExecutionImpl step) {
        ItemUpdate update = new ItemUpdate(table, key)
                .setTimeOrRemove(END_TIME, step.getEndTime())
                .set(BATCH_STATUS, AttributeValue.fromS(step.getBatchStatus().name()))
                .setOrRemove(EXIT_STATUS, step.getExitStatus())
                .setOrRemove(EXCEPTION, exceptionText(step.getException()));
        for (Metric.MetricType metric : Metric.MetricType.values()) {
            update.setNumber(ItemAttributes.metric(metric), step.getStepMetrics().get(metric));
        }
        return update;
    }

    static long stepExecutionId(Map<String, AttributeValue> item) {
        return longOf(item, STEP_EXECUTION_ID);
    }

    /** Where a step execution's item is, from the item itself. */
    static StepLocation stepLocation(Map<String, AttributeValue> item, long instanceId) {
        return new StepLocation(instanceId, longOf(item, EXECUTION_ID), longOf(item, STEP_EXECUTION_ID));
    }

    StepExecutionImpl step(Map<String, AttributeValue> item) {
        return new StepExecutionImpl(longOf(item, STEP_EXECUTION_ID), item.get(STEP_NAME).s(),
                time(item, START_TIME), time(item, END_TIME), batchStatus(item), text(item, EXIT_STATUS),
                checkpoints.read(item, PERSISTENT_USER_DATA).orElse(null),
                metric(item, Metric.MetricType.READ_COUNT), metric(item, Metric.MetricType.WRITE_COUNT),
                metric(item, Metric.MetricType.COMMIT_COUNT), metric(item, Metric.MetricType.ROLLBACK_COUNT),
                metric(item, Metric.MetricType.READ_SKIP_COUNT), metric(item, Metric.MetricType.PROCESS_SKIP_COUNT),
                metric(item, Metric.MetricType.FILTER_COUNT), metric(item, Metric.MetricType.WRITE_SKIP_COUNT),
                checkpoints.read(item, READER_CHECKPOINT).orElse(null),
                checkpoints.read(item, WRITER_CHECKPOINT).orElse(null));
    }

    // ---- partition executions ----

    static Map<String, AttributeValue> partitionItem(StepLocation step, PartitionExecutionImpl partition,
                                                     String stepName) {
        Map<String, AttributeValue> item = step.partitionKey(partition.getPartitionId());
        item.put(STEP_EXECUTION_ID, number(step.stepExecutionId()));
        item.put(PARTITION_ID, number(partition.getPartitionId()));
        item.put(STEP_NAME, AttributeValue.fromS(stepName));
        item.put(BATCH_STATUS, AttributeValue.fromS(partition.getBatchStatus().name()));
        return item;
    }

    /** Status and exception of a partition execution; its checkpoints are added by the caller. */
    ItemUpdate partitionUpdate(Map<String, AttributeValue> key, PartitionExecutionImpl partition) {
        return new ItemUpdate(table, key)
                .set(BATCH_STATUS, AttributeValue.fromS(partition.getBatchStatus().name()))
                .setOrRemove(EXIT_STATUS, partition.getExitStatus())
                .setOrRemove(EXCEPTION, exceptionText(partition.getException()));
    }

    static int partitionId(Map<String, AttributeValue> item) {
        return (int) longOf(item, PARTITION_ID);
    }

    PartitionExecutionImpl partition(Map<String, AttributeValue> item, long stepExecutionId) {
        return new PartitionExecutionImpl(partitionId(item), stepExecutionId, item.get(STEP_NAME).s(),
                BatchStatus.valueOf(batchStatus(item)), text(item, EXIT_STATUS),
                checkpoints.read(item, PERSISTENT_USER_DATA).orElse(null),
                checkpoints.read(item, READER_CHECKPOINT).orElse(null),
                checkpoints.read(item, WRITER_CHECKPOINT).orElse(null));
    }

    /** The serialized checkpoint pieces a step or partition execution holds, by attribute; absent ones left out. */
    static Map<String, byte[]> checkpointData(AbstractStepExecution execution) {
        Map<String, byte[]> data = new LinkedHashMap<>();
        putIfPresent(data, PERSISTENT_USER_DATA, execution.getPersistentUserDataSerialized());
        putIfPresent(data, READER_CHECKPOINT, execution.getReaderCheckpointInfoSerialized());
        putIfPresent(data, WRITER_CHECKPOINT, execution.getWriterCheckpointInfoSerialized());
        return data;
    }

    // ---- values ----

    static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    static long longOf(Map<String, AttributeValue> item, String attribute) {
        return Long.parseLong(item.get(attribute).n());
    }

    static String text(Map<String, AttributeValue> item, String attribute) {
        AttributeValue value = item.get(attribute);
        return value == null ? null : value.s();
    }

    private static Date time(Map<String, AttributeValue> item, String attribute) {
        AttributeValue value = item.get(attribute);
        return value == null ? null : new Date(Long.parseLong(value.n()));
    }

    private static long metric(Map<String, AttributeValue> item, Metric.MetricType metric) {
        AttributeValue value = item.get(ItemAttributes.metric(metric));
        return value == null ? 0 : Long.parseLong(value.n());
    }

    private static <V> void putIfPresent(Map<String, V> map, String name, V value) {
        if (value != null) {
            map.put(name, value);
        }
    }

    private static void putIfPresent(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, AttributeValue.fromS(value));
        }
    }

    private static AttributeValue parameters(Properties parameters) {
        Map<String, AttributeValue> map = new HashMap<>();
        if (parameters != null) {
            // stringPropertyNames includes defaults: a restart's parameters are the original ones under its overrides
            for (String name : parameters.stringPropertyNames()) {
                map.put(name, AttributeValue.fromS(parameters.getProperty(name)));
            }
        }
        return AttributeValue.fromM(map);
    }

    private static Properties parameters(AttributeValue value) {
        if (value == null || value.m().isEmpty()) {
            return null;
        }
        Properties parameters = new Properties();
        value.m().forEach((name, text) -> parameters.setProperty(name, text.s()));
        return parameters;
    }

    private static String exceptionText(Exception exception) {
        if (exception == null) {
            return null;
        }
        StringWriter text = new StringWriter();
        exception.printStackTrace(new PrintWriter(text));
        String full = text.toString();
        return full.length() <= EXCEPTION_TEXT_LIMIT ? full : full.substring(0, EXCEPTION_TEXT_LIMIT);
    }
}
