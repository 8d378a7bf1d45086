package org.ecomkpi.run;

import java.time.Duration;

/**
 * Names of the job parameters both jobs take, and their defaults. The job XML reads them with
 * {@code #{jobParameters['...']}}; the CLI and the container entrypoint set them.
 */
public final class RunSettings {
    /** The run this execution belongs to; every object a run writes lives under {@code runs/<runId>/}. */
    public static final String RUN_ID = "runId";
    /** Where the bucket is: a folder path, {@code file:<path>} or {@code s3://bucket}. */
    public static final String BUCKET = "bucket";
    /** Where KPIs and checkpoints live: {@code h2:<path>} or {@code dynamodb}. */
    public static final String STORE = "store";
    /** Largest share of rejected rows of any file type before the whole batch fails, e.g. {@code 0.05}. */
    public static final String REJECT_LIMIT = "rejectLimit";
    /** Rows per chunk: how often a step checkpoints (defaults in the job XML: validate 10,000, transform 100,000). */
    public static final String CHUNK_SIZE = "chunkSize";
    /** Threads a partitioned validate step runs its partitions on (default: available processors). */
    public static final String PARTITION_THREADS = "partitionThreads";
    /** Size of the byte ranges large files are cut into for a partitioned validate step. */
    public static final String PARTITION_BYTES = "partitionBytes";
    /**
     * Whole seconds a landing file must go unchanged before the claim takes it, e.g. {@code 60} (default in the job
     * XML: 1, so a run right after a local copy still finds its files).
     */
    public static final String SETTLE_SECONDS = "settleSeconds";
    /** The largest settle period accepted: an hour. */
    public static final int MAX_SETTLE_SECONDS = 3600;

    public static final String DEFAULT_BUCKET = "./.pipeline/bucket";
    public static final String DEFAULT_STORE = "h2:./.pipeline/store";
    public static final double DEFAULT_REJECT_LIMIT = 0.05;

    private RunSettings() {
    }

    /** Parses a settle period in whole seconds, 0 to {@value #MAX_SETTLE_SECONDS}. */
    public static Duration parseSettleSeconds(String text) {
        String trimmed = text == null ? "" : text.trim();
        int seconds;
        try {
            seconds = Integer.parseInt(trimmed);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("settle period '" + text + "' is not a whole number of seconds");
        }
        if (seconds < 0 || seconds > MAX_SETTLE_SECONDS) {
            throw new IllegalArgumentException("settle period of " + seconds + " seconds is out of range: use 0 to "
                    + MAX_SETTLE_SECONDS);
        }
        return Duration.ofSeconds(seconds);
    }

    /** Parses a reject limit given as a fraction ({@code 0.05}) or a percentage ({@code 5%}). */
    public static double parseRejectLimit(String text) {
        String trimmed = text == null ? "" : text.trim();
        if (trimmed.isEmpty()) {
            return DEFAULT_REJECT_LIMIT;
        }
        try {
            double value = trimmed.endsWith("%")
                    ? Double.parseDouble(trimmed.substring(0, trimmed.length() - 1).trim()) / 100
                    : Double.parseDouble(trimmed);
            if (!(value >= 0 && value <= 1)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("reject limit '" + text
                    + "' is not a fraction between 0 and 1 (e.g. 0.05) or a percentage (e.g. 5%)");
        }
    }
}
