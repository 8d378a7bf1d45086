package org.ecomkpi.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.ecomkpi.generate.DropGenerator;
import org.ecomkpi.generate.DropSpec;
import org.ecomkpi.kpi.CategoryDayKpi;
import org.ecomkpi.kpi.OrderDayKpi;
import org.ecomkpi.jberet.Launch;
import org.ecomkpi.jberet.JobLauncher;
import org.ecomkpi.jberet.LaunchResult;
import org.ecomkpi.store.KpiStore;
import org.jberet.runtime.JobExecutionImpl;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A finished run replayed, or its files uploaded again, leaves every KPI as it was. */
class ReplaysChangeNothingTest {
    @TempDir
    Path dir;

    private PipelineRuns pipeline;
    private List<OrderDayKpi> orders;
    private List<CategoryDayKpi> categories;

    @BeforeEach
    void oneRunIsProcessed() throws Exception {
        pipeline = new PipelineRuns(dir);
        pipeline.land(new DropGenerator(DropSpec.builder(800, 6, 9L).badRowsPerRule(1).build()).write(dir.resolve("drop"))
                .landingData());
        assertEquals("PROCESSED", pipeline.runBoth("first").get(1).exitStatus());
        orders = orderKpis();
        categories = categoryKpis();
    }

    private List<OrderDayKpi> orderKpis() {
        try (KpiStore store = KpiStore.at(pipeline.storeSpec())) {
            return store.orderKpis(Optional.empty());
        }
    }

    private List<CategoryDayKpi> categoryKpis() {
        try (KpiStore store = KpiStore.at(pipeline.storeSpec())) {
            return store.categoryKpis(Optional.empty(), Optional.empty());
        }
    }

    @Test
    void startingAFinishedRunAgainDoesNothing() {
        List<LaunchResult> again = pipeline.runBoth("first");
        assertEquals(Launch.ALREADY_COMPLETED, again.get(0).launch());
        assertEquals(Launch.ALREADY_COMPLETED, again.get(1).launch());
        assertEquals(orders, orderKpis());
        assertEquals(categories, categoryKpis());
    }

    @Test
    void aTransformReplayedAsANewJobInstanceMergesNothingTwice() throws Exception {
        try (JobLauncher launcher = JobLauncher.onH2(pipeline.store)) {
            // as if the first transform had died after its merge committed but before the run was marked done
            org.ecomkpi.bucket.Bucket bucket = org.ecomkpi.bucket.Bucket.at(pipeline.bucket.toString());
            org.ecomkpi.run.RunOutcome.readFrom(bucket, "first").status(org.ecomkpi.run.RunOutcome.Status.VALIDATED)
                    .writeTo(bucket, "first");
            // a second job instance of the run: the launcher never makes one (an abandoned run stays abandoned)
            Properties parameters = new Properties();
            parameters.putAll(pipeline.parameters());
            parameters.setProperty(JobLauncher.RUN_ID, "first");
            long replay = launcher.operator().start("transform", parameters);
            ((JobExecutionImpl) launcher.operator().getJobExecution(replay))
                    .awaitTermination(0, TimeUnit.SECONDS);
            assertEquals("PROCESSED", launcher.operator().getJobExecution(replay).getExitStatus());
        }
        assertEquals(orders, orderKpis());
        assertEquals(categories, categoryKpis());
        String report = Files.readString(pipeline.bucket.resolve("runs/first/report.json"));
        assertTrue(report.contains("\"applied\":false"), "the replay found the run already merged: " + report);
    }

    @Test
    void filesUploadedAgainAreRecognisedAndNotCountedAgain() throws Exception {
        Path processed = pipeline.bucket.resolve("processed/first");
        pipeline.land(processed);
        List<LaunchResult> results = pipeline.runBoth("again");
        assertEquals("VALIDATED", results.get(0).exitStatus(), results.toString());
        assertEquals("PROCESSED", results.get(1).exitStatus(), results.toString());
        assertEquals(orders, orderKpis());
        assertEquals(categories, categoryKpis());
        String report = Files.readString(pipeline.bucket.resolve("runs/again/report.json"));
        assertTrue(report.contains("content already processed by run first"), report);
        assertTrue(report.contains("\"orders\":{\"rowsRead\":0"), report);
    }
}
