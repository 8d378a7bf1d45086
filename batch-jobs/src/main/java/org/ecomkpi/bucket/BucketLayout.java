package org.ecomkpi.bucket;

/**
 * Where things live in the bucket (SPEC section 4). Producers write under {@code landing-data/}; a run
 * claims its batch into {@code runs/<runId>/input/} and finally archives it to {@code processed/<runId>/} or
 * {@code invalid-data/<runId>/}. All folder names end with {@code /} so they can be used as listing prefixes.
 */
public final class BucketLayout {
    /** Where producers drop files. */
    public static final String LANDING = "landing-data/";

    private static final int MAX_RUN_ID_LENGTH = 128;

    private BucketLayout() {
    }

    /** {@code runs/<runId>/}: everything a run owns while it is in progress. */
    public static String run(String runId) {
        return "runs/" + requireRunId(runId) + "/";
    }

    /** {@code runs/<runId>/input/}: the batch a run claimed. */
    public static String runInput(String runId) {
        return run(runId) + "input/";
    }

    /** {@code runs/<runId>/report.json}: the data-quality report of a run. */
    public static String report(String runId) {
        return run(runId) + "report.json";
    }

    /** {@code runs/<runId>/report.html}: the report as a self-contained page, beside {@link #report}. */
    public static String reportPage(String runId) {
        return run(runId) + "report.html";
    }

    /** {@code invalid-data/<runId>/}: rejected rows, and the whole batch when it fails. */
    public static String invalidData(String runId) {
        return "invalid-data/" + requireRunId(runId) + "/";
    }

    /**
     * {@code invalid-data/<runId>/input/}: the batch of a run whose job failed after its retries, archived by
     * {@code pipeline archive-failed}. Reject archives keep the path below {@code landing-data/}, which always starts
     * with a file type's folder or file name, so they never land in here.
     */
    public static String invalidInput(String runId) {
        return invalidData(runId) + "input/";
    }

    /** {@code processed/<runId>/}: the inputs of a successful run. */
    public static String processed(String runId) {
        return "processed/" + requireRunId(runId) + "/";
    }

    /**
     * Returns {@code runId} when it can name a run: one key segment of letters, digits, {@code .}, {@code _}
     * or {@code -}, at most 128 characters. Run ids end up in keys, table rows and log lines, so anything
     * fancier is refused early.
     */
    public static String requireRunId(String runId) {
        ObjectKey.requireSegment(runId, "run id");
        if (runId.length() > MAX_RUN_ID_LENGTH) {
            throw new IllegalArgumentException("invalid run id '" + runId + "': longer than " + MAX_RUN_ID_LENGTH
                    + " characters");
        }
        for (int i = 0; i < runId.length(); i++) {
            char c = runId.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
            if (!allowed) {
                throw new IllegalArgumentException("invalid run id '" + runId + "': character '" + c
                        + "' at position " + i + " (use letters, digits, '.', '_' or '-')");
            }
        }
        return runId;
    }
}
