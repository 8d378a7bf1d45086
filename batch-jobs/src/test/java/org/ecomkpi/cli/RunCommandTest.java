package org.ecomkpi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {
    @TempDir
    Path dir;

    private String bucket() {
        return dir.resolve("bucket").toString();
    }

    private String store() {
        return "h2:" + dir.resolve("store");
    }

    @Test
    void runWithTheSampleProcessesItAndPrintsTheSummaryAndBothKpiTables() {
        Cli run = Cli.run("run", "--sample", "--bucket", bucket(), "--store", store());

        assertEquals(0, run.exitCode(), run.toString());
        Matcher first = Pattern.compile("^run (run-\\d{8}T\\d{6}Z-[0-9a-f]{4}): PROCESSED$", Pattern.MULTILINE)
                .matcher(run.out());
        assertTrue(first.find(), run.out());
        String runId = first.group(1);
        // 2,000 valid orders, every reject rule planted twice (SampleDropWriter)
        assertTrue(run.out().matches("(?s).*\\n  orders +2,007 +2,000 +7\\n.*"), run.out());
        assertTrue(run.out().matches("(?s).*\\n  products +102 +100 +2\\n.*"), run.out());
        assertTrue(run.out().contains("rejected rows:   " + dir.resolve("bucket/invalid-data/" + runId)), run.out());
        assertTrue(run.out().contains("report:          " + dir.resolve("bucket/runs/" + runId + "/report.json")),
                run.out());
        assertTrue(run.out().contains("\norder_kpi_table (31 rows)\norder_date  total_orders  total_revenue  "
                + "total_items_sold  return_rate  unique_customers\n"), run.out());
        assertTrue(run.out().contains("\n2024-01-31 "), run.out());
        assertTrue(run.out().contains("\ncategory_kpi_table ("), run.out());
        assertTrue(run.out().contains("\nHome & Kitchen "), run.out());
        assertTrue(run.err().contains("copied the sample drop (7 files)"), run.err());
        assertTrue(Files.isDirectory(dir.resolve("bucket/processed/" + runId + "/orders")));
    }

    @Test
    void aSecondRunOfTheSameDropCountsNothingTwice() {
        Cli first = Cli.run("run", "--quiet", "--sample", "--bucket", bucket(), "--store", store());
        assertEquals(0, first.exitCode(), first.toString());
        Cli csvBefore = Cli.run("kpis", "--store", store(), "--table", "order_kpi_table", "--format", "csv");

        Cli second = Cli.run("run", "--quiet", "--sample", "--bucket", bucket(), "--store", store());

        assertEquals(0, second.exitCode(), second.toString());
        assertTrue(second.out().contains("content already processed by run"), second.out());
        Cli csvAfter = Cli.run("kpis", "--store", store(), "--table", "order_kpi_table", "--format", "csv");
        assertEquals(csvBefore.out(), csvAfter.out());
    }

    @Test
    void aMissingRequiredColumnRejectsTheBatchWithExitOneNamingFileLineAndColumn() throws Exception {
        HandBuiltDrop.landIn(dir.resolve("bucket"));
        HandBuiltDrop.write(dir.resolve("bucket"), "orders/orders-1.csv",
                "order_id,user_id,created_at\n1,u1,2024-03-01T10:00:00\n");

        Cli run = Cli.run("run", "--quiet", "--bucket", bucket(), "--store", store(), "--run-id", "r-schema");

        assertEquals(1, run.exitCode(), run.toString());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("error: batch of run r-schema rejected (SCHEMA_ERROR): "
                + "landing-data/orders/orders-1.csv, line 1, column 1: orders file lacks required column(s) status"),
                run.err());
        assertTrue(run.err().contains("(hint: fix the file and land the batch again; its files were moved unchanged to "
                + dir.resolve("bucket/invalid-data/r-schema")), run.err());
        assertTrue(run.out().startsWith("run r-schema: REJECTED\n"), run.out());
        assertTrue(run.out().contains("batch moved to:  " + dir.resolve("bucket/invalid-data/r-schema")), run.out());
        assertFalse(run.out().contains("order_kpi_table"), "no KPI tables after a rejected batch: " + run.out());
        assertTrue(Files.exists(dir.resolve("bucket/invalid-data/r-schema/orders/orders-1.csv")));
    }

    @Test
    void aHugeHeaderIsEchoedAtMostOneKilobyteInTheErrorTheLogsAndTheReport() throws Exception {
        HandBuiltDrop.landIn(dir.resolve("bucket"));
        StringBuilder header = new StringBuilder("order_id,user_id,created_at");
        for (int i = 3; i < 200_000; i++) {
            header.append(",extra_").append(i);
        }
        HandBuiltDrop.write(dir.resolve("bucket"), "orders/orders-1.csv", header + "\n");

        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        Cli run;
        System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
        try {
            run = Cli.run("run", "--bucket", bucket(), "--store", store(), "--run-id", "r-wide");
        } finally {
            System.setErr(stderr);
        }

        assertEquals(1, run.exitCode(), run.toString().substring(0, Math.min(4000, run.toString().length())));
        assertTrue(run.err().startsWith("error: batch of run r-wide rejected (SCHEMA_ERROR): "
                + "landing-data/orders/orders-1.csv, line 1, column 1: orders file lacks required column(s) status; "
                + "header has 200000 columns: [order_id, user_id, created_at, extra_3"),
                run.err().substring(0, Math.min(2000, run.err().length())));
        List<String> logLines = logs.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(2, logLines.stream().filter(l -> l.contains("lacks required column(s) status; header has 200000 columns"))
                .count(), "the validate job's log of the failure and the alert: " + logLines.size() + " lines");
        List<String> errLines = new java.util.ArrayList<>(run.err().lines().toList());
        errLines.addAll(logLines);
        for (String line : errLines) {
            assertTrue(line.length() < 2048, () -> "under 2 KB: " + line.length() + " chars: " + line.substring(0, 200));
        }
        String report = Files.readString(dir.resolve("bucket/runs/r-wide/report.json"));
        assertTrue(report.length() < 4096, "report of " + report.length() + " chars");
        assertTrue(report.contains("lacks required column(s) status; header has 200000 columns: [order_id, "), report);
        assertTrue(report.contains("\u2026]"), report);
        assertTrue(report.contains("orders/orders-1.csv"), report);
    }

    @Test
    void anUnreadableFileIsRejectedAtTheLineAndColumnOfTheBadByte() throws Exception {
        HandBuiltDrop.landIn(dir.resolve("bucket"));
        Path items = dir.resolve("bucket/landing-data/order_items/items-2.csv");
        byte[] head = "id,order_id,product_id,sale_price\n20,1,p1,1.00\n21,1,p".getBytes(StandardCharsets.US_ASCII);
        byte[] bad = {(byte) 0xC3, (byte) 0x28};
        byte[] tail = "1,2.00\n".getBytes(StandardCharsets.US_ASCII);
        byte[] content = new byte[head.length + bad.length + tail.length];
        System.arraycopy(head, 0, content, 0, head.length);
        System.arraycopy(bad, 0, content, head.length, bad.length);
        System.arraycopy(tail, 0, content, head.length + bad.length, tail.length);
        Files.write(items, content);

        Cli run = Cli.run("run", "--quiet", "--bucket", bucket(), "--store", store(), "--run-id", "r-utf8",
                "--reject-limit", HandBuiltDrop.REJECT_LIMIT);

        assertEquals(1, run.exitCode(), run.toString());
        assertTrue(run.err().startsWith("error: batch of run r-utf8 rejected (UNREADABLE_FILE): "
                + "landing-data/order_items/items-2.csv, line 3, column 7: invalid UTF-8"), run.err());
    }

    @Test
    void tooManyRejectedRowsRejectTheBatchAndPointAtTheRejectLimit() throws Exception {
        HandBuiltDrop.landIn(dir.resolve("bucket"));

        Cli run = Cli.run("run", "--quiet", "--bucket", bucket(), "--store", store(), "--run-id", "r-ratio");

        assertEquals(1, run.exitCode(), run.toString());
        assertTrue(run.err().startsWith("error: batch of run r-ratio rejected (REJECT_RATIO): order_items: 1 of 8 rows "
                + "rejected (12.50 %), above the limit of 5.00 %"), run.err());
        assertTrue(run.err().contains("--reject-limit"), run.err());
    }

    @Test
    void anEmptyLandingFolderIsNothingToProcessAndExitsZero() {
        Cli run = Cli.run("run", "--quiet", "--bucket", bucket(), "--store", store());

        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.err().startsWith("nothing to process: " + dir.resolve("bucket/landing-data")
                + " holds 0 files"), run.err());
        assertEquals("", run.out());
    }

    @Test
    void aStoreThatCannotBeCreatedIsAnInfrastructureFailureInOneLine() throws Exception {
        Path blocker = Files.writeString(dir.resolve("blocker"), "a file, not a folder");
        HandBuiltDrop.landIn(dir.resolve("bucket"));

        Cli run = Cli.run("run", "--quiet", "--bucket", bucket(), "--store", "h2:" + blocker.resolve("store"));

        assertEquals(3, run.exitCode(), run.toString());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("error: cannot open the job repository in store h2:" + blocker.resolve("store")),
                run.err());
        assertTrue(run.err().contains("(hint: check --store"), run.err());
    }

    @Test
    void aBucketThatFailsUnderTheJobsIsAnInfrastructureFailureInOneLine() throws Exception {
        HandBuiltDrop.landIn(dir.resolve("bucket"));
        // the run's folder cannot be created
        Files.writeString(dir.resolve("bucket/runs"), "a file where the runs folder belongs");

        Cli run = Cli.run("run", "--quiet", "--bucket", bucket(), "--store", store(), "--run-id", "r-broken",
                "--reject-limit", HandBuiltDrop.REJECT_LIMIT);

        assertEquals(3, run.exitCode(), run.toString());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("error: "), run.err());
        assertTrue(run.err().contains("runs/r-broken/"), run.err());
        assertFalse(run.err().contains("\tat "), run.err());
    }

    @Test
    void aValidateStepThatFailsIsAnInfrastructureFailureAndNothingIsTransformed() throws Exception {
        HandBuiltDrop.landIn(dir.resolve("bucket"));
        // the claim works, but the judge step cannot write the reject archive of the one rejected item
        Files.writeString(dir.resolve("bucket/invalid-data"), "a file where the invalid-data folder belongs");

        Cli run = Cli.run("run", "--quiet", "--bucket", bucket(), "--store", store(), "--run-id", "r-judge",
                "--reject-limit", HandBuiltDrop.REJECT_LIMIT);

        assertEquals(3, run.exitCode(), run.toString());
        assertTrue(run.err().startsWith("error: job validate of run r-judge ended "), run.err());
        Cli kpis = Cli.run("kpis", "--store", store(), "--table", "order_kpi_table", "--format", "csv");
        assertEquals("order_date,total_orders,total_revenue,total_items_sold,return_rate,unique_customers\n",
                kpis.out(), kpis.toString());
    }

    @Test
    void verboseAddsTheStackTrace() throws Exception {
        Path blocker = Files.writeString(dir.resolve("blocker"), "a file, not a folder");

        Cli run = Cli.run("run", "--quiet", "--verbose", "--bucket", bucket(), "--store", "h2:" + blocker.resolve("s"));

        assertEquals(3, run.exitCode(), run.toString());
        assertTrue(run.err().contains("\tat org.ecomkpi."), run.err());
    }
}
