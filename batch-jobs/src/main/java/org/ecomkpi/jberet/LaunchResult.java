package org.ecomkpi.jberet;

import jakarta.batch.runtime.BatchStatus;

/**
 * The outcome of {@link JobLauncher#startOrRestart}: the job execution that ran (or had already completed) for a run.
 *
 * @param jobName     the job XML name (= job id)
 * @param runId       the run the execution belongs to
 * @param instanceId  the job instance of the run
 * @param executionId the execution that ran, or the completed one found
 * @param batchStatus its final batch status
 * @param exitStatus  its exit status (the batch status name when the job set none)
 * @param launch      whether it was started, restarted, or found already completed
 */
public record LaunchResult(String jobName, String runId, long instanceId, long executionId,
                           BatchStatus batchStatus, String exitStatus, Launch launch) {

    public boolean completed() {
        return batchStatus == BatchStatus.COMPLETED;
    }
}
