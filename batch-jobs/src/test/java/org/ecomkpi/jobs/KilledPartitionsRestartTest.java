package org.ecomkpi.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.batch.runtime.JobExecution;

import org.ecomkpi.cli.Cli;
import org.ecomkpi.bucket.Bucket;
import org.ecomkpi.generate.DropGenerator;
import org.ecomkpi.generate.DropSpec;
import org.ecomkpi.generate.DropSummary;
import org.ecomkpi.jberet.JobLauncher;
import org.ecomkpi.jberet.LaunchResult;
import org.ecomkpi.run.DataQualityReport;
import org.ecomkpi.store.KpiStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The validate job's items step runs in partitions on two threads; the CLI in a child JVM is killed with SIGKILL
 * while two of them are mid-way (each past its first checkpoint). The same command in a new JVM resumes every such
 * partition from its own checkpoint, runs the partitions not yet started, and the batch ends with the same tallies
 * and KPIs as a run that was never interrupted; in the job repository the killed step counts what its partitions had
 * committed, and the two executions' counts add up to the batch's rows.
 */
class KilledPartitionsRestartTest {
    private static final Pattern RESUMED = Pattern.compile("validate/order_items\\] resuming from checkpoint partition=(\\d+)");

    @TempDir
    Path dir;

    @Test
    void validateKilledWhilePartitionsAreMidWayResumesEachFromItsOwnCheckpoint() throws Exception {
        // 3,000 orders: about 7,500 items in three files of some 240 KB, each split in partitions of at most 80 KB
        // (about 800 rows, 40 chunks of 20): nine or more partitions, so some are still waiting for a thread when the
        // two running ones are killed mid-way
        DropSummary drop = new DropGenerator(DropSpec.builder(3_000, 10, 78L).badRowsPerRule(2).build())
                .write(dir.resolve("drop"));
        PipelineRuns clean = new PipelineRuns(dir.resolve("clean"));
        clean.land(drop.landingData());
        List<LaunchResult> results = clean.runBoth("r1");
        assertEquals("PROCESSED", results.get(1).exitStatus(), results.toString());
        PipelineRuns killed = new PipelineRuns(dir.resolve("killed"));
        killed.land(drop.landingData());

        // killed once partitions 0 and 1 (on the two threads) have each committed a checkpoint, in whichever order
        ChildCli.Result first = ChildCli.runKilledAfter(Map.of(), List.of(
                "validate/items] checkpoint committed partition=0 ", "validate/items] checkpoint committed partition=1 "),
                args(killed, "validate"));
        Cli second = Cli.runWith(Map.of(), args(killed, "validate")); // the restart, in this JVM
        assertEquals(0, second.exitCode(), second.output());

        Set<Integer> resumed = new TreeSet<>();
        Matcher m = RESUMED.matcher(second.output());
        while (m.find()) {
            resumed.add(Integer.parseInt(m.group(1)));
        }
        assertTrue(resumed.size() >= 2, "partitions resumed from their own checkpoints: " + resumed + "\n"
                + first.output() + "\n" + second.output());
        ChildCli.assertResumedPastTheStart(second.output(), "validate/order_items");
        Cli transform = Cli.runWith(Map.of(), args(killed, "transform"));
        assertEquals(0, transform.exitCode(), transform.output());

        assertEquals(counts(clean), counts(killed), "same counts per file and rule as the clean run");
        try (JobLauncher launcher = JobLauncher.onH2(killed.store)) {
            List<JobExecution> executions = launcher.executionsOfRun("validate", "r1");
            assertEquals(2, executions.size(), "the killed execution and its restart");
            List<Long> killedItems = RepositoryCounts.ofExecution(launcher, executions.get(0)).get("items");
            assertTrue(killedItems != null && killedItems.get(0) > 0,
                    "runs show: the killed items step counts the rows its partitions had committed: " + killedItems);
            assertEquals(RepositoryCounts.ofReport(DataQualityReport.read(Bucket.at(killed.bucket.toString()), "r1")),
                    RepositoryCounts.ofRun(launcher, "r1"),
                    "runs list: the killed execution's counts and its restart's add up to the rows of the batch");
        }
        try (KpiStore want = KpiStore.at(clean.storeSpec()); KpiStore got = KpiStore.at(killed.storeSpec())) {
            assertEquals(want.orderKpis(Optional.empty()), got.orderKpis(Optional.empty()));
            assertEquals(want.categoryKpis(Optional.empty(), Optional.empty()),
                    got.categoryKpis(Optional.empty(), Optional.empty()));
        }
    }

    private static List<String> counts(PipelineRuns runs) throws Exception {
        return Files.readString(runs.bucket.resolve("runs/r1/staging/order_items/tally.properties")).lines()
                .filter(l -> !l.startsWith("#") && !l.startsWith("parts=")).sorted().toList();
    }

    private static String[] args(PipelineRuns runs, String job) {
        return new String[] {job, "--run-id", "r1", "--bucket", runs.bucket.toString(), "--store", runs.storeSpec(),
            "--chunk-size", "20", "--partition-threads", "2", "--partition-bytes", "80000"};
    }
}
