package org.ecomkpi.jberet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.PriorityQueue;
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

    private MotoJobRepository store;

    @BeforeEach
    void newTable() {
        store = MotoJobRepository.create("launcher", Duration.ofMillis(200), Duration.ofSeconds(1));
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
        AttributeValue gadget = AttributeValue.fromB(SdkBytes.fromByteArray(gadgetLikeCheckpoint()));
        for (Map<String, AttributeValue> step : MotoJobRepository.dynamo().scan(scan -> scan
                .tableName(store.settings().table()).filterExpression("attribute_exists(readerCheckpoint)")).items()) {
            MotoJobRepository.dynamo().updateItem(update -> update.tableName(store.settings().table())
                    .key(Map.of("pk", step.get("pk"), "sk", step.get("sk")))
                    .updateExpression("SET readerCheckpoint = :gadget")
                    .expressionAttributeValues(Map.of(":gadget", gadget)));
        }

        try (JobLauncher launcher = store.launcher()) {
            long started = System.nanoTime();
            CompletableFuture<LaunchResult> restart = CompletableFuture.supplyAsync(
                    () -> launcher.startOrRestart(DemoRun.JOB, run.runId(), run.parameters(4, 0, 0)));
            LaunchResult restarted = restart.get(30, TimeUnit.SECONDS);

            assertEquals(BatchStatus.FAILED, restarted.batchStatus(), restarted.toString());
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertTrue(millis < 5_000, "failed in " + millis + " ms");
            assertEquals(writtenBefore, run.writtenLines().size(), "nothing written after the refused checkpoint");
        }
    }

    private static byte[] gadgetLikeCheckpoint() throws IOException {
        PriorityQueue<String> queue = new PriorityQueue<>(Collections.reverseOrder());
        queue.add("a");
        queue.add("b");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(queue);
        }
        return bytes.toByteArray();
    }

    @Test
    void runHeldByAnotherLiveProcessIsNotStartedTwice() throws Exception {
        DemoRun run = DemoRun.create(folder, "busy-run", 40);
        try (JobLauncher running = store.launcher()) {
            CompletableFuture<LaunchResult> first = CompletableFuture.supplyAsync(
                    () -> running.startOrRestart(DemoRun.JOB, run.runId(), run.parameters(3, 100, 0)));
            awaitCommittedChunks(run, 1);

            // another process with the same short patience (2 x 1 s lease): the holder keeps renewing its lease
            try (JobLauncher other = store.launcher()) {
                IllegalStateException busy = assertThrows(IllegalStateException.class,
                        () -> other.startOrRestart(DemoRun.JOB, run.runId(), run.parameters(3, 0, 0)));
                assertTrue(busy.getMessage().contains("is running in another process"), busy.getMessage());
            }
            assertEquals(BatchStatus.COMPLETED, first.get(30, TimeUnit.SECONDS).batchStatus());
            assertEquals(1, running.executionsOfRun(DemoRun.JOB, run.runId()).size());
            assertEquals(run.expectedLines(), run.writtenLines());
        }
    }

    @Test
    void launcherWaitsForARunHeldElsewhereAndFindsItCompleted() throws Exception {
        DemoRun run = DemoRun.create(folder, "awaited-run", 24);
        DynamoDbRepositorySettings patient = store.settings().withLease(Duration.ofMillis(200), Duration.ofSeconds(10));
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
