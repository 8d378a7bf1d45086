package org.ecomkpi.jberet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.batch.operations.JobOperator;
import jakarta.batch.operations.NoSuchJobException;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.batch.runtime.JobInstance;

import org.ecomkpi.logging.ConsoleLogging;
import org.ecomkpi.logging.RunContext;
import org.ecomkpi.run.LeaseLostException;
import org.ecomkpi.store.H2Database;
import org.h2.jdbcx.JdbcConnectionPool;
import org.jberet.operations.JobOperatorImpl;
import org.jberet.repository.JdbcRepository;
import org.jberet.repository.JobRepository;
import org.jberet.runtime.JobExecutionImpl;
import org.jberet.spi.JobOperatorContext;
import org.jberet.spi.PropertyKey;

/**
 * Runs Jakarta Batch jobs in this JVM with "start or restart" semantics keyed by a run id.
 *
 * <pre>{@code
 * try (JobLauncher launcher = JobLauncher.onH2(Path.of(".pipeline/store"))) {
 *     LaunchResult result = launcher.startOrRestart("validate", runId, new Properties());
 * }
 * }</pre>
 *
 * <p>The run id is stored as the job parameter {@value #RUN_ID}; job XML reads it as
 * {@code #{jobParameters['runId']}}.
 *
 * <p>An execution the repository shows as STARTING, STARTED or STOPPING that this launcher is not running may belong to
 * a JVM that died (SIGKILL, OOM, lost container) or to one still running elsewhere; the repository's
 * {@link ExecutionLeases} tell which. An orphaned one is marked FAILED and restarted from its last checkpoint. With
 * {@link #onH2} nothing else can be running it (H2's file lock); on a repository other processes share
 * ({@link #on(ExecutionLeases)}, the DynamoDB one) the running process renews a lease on it, and the launcher waits
 * while the lease is fresh: for the execution to end, or its lease to expire.
 */
public final class JobLauncher implements AutoCloseable {

    /** The job parameter that carries the run id. */
    public static final String RUN_ID = "runId";
    /** How long an execution whose lease was lost may take to end by itself before the launcher stops waiting. */
    private static final Duration LOST_LEASE_GRACE = Duration.ofSeconds(10);

    private final PipelineBatchEnvironment environment;
    private final JobOperatorImpl operator;
    private final JobOperatorContext operatorContext;
    private final AutoCloseable resources;
    private final ExecutionLeases leases;
    private final JobRepository repository;
    private final Set<Long> runningHere = ConcurrentHashMap.newKeySet();
    private final Object launching = new Object();

    private JobLauncher(JobRepository repository, ExecutionLeases leases, AutoCloseable resources) {
        ConsoleLogging.routeLibraries();
        this.environment = new PipelineBatchEnvironment(repository);
        this.operator = new JobOperatorImpl(environment);
        this.resources = resources;
        this.leases = leases;
        this.repository = repository;
        // BatchRuntime.getJobOperator() and @Inject JobOperator must reach this repository, not a default in-memory one
        this.operatorContext = JobOperatorContext.create(operator);
        JobOperatorContext.setJobOperatorContextSelector(() -> operatorContext);
    }

    /**
     * A launcher whose JBeret JDBC job repository lives in the H2 file {@code database} (created if absent).
     * Closing the launcher closes the database.
     */
    public static JobLauncher onH2(Path database) {
        ConsoleLogging.routeLibraries();
        H2Database h2 = new H2Database(database);
        try {
            Files.createDirectories(h2.file().getParent());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create the folder of the job repository " + h2.file(), e);
        }
        JdbcConnectionPool pool = h2.openPool();
        try {
            return new JobLauncher(new JdbcRepository(pool, new Properties()), ExecutionLeases.heldByStoreLock(),
                    pool::dispose);
        } catch (RuntimeException e) {
            pool.dispose();
            if (H2Database.inUseByAnotherProcess(e)) {
                throw new IllegalStateException("the job repository " + h2.file() + ".mv.db is in use by another"
                        + " process; runs on one H2 store go one at a time", e);
            }
            throw e;
        }
    }

