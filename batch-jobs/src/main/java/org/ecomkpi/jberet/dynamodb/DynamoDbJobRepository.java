package org.ecomkpi.jberet.dynamodb;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.batch.runtime.JobExecution;
import jakarta.batch.runtime.JobInstance;
import jakarta.batch.runtime.StepExecution;

import org.ecomkpi.jberet.ExecutionLeases;
import org.ecomkpi.jberet.RunIndex;
import org.ecomkpi.run.WriteFence;
import org.jberet.job.model.Job;
import org.jberet.repository.ApplicationAndJobName;
import org.jberet.repository.JobExecutionSelector;
import org.jberet.repository.JobRepository;
import org.jberet.runtime.AbstractStepExecution;
import org.jberet.runtime.JobExecutionImpl;
import org.jberet.runtime.JobInstanceImpl;
import org.jberet.runtime.PartitionExecutionImpl;
import org.jberet.runtime.StepExecutionImpl;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * JBeret's job repository kept in one DynamoDB table, so that a job restarted in a new container (a retried ECS task)
 * resumes from the checkpoints the killed one committed, with no database server to run.
 *
 * <p>The table's items are laid out in {@link TableKeys} and encoded by {@link ItemCodec}, with attribute names from
 * {@link ItemAttributes}. Everything about an instance sits in one partition, read with strongly consistent queries; no
 * index is eventually consistent. Checkpoints above {@link DynamoDbRepositorySettings#spillAboveBytes()} go to S3
 * ({@link CheckpointStore}).
 *
 * <p>No execution state is cached (jberet/jsr352#87: a cache filled by an earlier process hands a restart stale
 * checkpoints): reads go to DynamoDB, with two exceptions that cannot go stale — the {@link JobExecutionImpl}s this
 * process created, which JBeret's runtime keeps mutating and waits on, and immutable facts such as which instance an
 * execution belongs to ({@link ExecutionLocations}).
 *
 * <p>Every execution this process creates is leased to it, and every write to it fenced by that lease: see
 * {@link LeaseKeeper}. {@link #check()} refuses once a lease was lost or may have run out.
 *
 * <p>This class is the seam JBeret and our launcher see, and builds its parts, one job each: job instances
 * ({@link JobInstances}), job executions ({@link JobExecutions}), step and partition executions
 * ({@link StepExecutions}), their saved progress ({@link ProgressWrites}), and leases ({@link LeaseKeeper}). Job
 * definitions stay in memory, as in every JBeret repository.
 */
public final class DynamoDbJobRepository implements JobRepository, ExecutionLeases, RunIndex, WriteFence,
        AutoCloseable {

    private final JobRepositoryTable table;
    private final DynamoDbRepositorySettings settings;
    private final LeaseKeeper leases;
    private final ExecutionLocations locations;
    private final JobInstances instances;
    private final JobExecutions executions;
    private final StepExecutions steps;
    private final ProgressWrites progress;

    /** Job definitions loaded in this process: JBeret's in-memory job cache, not repository state. */
    private final Map<ApplicationAndJobName, Job> jobs = new ConcurrentHashMap<>();

    /**
     * A repository on an existing table (see {@link #createTableIfMissing()}), renewing leases through the same
     * client. The clients stay the caller's; {@link #close()} stops the heartbeats.
     */
    public DynamoDbJobRepository(DynamoDbClient dynamo, S3Client s3, DynamoDbRepositorySettings settings) {
        this(dynamo, dynamo, s3, settings, LeaseClock.system());
    }

    /**
     * A repository renewing its leases through {@code heartbeatDynamo}: a client of its own, with timeouts shorter
     * than the heartbeat interval ({@code AwsClients.heartbeats}), so a beat is never stuck behind slow calls.
     */
    public DynamoDbJobRepository(DynamoDbClient dynamo, DynamoDbClient heartbeatDynamo, S3Client s3,
                                 DynamoDbRepositorySettings settings) {
        this(dynamo, heartbeatDynamo, s3, settings, LeaseClock.system());
    }

    /**
     * A repository that reads the time from {@code clock}: heartbeats, lease expiry, launch claims and update times.
     * Tests pass a clock they move by hand instead of waiting for a lease to run out.
     */
    public DynamoDbJobRepository(DynamoDbClient dynamo, DynamoDbClient heartbeatDynamo, S3Client s3,
                                 DynamoDbRepositorySettings settings, LeaseClock clock) {
        this.table = new JobRepositoryTable(dynamo, settings.table());
        this.settings = settings;
        CheckpointStore checkpoints = new CheckpointStore(s3, settings);
        ItemCodec codec = new ItemCodec(settings.table(), checkpoints);
        this.leases = new LeaseKeeper(table, heartbeatDynamo, settings, clock);
        this.locations = new ExecutionLocations(table);
        this.instances = new JobInstances(table, jobs);
        this.executions = new JobExecutions(table, codec, clock, leases, locations, instances);
        this.steps = new StepExecutions(table, codec, leases, locations);
        this.progress = new ProgressWrites(codec, checkpoints, leases, locations);
    }

    /** The settings this repository was built with. */
    public DynamoDbRepositorySettings settings() {
        return settings;
    }

    /** Who this process is in {@code leaseOwner} attributes: JVM name (pid@host) and a random suffix. */
    public String owner() {
        return leases.owner();
    }

    /**
     * Creates the table (on-demand capacity) unless it exists, and waits until it is active. For tests and local
     * emulators; on AWS the stack creates it.
     */
    public void createTableIfMissing() {
        table.createIfMissing();
    }

    // ---- job definitions (in memory, as in every JBeret repository) ----

    @Override
    public void addJob(ApplicationAndJobName applicationAndJobName, Job job) {
        jobs.put(applicationAndJobName, job);
    }

    @Override
    public void removeJob(String jobId) {
        jobs.keySet().removeIf(key -> key.jobName.equals(jobId));
    }

    @Override
    public Job getJob(ApplicationAndJobName applicationAndJobName) {
        return jobs.get(applicationAndJobName);
    }

    @Override
    public Set<String> getJobNames() {
        Set<String> names = ConcurrentHashMap.newKeySet();
        jobs.keySet().forEach(key -> names.add(key.jobName));
        return names;
    }

    @Override
    public boolean jobExists(String jobName) {
        return jobs.keySet().stream().anyMatch(key -> key.jobName.equals(jobName)) || getJobInstanceCount(jobName) > 0;
    }

    // ---- job instances ----

    @Override
    public JobInstanceImpl createJobInstance(Job job, String applicationName, ClassLoader classLoader) {
        return instances.create(job, applicationName);
    }

    /** Nothing to evict: JBeret's persistent repositories only drop cached objects here, and this one caches none. */
    @Override
    public void removeJobInstance(long jobInstanceId) {
    }

    @Override
    public JobInstanceImpl getJobInstance(long jobInstanceId) {
        return instances.get(jobInstanceId);
    }

    @Override
    public List<JobInstance> getJobInstances(String jobName) {
        return instances.list(jobName);
    }

    @Override
    public int getJobInstanceCount(String jobName) {
        return instances.count(jobName);
    }

    // ---- job executions ----

    @Override
    public JobExecutionImpl createJobExecution(JobInstanceImpl jobInstance, Properties jobParameters) {
        return executions.create(jobInstance, jobParameters);
    }

    @Override
    public JobExecution getJobExecution(long jobExecutionId) {
        return executions.get(jobExecutionId);
    }

    @Override
    public List<JobExecution> getJobExecutions(JobInstance jobInstance) {
        return executions.of(jobInstance);
    }

    @Override
    public List<Long> getJobExecutionsByJob(String jobName) {
        return getJobExecutionsByJob(jobName, null);
    }

    @Override
    public List<Long> getJobExecutionsByJob(String jobName, Integer limit) {
        return executions.idsOfJob(jobName, limit);
    }

    @Override
    public List<Long> getRunningExecutions(String jobName) {
        return executions.running(jobName);
    }

    @Override
    public void updateJobExecution(JobExecutionImpl jobExecution, boolean fullUpdate, boolean saveJobParameters) {
        executions.update(jobExecution, fullUpdate, saveJobParameters);
    }

    @Override
    public void stopJobExecution(JobExecutionImpl jobExecution) {
        executions.stop(jobExecution);
    }

    /** As JBeret's persistent repositories: only cached executions are dropped here, and none are cached. */
    @Override
    public void removeJobExecutions(JobExecutionSelector jobExecutionSelector) {
    }

    // ---- step executions ----

    @Override
    public StepExecutionImpl createStepExecution(String stepName) {
        return new StepExecutionImpl(stepName);
    }

    @Override
    public void addStepExecution(JobExecutionImpl jobExecution, StepExecutionImpl stepExecution) {
        steps.add(jobExecution, stepExecution);
    }

    @Override
    public void updateStepExecution(StepExecution stepExecution) {
        progress.save((StepExecutionImpl) stepExecution, false);
    }

    @Override
    public void savePersistentData(JobExecution jobExecution, AbstractStepExecution stepOrPartitionExecution) {
        progress.save(stepOrPartitionExecution, false);
    }

    @Override
    public int savePersistentDataIfNotStopping(JobExecution jobExecution, AbstractStepExecution stepOrPartitionExecution) {
        return progress.save(stepOrPartitionExecution, true) ? 1 : 0;
    }

    @Override
    public List<StepExecution> getStepExecutions(long jobExecutionId, ClassLoader classLoader) {
        return steps.of(jobExecutionId);
    }

    /**
     * The instance's most recent execution of step {@code stepName}, read from DynamoDB, never from the step executions
     * {@code jobExecutionToRestart} holds in memory: those may be another process's stale copies (jberet/jsr352#87).
     */
    @Override
    public StepExecutionImpl findOriginalStepExecutionForRestart(String stepName, JobExecutionImpl jobExecutionToRestart,
                                                                 ClassLoader classLoader) {
        return steps.originalForRestart(stepName, jobExecutionToRestart, classLoader);
    }

    @Override
    public int countStepStartTimes(String stepName, long jobInstanceId) {
        return steps.countStartTimes(stepName, jobInstanceId);
    }

    // ---- partition executions ----

    @Override
    public void addPartitionExecution(StepExecutionImpl enclosingStepExecution, PartitionExecutionImpl partitionExecution) {
        steps.addPartition(enclosingStepExecution, partitionExecution);
    }

    @Override
    public List<PartitionExecutionImpl> getPartitionExecutions(long stepExecutionId, StepExecutionImpl stepExecution,
                                                               boolean notCompletedOnly, ClassLoader classLoader) {
        return steps.partitions(stepExecutionId, stepExecution, notCompletedOnly, classLoader);
    }

    // ---- leases ----

    @Override
    public Takeover takeOverIfOrphaned(long executionId) {
        Optional<Long> instanceId = locations.instanceOf(executionId);
        if (instanceId.isEmpty()) {
            return new Takeover.Changed();
        }
        Map<String, AttributeValue> key = TableKeys.execution(instanceId.get(), executionId);
        return leases.takeOverIfOrphaned(executionId, key, table.get(key));
    }

    @Override
    public Optional<LaunchClaim> claimLaunch(String jobName, String runId) {
        return leases.claimLaunch(jobName, runId);
    }

    /**
     * The run's newest job instance, from the run's index item: one strongly consistent read, however many instances
     * the job has.
     */
    @Override
    public OptionalLong newestInstanceOfRun(String jobName, String runId) {
        return instances.newestOfRun(jobName, runId);
    }

    /** Twice the lease timeout: a process killed just now has its lease expire within one timeout. */
    @Override
    public Duration patience() {
        return settings.leaseTimeout().multipliedBy(2);
    }

    @Override
    public Duration pollInterval() {
        return settings.heartbeatInterval();
    }

    /**
     * Refuses when an execution running here lost its lease, or has gone a lease timeout less one heartbeat without
     * renewing it: another process may have taken the run over.
     */
    @Override
    public void check() {
        leases.check();
    }

    @Override
    public boolean stopRequested(long executionId) {
        return leases.stopRequested(executionId);
    }

    @Override
    public boolean shared() {
        return true;
    }

    /** Whether this process lost the lease of execution {@code executionId} (another process took it over). */
    @Override
    public boolean lostLease(long executionId) {
        return leases.lostLease(executionId);
    }

    /** Stops renewing leases; executions still running here will look orphaned once their leases expire. */
    @Override
    public void close() {
        leases.close();
    }
}
