package org.ecomkpi.jberet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ObjectInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.batch.runtime.JobInstance;
import jakarta.batch.runtime.StepExecution;

import org.ecomkpi.aws.MotoServer;
import org.ecomkpi.run.LeaseLostException;
import org.ecomkpi.jberet.dynamodb.DynamoDbJobRepository;
import org.ecomkpi.jberet.dynamodb.DynamoDbRepositorySettings;
import org.jberet.job.model.Job;
import org.jberet.runtime.JobExecutionImpl;
import org.jberet.runtime.JobInstanceImpl;
import org.jberet.runtime.StepExecutionImpl;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The DynamoDB job repository on its own, driven the way JBeret's runtime drives it. */
class DynamoDbJobRepositoryTest {

    private static final ClassLoader LOADER = DynamoDbJobRepositoryTest.class.getClassLoader();
    /**
     * The table's lease timing, as in production: tests that need a lease to run out move a {@link ManualLeaseClock}
     * past it, and a repository on the system clock never loses its lease to a slow machine mid-test.
     */
    private static final Duration HEARTBEAT = Duration.ofSeconds(5);
    private static final Duration LEASE = Duration.ofSeconds(30);
    /** How far a test moves a {@link ManualLeaseClock} to let a lease (or launch claim) of {@link #LEASE} run out. */
    private static final Duration PAST_THE_LEASE = LEASE.plusMillis(200);

    @TempDir
    Path folder;

    private MotoJobRepository store;

