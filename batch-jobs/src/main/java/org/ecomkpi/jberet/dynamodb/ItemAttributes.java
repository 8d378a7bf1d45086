package org.ecomkpi.jberet.dynamodb;

import jakarta.batch.runtime.Metric;

/**
 * The names of the attributes in the job repository table, each written once here; {@link TableKeys} says which items
 * carry them. Public for tools and tests that read the table as operators would.
 */
public final class ItemAttributes {

    /** Partition key of every item (string). */
    public static final String PK = "pk";
    /** Sort key of every item (string). */
    public static final String SK = "sk";

    /** A counter's last id handed out ({@code COUNTER} items). */
    public static final String VALUE = "value";

    /** A job instance's id: on the instance, the job's index entry, an execution and the run's index item. */
    public static final String INSTANCE_ID = "instanceId";
    /** The job's name (the job XML's id). */
    public static final String JOB_NAME = "jobName";
    /** JBeret's application name, when there is one. */
    public static final String APPLICATION_NAME = "applicationName";

    /** A job execution's id. */
    public static final String EXECUTION_ID = "executionId";
    /** When JBeret created the execution (epoch ms). */
    public static final String CREATE_TIME = "createTime";
    /** When the execution or step started (epoch ms). */
    public static final String START_TIME = "startTime";
    /** When the execution or step ended (epoch ms); absent while it runs. */
    public static final String END_TIME = "endTime";
    /** When the execution's item was last written (epoch ms). */
    public static final String LAST_UPDATED_TIME = "lastUpdatedTime";
    /** JBeret's batch status, by name ({@code STARTED}, {@code COMPLETED}...). */
    public static final String BATCH_STATUS = "batchStatus";
    /** The exit status, when one was set. */
    public static final String EXIT_STATUS = "exitStatus";
    /** JBeret's restart position (and the user's), when one was set. */
    public static final String RESTART_POSITION = "restartPosition";
    /** The job parameters, a map of strings. */
    public static final String JOB_PARAMETERS = "jobParameters";

    /** Which process holds the lease of an execution or a launch claim. */
    public static final String LEASE_OWNER = "leaseOwner";
    /** When the lease owner last renewed an execution's lease (epoch ms, the owner's wall clock). */
    public static final String HEARTBEAT = "heartbeat";
    /** The random token of a launch claim. */
    public static final String TOKEN = "token";
    /** When a launch claim expires (epoch ms). */
    public static final String EXPIRES = "expires";

    /** A step execution's id: on the step item and its partitions. */
    public static final String STEP_EXECUTION_ID = "stepExecutionId";
    /** The step's name. */
    public static final String STEP_NAME = "stepName";
    /** A partition's number within its step execution. */
    public static final String PARTITION_ID = "partitionId";
    /** The failure of a step or partition, its stack trace cut to 2 KB. */
    public static final String EXCEPTION = "exception";

    /** Serialized persistent user data of a step or partition (binary; see {@link #SPILLED}). */
    public static final String PERSISTENT_USER_DATA = "persistentUserData";
    /** Serialized reader checkpoint of a step or partition (binary; see {@link #SPILLED}). */
    public static final String READER_CHECKPOINT = "readerCheckpoint";
    /** Serialized writer checkpoint of a step or partition (binary; see {@link #SPILLED}). */
    public static final String WRITER_CHECKPOINT = "writerCheckpoint";
    /** Appended to a checkpoint attribute's name: the S3 key that piece was spilled to instead. */
    public static final String SPILLED = "S3";

    private static final String METRIC_PREFIX = "metric";

    private ItemAttributes() {
    }

    /** The step item's attribute holding {@code metric}, e.g. {@code metricREAD_COUNT}. */
    public static String metric(Metric.MetricType metric) {
        return METRIC_PREFIX + metric.name();
    }

    /** The attribute holding the S3 key of a spilled checkpoint piece, e.g. {@code readerCheckpointS3}. */
    public static String spilled(String checkpointAttribute) {
        return checkpointAttribute + SPILLED;
    }

    /** {@code attribute} as an expression attribute name, {@code #attribute}. */
    static String ref(String attribute) {
        return "#" + attribute;
    }
}
