package org.ecomkpi.jberet.dynamodb;

import java.util.HashMap;
import java.util.Map;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Where each item of the job repository table is: its partition key ({@link ItemAttributes#PK}) and sort key
 * ({@link ItemAttributes#SK}). Ids are zero-padded to 19 digits so they sort.
 * <pre>
 * pk                 sk                           item
 * COUNTER            job_instance | job_execution | step_execution    next id (UpdateItem ADD)
 * JOB#name           INSTANCE#i                   the job's instances, newest last
 * INSTANCE#i         INSTANCE                     job instance
 * INSTANCE#i         EXECUTION#e                  job execution, with its lease (leaseOwner, heartbeat)
 * INSTANCE#i         STEP#e#s                     step execution: status, metrics, checkpoints
 * INSTANCE#i         PARTITION#s#p                partition execution
 * EXECUTION#e        EXECUTION                    which instance execution e belongs to
 * RUN#job#runId      LAUNCH                       a launcher deciding about the run (short-lived claim)
 * RUN#job#runId      INSTANCE                     the run's newest instance: one read finds a run's executions
 * </pre>
 */
final class TableKeys {

    static final String JOB_INSTANCE_COUNTER = "job_instance";
    static final String JOB_EXECUTION_COUNTER = "job_execution";
    static final String STEP_EXECUTION_COUNTER = "step_execution";

    /**
     * Sort key of an instance item, also of a run's index item: an instance item is told apart by its partition key,
     * which begins with {@link #INSTANCE_PREFIX}.
     */
    static final String INSTANCE = "INSTANCE";
    /** Partition key prefix of an instance's partition (also the sort key prefix of the job's index entries). */
    static final String INSTANCE_PREFIX = "INSTANCE#";
    /** Sort key prefix of an instance's executions. */
    static final String EXECUTIONS = "EXECUTION#";
    /** Sort key prefix of an instance's step executions. */
    static final String STEPS = "STEP#";

    private static final String COUNTER = "COUNTER";
    private static final String JOB = "JOB#";
    private static final String EXECUTION = "EXECUTION";
    private static final String PARTITIONS = "PARTITION#";
    private static final String RUN = "RUN#";
    private static final String LAUNCH = "LAUNCH";

    private TableKeys() {
    }

    /** A mutable map holding just the key: add attributes to make it an item. */
    static Map<String, AttributeValue> key(String pk, String sk) {
        Map<String, AttributeValue> key = new HashMap<>();
        key.put(ItemAttributes.PK, AttributeValue.fromS(pk));
        key.put(ItemAttributes.SK, AttributeValue.fromS(sk));
        return key;
    }

    /** The key part of {@code item}. */
    static Map<String, AttributeValue> keyOf(Map<String, AttributeValue> item) {
        return key(item.get(ItemAttributes.PK).s(), item.get(ItemAttributes.SK).s());
    }

    /** {@code pk/sk} of {@code item}: names it in this process's bookkeeping. */
    static String idOf(Map<String, AttributeValue> key) {
        return key.get(ItemAttributes.PK).s() + "/" + key.get(ItemAttributes.SK).s();
    }

    static Map<String, AttributeValue> counter(String counter) {
        return key(COUNTER, counter);
    }

    static String jobPk(String jobName) {
        return JOB + jobName;
    }

    /** The job's index entry for one of its instances. */
    static Map<String, AttributeValue> jobIndexEntry(String jobName, long instanceId) {
        return key(jobPk(jobName), INSTANCE_PREFIX + padded(instanceId));
    }

    static String instancePk(long instanceId) {
        return INSTANCE_PREFIX + padded(instanceId);
    }

    static Map<String, AttributeValue> instance(long instanceId) {
        return key(instancePk(instanceId), INSTANCE);
    }

    static Map<String, AttributeValue> execution(long instanceId, long executionId) {
        return key(instancePk(instanceId), EXECUTIONS + padded(executionId));
    }

    /** The item saying which instance execution {@code executionId} belongs to. */
    static Map<String, AttributeValue> executionPointer(long executionId) {
        return key(EXECUTIONS + padded(executionId), EXECUTION);
    }

    /** Sort key prefix of the step executions of job execution {@code executionId}. */
    static String stepsOf(long executionId) {
        return STEPS + padded(executionId) + "#";
    }

    static Map<String, AttributeValue> step(long instanceId, long executionId, long stepExecutionId) {
        return key(instancePk(instanceId), stepsOf(executionId) + padded(stepExecutionId));
    }

    /** Sort key prefix of the partition executions of step execution {@code stepExecutionId}. */
    static String partitionsOf(long stepExecutionId) {
        return PARTITIONS + padded(stepExecutionId) + "#";
    }

    static Map<String, AttributeValue> partition(long instanceId, long stepExecutionId, int partitionId) {
        return key(instancePk(instanceId), partitionsOf(stepExecutionId) + padded(partitionId));
    }

    /** The launch claim of a run: held by one launcher while it decides what to launch. */
    static Map<String, AttributeValue> launchClaim(String jobName, String runId) {
        return key(runPk(jobName, runId), LAUNCH);
    }

    /** The run's index item, naming its newest instance. */
    static Map<String, AttributeValue> runIndex(String jobName, String runId) {
        return key(runPk(jobName, runId), INSTANCE);
    }

    /** Where a step execution's checkpoint objects go in S3, e.g. {@code instance-0001/step-execution-0004}. */
    static String spillPath(long instanceId, long stepExecutionId) {
        return "instance-" + padded(instanceId) + "/step-execution-" + padded(stepExecutionId);
    }

    private static String runPk(String jobName, String runId) {
        return RUN + jobName + "#" + runId;
    }

    private static String padded(long id) {
        return String.format("%019d", id);
    }
}