    @BeforeEach
    void newTable() {
        store = MotoJobRepository.create("repository", HEARTBEAT, LEASE);
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
    void onlyOneProcessTakesOverAnExecutionWhoseLeaseExpired() {
        // the dead process's clock stands still, so no heartbeat of it is later than its first; the others' clock moves
        ManualLeaseClock clock = new ManualLeaseClock();
        DynamoDbJobRepository dead = store.repository(clock.another());
        long executionId = newExecution(dead).getExecutionId();
        try (DynamoDbJobRepository one = store.repository(clock);
             DynamoDbJobRepository other = store.repository(clock)) {
            ExecutionLeases.Takeover whileAlive = one.takeOverIfOrphaned(executionId);
            assertEquals(dead.owner(), assertInstanceOf(ExecutionLeases.Takeover.RunningElsewhere.class, whileAlive).owner());

            dead.close(); // no more heartbeats, as after a SIGKILL
            clock.advance(PAST_THE_LEASE);

            assertInstanceOf(ExecutionLeases.Takeover.Orphaned.class, one.takeOverIfOrphaned(executionId));
            assertInstanceOf(ExecutionLeases.Takeover.Changed.class, other.takeOverIfOrphaned(executionId));
            assertEquals(BatchStatus.FAILED, other.getJobExecution(executionId).getBatchStatus());
        }
    }

    @Test
    void processWhoseExecutionWasTakenOverStopsIt() throws Exception {
        // a process whose clock stands still writes heartbeats no later than its first: to another whose clock moves
        // past the lease it looks dead, as after a long GC pause; it renews every 100 ms, so it learns soon
        ManualLeaseClock clock = new ManualLeaseClock();
        try (DynamoDbJobRepository slow = MotoJobRepository.repository(
                store.settings().withLease(Duration.ofMillis(100), Duration.ofSeconds(10)), clock.another());
             DynamoDbJobRepository impatient = store.repository(clock)) {
            JobExecutionImpl execution = newExecution(slow);
            execution.setBatchStatus(BatchStatus.STARTED);
            slow.updateJobExecution(execution, false, false);
            clock.advance(PAST_THE_LEASE);

            ExecutionLeases.Takeover takeover = impatient.takeOverIfOrphaned(execution.getExecutionId());
            assertInstanceOf(ExecutionLeases.Takeover.Orphaned.class, takeover, takeover.toString());
            // the slow process learns it at its next heartbeat; the deadline only bounds a broken test
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!execution.isStopRequested() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(execution.isStopRequested(), "the process that lost its lease stops its execution");
        }
    }

    @Test
    void aProcessWhoseExecutionWasTakenOverCanWriteNothingMoreOfIt() throws Exception {
        // "paused" renews every 3 s and its clock stands still: to the impatient one, whose clock moves past the
        // lease, it looks dead, as a SIGSTOPped JVM would
        ManualLeaseClock clock = new ManualLeaseClock();
        try (DynamoDbJobRepository paused = MotoJobRepository.repository(
                store.settings().withLease(Duration.ofSeconds(3), Duration.ofSeconds(10)), clock.another());
             DynamoDbJobRepository impatient = store.repository(clock)) {
            JobExecutionImpl execution = newExecution(paused);
            execution.setBatchStatus(BatchStatus.STARTED);
            paused.updateJobExecution(execution, false, false);
            StepExecutionImpl step = addStep(paused, execution, "copy");
            step.setReaderCheckpointInfo(5);
            paused.savePersistentData(execution, step);
            clock.advance(PAST_THE_LEASE);
            assertInstanceOf(ExecutionLeases.Takeover.Orphaned.class,
                    impatient.takeOverIfOrphaned(execution.getExecutionId()));

            step.setReaderCheckpointInfo(6);
            assertThrows(LeaseLostException.class, () -> paused.savePersistentData(execution, step));
            execution.setBatchStatus(BatchStatus.STOPPING);
            assertThrows(LeaseLostException.class, () -> paused.updateJobExecution(execution, false, false));
            execution.setBatchStatus(BatchStatus.COMPLETED);
            paused.updateJobExecution(execution, true, false); // JBeret's last word: logged, not written, not thrown
            StepExecutionImpl late = paused.createStepExecution("late");
            late.setBatchStatus(BatchStatus.STARTED);
            assertThrows(LeaseLostException.class, () -> paused.addStepExecution(execution, late));
            LeaseLostException fence = assertThrows(LeaseLostException.class, paused::check);
            assertTrue(fence.getMessage().contains("job execution " + execution.getExecutionId()), fence.getMessage());
            assertTrue(paused.lostLease(execution.getExecutionId()));

            JobExecutionImpl seen = (JobExecutionImpl) impatient.getJobExecution(execution.getExecutionId());
            assertEquals(BatchStatus.FAILED, seen.getBatchStatus(), "the take-over's FAILED stands");
            StepExecutionImpl original = impatient.findOriginalStepExecutionForRestart("copy", seen, LOADER);
            assertEquals(5, original.getReaderCheckpointInfo(), "the refused checkpoint was not written");
            assertEquals(List.of("copy"), impatient.getStepExecutions(execution.getExecutionId(), LOADER).stream()
                    .map(StepExecution::getStepName).toList(), "the refused step was not added");
        }
    }

    @Test
    void aProcessThatCannotRenewItsLeaseRefusesToWriteBeforeTheLeaseRunsOut() throws Exception {
        // heartbeats go to a port nobody listens on: the process cannot tell the table it is alive; its clock moves
        // only when the test moves it, so the fence closes exactly a lease less one heartbeat after the last renewal
        DynamoDbRepositorySettings settings = store.settings().withLease(Duration.ofMillis(200), Duration.ofMillis(1200));
        ManualLeaseClock clock = new ManualLeaseClock();
        try (java.net.ServerSocket closed = new java.net.ServerSocket(0);
             DynamoDbClient unreachable = DynamoDbClient.builder()
                     .endpointOverride(java.net.URI.create("http://127.0.0.1:" + closed.getLocalPort()))
                     .region(MotoServer.REGION).credentialsProvider(MotoServer.CREDENTIALS)
                     .httpClient(ApacheHttpClient.create()).build()) {
            closed.close();
            try (DynamoDbJobRepository cutOff = new DynamoDbJobRepository(MotoJobRepository.dynamo(), unreachable,
                    MotoJobRepository.s3(), settings, clock)) {
                JobExecutionImpl execution = newExecution(cutOff);
                cutOff.check(); // just created: the lease holds

                clock.advance(Duration.ofMillis(1000)); // the lease less one heartbeat: still held
                cutOff.check();
                clock.advance(Duration.ofMillis(1));
                LeaseLostException refused = assertThrows(LeaseLostException.class, cutOff::check,
                        "the fence closes once the lease may have run out");
                assertTrue(refused.getMessage().contains("not renewed for 1001 ms"), refused.getMessage());
                StepExecutionImpl step = cutOff.createStepExecution("copy");
                step.setBatchStatus(BatchStatus.STARTED);
                assertThrows(LeaseLostException.class, () -> cutOff.addStepExecution(execution, step));
            }
        }
    }

    @Test
    void aLauncherWhoseLaunchClaimExpiredCannotStartTheRun() {
        ManualLeaseClock clock = new ManualLeaseClock();
        try (DynamoDbJobRepository slow = store.repository(clock);
             DynamoDbJobRepository next = store.repository(clock)) {
            ExecutionLeases.LaunchClaim expired = slow.claimLaunch("repository-test", "r-claimed").orElseThrow();
            clock.advance(PAST_THE_LEASE); // the claim is free for the next launcher
            try (ExecutionLeases.LaunchClaim held = next.claimLaunch("repository-test", "r-claimed").orElseThrow()) {
                assertThrows(LaunchClaimLostException.class, () -> newExecution(slow, "r-claimed"));
                JobExecutionImpl started = newExecution(next, "r-claimed");

                assertEquals(started.getJobInstance().getInstanceId(),
                        slow.newestInstanceOfRun("repository-test", "r-claimed").getAsLong());
                assertEquals(1, slow.getJobExecutions(started.getJobInstance()).size());
            } finally {
                expired.close();
            }
            assertTrue(next.claimLaunch("repository-test", "r-claimed").isPresent(),
                    "closing the expired claim did not delete the claim of the launcher that took it");
        }
    }

    @Test
    void restartFromATamperedCheckpointInTheItemIsRefusedNamingTheJobRunAndStep() throws Exception {
        try (DynamoDbJobRepository repository = store.repository()) {
            JobExecutionImpl execution = newExecution(repository, "r-tampered");
            StepExecutionImpl step = addStep(repository, execution, "copy");
            step.setReaderCheckpointInfo(5);
            repository.savePersistentData(execution, step);
            Map<String, AttributeValue> item = stepItem("copy");
            AttributeValue gadget = AttributeValue.fromB(SdkBytes.fromByteArray(GadgetCheckpoint.bytes()));
            MotoJobRepository.dynamo().updateItem(update -> update.tableName(store.settings().table())
                    .key(Map.of("pk", item.get("pk"), "sk", item.get("sk")))
                    .updateExpression("SET readerCheckpoint = :gadget")
                    .expressionAttributeValues(Map.of(":gadget", gadget)));

            assertRefusedUnread(() -> repository.findOriginalStepExecutionForRestart("copy", execution, LOADER));
        }
    }

    @Test
    void restartFromATamperedCheckpointSpilledToS3IsRefusedNamingTheJobRunAndStep() throws Exception {
        try (DynamoDbJobRepository repository = store.repository()) {
            JobExecutionImpl execution = newExecution(repository, "r-tampered");
            StepExecutionImpl step = addStep(repository, execution, "copy");
            step.setReaderCheckpointInfo(randomText(500_000));
            repository.savePersistentData(execution, step);
            String spilled = spilledObjects().get(0).key();
            RequestBody gadget = RequestBody.fromBytes(GadgetCheckpoint.bytes());
            MotoJobRepository.s3().putObject(put -> put.bucket(store.settings().spillBucket()).key(spilled), gadget);

            assertRefusedUnread(() -> repository.findOriginalStepExecutionForRestart("copy", execution, LOADER));
        }
    }

    @Test
    void listingEveryJobInstanceAfterRunsGivesExactlyTheInstancesNotTheRunsIndexItems() {
        long firstRun;
        long secondRun;
        long otherJob;
        List<Long> executions;
        try (DynamoDbJobRepository running = store.repository()) {
            JobExecutionImpl first = newExecution(running, "repository-test", "r-1");
            JobExecutionImpl second = newExecution(running, "repository-test", "r-2");
            JobExecutionImpl restarted = running.createJobExecution(second.getJobInstance(), second.getJobParameters());
            JobExecutionImpl other = newExecution(running, "other-job", "r-1");
            firstRun = first.getJobInstance().getInstanceId();
            secondRun = second.getJobInstance().getInstanceId();
            otherJob = other.getJobInstance().getInstanceId();
            executions = List.of(first.getExecutionId(), second.getExecutionId(), restarted.getExecutionId(),
                    other.getExecutionId());
        }
        // a new process, with nothing cached: everything comes from the table, which holds each run's index item too
        try (DynamoDbJobRepository reading = store.repository()) {
            for (String everyJob : new String[] {"*", null}) {
                List<JobInstance> instances = reading.getJobInstances(everyJob);
                assertEquals(List.of(otherJob, secondRun, firstRun),
                        instances.stream().map(JobInstance::getInstanceId).toList(), "newest first, as JBeret's JDBC");
                assertEquals(List.of("other-job", "repository-test", "repository-test"),
                        instances.stream().map(JobInstance::getJobName).toList());
            }
            assertEquals(2, reading.getJobInstanceCount("repository-test"));
            assertEquals(1, reading.getJobInstanceCount("other-job"));
            assertEquals(0, reading.getJobInstanceCount("r-1"));
            assertEquals(executions, reading.getJobExecutions(null).stream().map(JobExecution::getExecutionId)
                    .sorted().toList());
            assertEquals(List.of(executions.get(2), executions.get(1), executions.get(0)),
                    reading.getJobExecutionsByJob("repository-test"));
        }
    }

    @Test
    void afterRunsOfAJobTheRepositoryNamesThatJobAndListsExactlyItsInstancesAndExecutions() throws Exception {
        DemoRun one = DemoRun.create(folder, "run-1", 4);
        DemoRun two = DemoRun.create(folder, "run-2", 4);
        try (DynamoDbJobRepository repository = store.repository();
             JobLauncher launcher = JobLauncher.on(repository)) {
            LaunchResult first = launcher.startOrRestart(DemoRun.JOB, one.runId(), one.parameters(2, 0, 0));
            LaunchResult second = launcher.startOrRestart(DemoRun.JOB, two.runId(), two.parameters(2, 0, 0));
            assertEquals(BatchStatus.COMPLETED, second.batchStatus(), second.toString());

            assertEquals(Set.of(DemoRun.JOB), launcher.operator().getJobNames());
            assertEquals(2, launcher.operator().getJobInstanceCount(DemoRun.JOB));
            List<JobInstance> instances = repository.getJobInstances("*");
            assertEquals(List.of(DemoRun.JOB, DemoRun.JOB), instances.stream().map(JobInstance::getJobName).toList());
            assertEquals(List.of(first.executionId(), second.executionId()), repository.getJobExecutions(null).stream()
                    .map(JobExecution::getExecutionId).sorted().toList());
        }
    }

    @Test
    void aGadgetCheckpointRunsItsCodeWhenItIsRead() throws Exception {
        // what the refusals below rely on: reading the gadget calls its comparator
        byte[] gadget = GadgetCheckpoint.bytes();
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(gadget))) {
            assertInstanceOf(PriorityQueue.class, in.readObject());
        }
        assertTrue(GadgetCheckpoint.comparisonsWhileRead() > 0, "the gadget's comparator ran while it was read");
    }

    /** Refused, naming where the checkpoint is, before any code of the gadget ran (not after reading it). */
    private static void assertRefusedUnread(Executable restart) {
        IllegalStateException refused = assertThrows(IllegalStateException.class, restart);
        assertEquals(0, GadgetCheckpoint.comparisonsWhileRead(), "the gadget was never read");
        String message = refused.getMessage();
        for (String named : List.of("readerCheckpoint", "step 'copy'", "job 'repository-test'", "run 'r-tampered'",
                "java.util.PriorityQueue")) {
            assertTrue(message.contains(named), message + " names " + named);
        }
    }

    private Map<String, AttributeValue> stepItem(String stepName) {
        return MotoJobRepository.dynamo().scan(scan -> scan.tableName(store.settings().table())
                        .filterExpression("stepName = :name AND attribute_exists(stepExecutionId)"
                                + " AND attribute_not_exists(partitionId)")
                        .expressionAttributeValues(Map.of(":name", AttributeValue.fromS(stepName))))
                .items().get(0);
    }

    private static JobExecutionImpl newExecution(DynamoDbJobRepository repository) {
        return newExecution(repository, "r-1");
    }

    private static JobExecutionImpl newExecution(DynamoDbJobRepository repository, String runId) {
        return newExecution(repository, "repository-test", runId);
    }

    private static JobExecutionImpl newExecution(DynamoDbJobRepository repository, String jobName, String runId) {
        JobInstanceImpl instance = repository.createJobInstance(new Job(jobName), null, LOADER);
        Properties parameters = new Properties();
        parameters.setProperty(JobLauncher.RUN_ID, runId);
        return repository.createJobExecution(instance, parameters);
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
