package org.ecomkpi.runtime.dynamodb;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.batch.runtime.JobInstance;
import jakarta.batch.runtime.Metric;
import jakarta.batch.runtime.StepExecution;

import org.ecomkpi.logging.RunContext;
import org.ecomkpi.runtime.CheckpointFilter;
import org.ecomkpi.runtime.ExecutionLeases;
import org.ecomkpi.runtime.JobLauncher;
import org.ecomkpi.runtime.LaunchClaimLostException;
import org.ecomkpi.runtime.RunIndex;
import org.ecomkpi.run.LeaseLostException;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * JBeret's job repository kept in one DynamoDB table, so that a job restarted in a new container (a retried ECS task)
 * resumes from the checkpoints the killed one committed, with no database server to run.
 *
 * <p>Table design (partition key {@code pk}, sort key {@code sk}; ids zero-padded to 19 digits so they sort):
 * <pre>
 * pk                 sk                           item
 * COUNTER            job_instance | job_execution | step_execution    next id (UpdateItem ADD)
 * JOB#name           INSTANCE#i                   the job's instances, newest last
 * INSTANCE#i         INSTANCE                     job instance
 * INSTANCE#i         EXECUTION#e                  job execution, with its lease (leaseOwner, heartbeat)
 * INSTANCE#i         STEP#e#s                     step execution: status, metrics, checkpoints
 * INSTANCE#i         PARTITION#s#p                partition execution
 * EXECUTION#e        EXECUTION                    which instance execution e belongs to
 * RUN#job#runId      LAUNCH                       a launcher deciding about the run (short-lived claim)
 * RUN#job#runId      INSTANCE                     the run's newest instance: one read finds a run's executions
 * </pre>
 * Everything about an instance sits in one partition, read with strongly consistent queries; no index is eventually
 * consistent. Checkpoints above {@link DynamoDbRepositorySettings#spillAboveBytes()} go to S3 ({@link CheckpointStore}).
 *
 * <p>No execution state is cached (jberet/jsr352#87: a cache filled by an earlier process hands a restart stale
 * checkpoints): reads go to DynamoDB, with two exceptions that cannot go stale — the {@link JobExecutionImpl}s this
 * process created, which JBeret's runtime keeps mutating and waits on, and immutable facts such as which instance an
 * execution belongs to.
 *
 * <p>Leases: every execution this process creates carries {@code leaseOwner} (this process) and {@code heartbeat}
 * (epoch ms), renewed every {@link DynamoDbRepositorySettings#heartbeatInterval()} until the execution ends. An
 * unfinished execution whose heartbeat is older than {@link DynamoDbRepositorySettings#leaseTimeout()} belongs to a
 * dead process ({@link #takeOverIfOrphaned}). Heartbeats compare clocks of different hosts, so the timeout must
 * exceed their skew by far (NTP keeps AWS hosts within milliseconds). Heartbeats go through their own client with
 * short timeouts, so a slow call of the job itself never delays them.
 *
 * <p>Fencing: a process paused past its lease (a long GC, a frozen VM, SIGSTOP) may wake up after another process
 * took its run over. Every write to an execution this process created, and to its step and partition executions, is
 * therefore conditioned on the execution's {@code leaseOwner} still naming this process (a condition, or a
 * TransactWriteItems with a ConditionCheck on the execution item), and a refused write throws
 * {@link LeaseLostException}. Writes elsewhere (bucket, store) ask {@link #check()} first: it refuses once a lease
 * was lost or has not been renewed for a lease timeout less one heartbeat, by this process's monotonic clock. Starting
 * an execution for a run is conditioned on the launch claim of the launcher that decided it, so a launcher whose
 * claim expired while it was deciding cannot start the run beside the launcher that claimed it next.
 */
public final class DynamoDbJobRepository implements JobRepository, ExecutionLeases, RunIndex, WriteFence,
        AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbJobRepository.class);
    private static final int EXCEPTION_TEXT_LIMIT = 2048;
    private static final Set<BatchStatus> UNFINISHED = Set.of(BatchStatus.STARTING, BatchStatus.STARTED,
            BatchStatus.STOPPING);

    private final DynamoDbClient dynamo;
    private final DynamoDbClient heartbeatDynamo;
    private final DynamoDbRepositorySettings settings;
    private final CheckpointStore checkpoints;
    private final Clock clock;
    private final String owner;
    private final ScheduledExecutorService heartbeats;

    /** Job definitions loaded in this process: JBeret's in-memory job cache, not repository state. */
    private final Map<ApplicationAndJobName, Job> jobs = new ConcurrentHashMap<>();
    /** The executions this process created: JBeret's runtime mutates and awaits these very objects. */
    private final Map<Long, JobExecutionImpl> createdHere = new ConcurrentHashMap<>();
    /** The leases of {@link #createdHere}: renewed while the execution runs, and fencing its writes for good. */
    private final Map<Long, Lease> leases = new ConcurrentHashMap<>();
    /** The launch claims this process holds, by {@link #runKey}: their tokens condition the start of an execution. */
    private final Map<String, String> launchTokens = new ConcurrentHashMap<>();
    /** Immutable: the instance of an execution. */
    private final Map<Long, Long> instanceOfExecution = new ConcurrentHashMap<>();
    /** Immutable: where a step execution's item is. */
    private final Map<Long, StepKey> stepKeys = new ConcurrentHashMap<>();
    /** Spilled S3 objects each item of this process points at, deleted once the item points elsewhere. */
    private final Map<String, List<String>> spilledObjects = new ConcurrentHashMap<>();

    /**
     * A repository on an existing table (see {@link #createTableIfMissing()}), renewing leases through the same
     * client. The clients stay the caller's; {@link #close()} stops the heartbeats.
     */
    public DynamoDbJobRepository(DynamoDbClient dynamo, software.amazon.awssdk.services.s3.S3Client s3,
                                 DynamoDbRepositorySettings settings) {
        this(dynamo, dynamo, s3, settings, Clock.systemUTC());
    }

    /**
     * A repository renewing its leases through {@code heartbeatDynamo}: a client of its own, with timeouts shorter
     * than the heartbeat interval ({@link #heartbeatClient}), so a beat is never stuck behind slow calls.
     */
    public DynamoDbJobRepository(DynamoDbClient dynamo, DynamoDbClient heartbeatDynamo,
                                 software.amazon.awssdk.services.s3.S3Client s3, DynamoDbRepositorySettings settings) {
        this(dynamo, heartbeatDynamo, s3, settings, Clock.systemUTC());
    }

    DynamoDbJobRepository(DynamoDbClient dynamo, software.amazon.awssdk.services.s3.S3Client s3,
                          DynamoDbRepositorySettings settings, Clock clock) {
        this(dynamo, dynamo, s3, settings, clock);
    }

    DynamoDbJobRepository(DynamoDbClient dynamo, DynamoDbClient heartbeatDynamo,
                          software.amazon.awssdk.services.s3.S3Client s3, DynamoDbRepositorySettings settings,
                          Clock clock) {
        this.dynamo = dynamo;
        this.heartbeatDynamo = heartbeatDynamo;
        this.settings = settings;
        this.checkpoints = new CheckpointStore(s3, settings);
        this.clock = clock;
        this.owner = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "job-repository-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        long interval = settings.heartbeatInterval().toMillis();
        heartbeats.scheduleWithFixedDelay(this::renewLeases, interval, interval, TimeUnit.MILLISECONDS);
    }

    /** The settings this repository was built with. */
    public DynamoDbRepositorySettings settings() {
        return settings;
    }

    /**
     * A client for heartbeats alone (region, credentials and endpoint from the SDK's default chains): a call, retries
     * included, gives up after one heartbeat interval (one second at least), so a beat never waits behind a slow
     * connection or the job's own calls, and the next beat starts on time.
     */
    public static DynamoDbClient heartbeatClient(DynamoDbRepositorySettings settings) {
        Duration call = settings.heartbeatInterval().compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1)
                : settings.heartbeatInterval();
        Duration attempt = call.dividedBy(2);
        return DynamoDbClient.builder()
                .httpClientBuilder(ApacheHttpClient.builder()
                        .connectionTimeout(attempt)
                        .socketTimeout(attempt)
                        .maxConnections(2))
                .overrideConfiguration(o -> o
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(2).build())
                        .apiCallAttemptTimeout(attempt)
                        .apiCallTimeout(call))
                .build();
    }

    /** Who this process is in {@code leaseOwner} attributes: JVM name (pid@host) and a random suffix. */
    public String owner() {
        return owner;
    }

    /**
     * Creates the table (on-demand capacity) unless it exists, and waits until it is active. For tests and local
     * emulators; on AWS the stack creates it.
     */
    public void createTableIfMissing() {
        try {
            dynamo.createTable(create -> create.tableName(settings.table())
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(
                            AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
                            AttributeDefinition.builder().attributeName("sk").attributeType(ScalarAttributeType.S).build())
                    .keySchema(
                            KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
                            KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build()));
        } catch (ResourceInUseException e) {
            // created already, by us earlier or by a concurrent process
        }
        dynamo.waiter().waitUntilTableExists(describe -> describe.tableName(settings.table()));
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
        long id = nextId("job_instance");
        instance.setId(id);
        Map<String, AttributeValue> item = key(instancePk(id), "INSTANCE");
        item.put("instanceId", number(id));
        item.put("jobName", AttributeValue.fromS(job.getId()));
        putIfPresent(item, "applicationName", applicationName);
        dynamo.putItem(put -> put.tableName(settings.table()).item(item));
        // the job's index entry comes second: an instance is findable by name only once it exists
        Map<String, AttributeValue> entry = key("JOB#" + job.getId(), "INSTANCE#" + padded(id));
        entry.put("instanceId", number(id));
        putIfPresent(entry, "applicationName", applicationName);
        dynamo.putItem(put -> put.tableName(settings.table()).item(entry));
        return instance;
    }

    /** Nothing to evict: JBeret's persistent repositories only drop cached objects here, and this one caches none. */
    @Override
    public void removeJobInstance(long jobInstanceId) {
    }

    @Override
    public JobInstanceImpl getJobInstance(long jobInstanceId) {
        Map<String, AttributeValue> item = get(instancePk(jobInstanceId), "INSTANCE");
        if (item.isEmpty()) {
            return null;
        }
        return instance(jobInstanceId, item.get("jobName").s(), text(item, "applicationName"));
    }

    @Override
    public List<JobInstance> getJobInstances(String jobName) {
        List<JobInstance> instances = new ArrayList<>();
        if (jobName == null || jobName.equals("*")) {
            scan(item -> {
                if ("INSTANCE".equals(item.get("sk").s())) {
                    instances.add(instance(longOf(item, "instanceId"), item.get("jobName").s(),
                            text(item, "applicationName")));
                }
            });
            instances.sort((a, b) -> Long.compare(b.getInstanceId(), a.getInstanceId()));
            return instances;
        }
        // newest first, as JBeret's JDBC repository orders them
        query(QueryRequest.builder().keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("JOB#" + jobName)))
                .scanIndexForward(false), item -> instances.add(
                instance(longOf(item, "instanceId"), jobName, text(item, "applicationName"))));
        return instances;
    }

    @Override
    public int getJobInstanceCount(String jobName) {
        return count(QueryRequest.builder().keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("JOB#" + jobName))));
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
        long id = nextId("job_execution");
        execution.setId(id);
        long instanceId = jobInstance.getInstanceId();
        Map<String, AttributeValue> pointer = key("EXECUTION#" + padded(id), "EXECUTION");
        pointer.put("instanceId", number(instanceId));
        dynamo.putItem(put -> put.tableName(settings.table()).item(pointer));
        instanceOfExecution.put(id, instanceId);

        Map<String, AttributeValue> item = key(instancePk(instanceId), executionSk(id));
        item.put("executionId", number(id));
        item.put("instanceId", number(instanceId));
        item.put("jobName", AttributeValue.fromS(jobInstance.getJobName()));
        item.put("createTime", number(execution.getCreateTime().getTime()));
        item.put("lastUpdatedTime", number(execution.getLastUpdatedTime().getTime()));
        item.put("batchStatus", AttributeValue.fromS(execution.getBatchStatus().name()));
        item.put("jobParameters", parameters(jobParameters));
        item.put("leaseOwner", AttributeValue.fromS(owner));
        item.put("heartbeat", number(clock.millis()));
        long started = System.nanoTime();
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().put(Put.builder().tableName(settings.table()).item(item)
                .conditionExpression("attribute_not_exists(pk)").build()).build());
        String runId = jobParameters == null ? null : jobParameters.getProperty(JobLauncher.RUN_ID);
        if (runId != null) {
            Map<String, AttributeValue> index = key(runPk(jobInstance.getJobName(), runId), "INSTANCE");
            index.put("instanceId", number(instanceId));
            index.put("executionId", number(id));
            writes.add(TransactWriteItem.builder().put(Put.builder().tableName(settings.table()).item(index).build())
                    .build());
            String token = launchTokens.get(runKey(jobInstance.getJobName(), runId));
            if (token != null) {
                writes.add(TransactWriteItem.builder().conditionCheck(ConditionCheck.builder()
                        .tableName(settings.table()).key(key(runPk(jobInstance.getJobName(), runId), "LAUNCH"))
                        .conditionExpression("#leaseOwner = :me AND #token = :token")
                        .expressionAttributeNames(Map.of("#leaseOwner", "leaseOwner", "#token", "token"))
                        .expressionAttributeValues(Map.of(":me", AttributeValue.fromS(owner),
                                ":token", AttributeValue.fromS(token)))
                        .build()).build());
            }
        }
        try {
            transact(writes);
        } catch (TransactionCanceledException e) {
            if (writes.size() == 3 && failedCondition(e, 2)) {
                throw new LaunchClaimLostException("the launch claim of job '" + jobInstance.getJobName() + "' run '"
                        + runId + "' expired while this launcher was deciding, and another launcher claimed it;"
                        + " not starting the run a second time", e);
            }
            throw e;
        }

        createdHere.put(id, execution);
        leases.put(id, new Lease(started));
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
        Map<String, AttributeValue> item = get(instancePk(instanceId.get()), executionSk(jobExecutionId));
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
        queryInstance(jobInstance.getInstanceId(), "EXECUTION#", true, item -> {
            JobExecutionImpl here = createdHere.get(longOf(item, "executionId"));
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
            queryInstance(instance.getInstanceId(), "EXECUTION#", true, item -> ids.add(longOf(item, "executionId")));
        }
        ids.sort((a, b) -> Long.compare(b, a));
        return limit == null || ids.size() <= limit ? ids : new ArrayList<>(ids.subList(0, limit));
    }

    @Override
    public List<Long> getRunningExecutions(String jobName) {
        List<Long> running = new ArrayList<>();
        for (JobInstance instance : getJobInstances(jobName)) {
            queryInstance(instance.getInstanceId(), "EXECUTION#", true, item -> {
                String status = item.get("batchStatus").s();
                if (status.equals(BatchStatus.STARTING.name()) || status.equals(BatchStatus.STARTED.name())) {
                    running.add(longOf(item, "executionId"));
                }
            });
        }
        return running;
    }

    @Override
    public void updateJobExecution(JobExecutionImpl jobExecution, boolean fullUpdate, boolean saveJobParameters) {
        jobExecution.setLastUpdatedTime(clock.millis());
        long id = jobExecution.getExecutionId();
        ItemUpdate update = new ItemUpdate(settings.table(), executionKey(id))
                .setNumber("lastUpdatedTime", jobExecution.getLastUpdatedTime().getTime())
                .set("batchStatus", AttributeValue.fromS(jobExecution.getBatchStatus().name()));
        if (fullUpdate) {
            update.setTimeOrRemove("endTime", jobExecution.getEndTime())
                    .setOrRemove("exitStatus", jobExecution.getExitStatus())
                    .setOrRemove("restartPosition", jobExecution.combineRestartPositionAndUser());
            if (saveJobParameters) {
                update.set("jobParameters", parameters(jobExecution.getJobParameters()));
            }
        } else {
            update.setTimeOrRemove("startTime", jobExecution.getStartTime());
        }
        Lease lease = leases.get(id);
        if (lease == null) {
            dynamo.updateItem(update.request()); // not started here: JBeret marking another's execution on restart
            return;
        }
        boolean ending = !UNFINISHED.contains(jobExecution.getBatchStatus());
        try {
            lease.requireHeld(id);
            update.onlyIf("#leaseOwner = :me", Map.of(":me", AttributeValue.fromS(owner)));
            try {
                dynamo.updateItem(update.request());
            } catch (ConditionalCheckFailedException e) {
                throw lease.lost(id, "its item now names another lease owner");
            }
        } catch (LeaseLostException e) {
            if (!ending) {
                throw e;
            }
            // the end of an execution taken over: not recorded, and not thrown either, so that JBeret finishes the
            // execution in this JVM and the launcher, which knows the lease was lost, reports it
            LOG.warn("the end ({}) of job execution {} is not recorded: {}", jobExecution.getBatchStatus(), id,
                    e.getMessage());
        }
        if (ending) {
            lease.end();
        }
    }

    @Override
    public void stopJobExecution(JobExecutionImpl jobExecution) {
        jobExecution.setLastUpdatedTime(clock.millis());
        long id = jobExecution.getExecutionId();
        markStopping(executionKey(id));
        long instanceId = instanceOf(id).orElseThrow();
        queryInstance(instanceId, "STEP#" + padded(id) + "#", true, step -> {
            markStopping(key(step.get("pk").s(), step.get("sk").s()));
            queryInstance(instanceId, "PARTITION#" + padded(longOf(step, "stepExecutionId")) + "#", true,
                    partition -> markStopping(key(partition.get("pk").s(), partition.get("sk").s())));
        });
    }

    private void markStopping(Map<String, AttributeValue> key) {
        try {
            dynamo.updateItem(new ItemUpdate(settings.table(), key)
                    .set("batchStatus", AttributeValue.fromS(BatchStatus.STOPPING.name()))
                    .onlyIf("#batchStatus = :started", Map.of(":started", AttributeValue.fromS(BatchStatus.STARTED.name())))
                    .request());
        } catch (ConditionalCheckFailedException e) {
            // not STARTED: nothing to stop
        }
    }

    /** As JBeret's persistent repositories: only cached executions are dropped here, and none are cached. */
    @Override
    public void removeJobExecutions(JobExecutionSelector jobExecutionSelector) {
    }

    private JobExecutionImpl execution(Map<String, AttributeValue> item, JobInstanceImpl instance) {
        long id = longOf(item, "executionId");
        instanceOfExecution.putIfAbsent(id, instance.getInstanceId());
        return new JobExecutionImpl(instance, id, parameters(item.get("jobParameters")),
                time(item, "createTime"), time(item, "startTime"), time(item, "endTime"),
                time(item, "lastUpdatedTime"), item.get("batchStatus").s(), text(item, "exitStatus"),
                text(item, "restartPosition"));
    }

    private Optional<Long> instanceOf(long executionId) {
        Long known = instanceOfExecution.get(executionId);
        if (known != null) {
            return Optional.of(known);
        }
        Map<String, AttributeValue> pointer = get("EXECUTION#" + padded(executionId), "EXECUTION");
        if (pointer.isEmpty()) {
            return Optional.empty();
        }
        long instanceId = longOf(pointer, "instanceId");
        instanceOfExecution.put(executionId, instanceId);
        return Optional.of(instanceId);
    }

    private Map<String, AttributeValue> executionKey(long executionId) {
        long instanceId = instanceOf(executionId).orElseThrow(() -> new IllegalStateException(
                "job execution " + executionId + " is not in the job repository table " + settings.table()));
        return key(instancePk(instanceId), executionSk(executionId));
    }

    // ---- step executions ----

    @Override
    public StepExecutionImpl createStepExecution(String stepName) {
        return new StepExecutionImpl(stepName);
    }

    @Override
    public void addStepExecution(JobExecutionImpl jobExecution, StepExecutionImpl stepExecution) {
        Lease lease = leases.get(jobExecution.getExecutionId());
        if (lease != null) {
            lease.requireHeld(jobExecution.getExecutionId()); // before taking an id: a fenced process changes nothing
        }
        jobExecution.addStepExecution(stepExecution);
        long id = nextId("step_execution");
        stepExecution.setId(id);
        StepKey stepKey = new StepKey(jobExecution.getJobInstance().getInstanceId(), jobExecution.getExecutionId(), id);
        stepKeys.put(id, stepKey);
        Map<String, AttributeValue> item = stepKey.key();
        item.put("stepExecutionId", number(id));
        item.put("executionId", number(jobExecution.getExecutionId()));
        item.put("stepName", AttributeValue.fromS(stepExecution.getStepName()));
        item.put("startTime", number(stepExecution.getStartTime().getTime()));
        item.put("batchStatus", AttributeValue.fromS(stepExecution.getBatchStatus().name()));
        writeFenced(jobExecution.getExecutionId(), TransactWriteItem.builder()
                .put(Put.builder().tableName(settings.table()).item(item).build()).build());
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
        StepKey stepKey = stepKeyOf(step.getStepExecutionId());
        ItemUpdate update = new ItemUpdate(settings.table(), stepKey.key())
                .setTimeOrRemove("endTime", step.getEndTime())
                .set("batchStatus", AttributeValue.fromS(step.getBatchStatus().name()))
                .setOrRemove("exitStatus", step.getExitStatus())
                .setOrRemove("exception", exceptionText(step.getException()));
        for (Metric.MetricType metric : Metric.MetricType.values()) {
            update.setNumber(metricAttribute(metric), step.getStepMetrics().get(metric));
        }
        return saveWithCheckpoints(update, stepKey.path(), stepKey.key(), step, unlessStopping);
    }

    private boolean savePartition(PartitionExecutionImpl partition, boolean unlessStopping) {
        StepKey stepKey = stepKeyOf(partition.getStepExecutionId());
        Map<String, AttributeValue> key = partitionKey(stepKey, partition.getPartitionId());
        ItemUpdate update = new ItemUpdate(settings.table(), key)
                .set("batchStatus", AttributeValue.fromS(partition.getBatchStatus().name()))
                .setOrRemove("exitStatus", partition.getExitStatus())
                .setOrRemove("exception", exceptionText(partition.getException()));
        return saveWithCheckpoints(update, stepKey.path() + "/partition-" + partition.getPartitionId(), key, partition,
                unlessStopping);
    }

    private boolean saveWithCheckpoints(ItemUpdate update, String itemPath, Map<String, AttributeValue> key,
                                        AbstractStepExecution execution, boolean unlessStopping) {
        Map<String, byte[]> data = new LinkedHashMap<>();
        putIfPresent(data, CheckpointStore.PERSISTENT_USER_DATA, execution.getPersistentUserDataSerialized());
        putIfPresent(data, CheckpointStore.READER_CHECKPOINT, execution.getReaderCheckpointInfoSerialized());
        putIfPresent(data, CheckpointStore.WRITER_CHECKPOINT, execution.getWriterCheckpointInfoSerialized());
        CheckpointStore.Placement placement = checkpoints.place(itemPath, data);
        placement.addTo(update);
        if (unlessStopping) {
            update.onlyIf("#batchStatus <> :stopping",
                    Map.of(":stopping", AttributeValue.fromS(BatchStatus.STOPPING.name())));
        }
        String itemId = key.get("pk").s() + "/" + key.get("sk").s();
        boolean written;
        try {
            written = writeFenced(executionOf(execution), update.transactItem());
        } catch (RuntimeException e) {
            checkpoints.deleteReplaced(placement.spilledKeys());
            throw e;
        }
        if (!written) {
            checkpoints.deleteReplaced(placement.spilledKeys());
            return false;
        }
        // the item points at the new objects now; the ones it pointed at before are garbage
        List<String> previous = spilledObjects.put(itemId, placement.spilledKeys());
        if (previous != null) {
            checkpoints.deleteReplaced(previous);
        }
        return true;
    }

    @Override
    public List<StepExecution> getStepExecutions(long jobExecutionId, ClassLoader classLoader) {
        List<StepExecution> steps = new ArrayList<>();
        instanceOf(jobExecutionId).ifPresent(instanceId -> queryInstance(instanceId,
                "STEP#" + padded(jobExecutionId) + "#", true, item -> steps.add(step(item, instanceId))));
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
        QueryRequest.Builder query = instanceQuery(instanceId, "STEP#")
                .scanIndexForward(false)
                .filterExpression("stepName = :stepName");
        query.expressionAttributeValues(withValue(instanceQueryValues(instanceId, "STEP#"), ":stepName",
                AttributeValue.fromS(stepName)));
        queryUntil(query, item -> {
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

    /**
     * Refuses checkpoints holding anything but our checkpoint types before JBeret restarts from them: the item or
     * spill object may have been tampered with, and Java serialisation would run a gadget's code while reading it.
     */
    private static <T extends AbstractStepExecution> T verified(T execution, String whose, ClassLoader loader) {
        verify(execution.getPersistentUserDataSerialized(), CheckpointStore.PERSISTENT_USER_DATA, whose, loader);
        verify(execution.getReaderCheckpointInfoSerialized(), CheckpointStore.READER_CHECKPOINT, whose, loader);
        verify(execution.getWriterCheckpointInfoSerialized(), CheckpointStore.WRITER_CHECKPOINT, whose, loader);
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

    @Override
    public int countStepStartTimes(String stepName, long jobInstanceId) {
        return count(instanceQuery(jobInstanceId, "STEP#")
                .filterExpression("stepName = :stepName")
                .expressionAttributeValues(withValue(instanceQueryValues(jobInstanceId, "STEP#"), ":stepName",
                        AttributeValue.fromS(stepName))));
    }

    private StepExecutionImpl step(Map<String, AttributeValue> item, long instanceId) {
        long id = longOf(item, "stepExecutionId");
        stepKeys.putIfAbsent(id, new StepKey(instanceId, longOf(item, "executionId"), id));
        return new StepExecutionImpl(id, item.get("stepName").s(), time(item, "startTime"), time(item, "endTime"),
                item.get("batchStatus").s(), text(item, "exitStatus"),
                checkpoints.read(item, CheckpointStore.PERSISTENT_USER_DATA).orElse(null),
                metric(item, Metric.MetricType.READ_COUNT), metric(item, Metric.MetricType.WRITE_COUNT),
                metric(item, Metric.MetricType.COMMIT_COUNT), metric(item, Metric.MetricType.ROLLBACK_COUNT),
                metric(item, Metric.MetricType.READ_SKIP_COUNT), metric(item, Metric.MetricType.PROCESS_SKIP_COUNT),
                metric(item, Metric.MetricType.FILTER_COUNT), metric(item, Metric.MetricType.WRITE_SKIP_COUNT),
                checkpoints.read(item, CheckpointStore.READER_CHECKPOINT).orElse(null),
                checkpoints.read(item, CheckpointStore.WRITER_CHECKPOINT).orElse(null));
    }

    private StepKey stepKeyOf(long stepExecutionId) {
        StepKey stepKey = stepKeys.get(stepExecutionId);
        if (stepKey == null) {
            throw new IllegalStateException("step execution " + stepExecutionId + " was neither added nor read by this"
                    + " job repository; cannot locate its item");
        }
        return stepKey;
    }

    // ---- partition executions ----

    @Override
    public void addPartitionExecution(StepExecutionImpl enclosingStepExecution, PartitionExecutionImpl partitionExecution) {
        enclosingStepExecution.getPartitionExecutions().add(partitionExecution);
        StepKey stepKey = stepKeyOf(enclosingStepExecution.getStepExecutionId());
        Map<String, AttributeValue> item = partitionKey(stepKey, partitionExecution.getPartitionId());
        item.put("stepExecutionId", number(stepKey.stepExecutionId()));
        item.put("partitionId", number(partitionExecution.getPartitionId()));
        item.put("stepName", AttributeValue.fromS(enclosingStepExecution.getStepName()));
        item.put("batchStatus", AttributeValue.fromS(partitionExecution.getBatchStatus().name()));
        writeFenced(stepKey.executionId(), TransactWriteItem.builder()
                .put(Put.builder().tableName(settings.table()).item(item).build()).build());
    }

    @Override
    public List<PartitionExecutionImpl> getPartitionExecutions(long stepExecutionId, StepExecutionImpl stepExecution,
                                                               boolean notCompletedOnly, ClassLoader classLoader) {
        StepKey stepKey = stepKeyOf(stepExecutionId);
        List<PartitionExecutionImpl> partitions = new ArrayList<>();
        queryInstance(stepKey.instanceId(), "PARTITION#" + padded(stepExecutionId) + "#", true, item -> {
            String status = item.get("batchStatus").s();
            if (!notCompletedOnly || !status.equals(BatchStatus.COMPLETED.name())) {
                partitions.add(verified(new PartitionExecutionImpl((int) longOf(item, "partitionId"), stepExecutionId,
                        item.get("stepName").s(), BatchStatus.valueOf(status), text(item, "exitStatus"),
                        checkpoints.read(item, CheckpointStore.PERSISTENT_USER_DATA).orElse(null),
                        checkpoints.read(item, CheckpointStore.READER_CHECKPOINT).orElse(null),
                        checkpoints.read(item, CheckpointStore.WRITER_CHECKPOINT).orElse(null)),
                        "partition " + longOf(item, "partitionId") + " of step '" + stepExecution.getStepName()
                                + "' (step execution " + stepExecutionId + ")", classLoader));
            }
        });
        return partitions;
    }

    private static Map<String, AttributeValue> partitionKey(StepKey step, int partitionId) {
        return key(instancePk(step.instanceId()), "PARTITION#" + padded(step.stepExecutionId()) + "#" + padded(partitionId));
    }

    // ---- leases ----

    /**
     * Takes over an unfinished execution whose lease expired: one conditional write sets it FAILED and makes this
     * process its lease owner, on the condition that status, owner and heartbeat are still what was read, so of two
     * launchers looking at the same orphan only one wins.
     */
    @Override
    public Takeover takeOverIfOrphaned(long executionId) {
        Optional<Long> instanceId = instanceOf(executionId);
        if (instanceId.isEmpty()) {
            return new Takeover.Changed();
        }
        Map<String, AttributeValue> item = get(instancePk(instanceId.get()), executionSk(executionId));
        if (item.isEmpty() || !UNFINISHED.contains(BatchStatus.valueOf(item.get("batchStatus").s()))) {
            return new Takeover.Changed();
        }
        String holder = text(item, "leaseOwner");
        long heartbeat = item.containsKey("heartbeat") ? longOf(item, "heartbeat") : longOf(item, "lastUpdatedTime");
        Duration since = Duration.ofMillis(Math.max(0, clock.millis() - heartbeat));
        Lease ours = leases.get(executionId);
        if (since.compareTo(settings.leaseTimeout()) < 0 || (ours != null && ours.running())) {
            return new Takeover.RunningElsewhere(holder == null ? "unknown" : holder, since);
        }
        Map<String, AttributeValue> expected = new HashMap<>();
        expected.put(":status", item.get("batchStatus"));
        expected.put(":heartbeat", number(heartbeat));
        String condition = "#batchStatus = :status AND (#heartbeat = :heartbeat OR attribute_not_exists(#heartbeat))";
        if (holder != null) {
            expected.put(":holder", AttributeValue.fromS(holder));
            condition += " AND #leaseOwner = :holder";
        }
        try {
            dynamo.updateItem(new ItemUpdate(settings.table(), key(instancePk(instanceId.get()), executionSk(executionId)))
                    .set("batchStatus", AttributeValue.fromS(BatchStatus.FAILED.name()))
                    .set("exitStatus", AttributeValue.fromS("FAILED: process " + holder + " stopped renewing its lease "
                            + since.toSeconds() + " s ago"))
                    .setNumber("lastUpdatedTime", clock.millis())
                    .set("leaseOwner", AttributeValue.fromS(owner))
                    .onlyIf(condition, expected)
                    .request());
        } catch (ConditionalCheckFailedException e) {
            return new Takeover.Changed();
        }
        LOG.warn("job execution {} was orphaned by {} (no heartbeat for {} s); marked FAILED by {}", executionId,
                holder, since.toSeconds(), owner);
        return new Takeover.Orphaned();
    }

    /**
     * One item per run, {@code RUN#job#runId / LAUNCH}, written only if absent or expired: while a launcher decides
     * about the run, no other process does. It expires after one lease timeout, so a launcher killed while deciding
     * blocks nobody for long.
     */
    @Override
    public Optional<LaunchClaim> claimLaunch(String jobName, String runId) {
        Map<String, AttributeValue> key = key(runPk(jobName, runId), "LAUNCH");
        Map<String, AttributeValue> item = new HashMap<>(key);
        long now = clock.millis();
        String token = UUID.randomUUID().toString();
        item.put("leaseOwner", AttributeValue.fromS(owner));
        item.put("token", AttributeValue.fromS(token));
        item.put("expires", number(now + settings.leaseTimeout().toMillis()));
        try {
            dynamo.putItem(put -> put.tableName(settings.table()).item(item)
                    .conditionExpression("attribute_not_exists(pk) OR #expires < :now")
                    .expressionAttributeNames(Map.of("#expires", "expires"))
                    .expressionAttributeValues(Map.of(":now", number(now))));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
        String runKey = runKey(jobName, runId);
        launchTokens.put(runKey, token);
        return Optional.of(() -> {
            launchTokens.remove(runKey, token);
            try {
                dynamo.deleteItem(delete -> delete.tableName(settings.table()).key(key)
                        .conditionExpression("#token = :token")
                        .expressionAttributeNames(Map.of("#token", "token"))
                        .expressionAttributeValues(Map.of(":token", AttributeValue.fromS(token))));
            } catch (ConditionalCheckFailedException e) {
                // expired and claimed by another launcher meanwhile: theirs now
            }
        });
    }

    /**
     * The run's newest job instance, from the run's index item: one strongly consistent read, however many instances
     * the job has.
     */
    @Override
    public OptionalLong newestInstanceOfRun(String jobName, String runId) {
        Map<String, AttributeValue> index = get(runPk(jobName, runId), "INSTANCE");
        return index.isEmpty() ? OptionalLong.empty() : OptionalLong.of(longOf(index, "instanceId"));
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

    private void renewLeases() {
        leases.forEach((id, lease) -> {
            if (!lease.running()) {
                return;
            }
            try (RunContext.Scope scope = inRunOf(id)) {
                renew(id, lease);
            }
        });
    }

    private void renew(long id, Lease lease) {
        long sent = System.nanoTime();
        try {
            UpdateItemResponse beat = heartbeatDynamo.updateItem(new ItemUpdate(settings.table(), executionKey(id))
                    .setNumber("heartbeat", clock.millis())
                    .onlyIf("#leaseOwner = :me", Map.of(":me", AttributeValue.fromS(owner)))
                    .request().toBuilder().returnValues(ReturnValue.ALL_NEW).build());
            lease.renewed(sent);
            // 'runs stop' in another process marked it STOPPING: the launcher stops it here
            AttributeValue status = beat.attributes().get("batchStatus");
            if (status != null && BatchStatus.STOPPING.name().equals(status.s())) {
                lease.stopRequested = true;
            }
        } catch (ConditionalCheckFailedException e) {
            // another process judged this one dead and restarted the job: stop; every write of ours is refused
            LOG.error(lease.lost(id, "another process took it over").getMessage());
            JobExecutionImpl execution = createdHere.get(id);
            if (execution != null) {
                execution.stop();
            }
        } catch (RuntimeException e) {
            // throttling, a network hiccup or a transaction on the item: the next beat tries again; check()
            // refuses writes once the lease may have run out
            LOG.warn("cannot renew the lease of job execution {}: {}", id, e.getMessage());
        }
    }

    // the heartbeat thread's lines name the run and job whose lease it renews, as the job's own thread does
    private RunContext.Scope inRunOf(long executionId) {
        JobExecutionImpl execution = createdHere.get(executionId);
        if (execution == null) {
            return RunContext.enter(null, null);
        }
        Properties parameters = execution.getJobParameters();
        return RunContext.enter(parameters == null ? null : parameters.getProperty(JobLauncher.RUN_ID),
                execution.getJobName());
    }

    /**
     * Refuses when an execution running here lost its lease, or has gone a lease timeout less one heartbeat without
     * renewing it (by this process's monotonic clock, which keeps running while the process is paused): another
     * process may have taken the run over.
     */
    @Override
    public void check() {
        leases.forEach((id, lease) -> {
            if (!lease.ended || lease.lost != null) {
                lease.requireHeld(id);
            }
        });
    }

    @Override
    public boolean stopRequested(long executionId) {
        Lease lease = leases.get(executionId);
        return lease != null && lease.stopRequested;
    }

    @Override
    public boolean shared() {
        return true;
    }

    /** Whether this process lost the lease of execution {@code executionId} (another process took it over). */
    public boolean lostLease(long executionId) {
        Lease lease = leases.get(executionId);
        return lease != null && lease.lost != null;
    }

    /** Stops renewing leases; executions still running here will look orphaned once their leases expire. */
    @Override
    public void close() {
        heartbeats.shutdownNow();
        leases.values().forEach(Lease::end);
    }

    /**
     * Writes {@code write} only while this process holds the lease of job execution {@code executionId} (when it
     * started that execution; other writes go through unfenced): one TransactWriteItems with a ConditionCheck on the
     * execution item. False when the write's own condition failed.
     */
    private boolean writeFenced(long executionId, TransactWriteItem write) {
        Lease lease = leases.get(executionId);
        if (lease == null) {
            try {
                transact(List.of(write));
                return true;
            } catch (TransactionCanceledException e) {
                if (failedCondition(e, 0)) {
                    return false;
                }
                throw e;
            }
        }
        lease.requireHeld(executionId);
        TransactWriteItem fence = TransactWriteItem.builder().conditionCheck(ConditionCheck.builder()
                .tableName(settings.table()).key(executionKey(executionId))
                .conditionExpression("#leaseOwner = :me")
                .expressionAttributeNames(Map.of("#leaseOwner", "leaseOwner"))
                .expressionAttributeValues(Map.of(":me", AttributeValue.fromS(owner)))
                .build()).build();
        try {
            transact(List.of(fence, write));
            return true;
        } catch (TransactionCanceledException e) {
            if (failedCondition(e, 0)) {
                throw lease.lost(executionId, "its item now names another lease owner");
            }
            if (failedCondition(e, 1)) {
                return false;
            }
            throw e;
        }
    }

    /**
     * One TransactWriteItems, tried again while it only failed on a conflict with another write to one of its items
     * (a heartbeat, a concurrent transaction): DynamoDB cancels rather than waits.
     */
    private void transact(List<TransactWriteItem> writes) {
        for (int attempt = 1; ; attempt++) {
            try {
                dynamo.transactWriteItems(request -> request.transactItems(writes));
                return;
            } catch (TransactionCanceledException e) {
                boolean conflict = e.hasCancellationReasons() && e.cancellationReasons().stream()
                        .anyMatch(reason -> "TransactionConflict".equals(reason.code()));
                if (!conflict || attempt >= 8) {
                    throw e;
                }
                try {
                    Thread.sleep(ThreadLocalRandom.current().nextLong(10, 10L << attempt));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static boolean failedCondition(TransactionCanceledException e, int action) {
        return e.hasCancellationReasons() && e.cancellationReasons().size() > action
                && "ConditionalCheckFailed".equals(e.cancellationReasons().get(action).code());
    }

    private long executionOf(AbstractStepExecution execution) {
        return stepKeyOf(execution instanceof PartitionExecutionImpl partition ? partition.getStepExecutionId()
                : ((StepExecutionImpl) execution).getStepExecutionId()).executionId();
    }

    /** The lease of an execution this process started. */
    private final class Lease {
        private volatile long renewedNanos;
        private volatile boolean ended;
        private volatile LeaseLostException lost;
        /** Another process asked, through the execution's item, that it stop. */
        private volatile boolean stopRequested;

        Lease(long renewedNanos) {
            this.renewedNanos = renewedNanos;
        }

        boolean running() {
            return !ended && lost == null;
        }

        void renewed(long sentNanos) {
            renewedNanos = Math.max(renewedNanos, sentNanos);
        }

        void end() {
            ended = true;
        }

        /**
         * Marks the lease lost. The failure carries no SDK exception as its cause: JBeret copies a failed step's
         * exception through Java serialisation, and the checkpoint filter rightly refuses the SDK's response types.
         */
        LeaseLostException lost(long executionId, String why) {
            LeaseLostException failure = new LeaseLostException("process " + owner + " lost the lease of job execution "
                    + executionId + " (" + why + "): another process runs it now, so this one writes nothing more");
            if (lost == null) {
                lost = failure;
            }
            return lost;
        }

        void requireHeld(long executionId) {
            LeaseLostException failure = lost;
            if (failure != null) {
                throw new LeaseLostException(failure.getMessage(), failure);
            }
            if (ended) {
                return;
            }
            long silent = System.nanoTime() - renewedNanos;
            long allowed = settings.leaseTimeout().minus(settings.heartbeatInterval()).toNanos();
            if (silent > allowed) {
                throw lost(executionId, "not renewed for " + Duration.ofNanos(silent).toMillis() + " ms, and another"
                        + " process may take it over after " + settings.leaseTimeout().toMillis() + " ms");
            }
        }
    }

    // ---- DynamoDB plumbing ----

    private long nextId(String counter) {
        return Long.parseLong(dynamo.updateItem(update -> update.tableName(settings.table())
                .key(key("COUNTER", counter))
                .updateExpression("ADD #value :one")
                .expressionAttributeNames(Map.of("#value", "value"))
                .expressionAttributeValues(Map.of(":one", number(1)))
                .returnValues(ReturnValue.UPDATED_NEW)).attributes().get("value").n());
    }

    private Map<String, AttributeValue> get(String pk, String sk) {
        try {
            return dynamo.getItem(get -> get.tableName(settings.table()).key(key(pk, sk)).consistentRead(true)).item();
        } catch (ResourceNotFoundException e) {
            throw new IllegalStateException("the job repository table " + settings.table() + " does not exist", e);
        }
    }

    private QueryRequest.Builder instanceQuery(long instanceId, String skPrefix) {
        return QueryRequest.builder()
                .keyConditionExpression("pk = :pk AND begins_with(sk, :prefix)")
                .expressionAttributeValues(instanceQueryValues(instanceId, skPrefix));
    }

    private static Map<String, AttributeValue> instanceQueryValues(long instanceId, String skPrefix) {
        return Map.of(":pk", AttributeValue.fromS(instancePk(instanceId)), ":prefix", AttributeValue.fromS(skPrefix));
    }

    private void queryInstance(long instanceId, String skPrefix, boolean ascending,
                               Consumer<Map<String, AttributeValue>> each) {
        query(instanceQuery(instanceId, skPrefix).scanIndexForward(ascending), each);
    }

    private void query(QueryRequest.Builder query, Consumer<Map<String, AttributeValue>> each) {
        queryUntil(query, item -> {
            each.accept(item);
            return true;
        });
    }

    /** Pages through a strongly consistent query while {@code each} returns true. */
    private void queryUntil(QueryRequest.Builder query, java.util.function.Predicate<Map<String, AttributeValue>> each) {
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse page = dynamo.query(query.tableName(settings.table()).consistentRead(true)
                    .exclusiveStartKey(start).build());
            for (Map<String, AttributeValue> item : page.items()) {
                if (!each.test(item)) {
                    return;
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
    }

    private int count(QueryRequest.Builder query) {
        int count = 0;
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse page = dynamo.query(query.tableName(settings.table()).consistentRead(true)
                    .select(Select.COUNT).exclusiveStartKey(start).build());
            count += page.count();
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return count;
    }

    private void scan(Consumer<Map<String, AttributeValue>> each) {
        Map<String, AttributeValue> start = null;
        do {
            var page = dynamo.scan(ScanRequest.builder().tableName(settings.table()).consistentRead(true)
                    .exclusiveStartKey(start).build());
            page.items().forEach(each);
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
    }

    private static Map<String, AttributeValue> withValue(Map<String, AttributeValue> values, String name,
                                                         AttributeValue value) {
        Map<String, AttributeValue> all = new HashMap<>(values);
        all.put(name, value);
        return all;
    }

    static Map<String, AttributeValue> key(String pk, String sk) {
        Map<String, AttributeValue> key = new HashMap<>();
        key.put("pk", AttributeValue.fromS(pk));
        key.put("sk", AttributeValue.fromS(sk));
        return key;
    }

    static String runPk(String jobName, String runId) {
        return "RUN#" + jobName + "#" + runId;
    }

    private static String runKey(String jobName, String runId) {
        return jobName + "#" + runId;
    }

    static String instancePk(long instanceId) {
        return "INSTANCE#" + padded(instanceId);
    }

    static String executionSk(long executionId) {
        return "EXECUTION#" + padded(executionId);
    }

    static String padded(long id) {
        return String.format("%019d", id);
    }

    private static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static long longOf(Map<String, AttributeValue> item, String attribute) {
        return Long.parseLong(item.get(attribute).n());
    }

    private static String text(Map<String, AttributeValue> item, String attribute) {
        AttributeValue value = item.get(attribute);
        return value == null ? null : value.s();
    }

    private static Date time(Map<String, AttributeValue> item, String attribute) {
        AttributeValue value = item.get(attribute);
        return value == null ? null : new Date(Long.parseLong(value.n()));
    }

    private static long metric(Map<String, AttributeValue> item, Metric.MetricType metric) {
        AttributeValue value = item.get(metricAttribute(metric));
        return value == null ? 0 : Long.parseLong(value.n());
    }

    private static String metricAttribute(Metric.MetricType metric) {
        return "metric" + metric.name();
    }

    private static <V> void putIfPresent(Map<String, V> map, String name, V value) {
        if (value != null) {
            map.put(name, value);
        }
    }

    private static void putIfPresent(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, AttributeValue.fromS(value));
        }
    }

    private static AttributeValue parameters(Properties parameters) {
        Map<String, AttributeValue> map = new HashMap<>();
        if (parameters != null) {
            // stringPropertyNames includes defaults: a restart's parameters are the original ones under its overrides
            for (String name : parameters.stringPropertyNames()) {
                map.put(name, AttributeValue.fromS(parameters.getProperty(name)));
            }
        }
        return AttributeValue.fromM(map);
    }

    private static Properties parameters(AttributeValue value) {
        if (value == null || value.m().isEmpty()) {
            return null;
        }
        Properties parameters = new Properties();
        value.m().forEach((name, text) -> parameters.setProperty(name, text.s()));
        return parameters;
    }

    private static String exceptionText(Exception exception) {
        if (exception == null) {
            return null;
        }
        StringWriter text = new StringWriter();
        exception.printStackTrace(new PrintWriter(text));
        String full = text.toString();
        return full.length() <= EXCEPTION_TEXT_LIMIT ? full : full.substring(0, EXCEPTION_TEXT_LIMIT);
    }

    /** Where a step execution's item is: immutable once the step execution exists. */
    private record StepKey(long instanceId, long executionId, long stepExecutionId) {

        Map<String, AttributeValue> key() {
            return DynamoDbJobRepository.key(instancePk(instanceId), "STEP#" + padded(executionId) + "#"
                    + padded(stepExecutionId));
        }

        String path() {
            return "instance-" + padded(instanceId) + "/step-execution-" + padded(stepExecutionId);
        }
    }
}