    /**
     * A launcher on a job repository that other live processes share and that tells, through its leases, which of
     * their executions are orphaned: the DynamoDB one. Closing the launcher closes the repository (its heartbeats).
     *
     * <pre>{@code
     * try (JobLauncher launcher = JobLauncher.on(new DynamoDbJobRepository(dynamo, s3,
     *         DynamoDbRepositorySettings.from(settings, Optional.empty())))) {
     *     LaunchResult result = launcher.startOrRestart("validate", runId, new Properties());
     * }
     * }</pre>
     */
    public static <R extends ExecutionLeases & JobRepository & AutoCloseable> JobLauncher on(R repository) {
        return new JobLauncher(repository, repository, repository);
    }

    /**
     * A launcher on a repository the caller owns (and closes), which no other live process uses: an unfinished
     * execution this launcher is not running is taken for an orphan.
     */
    public static JobLauncher on(JobRepository repository) {
        return new JobLauncher(repository, ExecutionLeases.heldByStoreLock(), () -> { });
    }

    /**
     * Runs job {@code jobName} for run {@code runId} to its end and reports how it ended:
     * <ul>
     * <li>no execution of this job carries the run id: start a new job instance;</li>
     * <li>the run's last execution COMPLETED: do nothing;</li>
     * <li>it FAILED or STOPPED: restart it (chunk steps resume from their last checkpoint);</li>
     * <li>it is STARTING/STARTED/STOPPING but not running here and its process is gone: mark it FAILED and restart
     * it;</li>
     * <li>it is running in this launcher: wait for it;</li>
     * <li>it is running in another live process: wait up to {@link ExecutionLeases#patience()} for it to end or for
     * its process to be gone, then decide again; throws {@link IllegalStateException} when it is still running;</li>
     * <li>it was ABANDONED: throw {@link RunRefusedException}; an abandoned run is never started again.</li>
     * </ul>
     * {@code parameters} are the job parameters; on a restart they override the original ones.
     */
    public LaunchResult startOrRestart(String jobName, String runId, Properties parameters) {
        Properties jobParameters = new Properties();
        jobParameters.putAll(parameters);
        jobParameters.setProperty(RUN_ID, runId);

        // what JBeret and Weld log while launching says which run and job; the job's thread is told by the environment
        try (RunContext.Scope scope = RunContext.enter(runId, jobName)) {
            Launched launched = launchOrWait(jobName, runId, jobParameters);
            if (launched.launch() == Launch.ALREADY_COMPLETED) {
                return result(jobName, runId, launched.executionId(), Launch.ALREADY_COMPLETED);
            }
            try {
                await(launched.executionId());
                return result(jobName, runId, launched.executionId(), launched.launch());
            } finally {
                runningHere.remove(launched.executionId());
            }
        }
    }

    /** What one look at the run decided. */
    private sealed interface Decision {
    }

    private record Launched(long executionId, Launch launch) implements Decision {
    }

    /** Another process runs the run's last execution, or is deciding about the run right now. */
    private record Busy(String what) implements Decision {
    }

    /** The last execution changed while we looked: look again. */
    private record LookAgain() implements Decision {
    }

    private Launched launchOrWait(String jobName, String runId, Properties jobParameters) {
        long deadline = System.nanoTime() + leases.patience().toNanos();
        while (true) {
            Decision decision = claimedLaunch(jobName, runId, jobParameters);
            if (decision instanceof Launched launched) {
                return launched;
            }
            if (decision instanceof Busy busy && System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("job " + jobName + " of run " + runId + " is running in another process"
                        + " (" + busy.what() + ") after waiting " + leases.patience().toSeconds()
                        + " s; not starting it a second time");
            }
            if (decision instanceof Busy) {
                pause(leases.pollInterval());
            }
        }
    }

