package org.ecomkpi.jberet;

import java.time.Duration;
import java.util.Optional;

/**
 * How a launcher tells an unfinished job execution (STARTING, STARTED, STOPPING) whose process died from one that is
 * still running in another process. The repository records which process runs an execution; a launcher that finds an
 * unfinished execution it is not running itself asks {@link #takeOverIfOrphaned} before restarting it.
 */
public interface ExecutionLeases {

    /**
     * Claims the right to decide, for a short while, what to launch for run {@code runId} of job {@code jobName}:
     * look up its last execution, then start, restart or leave it. Empty while another process holds the claim.
     * Closing the claim releases it; a claim never released expires by itself.
     */
    Optional<LaunchClaim> claimLaunch(String jobName, String runId);

    /**
     * Takes over execution {@code executionId} if its process is gone: afterwards the repository shows it FAILED and
     * exactly one caller got {@link Takeover.Orphaned}, so exactly one launcher restarts it.
     */
    Takeover takeOverIfOrphaned(long executionId);

    /** How long a launcher waits for an execution running elsewhere to end or to be orphaned before giving up. */
    Duration patience();

    /** How often a waiting launcher looks again. */
    Duration pollInterval();

    /** Whether this process lost the lease of an execution it started: another process took the run over. */
    default boolean lostLease(long executionId) {
        return false;
    }

    /**
     * Whether another process asked, through the repository, that execution {@code executionId}, which this process
     * runs, stop (it shows STOPPING there): the launcher then stops it at its next checkpoint.
     */
    default boolean stopRequested(long executionId) {
        return false;
    }

    /**
     * Whether other live processes share the repository, so that an unfinished execution may be running elsewhere
     * and can be asked to stop through it; false for a store one process opens at a time.
     */
    default boolean shared() {
        return false;
    }

    /** Held while a launcher decides about a run; see {@link #claimLaunch}. */
    interface LaunchClaim extends AutoCloseable {
        @Override
        void close();
    }

    /** What {@link #takeOverIfOrphaned} found. */
    sealed interface Takeover {

        /** The execution's process is gone; it is now FAILED and the caller restarts it. */
        record Orphaned() implements Takeover {
        }

        /**
         * Another live process runs the execution.
         *
         * @param owner          the process holding it
         * @param sinceHeartbeat how long ago that process last showed it is alive
         */
        record RunningElsewhere(String owner, Duration sinceHeartbeat) implements Takeover {
        }

        /** The execution changed between reading and taking over (it ended, or another launcher took it over). */
        record Changed() implements Takeover {
        }
    }

    /**
     * For a store only one process can open at a time (an H2 file): an unfinished execution this launcher is not running
     * can only belong to a process that died, so it is always orphaned. JBeret's forced restart marks it FAILED.
     * Launches need no claim: the launcher serializes its own threads, and no other process can open the store.
     */
    static ExecutionLeases heldByStoreLock() {
        return new ExecutionLeases() {
            @Override
            public Optional<LaunchClaim> claimLaunch(String jobName, String runId) {
                return Optional.of(() -> { });
            }

            @Override
            public Takeover takeOverIfOrphaned(long executionId) {
                return new Takeover.Orphaned();
            }

            @Override
            public Duration patience() {
                return Duration.ZERO;
            }

            @Override
            public Duration pollInterval() {
                return Duration.ZERO;
            }
        };
    }
}
