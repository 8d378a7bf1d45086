package org.ecomkpi.jberet.dynamodb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.batch.runtime.JobInstance;

import org.ecomkpi.jberet.JobLauncher;
import org.ecomkpi.jberet.LaunchClaimLostException;
import org.jberet.runtime.JobExecutionImpl;
import org.jberet.runtime.JobInstanceImpl;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The job executions of the table: created (leased to this process, indexed by run id, under the launch claim),
 * read, listed for a job or instance, updated through the lease's fence, and stopped with their steps and partitions.
 * The executions this process created are handed out as the very objects JBeret's runtime mutates and waits on.
 */
final class JobExecutions {
    private final JobRepositoryTable table;
    private final ItemCodec codec;
    private final LeaseClock clock;
    private final LeaseKeeper leases;
    private final ExecutionLocations locations;
    private final JobInstances instances;
    /** The executions this process created: JBeret's runtime mutates and awaits these very objects. */
    private final Map<Long, JobExecutionImpl> createdHere = new ConcurrentHashMap<>();

    JobExecutions(JobRepositoryTable table, ItemCodec codec, LeaseClock clock, LeaseKeeper leases,
                  ExecutionLocations locations, JobInstances instances) {
        this.table = table;
        this.codec = codec;
        this.clock = clock;
        this.leases = leases;
        this.locations = locations;
        this.instances = instances;
    }

    /**
     * A new execution of {@code jobInstance}, leased to this process; with a run id, the run's index item is written
     * in the same transaction, on the condition that this launcher still holds the run's launch claim.
     */
    JobExecutionImpl create(JobInstanceImpl jobInstance, Properties jobParameters) {
        JobExecutionImpl execution = new JobExecutionImpl(jobInstance, jobParameters);
        long id = table.nextId(TableKeys.JOB_EXECUTION_COUNTER);
        execution.setId(id);
        long instanceId = jobInstance.getInstanceId();
        table.put(ItemCodec.executionPointerItem(id, instanceId));
        locations.execution(id, instanceId);

        Map<String, AttributeValue> item = ItemCodec.executionItem(execution, instanceId, jobParameters);
        long leased = leases.lease(item);
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().put(Put.builder().tableName(table.name()).item(item)
                .conditionExpression("attribute_not_exists(" + ItemAttributes.PK + ")").build()).build());
        String runId = jobParameters == null ? null : jobParameters.getProperty(JobLauncher.RUN_ID);
        if (runId != null) {
            writes.add(TransactWriteItem.builder().put(Put.builder().tableName(table.name())
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

    /** Execution {@code jobExecutionId}: the object created here, or read from the table; null when unknown. */
    JobExecution get(long jobExecutionId) {
        JobExecutionImpl here = createdHere.get(jobExecutionId);
        if (here != null) {
            return here;
        }
        Optional<Long> instanceId = locations.instanceOf(jobExecutionId);
        if (instanceId.isEmpty()) {
            return null;
        }
        Map<String, AttributeValue> item = table.get(TableKeys.execution(instanceId.get(), jobExecutionId));
        if (item.isEmpty()) {
            return null;
        }
        JobInstanceImpl instance = instances.get(instanceId.get());
        return execution(item, instance);
    }

    /** The executions of {@code jobInstance}, oldest first; of every instance for null. */
    List<JobExecution> of(JobInstance jobInstance) {
        if (jobInstance == null) {
            List<JobExecution> all = new ArrayList<>();
            for (JobInstance instance : instances.list("*")) {
                all.addAll(of(instance));
            }
            return all;
        }
        JobInstanceImpl instance = jobInstance instanceof JobInstanceImpl impl ? impl
                : instances.get(jobInstance.getInstanceId());
        List<JobExecution> executions = new ArrayList<>();
        queryExecutions(jobInstance.getInstanceId(), item -> {
            JobExecutionImpl here = createdHere.get(ItemCodec.executionId(item));
            executions.add(here != null ? here : execution(item, instance));
        });
        return executions;
    }

    /** The ids of job {@code jobName}'s executions, newest first, at most {@code limit} unless null. */
    List<Long> idsOfJob(String jobName, Integer limit) {
        List<Long> ids = new ArrayList<>();
        for (JobInstance instance : instances.list(jobName)) {
            queryExecutions(instance.getInstanceId(), item -> ids.add(ItemCodec.executionId(item)));
        }
        ids.sort((a, b) -> Long.compare(b, a));
        return limit == null || ids.size() <= limit ? ids : new ArrayList<>(ids.subList(0, limit));
    }

    /** The ids of job {@code jobName}'s executions that are starting or started. */
    List<Long> running(String jobName) {
        List<Long> running = new ArrayList<>();
        for (JobInstance instance : instances.list(jobName)) {
            queryExecutions(instance.getInstanceId(), item -> {
                String status = ItemCodec.batchStatus(item);
                if (status.equals(BatchStatus.STARTING.name()) || status.equals(BatchStatus.STARTED.name())) {
                    running.add(ItemCodec.executionId(item));
                }
            });
        }
        return running;
    }

    /** Writes the execution's state through its lease's fence. */
    void update(JobExecutionImpl jobExecution, boolean fullUpdate, boolean saveJobParameters) {
        jobExecution.setLastUpdatedTime(clock.millis());
        long id = jobExecution.getExecutionId();
        leases.updateExecution(id, codec.executionUpdate(locations.executionKey(id), jobExecution, fullUpdate,
                saveJobParameters), jobExecution.getBatchStatus());
    }

    /** Marks the execution, its steps and their partitions STOPPING, each only if it is STARTED. */
    void stop(JobExecutionImpl jobExecution) {
        jobExecution.setLastUpdatedTime(clock.millis());
        long id = jobExecution.getExecutionId();
        markStopping(locations.executionKey(id));
        long instanceId = locations.instanceOf(id).orElseThrow();
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

    private JobExecutionImpl execution(Map<String, AttributeValue> item, JobInstanceImpl instance) {
        locations.executionIfAbsent(ItemCodec.executionId(item), instance.getInstanceId());
        return ItemCodec.execution(item, instance);
    }

    private void queryExecutions(long instanceId, Consumer<Map<String, AttributeValue>> each) {
        queryInstance(instanceId, TableKeys.EXECUTIONS, each);
    }

    /** The instance's items whose sort key begins with {@code skPrefix}, in sort key order. */
    private void queryInstance(long instanceId, String skPrefix, Consumer<Map<String, AttributeValue>> each) {
        table.query(JobRepositoryTable.query(TableKeys.instancePk(instanceId), skPrefix).scanIndexForward(true), each);
    }
}
