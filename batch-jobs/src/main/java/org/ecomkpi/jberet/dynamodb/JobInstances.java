package org.ecomkpi.jberet.dynamodb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import jakarta.batch.runtime.JobInstance;

import org.jberet.job.model.Job;
import org.jberet.repository.ApplicationAndJobName;
import org.jberet.runtime.JobInstanceImpl;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The job instances of the table: an instance item in the instance's own partition, an index entry under its job's
 * name, and the index item of each run; created, read by id, listed and counted.
 */
final class JobInstances {
    private final JobRepositoryTable table;
    /** Job definitions loaded in this process, to hand out with the instances of their jobs. */
    private final Map<ApplicationAndJobName, Job> jobs;

    JobInstances(JobRepositoryTable table, Map<ApplicationAndJobName, Job> jobs) {
        this.table = table;
        this.jobs = jobs;
    }

    /** A new instance of {@code job}, with the next instance id. */
    JobInstanceImpl create(Job job, String applicationName) {
        JobInstanceImpl instance = new JobInstanceImpl(job, applicationName, job.getId());
        long id = table.nextId(TableKeys.JOB_INSTANCE_COUNTER);
        instance.setId(id);
        table.put(ItemCodec.instanceItem(id, job.getId(), applicationName));
        // the job's index entry comes second: an instance is findable by name only once it exists
        table.put(ItemCodec.jobIndexItem(job.getId(), id, applicationName));
        return instance;
    }

    /** The instance {@code jobInstanceId}, or null (JBeret's convention) when the table does not hold it. */
    JobInstanceImpl get(long jobInstanceId) {
        Map<String, AttributeValue> item = table.get(TableKeys.instance(jobInstanceId));
        if (item.isEmpty()) {
            return null;
        }
        return instance(jobInstanceId, ItemCodec.jobName(item), ItemCodec.applicationName(item));
    }

    /** The instances of job {@code jobName}, or of every job for null or {@code "*"}, newest first. */
    List<JobInstance> list(String jobName) {
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

    /** How many instances job {@code jobName} has. */
    int count(String jobName) {
        return table.count(JobRepositoryTable.query(TableKeys.jobPk(jobName)));
    }

    /** The run's newest instance, from the run's index item: one strongly consistent read. */
    OptionalLong newestOfRun(String jobName, String runId) {
        Map<String, AttributeValue> index = table.get(TableKeys.runIndex(jobName, runId));
        return index.isEmpty() ? OptionalLong.empty() : OptionalLong.of(ItemCodec.instanceId(index));
    }

    private JobInstanceImpl instance(long id, String jobName, String applicationName) {
        JobInstanceImpl instance = new JobInstanceImpl(jobs.get(new ApplicationAndJobName(applicationName, jobName)),
                applicationName, jobName);
        instance.setId(id);
        return instance;
    }
}
