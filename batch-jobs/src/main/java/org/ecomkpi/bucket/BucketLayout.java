package org.ecomkpi.bucket;

/**
 * Every object key the pipeline uses, built here and nowhere else (SPEC section 4). Producers write under
 * {@code landing-data/}; a run claims its batch into {@code runs/<runId>/input/}, keeps its manifest, outcome,
 * staged rows and report under {@code runs/<runId>/}, and finally archives the batch to {@code processed/<runId>/} or
 * {@code invalid-data/<runId>/}. All folder names end with {@code /} so they can be used as listing prefixes.
 * <pre>
 * landing-data/...                             what producers drop
 * runs/&lt;runId&gt;/input/...                      the batch a run claimed
 * runs/&lt;runId&gt;/manifest.properties            what the claim took
 * runs/&lt;runId&gt;/outcome.properties             where the run stands
 * runs/&lt;runId&gt;/staging/&lt;type&gt;/...            accepted and rejected parts, the step's tally
 * runs/&lt;runId&gt;/staging/&lt;type&gt;/partition-N/  a partition's parts, row positions and tallies (partitioned steps)
 * runs/&lt;runId&gt;/staging/versions/part-*.bin    what the aggregate step collected
 * runs/&lt;runId&gt;/report.json, report.html       the data-quality report
 * runs/_job-repository/...                     large checkpoints of a DynamoDB job repository (the default spill)
 * processed/&lt;runId&gt;/...                       the inputs of a successful run
 * invalid-data/&lt;runId&gt;/...                    reject archives, and the whole batch of a rejected run
 * invalid-data/&lt;runId&gt;/input/...              the batch of a run that failed after its retries
 * .bucket-claims/lease, .bucket-claims/intent  the claim lease and a claimer's intent (not in the key space)
 * .bucket-tmp/                                 a local bucket's writes in progress (not in the key space)
 * </pre>
 * Names under {@code runs/} that start with {@code _} are the pipeline's own, so no run id may start with one
 * ({@link #requireRunId}).
 */
public final class BucketLayout {
    /** Where producers drop files. */
    public static final String LANDING = "landing-data/";
    /** Where every run keeps what it owns while in progress, one folder per run id. */
    public static final String RUNS = "runs/";
    /**
     * Where a DynamoDB job repository spills checkpoints too large for an item, by default, in an S3 run bucket:
     * a key prefix without trailing {@code /}, as the repository's settings take it. Beside the runs' folders, so
     * no run id may take its name.
     */
    public static final String JOB_REPOSITORY_SPILL = RUNS + "_job-repository";

    /** The reserved top-level folder of each bucket for the claim lease; not part of the key space. */
    static final String CLAIMS_FOLDER = ".bucket-claims";
    /** The claim lease: an object on S3, a locked file in a local folder. */
    static final String CLAIM_LEASE = CLAIMS_FOLDER + "/lease";
    /** The intent of a local claimer, beside its lease (on S3 the intent is inside the lease object). */
    static final String CLAIM_INTENT = CLAIMS_FOLDER + "/intent";
    /** Reserved top-level folder of a local bucket for writes in progress; not part of the key space. */
    static final String TEMP_FOLDER = ".bucket-tmp";

    private static final String PROCESSED = "processed/";
    private static final String INVALID_DATA = "invalid-data/";
    private static final String INPUT = "input/";
    private static final String STAGING = "staging/";
    private static final String RESERVED_IN_RUNS = "_";
    private static final int MAX_RUN_ID_LENGTH = 128;

    private BucketLayout() {
    }

    /** {@code landing-data/<relativePath>}: a landing file by its path below landing. */
    public static String landing(String relativePath) {
        return LANDING + relativePath;
    }

    /** {@code runs/<runId>/}: everything a run owns while it is in progress. */
    public static String run(String runId) {
        return RUNS + requireRunId(runId) + "/";
    }

    /** {@code runs/<runId>/input/}: the batch a run claimed. */
    public static String runInput(String runId) {
        return run(runId) + INPUT;
    }

    /** {@code runs/<runId>/input/<relativePath>}: a claimed file, at its path below landing. */
    public static String runInput(String runId, String relativePath) {
        return runInput(runId) + relativePath;
    }

    /** {@code runs/<runId>/manifest.properties}: what the run's claim took. */
    public static String manifest(String runId) {
        return run(runId) + "manifest.properties";
    }

    /** {@code runs/<runId>/outcome.properties}: where the run stands. */
    public static String outcome(String runId) {
        return run(runId) + "outcome.properties";
    }

    /** {@code runs/<runId>/report.json}: the data-quality report of a run. */
    public static String report(String runId) {
        return run(runId) + "report.json";
    }

    /** {@code runs/<runId>/report.html}: the report as a self-contained page, beside {@link #report}. */
    public static String reportPage(String runId) {
        return run(runId) + "report.html";
    }

    /** {@code runs/<runId>/staging/<typeFolder>/}: what a file type's validate step staged. */
    public static String staging(String runId, String typeFolder) {
        return run(runId) + STAGING + ObjectKey.requireSegment(typeFolder, "file type folder") + "/";
    }

    /**
     * {@code runs/<runId>/staging/<typeFolder>/partition-NNNNNN/}: what one partition of a partitioned validate step
     * staged (its parts, tally and failure), before the step's partitions are combined into the type's own parts.
     */
    public static String partitionStaging(String runId, String typeFolder, int partition) {
        return staging(runId, typeFolder) + String.format("partition-%06d/", partition);
    }

