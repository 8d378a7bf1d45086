package org.ecomkpi.jberet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;

import org.ecomkpi.process.ChildJvm;

/**
 * The slow demo job in a child JVM ({@link DemoJobProcess}), SIGKILLed once it has committed some chunks, and the
 * checks every repository must pass when another process restarts it.
 */
final class KilledDemoJob {
    static final int LINES = 60;
    static final int CHUNK = 3;
    private static final int ITEM_DELAY_MILLIS = 40;

    final DemoRun run;
    final int committedBeforeKill;

    private KilledDemoJob(DemoRun run, int committedBeforeKill) {
        this.run = run;
        this.committedBeforeKill = committedBeforeKill;
    }

    /**
     * Starts the demo job in a child JVM, waits for two committed chunks, runs {@code whileRunning}, then kills the
     * child with SIGKILL (no shutdown hook, no repository update, no last heartbeat).
     */
    static KilledDemoJob killMidStep(Path folder, Map<String, String> environment, List<String> repositoryArgs,
            Runnable whileRunning) throws Exception {
        DemoRun run = DemoRun.create(folder, "killed-run", LINES);
        ChildJvm child = ChildJvm.main(DemoJobProcess.class, Stream.concat(Stream.of(folder.toString(), run.runId(),
                Integer.toString(LINES), Integer.toString(CHUNK), Integer.toString(ITEM_DELAY_MILLIS)),
                repositoryArgs.stream()).toArray(String[]::new)).environment(environment);
        int committed;
        String output;
        try (ChildJvm.Running running = child.start()) {
            committed = awaitCommittedChunks(run, running, 2);
            whileRunning.run();
            output = running.kill().output();
        }
        assertTrue(run.writtenLines().size() < LINES, "killed before the end\n" + output);
        return new KilledDemoJob(run, committed);
    }

    /** Restarts the killed run and checks it resumed from its checkpoint and wrote every line exactly once. */
    void assertRestartedFromItsCheckpoint(JobLauncher launcher) throws java.io.IOException {
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
        assertEquals(run.expectedLines(), run.writtenLines(), "every line exactly once");
    }

    private static int awaitCommittedChunks(DemoRun run, ChildJvm.Running child, int wanted) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            int committed = run.committedChunks();
            if (committed >= wanted) {
                return committed;
            }
            if (!child.isAlive()) {
                fail("the child JVM ended (exit " + child.finish().exitCode() + ") before committing " + wanted
                        + " chunks:\n" + child.outputSoFar());
            }
            Thread.sleep(20);
        }
        fail("no " + wanted + " committed chunks within 60 s; child output:\n" + child.outputSoFar());
        return 0;
    }
}
