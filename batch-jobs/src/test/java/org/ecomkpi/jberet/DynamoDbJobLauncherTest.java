package org.ecomkpi.jberet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.batch.runtime.BatchStatus;

import org.ecomkpi.jberet.dynamodb.DynamoDbJobRepository;
import org.ecomkpi.jberet.dynamodb.DynamoDbRepositorySettings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The launcher on the job repository kept in DynamoDB (moto), and its leases between live processes. */
class DynamoDbJobLauncherTest extends JobLauncherContract {

    /**
     * Renewed often, and long enough that a slow machine never stalls a live process's heartbeats past it: a launcher
     * that must see a live holder as live judges it by this lease, and gives up after twice it.
     */
    private static final Duration HEARTBEAT = Duration.ofMillis(100);
    private static final Duration LEASE = Duration.ofSeconds(3);

    private MotoJobRepository store;

    @BeforeEach
    void newTable() {
        store = MotoJobRepository.create("launcher", HEARTBEAT, LEASE);
    }

    @Override
    JobLauncher launcher(DemoRun run) {
        return store.launcher();
    }

    @Test
    void restartFromATamperedCheckpointFailsFastWithoutReadingIt() throws Exception {
        DemoRun run = DemoRun.create(folder, "tampered-run", 12);
        try (JobLauncher launcher = store.launcher()) {
            assertEquals(BatchStatus.FAILED,
                    launcher.startOrRestart(DemoRun.JOB, run.runId(), run.parameters(4, 0, 10)).batchStatus());
        }
        int writtenBefore = run.writtenLines().size();
        AttributeValue gadget = AttributeValue.fromB(SdkBytes.fromByteArray(GadgetCheckpoint.bytes()));
        for (Map<String, AttributeValue> step : MotoJobRepository.dynamo().scan(scan -> scan
                .tableName(store.settings().table()).filterExpression("attribute_exists(readerCheckpoint)")).items()) {
            MotoJobRepository.dynamo().updateItem(update -> update.tableName(store.settings().table())
                    .key(Map.of("pk", step.get("pk"), "sk", step.get("sk")))
                    .updateExpression("SET readerCheckpoint = :gadget")
                    .expressionAttributeValues(Map.of(":gadget", gadget)));
        }

        try (JobLauncher launcher = store.launcher()) {
            // the deadline only bounds a broken test: the restart fails before it reads the checkpoint
            CompletableFuture<LaunchResult> restart = CompletableFuture.supplyAsync(
                    () -> launcher.startOrRestart(DemoRun.JOB, run.runId(), run.parameters(4, 0, 0)));
            LaunchResult restarted = restart.get(60, TimeUnit.SECONDS);

            assertEquals(BatchStatus.FAILED, restarted.batchStatus(), restarted.toString());
            assertEquals(0, GadgetCheckpoint.comparisonsWhileRead(), "the tampered checkpoint was never read");
            assertEquals(writtenBefore, run.writtenLines().size(), "nothing written after the refused checkpoint");
        }
    }

    @Test
    void runHeldByAnotherLiveProcessIsNotStartedTwice() throws Exception {
        DemoRun run = DemoRun.create(folder, "busy-run", 40);
        Files.createFile(run.gate()); // the run holds after its first chunk until the other launcher gave up
        try (JobLauncher running = store.launcher()) {
            CompletableFuture<LaunchResult> first = CompletableFuture.supplyAsync(
                    () -> running.startOrRestart(DemoRun.JOB, run.runId(), run.gatedAfter(3, run.parameters(3, 0, 0))));
            awaitCommittedChunks(run, 1);

            // another process with the same patience (2 x the 3 s lease), its clock running: the holder keeps
            // renewing its lease all that time, so the other never judges it dead
            try (JobLauncher other = store.launcher()) {
                IllegalStateException busy = assertThrows(IllegalStateException.class,
                        () -> other.startOrRestart(DemoRun.JOB, run.runId(), run.parameters(3, 0, 0)));
                assertTrue(busy.getMessage().contains("is running in another process"), busy.getMessage());
            }
            assertEquals(1, run.committedChunks(), "the holder was still running when the other gave up");
            Files.delete(run.gate());
            assertEquals(BatchStatus.COMPLETED, first.get(60, TimeUnit.SECONDS).batchStatus());
            assertEquals(1, running.executionsOfRun(DemoRun.JOB, run.runId()).size());
            assertEquals(run.expectedLines(), run.writtenLines());
        }
    }

    @Test
    void launcherWaitsForARunHeldElsewhereAndFindsItCompleted() throws Exception {
        DemoRun run = DemoRun.create(folder, "awaited-run", 24);
        DynamoDbRepositorySettings patient = store.settings().withLease(HEARTBEAT, Duration.ofSeconds(10));
        try (JobLauncher running = store.launcher()) {
            CompletableFuture<LaunchResult> first = CompletableFuture.supplyAsync(
                    () -> running.startOrRestart(DemoRun.JOB, run.runId(), run.parameters(3, 50, 0)));
            awaitCommittedChunks(run, 1);

            try (JobLauncher waiting = JobLauncher.on(new DynamoDbJobRepository(MotoJobRepository.dynamo(),
                    MotoJobRepository.s3(), patient))) {
                LaunchResult awaited = waiting.startOrRestart(DemoRun.JOB, run.runId(), run.parameters(3, 0, 0));

                assertEquals(Launch.ALREADY_COMPLETED, awaited.launch());
                assertEquals(first.get(30, TimeUnit.SECONDS).executionId(), awaited.executionId());
            }
            assertEquals(run.expectedLines(), run.writtenLines());
        }
    }

    @Test
    void twoProcessesLaunchingTheSameRunAtOnceRunItOnce() throws Exception {
        DemoRun run = DemoRun.create(folder, "contended-run", 12);
        try (JobLauncher one = store.launcher(); JobLauncher other = store.launcher()) {
            CompletableFuture<LaunchResult> first = CompletableFuture.supplyAsync(
                    () -> one.startOrRestart(DemoRun.JOB, run.runId(), run.parameters(3, 20, 0)));
            CompletableFuture<LaunchResult> second = CompletableFuture.supplyAsync(
                    () -> other.startOrRestart(DemoRun.JOB, run.runId(), run.parameters(3, 20, 0)));

            assertEquals(first.get(30, TimeUnit.SECONDS).executionId(), second.get(30, TimeUnit.SECONDS).executionId());
            assertEquals(1, one.executionsOfRun(DemoRun.JOB, run.runId()).size());
            assertEquals(run.expectedLines(), run.writtenLines());
        }
    }

    static void awaitCommittedChunks(DemoRun run, int wanted) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (run.committedChunks() < wanted) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + wanted + " committed chunks within 30 s");
            }
            Thread.sleep(20);
        }
    }
}
