package org.ecomkpi.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run whose container is SIGKILLed mid-step is restarted by a brand-new process from the last checkpoint the killed
 * one committed to the DynamoDB job repository, once the killed one's lease has expired.
 */
class DynamoDbKilledRunRestartTest {

    private static final int LINES = 60;
    private static final int CHUNK = 3;
    private static final int ITEM_DELAY_MILLIS = 40;
    private static final Duration HEARTBEAT = Duration.ofMillis(250);
    private static final Duration LEASE_TIMEOUT = Duration.ofMillis(1500);

    @TempDir
    Path folder;

    @Test
    void runWhoseContainerWasKilledIsRestartedFromItsLastCheckpointByANewProcess() throws Exception {
        MotoJobRepository store = MotoJobRepository.create("killed", HEARTBEAT, LEASE_TIMEOUT);
        DemoRun run = DemoRun.create(folder, "killed-run", LINES);
        Path childLog = folder.resolve("child.log");
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                DemoJobProcess.class.getName(),
                folder.toString(), run.runId(), Integer.toString(LINES),
                Integer.toString(CHUNK), Integer.toString(ITEM_DELAY_MILLIS),
                "dynamodb", Long.toString(HEARTBEAT.toMillis()), Long.toString(LEASE_TIMEOUT.toMillis()))
                .redirectErrorStream(true)
                .redirectOutput(childLog.toFile());
        builder.environment().putAll(store.childEnvironment());
        Process child = builder.start();

        int committedBeforeKill;
        try {
            committedBeforeKill = awaitCommittedChunks(run, child, childLog, 2);
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no repository update, no last heartbeat
            child.waitFor(30, TimeUnit.SECONDS);
        }
        assertTrue(run.writtenLines().size() < LINES, "killed before the end\n" + Files.readString(childLog));

        try (JobLauncher launcher = store.launcher()) {
            List<JobExecution> beforeRestart = launcher.executionsOfRun(DemoRun.JOB, run.runId());
            assertEquals(List.of(BatchStatus.STARTED), JobLauncherContract.statuses(beforeRestart),
                    "the killed execution never got to record its end");

            LaunchResult restarted = launcher.startOrRestart(DemoRun.JOB, run.runId(), run.parameters(CHUNK, 0, 0));

            assertEquals(Launch.RESTARTED, restarted.launch());
            assertEquals(BatchStatus.COMPLETED, restarted.batchStatus());
            List<JobExecution> executions = launcher.executionsOfRun(DemoRun.JOB, run.runId());
            assertEquals(List.of(BatchStatus.FAILED, BatchStatus.COMPLETED), JobLauncherContract.statuses(executions));
            assertEquals(beforeRestart.get(0).getExecutionId(), executions.get(0).getExecutionId());
            assertEquals(restarted.executionId(), executions.get(1).getExecutionId());
            long reread = JobLauncherContract.readCount(launcher, restarted.executionId());
            assertTrue(reread <= LINES - committedBeforeKill * CHUNK,
                    "restart read " + reread + " lines though " + committedBeforeKill + " chunks were committed");
            assertTrue(reread < LINES, "the restart resumed instead of starting over");
            assertEquals(run.expectedLines(), run.writtenLines(), "every line exactly once");
        }
    }

    private static int awaitCommittedChunks(DemoRun run, Process child, Path childLog, int wanted) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            int committed = run.committedChunks();
            if (committed >= wanted) {
                return committed;
            }
            if (!child.isAlive()) {
                fail("the child JVM ended (exit " + child.exitValue() + ") before committing " + wanted
                        + " chunks:\n" + Files.readString(childLog));
            }
            Thread.sleep(20);
        }
        fail("no " + wanted + " committed chunks within 60 s; child output:\n" + Files.readString(childLog));
        return 0;
    }
}
