package org.ecomkpi.run;

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

    public static final String DEFAULT_BUCKET = "./.pipeline/bucket";
    public static final String DEFAULT_STORE = "h2:./.pipeline/store";
    public static final double DEFAULT_REJECT_LIMIT = 0.05;

    private RunSettings() {
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
