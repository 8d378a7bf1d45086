package org.ecomkpi.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;

import com.fasterxml.jackson.databind.JsonNode;

import org.ecomkpi.cli.Cli;
import org.ecomkpi.generate.DropGenerator;
import org.ecomkpi.generate.DropSpec;
import org.ecomkpi.metrics.EmfLines;
import org.ecomkpi.jberet.JobLauncher;
import org.ecomkpi.jberet.LaunchResult;
import org.ecomkpi.store.KpiStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM (what ECS sends a task it stops) in the middle of each chunk step of both jobs: the CLI in a child JVM stops
 * the job at its next checkpoint (at most one more chunk is committed after it says it got the signal), exits 4 saying how to restart, the repository shows the execution
 * STOPPED, and the same command restarts it from there; the KPIs end equal to those of a run never interrupted. The
 * EMF metrics count every stop and restart, and the rows once.
 */
class StoppedJobsRestartTest {
    private static final int CHUNK = 50;
    private static final Map<String, String> METRICS_ON = Map.of("PIPELINE_METRICS", "emf");

    @TempDir
    Path dir;

    @Test
    void sigtermInEachChunkStepStopsAtACheckpointAndTheSameCommandRestartsIt() throws Exception {
        // the stop lands within a chunk or two of the first checkpoint: 150 products (3 chunks) and 1,500 orders (10 or
        // more chunks a partition, some 75 of items, 100 to aggregate) leave every step a chunk to stop at
        var drop = new DropGenerator(DropSpec.builder(1_500, 8, 79L).badRowsPerRule(1).products(150).build())
                .write(dir.resolve("drop"));
        PipelineRuns clean = new PipelineRuns(dir.resolve("clean"));
        clean.land(drop.landingData());
        List<LaunchResult> results = clean.runBoth("r1");
        assertEquals("PROCESSED", results.get(1).exitStatus(), results.toString());
        PipelineRuns stopped = new PipelineRuns(dir.resolve("stopped"));
        stopped.land(drop.landingData());

        // each restart of validate goes on from where the last one stopped, until the next step's stop; the metrics
        // (on as in the container) count each stop and each restart
        String[][] jobsAndSteps = {{"validate", "products"}, {"validate", "orders"}, {"validate", "items"},
            {"transform", "aggregate"}};
        for (String[] jobAndStep : jobsAndSteps) {
            String job = jobAndStep[0];
            if (job.equals("transform")) {
                ChildCli.Result validated = ChildCli.run(METRICS_ON, args(stopped, "validate"));
                assertEquals(0, validated.exitCode(), validated.output());
                List<JsonNode> lines = EmfLines.in(validated.output());
                assertEquals(Map.of("Restarts", 1L, "JobDuration", jobLine(lines, "validate").get("JobDuration"),
                        "RunsRejected", 0L), jobLine(lines, "validate"));
                JsonNode totals = EmfLines.parse(Files.readString(stopped.bucket.resolve("runs/r1/report.json"),
                        StandardCharsets.UTF_8)).get("totals").get("orders");
                assertEquals(totals.get("rowsRead").asLong(), lines.stream()
                        .filter(l -> EmfLines.dimensions(l).equals(Map.of("FileType", "orders")))
                        .mapToLong(l -> EmfLines.metrics(l).get("RowsRead")).sum(), "rows read once, over the stops");
            }
            boolean restart = !(jobAndStep[1].equals("products") || jobAndStep[1].equals("aggregate")); // first stops
            ChildCli.Signalled signalled = ChildCli.runSignalledAfter(METRICS_ON,
                    job + "/" + jobAndStep[1] + "] checkpoint committed", "TERM", args(stopped, job));
            String output = signalled.result().output();
            assertEquals(4, signalled.result().exitCode(), output);
            // counted, not timed: a busy machine makes the stop slower, never later in the job
            assertTrue(checkpointsAfterTheSignal(output) <= 1, "stops at its next checkpoint:\n" + output);
            assertTrue(output.contains("stopped at its last checkpoint"), output);
            assertTrue(output.contains("pipeline " + job + " --run-id r1"), "says how to restart:\n" + output);
            assertEquals(BatchStatus.STOPPED, lastExecution(stopped, job).getBatchStatus());
            assertEquals(Map.of("Restarts", restart ? 1L : 0L, "JobsStopped", 1L),
                    jobLine(EmfLines.in(output), job), output);
        }
        Cli restarted = Cli.runWith(METRICS_ON, args(stopped, "transform")); // last: in this JVM
        assertEquals(0, restarted.exitCode(), restarted.output());
        Map<String, Long> transformed = jobLine(EmfLines.in(restarted.output()), "transform");
        assertEquals(1L, transformed.get("Restarts"), transformed.toString());
        assertEquals(1L, transformed.get("RunsProcessed"), transformed.toString());
        ChildCli.assertResumedPastTheStart(restarted.output(), "transform/aggregate");

        try (KpiStore expected = KpiStore.at(clean.storeSpec()); KpiStore actual = KpiStore.at(stopped.storeSpec())) {
            assertEquals(expected.orderKpis(Optional.empty()), actual.orderKpis(Optional.empty()));
            assertEquals(expected.categoryKpis(Optional.empty(), Optional.empty()),
                    actual.categoryKpis(Optional.empty(), Optional.empty()));
        }
    }

    /** Chunks committed after the CLI said it got SIGTERM: the one in flight at most. */
    private static long checkpointsAfterTheSignal(String output) {
        int signal = output.indexOf("SIGTERM: stopping the running job at its next checkpoint");
        assertTrue(signal >= 0, "says it got the signal:\n" + output);
        return output.substring(signal).lines().filter(line -> line.contains("] checkpoint committed")).count();
    }

    /** The metrics of the one EMF line of a job's own end, among a child's output. */
    private static Map<String, Long> jobLine(List<JsonNode> lines, String job) {
        List<Map<String, Long>> found = lines.stream().filter(l -> EmfLines.dimensions(l).equals(Map.of("Job", job)))
                .map(EmfLines::metrics).toList();
        assertEquals(1, found.size(), lines.toString());
        return found.get(0);
    }

    private static JobExecution lastExecution(PipelineRuns pipeline, String job) {
        try (JobLauncher launcher = JobLauncher.onH2(pipeline.store)) {
            List<JobExecution> executions = launcher.executionsOfRun(job, "r1");
            return executions.get(executions.size() - 1);
        }
    }

    private static String[] args(PipelineRuns pipeline, String job) {
        return new String[] {job, "--run-id", "r1", "--bucket", pipeline.bucket.toString(), "--store",
            pipeline.storeSpec(), "--chunk-size", Integer.toString(CHUNK)};
    }
}