    // look-up and launch are one step, or two threads (or, on a shared store, two processes) could launch the same
    // run twice
    private Decision claimedLaunch(String jobName, String runId, Properties jobParameters) {
        synchronized (launching) {
            Optional<ExecutionLeases.LaunchClaim> claim = leases.claimLaunch(jobName, runId);
            if (claim.isEmpty()) {
                return new Busy("another process is launching it");
            }
            try (ExecutionLeases.LaunchClaim held = claim.get()) {
                return launch(jobName, runId, jobParameters);
            }
        }
    }

    private static void pause(Duration interval) {
        try {
            Thread.sleep(Math.max(1, interval.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a run executing in another process", e);
        }
    }

    private Decision launch(String jobName, String runId, Properties jobParameters) {
        try {
            return decide(jobName, runId, jobParameters);
        } catch (RuntimeException e) {
            if (causedBy(e, LaunchClaimLostException.class)) {
                return new Busy("another launcher claimed the run while this one was deciding");
            }
            throw e;
        }
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private Decision decide(String jobName, String runId, Properties jobParameters) {
        Optional<JobExecution> last = lastExecutionOfRun(jobName, runId);
        if (last.isEmpty()) {
            return running(operator.start(jobName, jobParameters), Launch.STARTED);
        }
        long previous = last.get().getExecutionId();
        return switch (last.get().getBatchStatus()) {
            case COMPLETED -> new Launched(previous, Launch.ALREADY_COMPLETED);
            case FAILED, STOPPED -> running(operator.restart(previous, jobParameters), Launch.RESTARTED);
            case ABANDONED -> throw new RunRefusedException("job " + jobName + " of run " + runId + " was abandoned"
                    + " (execution " + previous + "); an abandoned run is never started or restarted again");
            case STARTING, STARTED, STOPPING -> {
                if (runningHere.contains(previous)) {
                    yield new Launched(previous, Launch.STARTED);
                }
                ExecutionLeases.Takeover takeover = leases.takeOverIfOrphaned(previous);
                if (takeover instanceof ExecutionLeases.Takeover.RunningElsewhere holder) {
                    yield new Busy("execution " + previous + " held by " + holder.owner() + ", last heartbeat "
                            + holder.sinceHeartbeat().toMillis() + " ms ago");
                }
                if (takeover instanceof ExecutionLeases.Takeover.Changed) {
                    yield new LookAgain();
                }
                // orphaned. Not JBeret's "detect" mode: it guesses from whether its cached job instance holds a
                // loaded job definition, which depends on what this JVM ran before; the leases know
                jobParameters.setProperty(PropertyKey.RESTART_MODE, PropertyKey.RESTART_MODE_FORCE);
                yield running(operator.restart(previous, jobParameters), Launch.RESTARTED);
            }
        };
    }

    private Launched running(long executionId, Launch launch) {
        runningHere.add(executionId);
        return new Launched(executionId, launch);
    }

    /**
     * Asks every execution this launcher runs to stop: chunk steps stop at their next checkpoint, and the job ends
     * STOPPED, restartable from there. Returns at once.
     */
    public void stopRunning() {
        for (long executionId : runningHere) {
            stopQuietly(executionId);
        }
    }

    private void stopQuietly(long executionId) {
        try {
            operator.stop(executionId);
        } catch (RuntimeException e) {
            // it ended meanwhile, or is not running: nothing to stop
        }
    }

    /**
     * Asks the run's running execution of {@code jobName} to stop at its next checkpoint, ending STOPPED and
     * restartable; on a shared repository the process running it (on this or another machine) sees the request within
     * a heartbeat. Returns the execution's id; throws {@link RunRefusedException} when it is not running, or when it
     * is unfinished on a store no other process can hold (its process is gone).
     */
    public long requestStop(String jobName, String runId) {
        JobExecution last = lastExecutionOfRun(jobName, runId).orElseThrow(() -> new RunRefusedException(
                "run " + runId + " has no execution of job " + jobName + " to stop"));
        long executionId = last.getExecutionId();
        BatchStatus status = last.getBatchStatus();
        if (status != BatchStatus.STARTING && status != BatchStatus.STARTED && status != BatchStatus.STOPPING) {
            throw new RunRefusedException("job " + jobName + " of run " + runId + " is not running: it is " + status
                    + " (execution " + executionId + ")");
        }
        if (!runningHere.contains(executionId) && !leases.shared()) {
            throw new RunRefusedException("job " + jobName + " of run " + runId + " shows " + status + " (execution "
                    + executionId + ") but no process is running it: the one that was died; a restart goes on from"
                    + " its last checkpoint, or 'pipeline runs abandon " + runId + "' gives it up");
        }
        if (status != BatchStatus.STOPPING) {
            operator.stop(executionId);
        }
        return executionId;
    }

    /**
     * Abandons the run's last execution of {@code jobName} so that it is never restarted: it must have FAILED or
     * STOPPED, or be unfinished with its process gone (an execution whose lease expired; on H2 any unfinished one, as
     * no other process can hold the store). Returns the abandoned execution's id; throws {@link RunRefusedException}
     * when the run never ran the job, or its last execution completed, is running, or was abandoned already.
     */
    public long abandon(String jobName, String runId) {
        synchronized (launching) {
            Optional<ExecutionLeases.LaunchClaim> claim = leases.claimLaunch(jobName, runId);
            if (claim.isEmpty()) {
                throw new RunRefusedException("job " + jobName + " of run " + runId + " is being launched by another"
                        + " process; not abandoning it");
            }
            try (ExecutionLeases.LaunchClaim held = claim.get()) {
                return abandonLast(jobName, runId);
            }
        }
    }

    private long abandonLast(String jobName, String runId) {
        JobExecution last = lastExecutionOfRun(jobName, runId).orElseThrow(() -> new RunRefusedException(
                "run " + runId + " has no execution of job " + jobName + " to abandon"));
        long executionId = last.getExecutionId();
        switch (last.getBatchStatus()) {
            case COMPLETED, ABANDONED -> throw new RunRefusedException("job " + jobName + " of run " + runId + " is "
                    + last.getBatchStatus() + " (execution " + executionId + "); there is nothing to abandon");
            case STARTING, STARTED, STOPPING -> {
                if (runningHere.contains(executionId)) {
                    throw running(jobName, runId, executionId, "in this process");
                }
                ExecutionLeases.Takeover takeover = leases.takeOverIfOrphaned(executionId);
                if (takeover instanceof ExecutionLeases.Takeover.RunningElsewhere holder) {
                    throw running(jobName, runId, executionId, "held by " + holder.owner() + ", last heartbeat "
                            + holder.sinceHeartbeat().toSeconds() + " s ago");
                }
                if (takeover instanceof ExecutionLeases.Takeover.Changed) {
                    throw new RunRefusedException("job " + jobName + " of run " + runId + " changed while it was being"
                            + " abandoned (execution " + executionId + "); look at it again");
                }
                markFailed(executionId);
            }
            default -> {
                // FAILED, STOPPED: dead, and restartable until abandoned
            }
        }
        operator.abandon(executionId);
        return executionId;
    }

    private static RunRefusedException running(String jobName, String runId, long executionId, String where) {
        return new RunRefusedException("job " + jobName + " of run " + runId + " is running (execution " + executionId
                + ", " + where + "); only a dead execution is abandoned: stop it first");
    }

    // an orphan a store lock vouches for (H2) is still STARTED in the repository; a lease takeover marked it FAILED
    private void markFailed(long executionId) {
        JobExecutionImpl execution = (JobExecutionImpl) operator.getJobExecution(executionId);
        BatchStatus status = execution.getBatchStatus();
        if (status == BatchStatus.STARTING || status == BatchStatus.STARTED || status == BatchStatus.STOPPING) {
            execution.setBatchStatus(BatchStatus.FAILED);
            repository.updateJobExecution(execution, false, false);
        }
    }

    /** Every execution of the run, oldest first (empty when the run never ran this job). */
    public List<JobExecution> executionsOfRun(String jobName, String runId) {
        return instanceOfRun(jobName, runId)
                .map(operator::getJobExecutions)
                .orElse(List.of());
    }

    /** The JBeret job operator on this launcher's repository, for inspection (step metrics, executions). */
    public JobOperator operator() {
        return operator;
    }

    private Optional<JobExecution> lastExecutionOfRun(String jobName, String runId) {
        List<JobExecution> executions = executionsOfRun(jobName, runId);
        return executions.isEmpty() ? Optional.empty() : Optional.of(executions.get(executions.size() - 1));
    }

    // The newest instance wins (launchers before abandoned runs were refused gave an abandoned run a second one).
    private Optional<JobInstance> instanceOfRun(String jobName, String runId) {
        if (repository instanceof RunIndex index) {
            OptionalLong newest = index.newestInstanceOfRun(jobName, runId);
            return newest.isEmpty() ? Optional.empty()
                    : Optional.ofNullable(repository.getJobInstance(newest.getAsLong()));
        }
        // a repository without a run index (H2's, which one process at a time opens): look through the job's instances
        List<JobInstance> instances;
        try {
            instances = operator.getJobInstances(jobName, 0, Integer.MAX_VALUE);
        } catch (NoSuchJobException e) {
            return Optional.empty();
        }
        return instances.stream()
                .sorted(Comparator.comparingLong(JobInstance::getInstanceId).reversed())
                .filter(instance -> carriesRun(instance, runId))
                .findFirst();
    }

    private boolean carriesRun(JobInstance instance, String runId) {
        List<JobExecution> executions = operator.getJobExecutions(instance);
        // every execution of an instance inherits the first one's parameters
        return !executions.isEmpty() && runId.equals(executions.get(0).getJobParameters().getProperty(RUN_ID));
    }

    /**
     * Waits for the execution to end. When this process lost its lease meanwhile (another process took the run over:
     * this one was paused past its lease), the repository refuses every write of the execution, so it may never be
     * seen to end: after a short grace the wait gives up and throws {@link LeaseLostException}.
     */
    private void await(long executionId) {
        JobExecutionImpl execution = (JobExecutionImpl) operator.getJobExecution(executionId);
        CountDownLatch ended = new CountDownLatch(1);
        Thread waiter = new Thread(() -> {
            try {
                execution.awaitTermination(0, TimeUnit.SECONDS); // 0: no time limit
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ended.countDown();
        }, "await-job-execution-" + executionId);
        waiter.setDaemon(true);
        waiter.start();
        long lostAt = 0;
        boolean stopAsked = false;
        try {
            while (!ended.await(1, TimeUnit.SECONDS)) {
                if (!stopAsked && leases.stopRequested(executionId)) {
                    // 'runs stop' in another process: stop here as on SIGTERM, at the next checkpoint
                    stopAsked = true;
                    stopQuietly(executionId);
                }
                if (!leases.lostLease(executionId)) {
                    continue;
                }
                long now = System.nanoTime();
                lostAt = lostAt == 0 ? now : lostAt;
                if (now - lostAt > LOST_LEASE_GRACE.toNanos()) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while job execution " + executionId + " was running", e);
        }
        if (leases.lostLease(executionId)) {
            throw new LeaseLostException("job execution " + executionId + " lost its lease to another process (this"
                    + " one was paused or cut off past its lease); that process goes on with the run, and every"
                    + " write of this one after the loss was refused");
        }
    }

    private LaunchResult result(String jobName, String runId, long executionId, Launch launch) {
        JobExecution execution = operator.getJobExecution(executionId);
        BatchStatus status = execution.getBatchStatus();
        String exitStatus = execution.getExitStatus() == null ? status.name() : execution.getExitStatus();
        long instanceId = operator.getJobInstance(executionId).getInstanceId();
        return new LaunchResult(jobName, runId, instanceId, executionId, status, exitStatus, launch);
    }

    @Override
    public void close() {
        JobOperatorContext.setJobOperatorContextSelector(null);
        environment.shutdown();
        try {
            resources.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot close the job repository", e);
        }
    }
}
