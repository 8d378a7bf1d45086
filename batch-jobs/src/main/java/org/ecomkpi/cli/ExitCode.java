package org.ecomkpi.cli;

/** The process exit codes of SPEC section 7. */
public enum ExitCode {
    /** The command did what was asked, including "nothing to process". */
    SUCCESS(0),
    /** The batch was rejected as a whole (schema error, unreadable file, reject ratio), or was never validated. */
    BATCH_REJECTED(1),
    /** The command line was wrong: unknown option, missing or bad value. */
    USAGE(2),
    /** Something outside the data failed: a job, the bucket, the store, the disk. */
    INFRASTRUCTURE(3),
    /** The job stopped at a checkpoint when asked to (SIGTERM, Ctrl-C): the same command and run id restart it. */
    STOPPED(4);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
