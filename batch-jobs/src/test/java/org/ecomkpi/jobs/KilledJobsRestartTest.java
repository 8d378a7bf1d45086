package org.ecomkpi.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.batch.runtime.Metric;
import jakarta.batch.runtime.StepExecution;

import org.ecomkpi.cli.Cli;
import org.ecomkpi.generate.DropGenerator;
import org.ecomkpi.generate.DropSpec;
import org.ecomkpi.generate.DropSummary;
import org.ecomkpi.kpi.CategoryDayKpi;
import org.ecomkpi.kpi.OrderDayKpi;
import org.ecomkpi.jberet.JobLauncher;
import org.ecomkpi.jberet.LaunchResult;
import org.ecomkpi.store.KpiStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI in a child JVM is killed with SIGKILL in the middle of a chunk step, after at least one checkpoint;
 * the same CLI command in a new JVM then restarts that execution from its checkpoint, and the KPIs end equal to
 * those of a run that was never interrupted.
 */
class KilledJobsRestartTest {
    private static final int CHUNK = 50;

    /** The drop and its run never interrupted, shared by the tests: they only read them. */
    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static DropSummary drop;
    private static PipelineRuns clean;
    private PipelineRuns killed;

    /**
     * 1,500 orders (about 3,800 items, in three files): the steps killed here, validate's items and transform's
     * aggregate, each run over 70 chunks of {@value #CHUNK}, so the kill, sent as soon as the first checkpoint is
     * logged, lands mid-step.
     */
    @BeforeAll
    static void aDropAndItsCleanRun() throws Exception {
        drop = new DropGenerator(DropSpec.builder(1_500, 10, 77L).badRowsPerRule(2).build())
                .write(shared.resolve("drop"));
        clean = new PipelineRuns(shared.resolve("clean"));
        clean.land(drop.landingData());
        List<LaunchResult> results = clean.runBoth("r1");
        assertEquals("PROCESSED", results.get(1).exitStatus(), results.toString());
    }

    @BeforeEach
    void theDropLandedInABucketOfItsOwn() throws Exception {
        killed = new PipelineRuns(dir.resolve("killed"));
        killed.land(drop.landingData());
    }

    @Test
    void transformKilledMidStepRestartsFromItsCheckpointAndCountsEveryRowOnce() throws Exception {
        assertEquals(0, cli(killed, "validate").exitCode(), "validate");
        ChildCli.Result first = cliKilledAfter(killed, "transform", "transform/aggregate] checkpoint committed");
        Cli second = restart(killed, "transform");
        assertEquals(0, second.exitCode(), second.output());
        ChildCli.assertResumedPastTheStart(second.output(), "transform/aggregate");

        StepExecution restarted = assertRestartedOnce("transform", "aggregate");
        long facts = drop.expectedAccepted(org.ecomkpi.row.FileType.ORDERS)
                + drop.expectedAccepted(org.ecomkpi.row.FileType.ORDER_ITEMS);
        long readAfterRestart = metric(restarted, Metric.MetricType.READ_COUNT);
        assertTrue(readAfterRestart > 0 && readAfterRestart < facts,
                "the restarted step read " + readAfterRestart + " of " + facts + " facts\n" + first.output());
        assertSameKpisAsTheCleanRun();
    }

    @Test
    void validateKilledMidStepRestartsFromItsCheckpointAndJudgesEveryRowOnce() throws Exception {
        ChildCli.Result first = cliKilledAfter(killed, "validate", "validate/items] checkpoint committed");
        Cli second = restart(killed, "validate");
        assertEquals(0, second.exitCode(), second.output());
        ChildCli.assertResumedPastTheStart(second.output(), "validate/order_items");

        StepExecution restarted = assertRestartedOnce("validate", "items");
        long items = drop.rowsWritten(org.ecomkpi.row.FileType.ORDER_ITEMS);
        long readAfterRestart = metric(restarted, Metric.MetricType.READ_COUNT);
        assertTrue(readAfterRestart > 0 && readAfterRestart < items,
                "the restarted step read " + readAfterRestart + " of " + items + " items\n" + first.output());
        Cli transform = restart(killed, "transform");
        assertEquals(0, transform.exitCode(), transform.output());
        assertSameKpisAsTheCleanRun();
        assertEquals(Files.readString(clean.bucket.resolve("runs/r1/staging/order_items/tally.properties")).lines()
                        .filter(l -> !l.startsWith("#") && !l.startsWith("parts=")).sorted().toList(),
                Files.readString(killed.bucket.resolve("runs/r1/staging/order_items/tally.properties")).lines()
                        .filter(l -> !l.startsWith("#") && !l.startsWith("parts=")).sorted().toList(),
                "same counts per file and rule as the clean run");
    }

    private StepExecution assertRestartedOnce(String job, String step) {
        try (JobLauncher launcher = JobLauncher.onH2(killed.store)) {
            List<JobExecution> executions = launcher.executionsOfRun(job, "r1");
            assertEquals(2, executions.size(), "one killed execution and its restart");
            assertEquals(BatchStatus.FAILED, executions.get(0).getBatchStatus(), "the killed one, marked failed");
            assertEquals(BatchStatus.COMPLETED, executions.get(1).getBatchStatus());
            return launcher.operator().getStepExecutions(executions.get(1).getExecutionId()).stream()
                    .filter(s -> s.getStepName().equals(step)).findFirst().orElseThrow();
        }
    }

    private static long metric(StepExecution step, Metric.MetricType type) {
        for (Metric m : step.getMetrics()) {
            if (m.getType() == type) {
                return m.getValue();
            }
        }
        throw new AssertionError("no " + type + " metric");
    }

    private void assertSameKpisAsTheCleanRun() {
        List<OrderDayKpi> expectedOrders;
        List<CategoryDayKpi> expectedCategories;
        try (KpiStore store = KpiStore.at(clean.storeSpec())) {
            expectedOrders = store.orderKpis(Optional.empty());
            expectedCategories = store.categoryKpis(Optional.empty(), Optional.empty());
        }
        try (KpiStore store = KpiStore.at(killed.storeSpec())) {
            assertEquals(expectedOrders, store.orderKpis(Optional.empty()));
            assertEquals(expectedCategories, store.categoryKpis(Optional.empty(), Optional.empty()));
        }
    }

    // ---------------------------------------------------------------- the CLI in a child JVM

    private static String[] args(PipelineRuns pipeline, String job) {
        return new String[] {job, "--run-id", "r1", "--bucket", pipeline.bucket.toString(), "--store",
            pipeline.storeSpec(), "--chunk-size", Integer.toString(CHUNK)};
    }

    private static ChildCli.Result cli(PipelineRuns pipeline, String job) throws Exception {
        return ChildCli.run(Map.of(), args(pipeline, job));
    }

    /**
     * A restart after the kill, in this JVM: the killed process is gone, and nothing runs in a child after it (a job
     * run here may keep the H2 store open for this JVM).
     */
    private static Cli restart(PipelineRuns pipeline, String job) {
        return Cli.runWith(Map.of(), args(pipeline, job));
    }

    private static ChildCli.Result cliKilledAfter(PipelineRuns pipeline, String job, String line) throws Exception {
        return ChildCli.runKilledAfter(Map.of(), line, args(pipeline, job));
    }
}
