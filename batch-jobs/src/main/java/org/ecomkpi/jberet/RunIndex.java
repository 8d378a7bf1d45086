package org.ecomkpi.jberet;

import java.util.OptionalLong;

/**
 * A job repository that indexes job instances by run id, so a launcher finds a run's executions with one read instead
 * of looking through every instance the job ever had.
 */
public interface RunIndex {

    /** The newest job instance of job {@code jobName} that ran for {@code runId}; empty when the run never ran it. */
    OptionalLong newestInstanceOfRun(String jobName, String runId);
}
