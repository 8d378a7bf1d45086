package org.ecomkpi.jberet;

/** What {@link JobLauncher#startOrRestart} did for a run. */
public enum Launch {
    /** No execution of the job carried this run id: a new job instance was started. */
    STARTED,
    /** The run's last execution had failed, stopped, or died with its JVM: it was restarted from its checkpoints. */
    RESTARTED,
    /** The run's last execution had completed: nothing was run again. */
    ALREADY_COMPLETED
}
