package org.ecomkpi.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run whose JVM is SIGKILLed mid-step is restarted by another process from its last committed checkpoint. */
class KilledRunRestartTest {

    private static final int LINES = 60;
    private static final int CHUNK = 3;
    private static final int ITEM_DELAY_MILLIS = 40;

    @TempDir
    Path folder;

    @Test
    void runWhoseJvmWasKilledIsRestartedFromItsLastCheckpoint() throws Exception {
        DemoRun run = DemoRun.create(folder, "killed-run", LINES);
        Path childLog = folder.resolve("child.log");
        Process child = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                DemoJobProcess.class.getName(),
                folder.toString(), run.runId(), Integer.toString(LINES),
                Integer.toString(CHUNK), Integer.toString(ITEM_DELAY_MILLIS))
                .redirectErrorStream(true)
                .redirectOutput(childLog.toFile())
                .start();

        int committedBeforeKill;
        try {
            committedBeforeKill = awaitCommittedChunks(run, child, childLog, 2);
            // what makes restarting a STARTED execution safe: no second process can open the store meanwhile
            IllegalStateException inUse = assertThrows(IllegalStateException.class,
                    () -> JobLauncher.onH2(run.repository()).close());
            assertTrue(inUse.getMessage().contains("in use by another process"), inUse.getMessage());
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no repository update
            child.waitFor(30, TimeUnit.SECONDS);
        }
        assertTrue(run.writtenLines().size() < LINES, "killed before the end\n" + Files.readString(childLog));

        try (JobLauncher launcher = JobLauncher.onH2(run.repository())) {
            List<JobExecution> beforeRestart = launcher.executionsOfRun(DemoRun.JOB, run.runId());
            assertEquals(List.of(BatchStatus.STARTED), JobLauncherContract.statuses(beforeRestart),
                    "the killed execution never got to record its end");

            LaunchResult restarted = launcher.startOrRestart(DemoRun.JOB, run.runId(), run.parameters(CHUNK, 0, 0));

            assertEquals(Launch.RESTARTED, restarted.launch());
            assertEquals(BatchStatus.COMPLETED, restarted.batchStatus());
            List<JobExecution> executions = launcher.executionsOfRun(DemoRun.JOB, run.runId());
            assertEquals(List.of(BatchStatus.FAILED, BatchStatus.COMPLETED), JobLauncherContract.statuses(executions));
            assertEquals(restarted.executionId(), executions.get(1).getExecutionId());
            long reread = JobLauncherContract.readCount(launcher, restarted.executionId());
            assertTrue(reread <= LINES - committedBeforeKill * CHUNK,
                    "restart read " + reread + " lines though " + committedBeforeKill + " chunks were committed");
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
