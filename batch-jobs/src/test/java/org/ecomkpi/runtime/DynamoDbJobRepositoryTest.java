package org.ecomkpi.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import jakarta.batch.runtime.BatchStatus;

import org.ecomkpi.runtime.dynamodb.DynamoDbJobRepository;
import org.jberet.job.model.Job;
import org.jberet.runtime.JobExecutionImpl;
import org.jberet.runtime.JobInstanceImpl;
import org.jberet.runtime.StepExecutionImpl;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.s3.model.S3Object;

/** The DynamoDB job repository on its own, driven the way JBeret's runtime drives it. */
class DynamoDbJobRepositoryTest {

    private static final ClassLoader LOADER = DynamoDbJobRepositoryTest.class.getClassLoader();

    private MotoJobRepository store;

    @BeforeEach
    void newTable() {
        store = MotoJobRepository.create("repository", Duration.ofMillis(100), Duration.ofMillis(400));
    }

    @Test
    void checkpointTooLargeForAnItemIsKeptInS3AndReadBackByANewProcess() {
        String largeCheckpoint = randomText(500_000);
        long executionId;
        try (DynamoDbJobRepository repository = store.repository()) {
            JobExecutionImpl execution = newExecution(repository);
            executionId = execution.getExecutionId();
            StepExecutionImpl step = addStep(repository, execution, "copy");
            step.setReaderCheckpointInfo(largeCheckpoint);
            step.setWriterCheckpointInfo(42L);
            repository.savePersistentData(execution, step);

            assertEquals(1, spilledObjects().size(), "the reader checkpoint went to S3");
        }
        try (DynamoDbJobRepository repository = store.repository()) {
            JobExecutionImpl execution = (JobExecutionImpl) repository.getJobExecution(executionId);
            StepExecutionImpl original = repository.findOriginalStepExecutionForRestart("copy", execution, LOADER);

            assertEquals(largeCheckpoint, original.getReaderCheckpointInfo());
            assertEquals(42L, original.getWriterCheckpointInfo());
        }
    }

    @Test
    void smallCheckpointAfterASpilledOneStaysInTheTableAndTheS3ObjectIsDeleted() {
        try (DynamoDbJobRepository repository = store.repository()) {
            JobExecutionImpl execution = newExecution(repository);
            StepExecutionImpl step = addStep(repository, execution, "copy");
            step.setReaderCheckpointInfo(randomText(400_000));
            repository.savePersistentData(execution, step);
            step.setReaderCheckpointInfo(7);
            repository.savePersistentData(execution, step);

            assertEquals(List.of(), spilledObjects());
            StepExecutionImpl original = repository.findOriginalStepExecutionForRestart("copy", execution, LOADER);
            assertEquals(7, original.getReaderCheckpointInfo());
        }
    }

    @Test
    void restartFindsTheCheckpointOfTheProcessThatRanLastNotTheOneInMemory() {
        try (DynamoDbJobRepository first = store.repository(); DynamoDbJobRepository second = store.repository()) {
            JobExecutionImpl failedHere = newExecution(first);
            StepExecutionImpl stepHere = addStep(first, failedHere, "copy");
            stepHere.setReaderCheckpointInfo(5);
            first.savePersistentData(failedHere, stepHere);

            // another process restarts the instance and gets further before it fails too
            JobInstanceImpl instance = second.getJobInstance(failedHere.getJobInstance().getInstanceId());
            instance.setUnsubstitutedJob(new Job("repository-test"));
            JobExecutionImpl failedElsewhere = second.createJobExecution(instance, new Properties());
            StepExecutionImpl stepElsewhere = addStep(second, failedElsewhere, "copy");
            stepElsewhere.setReaderCheckpointInfo(9);
            second.savePersistentData(failedElsewhere, stepElsewhere);

            // the first process's execution object still holds its own step, checkpoint 5, in memory
            StepExecutionImpl original = first.findOriginalStepExecutionForRestart("copy", failedHere, LOADER);
            assertEquals(9, original.getReaderCheckpointInfo());
            assertEquals(2, first.countStepStartTimes("copy", instance.getInstanceId()));
        }
    }

    @Test
    void onlyOneProcessTakesOverAnExecutionWhoseLeaseExpired() throws Exception {
        long executionId;
        DynamoDbJobRepository dead = store.repository();
        executionId = newExecution(dead).getExecutionId();
        try (DynamoDbJobRepository one = store.repository(); DynamoDbJobRepository other = store.repository()) {
            ExecutionLeases.Takeover whileAlive = one.takeOverIfOrphaned(executionId);
            assertEquals(dead.owner(), assertInstanceOf(ExecutionLeases.Takeover.RunningElsewhere.class, whileAlive).owner());

            dead.close(); // no more heartbeats, as after a SIGKILL
            Thread.sleep(600);

            assertInstanceOf(ExecutionLeases.Takeover.Orphaned.class, one.takeOverIfOrphaned(executionId));
            assertInstanceOf(ExecutionLeases.Takeover.Changed.class, other.takeOverIfOrphaned(executionId));
            assertEquals(BatchStatus.FAILED, other.getJobExecution(executionId).getBatchStatus());
        }
    }

    @Test
    void processWhoseExecutionWasTakenOverStopsIt() throws Exception {
        // a process that renews slowly looks dead to one with a short lease timeout: what a long GC pause looks like
        try (DynamoDbJobRepository slow = new DynamoDbJobRepository(MotoJobRepository.dynamo(), MotoJobRepository.s3(),
                store.settings().withLease(Duration.ofSeconds(3), Duration.ofSeconds(10)));
             DynamoDbJobRepository impatient = store.repository()) {
            JobExecutionImpl execution = newExecution(slow);
            execution.setBatchStatus(BatchStatus.STARTED);
            slow.updateJobExecution(execution, false, false);
            Thread.sleep(600);

            ExecutionLeases.Takeover takeover = impatient.takeOverIfOrphaned(execution.getExecutionId());
            assertInstanceOf(ExecutionLeases.Takeover.Orphaned.class, takeover, takeover.toString());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
            while (!execution.isStopRequested() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(execution.isStopRequested(), "the process that lost its lease stops its execution");
        }
    }

    private static JobExecutionImpl newExecution(DynamoDbJobRepository repository) {
        JobInstanceImpl instance = repository.createJobInstance(new Job("repository-test"), null, LOADER);
        return repository.createJobExecution(instance, new Properties());
    }

    private static StepExecutionImpl addStep(DynamoDbJobRepository repository, JobExecutionImpl execution, String name) {
        StepExecutionImpl step = repository.createStepExecution(name);
        step.setBatchStatus(BatchStatus.STARTED);
        repository.addStepExecution(execution, step);
        return step;
    }

    private List<S3Object> spilledObjects() {
        return MotoJobRepository.s3().listObjectsV2(list -> list.bucket(store.settings().spillBucket())
                .prefix(store.settings().spillPrefix() + "/")).contents();
    }

    private static String randomText(int length) {
        Random random = new Random(length);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) ('a' + random.nextInt(26)));
        }
        return text.toString();
    }
}
