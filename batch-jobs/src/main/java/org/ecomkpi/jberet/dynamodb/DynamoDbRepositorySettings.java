package org.ecomkpi.jberet.dynamodb;

import java.time.Duration;
import java.util.Map;

import org.ecomkpi.bucket.S3Location;

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
    public static final String TABLE_VARIABLE = "PIPELINE_JOB_REPOSITORY_TABLE";
    /** Environment variable with the spill location as {@code s3://bucket/prefix}. */
    public static final String SPILL_VARIABLE = "PIPELINE_JOB_REPOSITORY_SPILL";
    /**
     * Seconds after its last heartbeat that an unfinished execution counts as dead and may be restarted elsewhere
     * (default 30; heartbeats every sixth of it).
     */
    public static final String LEASE_VARIABLE = "PIPELINE_JOB_LEASE_SECONDS";
    public static final String DEFAULT_TABLE = "pipeline_job_repository";
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
     * Settings from {@value #TABLE_VARIABLE} (default {@value #DEFAULT_TABLE}) and {@value #SPILL_VARIABLE}
     * ({@code s3://bucket/prefix}, required), e.g. {@code fromEnvironment(System.getenv())}.
     */
    public static DynamoDbRepositorySettings fromEnvironment(Map<String, String> environment) {
        String table = environment.getOrDefault(TABLE_VARIABLE, DEFAULT_TABLE);
        String spill = environment.get(SPILL_VARIABLE);
        if (spill == null || spill.isBlank()) {
            throw new IllegalArgumentException(SPILL_VARIABLE + " is not set; expected s3://bucket/prefix for"
                    + " checkpoint data too large for DynamoDB");
        }
        S3Location location;
        try {
            // the one parser of S3 locations, the bucket's
            location = S3Location.parse(spill.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(SPILL_VARIABLE + " is '" + spill + "'; expected s3://bucket/prefix: "
                    + e.getMessage(), e);
        }
        DynamoDbRepositorySettings settings = of(table.isBlank() ? DEFAULT_TABLE : table.trim(), location.bucket(),
                location.prefix());
        String lease = environment.get(LEASE_VARIABLE);
        if (lease != null && !lease.isBlank()) {
            long seconds;
            try {
                seconds = Long.parseLong(lease.trim());
            } catch (NumberFormatException e) {
                seconds = 0;
            }
            if (seconds < 2) {
                throw new IllegalArgumentException(LEASE_VARIABLE + " is '" + lease + "'; expected whole seconds, 2 or more");
            }
            // heartbeats well inside the lease, so one late heartbeat never loses it
            settings = settings.withLease(Duration.ofMillis(seconds * 1000 / 6), Duration.ofSeconds(seconds));
        }
        return settings;
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
