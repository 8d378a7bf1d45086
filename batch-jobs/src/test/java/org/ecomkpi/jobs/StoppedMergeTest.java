package org.ecomkpi.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.batch.runtime.StepExecution;

import org.ecomkpi.cli.Cli;
import org.ecomkpi.generate.DropGenerator;
import org.ecomkpi.generate.DropSpec;
import org.ecomkpi.jberet.JobLauncher;
import org.ecomkpi.store.KpiStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM while the transform job's merge step applies the run to the store (SPEC 7: the job stops at its next
 * checkpoint, STOPPED, exit 4, restartable with nothing lost or counted twice): the merge is one store apply, which
 * checks the stop every 10,000 keys read or rows written and rolls back, so the step itself ends STOPPED rather than
 * finishing its apply first; the restart applies the run whole, and the KPIs equal a run never stopped.
 */
class StoppedMergeTest {
    @TempDir
    Path dir;

    @Test
    void sigtermDuringTheMergeStopsItWithNothingAppliedAndTheRestartAppliesTheRunOnce() throws Exception {
        // 5,000 orders, some 17,500 keys: an apply checked for a stop at 10,000 keys read and again as it writes, and
        // long enough for SIGTERM to reach it (with 4,000 orders it stopped 73 ms after it began)
        var drop = new DropGenerator(DropSpec.builder(5_000, 8, 83L).build()).write(dir.resolve("drop"));
        PipelineRuns clean = new PipelineRuns(dir.resolve("clean"));
        clean.land(drop.landingData());
        assertEquals("PROCESSED", clean.runBoth("r1").get(1).exitStatus());
        PipelineRuns stopped = new PipelineRuns(dir.resolve("stopped"));
        stopped.land(drop.landingData());
        // the jobs of the stopped pipeline run in children: a job in this JVM would keep its store file open
        ChildCli.Result validated = ChildCli.run(Map.of(), args(stopped, "validate"));
        assertEquals(0, validated.exitCode(), validated.output());

        ChildCli.Signalled signalled = ChildCli.runSignalledAfter(Map.of(), "transform/merge] merging", "TERM",
                args(stopped, "transform"));

        String output = signalled.result().output();
        assertEquals(4, signalled.result().exitCode(), output);
        assertTrue(output.contains("transform/merge] merge stopped: the apply of run 'r1' stopped as asked, before it"
                + " committed"), output);
        assertFalse(output.contains("KPIs merged"), output);
        try (JobLauncher launcher = JobLauncher.onH2(stopped.store)) {
            List<JobExecution> executions = launcher.executionsOfRun("transform", "r1");
            JobExecution last = executions.get(executions.size() - 1);
            assertEquals(BatchStatus.STOPPED, last.getBatchStatus());
            StepExecution merge = launcher.operator().getStepExecutions(last.getExecutionId()).stream()
                    .filter(s -> s.getStepName().equals("merge")).findFirst().orElseThrow();
            assertEquals(BatchStatus.STOPPED, merge.getBatchStatus(), "stopped in the merge step itself");
        }
        try (KpiStore store = KpiStore.at(stopped.storeSpec())) {
            assertFalse(store.isApplied("r1"), "nothing of the run applied");
            assertEquals(List.of(), store.orderKpis(Optional.empty()));
        }

        Cli restarted = Cli.runWith(Map.of(), args(stopped, "transform")); // last: this JVM may keep the store open
        assertEquals(0, restarted.exitCode(), restarted.output());
        assertTrue(restarted.output().contains("transform/merge] KPIs merged"), restarted.output());
        try (KpiStore expected = KpiStore.at(clean.storeSpec()); KpiStore actual = KpiStore.at(stopped.storeSpec())) {
            assertEquals(expected.orderKpis(Optional.empty()), actual.orderKpis(Optional.empty()));
            assertEquals(expected.categoryKpis(Optional.empty(), Optional.empty()),
                    actual.categoryKpis(Optional.empty(), Optional.empty()));
            assertEquals(expected.findApplied("r1").orElseThrow().orderDates(),
                    actual.findApplied("r1").orElseThrow().orderDates());
        }
    }

    private static String[] args(PipelineRuns pipeline, String job) {
        return new String[] {job, "--run-id", "r1", "--bucket", pipeline.bucket.toString(), "--store",
            pipeline.storeSpec()};
    }
}
