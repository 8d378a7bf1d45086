package org.ecomkpi.jberet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.batch.runtime.Metric;
import jakarta.batch.runtime.StepExecution;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link JobLauncher#startOrRestart} promises, whichever job repository it runs on. Each test gets one store;
 * {@link #launcher} opens a new launcher (as a new process would) on it.
 */
abstract class JobLauncherContract {

    @TempDir
    Path folder;

    /** A new launcher on this test's store; each call behaves like a new process, with nothing cached. */
    abstract JobLauncher launcher(DemoRun run);

    @Test
    void completedRunIsNotRunAgain() throws Exception {
        DemoRun run = DemoRun.create(folder, "run-1", 10);
        try (JobLauncher launcher = launcher(run)) {
            LaunchResult first = launcher.startOrRestart(DemoRun.JOB, run.runId(), run.parameters(3, 0, 0));
            assertEquals(Launch.STARTED, first.launch());
            assertEquals(BatchStatus.COMPLETED, first.batchStatus());
            assertEquals(run.expectedLines(), run.writtenLines());

            LaunchResult second = launcher.startOrRestart(DemoRun.JOB, run.runId(), run.parameters(3, 0, 0));

            assertEquals(Launch.ALREADY_COMPLETED, second.launch());
            assertEquals(first.executionId(), second.executionId());
            assertEquals(1, launcher.executionsOfRun(DemoRun.JOB, run.runId()).size());
            assertEquals(run.expectedLines(), run.writtenLines());
        }
    }

    @Test
    void completedRunIsNotRunAgainByANewProcess() throws Exception {
        DemoRun run = DemoRun.create(folder, "run-1", 5);
        long completed;
        try (JobLauncher launcher = launcher(run)) {
            completed = launcher.startOrRestart(DemoRun.JOB, run.runId(), run.parameters(2, 0, 0)).executionId();
        }
        // a fresh launcher has no cache: what it knows comes from the store
        try (JobLauncher launcher = launcher(run)) {
            LaunchResult again = launcher.startOrRestart(DemoRun.JOB, run.runId(), run.parameters(2, 0, 0));

            assertEquals(Launch.ALREADY_COMPLETED, again.launch());
            assertEquals(completed, again.executionId());
        }
    }

    @Test
    void eachRunIdGetsItsOwnJobInstance() throws Exception {
        DemoRun monday = DemoRun.create(folder, "monday", 4);
        DemoRun tuesday = DemoRun.create(folder, "tuesday", 4);
        try (JobLauncher launcher = launcher(monday)) {
            LaunchResult first = launcher.startOrRestart(DemoRun.JOB, monday.runId(), monday.parameters(3, 0, 0));
            LaunchResult second = launcher.startOrRestart(DemoRun.JOB, tuesday.runId(), tuesday.parameters(3, 0, 0));

            assertEquals(Launch.STARTED, second.launch());
            assertTrue(first.instanceId() != second.instanceId(), "one job instance per run");
            assertEquals(tuesday.expectedLines(), tuesday.writtenLines());
        }
    }

    @Test
    void twoThreadsLaunchingTheSameRunShareOneExecution() throws Exception {
        DemoRun run = DemoRun.create(folder, "run-1", 12);
        try (JobLauncher launcher = launcher(run)) {
            Callable<LaunchResult> launch = () -> launcher.startOrRestart(DemoRun.JOB, run.runId(), run.parameters(3, 20, 0));
            ExecutorService threads = Executors.newFixedThreadPool(2);
            try {
                List<Future<LaunchResult>> results = threads.invokeAll(List.of(launch, launch));

                assertEquals(results.get(0).get().executionId(), results.get(1).get().executionId());
                assertEquals(BatchStatus.COMPLETED, results.get(1).get().batchStatus());
            } finally {
                threads.shutdown();
            }
            assertEquals(1, launcher.executionsOfRun(DemoRun.JOB, run.runId()).size());
            assertEquals(run.expectedLines(), run.writtenLines());
        }
    }

    @Test
    void failedRunRestartsFromItsLastCheckpointAndWritesEveryLineOnce() throws Exception {
        DemoRun run = DemoRun.create(folder, "run-1", 20);
        try (JobLauncher launcher = launcher(run)) {
            // chunks of 3: lines 1-6 commit, lines 7-9 are written and then the chunk fails
            LaunchResult failed = launcher.startOrRestart(DemoRun.JOB, run.runId(), run.parameters(3, 0, 8));
            assertEquals(BatchStatus.FAILED, failed.batchStatus());
            assertEquals(9, run.writtenLines().size(), "the failed chunk's lines were written, uncommitted");

            LaunchResult restarted = launcher.startOrRestart(DemoRun.JOB, run.runId(), run.parameters(3, 0, 0));

            assertEquals(Launch.RESTARTED, restarted.launch());
            assertEquals(BatchStatus.COMPLETED, restarted.batchStatus());
            assertEquals(failed.instanceId(), restarted.instanceId());
            assertEquals(14, readCount(launcher, restarted.executionId()), "resumed after line 6, the last checkpoint");
            assertEquals(run.expectedLines(), run.writtenLines());
        }
    }

    @Test
    void failedRunIsRestartedByANewProcessFromTheCheckpointInTheStore() throws Exception {
        DemoRun run = DemoRun.create(folder, "run-1", 12);
        long failed;
        try (JobLauncher launcher = launcher(run)) {
            failed = launcher.startOrRestart(DemoRun.JOB, run.runId(), run.parameters(4, 0, 10)).executionId();
        }
        try (JobLauncher launcher = launcher(run)) {
            StepExecution failedStep = launcher.operator().getStepExecutions(failed).get(0);
            assertEquals(BatchStatus.FAILED, failedStep.getBatchStatus(), "the failure is recorded in the store");

            LaunchResult restarted = launcher.startOrRestart(DemoRun.JOB, run.runId(), run.parameters(4, 0, 0));

            assertEquals(Launch.RESTARTED, restarted.launch());
            assertEquals(BatchStatus.COMPLETED, restarted.batchStatus());
            assertEquals(4, readCount(launcher, restarted.executionId()), "resumed after line 8");
            assertEquals(run.expectedLines(), run.writtenLines());
        }
    }

    @Test
    void restartedRunKeepsItsOriginalParametersUnlessOverridden() throws Exception {
        DemoRun run = DemoRun.create(folder, "run-1", 6);
        try (JobLauncher launcher = launcher(run)) {
            launcher.startOrRestart(DemoRun.JOB, run.runId(), run.parameters(2, 0, 3));
            Properties onlyTheFix = new Properties();
            onlyTheFix.setProperty("failAfterWritingItem", "0");

            LaunchResult restarted = launcher.startOrRestart(DemoRun.JOB, run.runId(), onlyTheFix);

            assertEquals(BatchStatus.COMPLETED, restarted.batchStatus());
            assertEquals(run.expectedLines(), run.writtenLines());
        }
    }

    static long readCount(JobLauncher launcher, long executionId) {
        List<StepExecution> steps = launcher.operator().getStepExecutions(executionId);
        assertEquals(1, steps.size());
        for (Metric metric : steps.get(0).getMetrics()) {
            if (metric.getType() == Metric.MetricType.READ_COUNT) {
                return metric.getValue();
            }
        }
        throw new AssertionError("no read count in " + steps.get(0).getStepName());
    }

    static List<BatchStatus> statuses(List<JobExecution> executions) {
        return executions.stream().map(JobExecution::getBatchStatus).toList();
    }
}
