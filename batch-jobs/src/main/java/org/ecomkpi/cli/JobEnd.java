package org.ecomkpi.cli;

import jakarta.batch.runtime.BatchStatus;

import org.ecomkpi.jberet.LaunchResult;

/** How a job of a run ended, as the command line reports it (the jobs' exit statuses, SPEC section 6). */
enum JobEnd {
    /** validate found no complete batch in landing-data and left the files where they are. */
    NO_BATCH(ExitCode.SUCCESS),
    /** validate accepted the batch: transform may run. */
    VALIDATED(ExitCode.SUCCESS),
    /** validate failed the whole batch and archived it to invalid-data. */
    REJECTED(ExitCode.BATCH_REJECTED),
    /** transform found a run validate never accepted. */
    NOT_VALIDATED(ExitCode.BATCH_REJECTED),
    /** transform merged the KPIs and archived the inputs. */
    PROCESSED(ExitCode.SUCCESS),
    /** the job execution stopped at a checkpoint on request: restart it with the same run id. */
    STOPPED(ExitCode.STOPPED),
    /** the job execution failed: restart it with the same run id once the cause is fixed. */
    FAILED(ExitCode.INFRASTRUCTURE);

    private final ExitCode exitCode;

    JobEnd(ExitCode exitCode) {
        this.exitCode = exitCode;
    }

    ExitCode exitCode() {
        return exitCode;
    }

    static JobEnd of(LaunchResult result) {
        if (result.batchStatus() == BatchStatus.STOPPED) {
            return STOPPED;
        }
        if (result.batchStatus() != BatchStatus.COMPLETED) {
            return FAILED;
        }
        for (JobEnd end : values()) {
            if (end != FAILED && end != STOPPED && end.name().equals(result.exitStatus())) {
                return end;
            }
        }
        // a completed job with an exit status the jobs never set: a job definition this CLI does not know
        throw new IllegalStateException("job " + result.jobName() + " of run " + result.runId()
                + " completed with unexpected exit status " + result.exitStatus());
    }
}
