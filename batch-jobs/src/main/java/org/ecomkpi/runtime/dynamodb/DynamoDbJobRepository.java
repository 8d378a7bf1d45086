package org.ecomkpi.runtime.dynamodb;

import static org.ecomkpi.runtime.dynamodb.ItemAttributes.PERSISTENT_USER_DATA;
import static org.ecomkpi.runtime.dynamodb.ItemAttributes.READER_CHECKPOINT;
import static org.ecomkpi.runtime.dynamodb.ItemAttributes.STEP_NAME;
import static org.ecomkpi.runtime.dynamodb.ItemAttributes.WRITER_CHECKPOINT;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.batch.runtime.JobInstance;
import jakarta.batch.runtime.StepExecution;

import org.ecomkpi.runtime.CheckpointFilter;
import org.ecomkpi.runtime.ExecutionLeases;
import org.ecomkpi.runtime.JobLauncher;
import org.ecomkpi.runtime.LaunchClaimLostException;
import org.ecomkpi.runtime.RunIndex;
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
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
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
 * execution belongs to.
 *
 * <p>Every execution this process creates is leased to it, and every write to it fenced by that lease: see
 * {@link LeaseKeeper}. {@link #check()} refuses once a lease was lost or may have run out.
 */
public final class DynamoDbJobRepository implements JobRepository, ExecutionLeases, RunIndex, WriteFence,
        AutoCloseable {

    private final JobRepositoryTable table;
    private final DynamoDbRepositorySettings settings;
    private final CheckpointStore checkpoints;
    private final ItemCodec codec;
    private final LeaseClock clock;
    private final LeaseKeeper leases;

    /** Job definitions loaded in this process: JBeret's in-memory job cache, not repository state. */
    private final Map<ApplicationAndJobName, Job> jobs = new ConcurrentHashMap<>();
    /** The executions this process created: JBeret's runtime mutates and awaits these very objects. */
    private final Map<Long, JobExecutionImpl> createdHere = new ConcurrentHashMap<>();
    /** Immutable: the instance of an execution. */
    private final Map<Long, Long> instanceOfExecution = new ConcurrentHashMap<>();
    /** Immutable: where a step execution's item is. */
    private final Map<Long, StepLocation> stepLocations = new ConcurrentHashMap<>();
    /** Spilled S3 objects each item of this process points at, deleted once the item points elsewhere. */
    private final Map<String, List<String>> spilledObjects = new ConcurrentHashMap<>();

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
        this.checkpoints = new CheckpointStore(s3, settings);
        this.codec = new ItemCodec(settings.table(), checkpoints);
        this.clock = clock;
        this.leases = new LeaseKeeper(table, heartbeatDynamo, settings, clock);
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
        JobInstanceImpl instance = new JobInstanceImpl(job, applicationName, job.getId());
        long id = table.nextId(TableKeys.JOB_INSTANCE_COUNTER);
        instance.setId(id);
        table.put(ItemCodec.instanceItem(id, job.getId(), applicationName));
        // the job's index entry comes second: an instance is findable by name only once it exists
        table.put(ItemCodec.jobIndexItem(job.getId(), id, applicationName));
        return instance;
    }

    /** Nothing to evict: JBeret's persistent repositories only drop cached objects here, and this one caches none. */
    @Override
    public void removeJobInstance(long jobInstanceId) {
    }

    @Override
    public JobInstanceImpl getJobInstance(long jobInstanceId) {
        Map<String, AttributeValue> item = table.get(TableKeys.instance(jobInstanceId));
        if (item.isEmpty()) {
            return null;
        }
        return instance(jobInstanceId, ItemCodec.jobName(item), ItemCodec.applicationName(item));
    }

    @Override
    public List<JobInstance> getJobInstances(String jobName) {
        List<JobInstance> instances = new ArrayList<>();
        if (jobName == null || jobName.equals("*")) {
            // instance items only: a run's index item shares their sort key, but not their partition key prefix
            table.scan(TableKeys.INSTANCE_PREFIX, TableKeys.INSTANCE, item -> instances.add(instance(
                    ItemCodec.instanceId(item), ItemCodec.jobName(item), ItemCodec.applicationName(item))));
            // newest first, as JBeret's JDBC repository orders them
            instances.sort((a, b) -> Long.compare(b.getInstanceId(), a.getInstanceId()));
            return instances;
        }
        // newest first, as JBeret's JDBC repository orders them
        table.query(JobRepositoryTable.query(TableKeys.jobPk(jobName)).scanIndexForward(false), item -> instances.add(
                instance(ItemCodec.instanceId(item), jobName, ItemCodec.applicationName(item))));
        return instances;
    }

    @Override
    public int getJobInstanceCount(String jobName) {
        return table.count(JobRepositoryTable.query(TableKeys.jobPk(jobName)));
    }

    private JobInstanceImpl instance(long id, String jobName, String applicationName) {
        JobInstanceImpl instance = new JobInstanceImpl(jobs.get(new ApplicationAndJobName(applicationName, jobName)),
                applicationName, jobName);
        instance.setId(id);
        return instance;
    }

    // ---- job executions ----

    @Override
    public JobExecutionImpl createJobExecution(JobInstanceImpl jobInstance, Properties jobParameters) {
        JobExecutionImpl execution = new JobExecutionImpl(jobInstance, jobParameters);
        long id = table.nextId(TableKeys.JOB_EXECUTION_COUNTER);
        execution.setId(id);
        long instanceId = jobInstance.getInstanceId();
        table.put(ItemCodec.executionPointerItem(id, instanceId));
        instanceOfExecution.put(id, instanceId);

        Map<String, AttributeValue> item = ItemCodec.executionItem(execution, instanceId, jobParameters);
        long leased = leases.lease(item);
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().put(Put.builder().tableName(settings.table()).item(item)
                .conditionExpression("attribute_not_exists(" + ItemAttributes.PK + ")").build()).build());
        String runId = jobParameters == null ? null : jobParameters.getProperty(JobLauncher.RUN_ID);
        if (runId != null) {
            writes.add(TransactWriteItem.builder().put(Put.builder().tableName(settings.table())
                    .item(ItemCodec.runIndexItem(jobInstance.getJobName(), runId, instanceId, id)).build()).build());
            leases.launchClaimCheck(jobInstance.getJobName(), runId).ifPresent(writes::add);
        }
        try {
            table.transact(writes);
        } catch (TransactionCanceledException e) {
            if (writes.size() == 3 && JobRepositoryTable.failedCondition(e, 2)) {
                throw new LaunchClaimLostException("the launch claim of job '" + jobInstance.getJobName() + "' run '"
                        + runId + "' expired while this launcher was deciding, and another launcher claimed it;"
                        + " not starting the run a second time", e);
            }
            throw e;
        }

        createdHere.put(id, execution);
        leases.hold(execution, TableKeys.execution(instanceId, id), leased);
        jobInstance.addJobExecution(execution);
        return execution;
    }

    @Override
    public JobExecution getJobExecution(long jobExecutionId) {
        JobExecutionImpl here = createdHere.get(jobExecutionId);
        if (here != null) {
            return here;
        }
        Optional<Long> instanceId = instanceOf(jobExecutionId);
        if (instanceId.isEmpty()) {
            return null;
        }
        Map<String, AttributeValue> item = table.get(TableKeys.execution(instanceId.get(), jobExecutionId));
        if (item.isEmpty()) {
            return null;
        }
        JobInstanceImpl instance = getJobInstance(instanceId.get());
        return execution(item, instance);
    }

    @Override
    public List<JobExecution> getJobExecutions(JobInstance jobInstance) {
        if (jobInstance == null) {
            List<JobExecution> all = new ArrayList<>();
            for (JobInstance instance : getJobInstances("*")) {
                all.addAll(getJobExecutions(instance));
            }
            return all;
        }
        JobInstanceImpl instance = jobInstance instanceof JobInstanceImpl impl ? impl
                : getJobInstance(jobInstance.getInstanceId());
        List<JobExecution> executions = new ArrayList<>();
        queryExecutions(jobInstance.getInstanceId(), item -> {
            JobExecutionImpl here = createdHere.get(ItemCodec.executionId(item));
            executions.add(here != null ? here : execution(item, instance));
        });
        return executions;
    }

    @Override
    public List<Long> getJobExecutionsByJob(String jobName) {
        return getJobExecutionsByJob(jobName, null);
    }

    @Override
    public List<Long> getJobExecutionsByJob(String jobName, Integer limit) {
        List<Long> ids = new ArrayList<>();
        for (JobInstance instance : getJobInstances(jobName)) {
            queryExecutions(instance.getInstanceId(), item -> ids.add(ItemCodec.executionId(item)));
        }
        ids.sort((a, b) -> Long.compare(b, a));
        return limit == null || ids.size() <= limit ? ids : new ArrayList<>(ids.subList(0, limit));
    }

    @Override
    public List<Long> getRunningExecutions(String jobName) {
        List<Long> running = new ArrayList<>();
        for (JobInstance instance : getJobInstances(jobName)) {
            queryExecutions(instance.getInstanceId(), item -> {
                String status = ItemCodec.batchStatus(item);
                if (status.equals(BatchStatus.STARTING.name()) || status.equals(BatchStatus.STARTED.name())) {
                    running.add(ItemCodec.executionId(item));
                }
            });
        }
        return running;
    }

    @Override
    public void updateJobExecution(JobExecutionImpl jobExecution, boolean fullUpdate, boolean saveJobParameters) {
        jobExecution.setLastUpdatedTime(clock.millis());
        long id = jobExecution.getExecutionId();
        leases.updateExecution(id, codec.executionUpdate(executionKey(id), jobExecution, fullUpdate,
                saveJobParameters), jobExecution.getBatchStatus());
    }

    @Override
    public void stopJobExecution(JobExecutionImpl jobExecution) {
        jobExecution.setLastUpdatedTime(clock.millis());
        long id = jobExecution.getExecutionId();
        markStopping(executionKey(id));
        long instanceId = instanceOf(id).orElseThrow();
        queryInstance(instanceId, TableKeys.stepsOf(id), step -> {
            markStopping(TableKeys.keyOf(step));
            queryInstance(instanceId, TableKeys.partitionsOf(ItemCodec.stepExecutionId(step)),
                    partition -> markStopping(TableKeys.keyOf(partition)));
        });
    }

    private void markStopping(Map<String, AttributeValue> key) {
        try {
            table.client().updateItem(codec.stopping(key).request());
        } catch (ConditionalCheckFailedException e) {
            // not STARTED: nothing to stop
        }
    }

    /** As JBeret's persistent repositories: only cached executions are dropped here, and none are cached. */
    @Override
    public void removeJobExecutions(JobExecutionSelector jobExecutionSelector) {
    }

    private JobExecutionImpl execution(Map<String, AttributeValue> item, JobInstanceImpl instance) {
        instanceOfExecution.putIfAbsent(ItemCodec.executionId(item), instance.getInstanceId());
        return ItemCodec.execution(item, instance);
    }

    private Optional<Long> instanceOf(long executionId) {
        Long known = instanceOfExecution.get(executionId);
        if (known != null) {
            return Optional.of(known);
        }
        Map<String, AttributeValue> pointer = table.get(TableKeys.executionPointer(executionId));
        if (pointer.isEmpty()) {
            return Optional.empty();
        }
        long instanceId = ItemCodec.instanceId(pointer);
        instanceOfExecution.put(executionId, instanceId);
        return Optional.of(instanceId);
    }

    private Map<String, AttributeValue> executionKey(long executionId) {
        long instanceId = instanceOf(executionId).orElseThrow(() -> new IllegalStateException(
                "job execution " + executionId + " is not in the job repository table " + settings.table()));
        return TableKeys.execution(instanceId, executionId);
    }

    // ---- step executions ----

    @Override
    public StepExecutionImpl createStepExecution(String stepName) {
        return new StepExecutionImpl(stepName);
    }

    @Override
    public void addStepExecution(JobExecutionImpl jobExecution, StepExecutionImpl stepExecution) {
        leases.requireHeld(jobExecution.getExecutionId()); // before taking an id: a fenced process changes nothing
        jobExecution.addStepExecution(stepExecution);
        long id = table.nextId(TableKeys.STEP_EXECUTION_COUNTER);
        stepExecution.setId(id);
        StepLocation step = new StepLocation(jobExecution.getJobInstance().getInstanceId(),
                jobExecution.getExecutionId(), id);
        stepLocations.put(id, step);
        leases.writeFenced(jobExecution.getExecutionId(), TransactWriteItem.builder()
                .put(Put.builder().tableName(settings.table()).item(ItemCodec.stepItem(step, stepExecution)).build())
                .build());
    }

    @Override
    public void updateStepExecution(StepExecution stepExecution) {
        saveStep((StepExecutionImpl) stepExecution, false);
    }

    @Override
    public void savePersistentData(JobExecution jobExecution, AbstractStepExecution stepOrPartitionExecution) {
        save(stepOrPartitionExecution, false);
    }

    @Override
    public int savePersistentDataIfNotStopping(JobExecution jobExecution, AbstractStepExecution stepOrPartitionExecution) {
        return save(stepOrPartitionExecution, true) ? 1 : 0;
    }

    private boolean save(AbstractStepExecution stepOrPartition, boolean unlessStopping) {
        if (stepOrPartition instanceof PartitionExecutionImpl partition) {
            return savePartition(partition, unlessStopping);
        }
        return saveStep((StepExecutionImpl) stepOrPartition, unlessStopping);
    }

    private boolean saveStep(StepExecutionImpl step, boolean unlessStopping) {
        StepLocation location = stepLocationOf(step.getStepExecutionId());
        return saveWithCheckpoints(codec.stepUpdate(location.key(), step), location.spillPath(), location.key(),
                location.executionId(), step, unlessStopping);
    }

    private boolean savePartition(PartitionExecutionImpl partition, boolean unlessStopping) {
        StepLocation location = stepLocationOf(partition.getStepExecutionId());
        Map<String, AttributeValue> key = location.partitionKey(partition.getPartitionId());
        return saveWithCheckpoints(codec.partitionUpdate(key, partition),
                location.spillPath(partition.getPartitionId()), key, location.executionId(), partition, unlessStopping);
    }

    private boolean saveWithCheckpoints(ItemUpdate update, String spillPath, Map<String, AttributeValue> key,
                                        long executionId, AbstractStepExecution execution, boolean unlessStopping) {
        CheckpointStore.Placement placement = checkpoints.place(spillPath, ItemCodec.checkpointData(execution));
        placement.addTo(update);
        if (unlessStopping) {
            update.onlyIf(ItemAttributes.ref(ItemAttributes.BATCH_STATUS) + " <> :stopping",
                    Map.of(":stopping", AttributeValue.fromS(BatchStatus.STOPPING.name())));
        }
        boolean written;
        try {
            written = leases.writeFenced(executionId, update.transactItem());
        } catch (RuntimeException e) {
            checkpoints.deleteReplaced(placement.spilledKeys());
            throw e;
        }
        if (!written) {
            checkpoints.deleteReplaced(placement.spilledKeys());
            return false;
        }
        // the item points at the new objects now; the ones it pointed at before are garbage
        List<String> previous = spilledObjects.put(TableKeys.idOf(key), placement.spilledKeys());
        if (previous != null) {
            checkpoints.deleteReplaced(previous);
        }
        return true;
    }

    @Override
    public List<StepExecution> getStepExecutions(long jobExecutionId, ClassLoader classLoader) {
        List<StepExecution> steps = new ArrayList<>();
        instanceOf(jobExecutionId).ifPresent(instanceId -> queryInstance(instanceId, TableKeys.stepsOf(jobExecutionId),
                item -> steps.add(step(item, instanceId))));
        return steps;
    }

    /**
     * The instance's most recent execution of step {@code stepName}, read from DynamoDB, never from the step executions
     * {@code jobExecutionToRestart} holds in memory: those may be another process's stale copies (jberet/jsr352#87).
     */
    @Override
    public StepExecutionImpl findOriginalStepExecutionForRestart(String stepName, JobExecutionImpl jobExecutionToRestart,
                                                                 ClassLoader classLoader) {
        long instanceId = jobExecutionToRestart.getJobInstance().getInstanceId();
        List<StepExecutionImpl> found = new ArrayList<>();
        table.queryWhile(stepsNamed(instanceId, stepName).scanIndexForward(false), item -> {
            found.add(step(item, instanceId));
            return false;
        });
        if (found.isEmpty()) {
            return null;
        }
        StepExecutionImpl original = found.get(0);
        return verified(original, "step '" + stepName + "' (step execution " + original.getStepExecutionId() + ") of "
                + describe(jobExecutionToRestart), classLoader);
    }

    @Override
    public int countStepStartTimes(String stepName, long jobInstanceId) {
        return table.count(stepsNamed(jobInstanceId, stepName));
    }

    /** The instance's executions of step {@code stepName}, oldest first. */
    private static QueryRequest.Builder stepsNamed(long instanceId, String stepName) {
        Map<String, AttributeValue> values = new HashMap<>(JobRepositoryTable.queryValues(
                TableKeys.instancePk(instanceId), TableKeys.STEPS));
        values.put(":stepName", AttributeValue.fromS(stepName));
        return JobRepositoryTable.query(TableKeys.instancePk(instanceId), TableKeys.STEPS)
                .filterExpression(STEP_NAME + " = :stepName")
                .expressionAttributeValues(values);
    }

    /**
     * Refuses checkpoints holding anything but our checkpoint types before JBeret restarts from them: the item or
     * spill object may have been tampered with, and Java serialisation would run a gadget's code while reading it.
     */
    private static <T extends AbstractStepExecution> T verified(T execution, String whose, ClassLoader loader) {
        verify(execution.getPersistentUserDataSerialized(), PERSISTENT_USER_DATA, whose, loader);
        verify(execution.getReaderCheckpointInfoSerialized(), READER_CHECKPOINT, whose, loader);
        verify(execution.getWriterCheckpointInfoSerialized(), WRITER_CHECKPOINT, whose, loader);
        return execution;
    }

    private static void verify(byte[] bytes, String name, String whose, ClassLoader loader) {
        if (bytes == null) {
            return;
        }
        try {
            CheckpointFilter.read(bytes, loader);
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            throw new IllegalStateException("the job repository holds a " + name + " of " + whose
                    + " that cannot be trusted: " + e.getMessage(), e);
        }
    }

    private static String describe(JobExecution execution) {
        Properties parameters = execution.getJobParameters();
        String runId = parameters == null ? "?" : parameters.getProperty(JobLauncher.RUN_ID, "?");
        return "job '" + execution.getJobName() + "' run '" + runId + "' (job execution "
                + execution.getExecutionId() + ")";
    }

    private StepExecutionImpl step(Map<String, AttributeValue> item, long instanceId) {
        StepLocation location = ItemCodec.stepLocation(item, instanceId);
        stepLocations.putIfAbsent(location.stepExecutionId(), location);
        return codec.step(item);
    }

    private StepLocation stepLocationOf(long stepExecutionId) {
        StepLocation location = stepLocations.get(stepExecutionId);
        if (location == null) {
            throw new IllegalStateException("step execution " + stepExecutionId + " was neither added nor read by this"
                    + " job repository; cannot locate its item");
        }
        return location;
    }

    // ---- partition executions ----

    @Override
    public void addPartitionExecution(StepExecutionImpl enclosingStepExecution, PartitionExecutionImpl partitionExecution) {
        enclosingStepExecution.getPartitionExecutions().add(partitionExecution);
        StepLocation step = stepLocationOf(enclosingStepExecution.getStepExecutionId());
        leases.writeFenced(step.executionId(), TransactWriteItem.builder().put(Put.builder().tableName(settings.table())
                .item(ItemCodec.partitionItem(step, partitionExecution, enclosingStepExecution.getStepName())).build())
                .build());
    }

    @Override
    public List<PartitionExecutionImpl> getPartitionExecutions(long stepExecutionId, StepExecutionImpl stepExecution,
                                                               boolean notCompletedOnly, ClassLoader classLoader) {
        StepLocation step = stepLocationOf(stepExecutionId);
        List<PartitionExecutionImpl> partitions = new ArrayList<>();
        queryInstance(step.instanceId(), TableKeys.partitionsOf(stepExecutionId), item -> {
            if (!notCompletedOnly || !ItemCodec.batchStatus(item).equals(BatchStatus.COMPLETED.name())) {
                partitions.add(verified(codec.partition(item, stepExecutionId),
                        "partition " + ItemCodec.partitionId(item) + " of step '" + stepExecution.getStepName()
                                + "' (step execution " + stepExecutionId + ")", classLoader));
            }
        });
        return partitions;
    }

    // ---- leases ----

    @Override
    public Takeover takeOverIfOrphaned(long executionId) {
        Optional<Long> instanceId = instanceOf(executionId);
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
        Map<String, AttributeValue> index = table.get(TableKeys.runIndex(jobName, runId));
        return index.isEmpty() ? OptionalLong.empty() : OptionalLong.of(ItemCodec.instanceId(index));
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

    private void queryExecutions(long instanceId, Consumer<Map<String, AttributeValue>> each) {
        queryInstance(instanceId, TableKeys.EXECUTIONS, each);
    }

    /** The instance's items whose sort key begins with {@code skPrefix}, in sort key order. */
    private void queryInstance(long instanceId, String skPrefix,
                               Consumer<Map<String, AttributeValue>> each) {
        table.query(JobRepositoryTable.query(TableKeys.instancePk(instanceId), skPrefix).scanIndexForward(true), each);
    }
}