    /** {@code runs/<runId>/staging/<typeFolder>/partitions.properties}: a partitioned step's plan, kept for restarts. */
    public static String partitionPlan(String runId, String typeFolder) {
        return staging(runId, typeFolder) + "partitions.properties";
    }

    /** {@code .../partition-NNNNNN/accepted-NNNNNN.bin}: the accepted rows of one chunk of one partition. */
    public static String partitionAcceptedPart(String runId, String typeFolder, int partition, int part) {
        return partitionStaging(runId, typeFolder, partition) + acceptedName(part);
    }

    /** {@code .../partition-NNNNNN/rejected-NNNNNN.csv}: the rejected rows of one chunk of one partition. */
    public static String partitionRejectedPart(String runId, String typeFolder, int partition, int part) {
        return partitionStaging(runId, typeFolder, partition) + rejectedName(part);
    }

    /** {@code .../partition-NNNNNN/positions-NNNNNN.bin}: where each accepted row of a partition's chunk starts. */
    public static String partitionPositionsPart(String runId, String typeFolder, int partition, int part) {
        return partitionStaging(runId, typeFolder, partition) + String.format("positions-%06d.bin", part);
    }

    /** {@code .../partition-NNNNNN/tally-}: the prefix of a partition's tallies, one per count of its parts. */
    public static String partitionTallyPrefix(String runId, String typeFolder, int partition) {
        return partitionStaging(runId, typeFolder, partition) + "tally-";
    }

    /** {@code .../partition-NNNNNN/tally-NNNNNN.properties}: a partition's tally once {@code parts} parts are staged. */
    public static String partitionTally(String runId, String typeFolder, int partition, int parts) {
        return partitionTallyPrefix(runId, typeFolder, partition) + String.format("%06d.properties", parts);
    }

    /** {@code .../partition-NNNNNN/failure.properties}: why a partition could not read its range. */
    public static String partitionFailure(String runId, String typeFolder, int partition) {
        return partitionStaging(runId, typeFolder, partition) + "failure.properties";
    }

    /** {@code runs/<runId>/staging/<typeFolder>/accepted-NNNNNN.bin}: the accepted rows of one chunk. */
    public static String acceptedPart(String runId, String typeFolder, int part) {
        return staging(runId, typeFolder) + acceptedName(part);
    }

    /** {@code runs/<runId>/staging/<typeFolder>/rejected-NNNNNN.csv}: the rejected rows of one chunk. */
    public static String rejectedPart(String runId, String typeFolder, int part) {
        return staging(runId, typeFolder) + rejectedName(part);
    }

    private static String acceptedName(int part) {
        return String.format("accepted-%06d.bin", part);
    }

    private static String rejectedName(int part) {
        return String.format("rejected-%06d.csv", part);
    }

    /** {@code runs/<runId>/staging/<typeFolder>/tally.properties}: a file type's step totals. */
    public static String tally(String runId, String typeFolder) {
        return staging(runId, typeFolder) + "tally.properties";
    }

    /** {@code runs/<runId>/staging/versions/}: the aggregate step's parts; their keys sort in part order. */
    public static String versions(String runId) {
        return run(runId) + STAGING + "versions/";
    }

    /** {@code runs/<runId>/staging/versions/part-NNNNNN.bin}: one part of the aggregate step. */
    public static String versionsPart(String runId, int part) {
        return versions(runId) + String.format("part-%06d.bin", part);
    }

    /** {@code invalid-data/<runId>/}: rejected rows, and the whole batch when it fails. */
    public static String invalidData(String runId) {
        return INVALID_DATA + requireRunId(runId) + "/";
    }

    /**
     * {@code invalid-data/<runId>/<relativePath>}: a rejected batch's file, or the reject archive of a file, at its
     * path below landing.
     */
    public static String invalidData(String runId, String relativePath) {
        return invalidData(runId) + relativePath;
    }

    /**
     * {@code invalid-data/<runId>/input/}: the batch of a run whose job failed after its retries, archived by
     * {@code pipeline archive-failed}. Reject archives keep the path below {@code landing-data/}, which always starts
     * with a file type's folder or file name, so they never land in here.
     */
    public static String invalidInput(String runId) {
        return invalidData(runId) + INPUT;
    }

    /** {@code invalid-data/<runId>/input/<relativePath>}: a file of a failed run's batch, at its path below landing. */
    public static String invalidInput(String runId, String relativePath) {
        return invalidInput(runId) + relativePath;
    }

    /** {@code processed/<runId>/}: the inputs of a successful run. */
    public static String processed(String runId) {
        return PROCESSED + requireRunId(runId) + "/";
    }

    /** {@code processed/<runId>/<relativePath>}: an input of a successful run, at its path below landing. */
    public static String processed(String runId, String relativePath) {
        return processed(runId) + relativePath;
    }

    /**
     * Returns {@code runId} when it can name a run: one key segment of letters, digits, {@code .}, {@code _}
     * or {@code -}, at most 128 characters, not starting with {@code _} (names under {@code runs/} that do are the
     * pipeline's own, such as {@link #JOB_REPOSITORY_SPILL}). Run ids end up in keys, table rows and log lines, so
     * anything fancier is refused early.
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
        if (runId.startsWith(RESERVED_IN_RUNS)) {
            throw new IllegalArgumentException("invalid run id '" + runId + "': it starts with '" + RESERVED_IN_RUNS
                    + "', which is reserved for the pipeline's own folders under " + RUNS + " (such as "
                    + JOB_REPOSITORY_SPILL + "/)");
        }
        return runId;
    }
}
