package org.ecomkpi.jberet.dynamodb;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.ecomkpi.bucket.S3Location;
import org.ecomkpi.settings.PipelineSettings;

/**
 * Where and how {@link DynamoDbJobRepository} keeps JBeret's job repository.
 *
 * @param table             the DynamoDB table (partition key {@code pk}, sort key {@code sk}, both strings)
 * @param spillBucket       the S3 bucket for checkpoint data too large for a DynamoDB item
 * @param spillPrefix       the key prefix there, without leading or trailing slash, e.g. {@code runs/_job-repository}
 * @param spillAboveBytes   checkpoint data (reader, writer, persistent user data together) above this size goes to S3;
 *                          well under DynamoDB's 400 KB item limit, leaving room for the other attributes
 * @param heartbeatInterval how often a process renews the lease of each execution it runs
 * @param leaseTimeout      an unfinished execution whose lease was not renewed for this long belongs to a dead process
 */
public record DynamoDbRepositorySettings(String table, String spillBucket, String spillPrefix, int spillAboveBytes,
                                         Duration heartbeatInterval, Duration leaseTimeout) {

    /** Environment variable naming the table; {@value #DEFAULT_TABLE} when unset. */
    public static final String TABLE_VARIABLE = PipelineSettings.JOB_REPOSITORY_TABLE;
    /** Environment variable with the spill location as {@code s3://bucket/prefix}. */
    public static final String SPILL_VARIABLE = PipelineSettings.JOB_REPOSITORY_SPILL;
    /**
     * Seconds after its last heartbeat that an unfinished execution counts as dead and may be restarted elsewhere
     * (default 30; heartbeats every sixth of it).
     */
    public static final String LEASE_VARIABLE = PipelineSettings.JOB_LEASE_SECONDS;
    public static final String DEFAULT_TABLE = PipelineSettings.DEFAULT_JOB_REPOSITORY_TABLE;
    public static final int DEFAULT_SPILL_ABOVE_BYTES = 300 * 1024;
    private static final int ITEM_LIMIT_BYTES = 400 * 1024;

    public DynamoDbRepositorySettings {
        if (table == null || table.isBlank()) {
            throw new IllegalArgumentException("the job repository table name is empty");
        }
        if (spillBucket == null || spillBucket.isBlank()) {
            throw new IllegalArgumentException("the job repository spill bucket is empty");
        }
        spillPrefix = spillPrefix == null ? "" : trimSlashes(spillPrefix);
        if (spillAboveBytes < 1 || spillAboveBytes > ITEM_LIMIT_BYTES - 50 * 1024) {
            throw new IllegalArgumentException("spillAboveBytes is " + spillAboveBytes + "; expected 1 to "
                    + (ITEM_LIMIT_BYTES - 50 * 1024) + " so that an item stays under DynamoDB's 400 KB limit");
        }
        if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()
                || heartbeatInterval.multipliedBy(2).compareTo(leaseTimeout) > 0) {
            throw new IllegalArgumentException("heartbeat interval " + heartbeatInterval + " must be positive and at"
                    + " most half the lease timeout " + leaseTimeout + ", or a live process loses its lease");
        }
    }

    /** The given table and spill location, 300 KB spill threshold, 5 s heartbeat, 30 s lease timeout. */
    public static DynamoDbRepositorySettings of(String table, String spillBucket, String spillPrefix) {
        return new DynamoDbRepositorySettings(table, spillBucket, spillPrefix, DEFAULT_SPILL_ABOVE_BYTES,
                Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    /**
     * Settings from {@value #TABLE_VARIABLE} (default {@value #DEFAULT_TABLE}), {@value #SPILL_VARIABLE}
     * ({@code s3://bucket/prefix}, required) and {@value #LEASE_VARIABLE}, as {@link PipelineSettings#parse} reads
     * them: for tests and tools outside the CLI, whose composition root uses {@link #from}.
     */
    public static DynamoDbRepositorySettings fromEnvironment(Map<String, String> environment) {
        return from(PipelineSettings.parse(environment), Optional.empty());
    }

    /**
     * The job repository the settings describe: their table, their spill location or else {@code defaultSpill} (the
     * run bucket's, when it is on S3), their lease (heartbeats every sixth of it) or else 30 s.
     *
     * @throws IllegalArgumentException naming {@value #SPILL_VARIABLE} when there is no spill location at all
     */
    public static DynamoDbRepositorySettings from(PipelineSettings settings, Optional<S3Location> defaultSpill) {
        S3Location spill = settings.jobRepositorySpill().or(() -> defaultSpill).orElseThrow(() ->
                new IllegalArgumentException(SPILL_VARIABLE + " is not set; expected s3://bucket/prefix for"
                        + " checkpoint data too large for DynamoDB"));
        DynamoDbRepositorySettings repository = of(settings.jobRepositoryTable(), spill.bucket(), spill.prefix());
        // heartbeats well inside the lease, so one late heartbeat never loses it
        return settings.jobLease().map(lease -> repository.withLease(Duration.ofMillis(lease.toMillis() / 6), lease)).orElse(repository);
    }

    /** The same settings with another heartbeat interval and lease timeout (tests use short ones). */
    public DynamoDbRepositorySettings withLease(Duration heartbeatInterval, Duration leaseTimeout) {
        return new DynamoDbRepositorySettings(table, spillBucket, spillPrefix, spillAboveBytes, heartbeatInterval,
                leaseTimeout);
    }

    /** The same settings with another spill threshold. */
    public DynamoDbRepositorySettings withSpillAbove(int bytes) {
        return new DynamoDbRepositorySettings(table, spillBucket, spillPrefix, bytes, heartbeatInterval, leaseTimeout);
    }

    private static String trimSlashes(String prefix) {
        String trimmed = prefix.strip();
        while (trimmed.startsWith("/")) {
            trimmed = trimmed.substring(1);
        }
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }
}
