package org.ecomkpi.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code report RUN_ID}: where a run's page is, written when a run from before pages lacks one, opened on request. */
class ReportCommandTest {
    @TempDir
    static Path dir;

    static Path bucket;
    static Path page;

    @BeforeAll
    static void runTheHandBuiltDrop() throws Exception {
        bucket = dir.resolve("bucket");
        HandBuiltDrop.landIn(bucket);
        Cli run = Cli.run("run", "--quiet", "--bucket", bucket.toString(), "--store", "h2:" + dir.resolve("store"),
                "--run-id", "r1", "--reject-limit", HandBuiltDrop.REJECT_LIMIT);
        assertEquals(0, run.exitCode(), run.toString());
        page = bucket.resolve("runs/r1/report.html");
        assertTrue(run.out().contains("  report page:     " + page + "\n"), run.out());
    }

    @Test
    void printsThePathOfTheRunsPage() {
        Cli report = Cli.run("report", "r1", "--bucket", bucket.toString());

        assertEquals(0, report.exitCode(), report.toString());
        assertEquals(page + "\n", report.out());
        assertEquals("", report.err());
    }

    @Test
    void takesTheBucketFromTheEnvironmentLikeTheOtherCommands() {
        Cli report = Cli.runWith(Map.of(EnvironmentDefaults.BUCKET_VARIABLE, bucket.toString()), "report", "r1");

        assertEquals(page + "\n", report.out(), report.toString());
    }

    @Test
    void aRunWhosePageIsMissingGetsItWrittenFromItsStoredState() throws Exception {
        byte[] written = Files.readAllBytes(page);
        Path other = dir.resolve("older-bucket");
        copy(bucket.resolve("runs/r1"), other.resolve("runs/r1"));
        Files.delete(other.resolve("runs/r1/report.html"));

        Cli report = Cli.run("report", "r1", "--bucket", other.toString());

        assertEquals(0, report.exitCode(), report.toString());
        assertEquals(other.resolve("runs/r1/report.html") + "\n", report.out());
        assertArrayEquals(written, Files.readAllBytes(other.resolve("runs/r1/report.html")),
                "the same page as the run wrote");
    }

    @Test
    void anUnknownRunIsBadUsageNamingWhereItLooked() {
        Cli report = Cli.run("report", "nope", "--bucket", bucket.toString());

        assertEquals(2, report.exitCode(), report.toString());
        assertTrue(report.err().startsWith("error: no run 'nope' in bucket " + bucket + " (nothing under "
                + bucket.resolve("runs/nope") + ")"), report.err());
        assertEquals("", report.out());
    }

    @Test
    void aRunWithoutAReportYetIsBadUsageSayingWhatWritesIt() throws Exception {
        Path claimed = dir.resolve("claimed-bucket");
        copy(bucket.resolve("runs/r1"), claimed.resolve("runs/r2"));
        Files.delete(claimed.resolve("runs/r2/report.html"));
        Files.delete(claimed.resolve("runs/r2/report.json"));

        Cli report = Cli.run("report", "r2", "--bucket", claimed.toString());

        assertEquals(2, report.exitCode(), report.toString());
        assertTrue(report.err().startsWith("error: run r2 has no report yet (status PROCESSED)"), report.err());
    }

    @Test
    void openHandsThePageToXdgOpen() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path opened = dir.resolve("opened.txt");
        Path xdgOpen = Files.writeString(bin.resolve("xdg-open"), "#!/bin/sh\necho \"$1\" > '" + opened + "'\n");
        Files.setPosixFilePermissions(xdgOpen, PosixFilePermissions.fromString("rwxr-xr-x"));

        Cli report = Cli.runWith(Map.of("PATH", bin + ":/usr/bin:/bin"), "report", "r1", "--bucket",
                bucket.toString(), "--open");

        assertEquals(0, report.exitCode(), report.toString());
        assertEquals(page + "\n", report.out());
        assertEquals(page.toUri() + "\n", Files.readString(opened));
        assertTrue(report.err().startsWith("opened " + page.toUri() + " with " + xdgOpen), report.err());
    }

    @Test
    void openWithoutABrowserToOpenItSaysSoAndStillPrintsThePath() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty-bin"));

        Cli report = Cli.runWith(Map.of("PATH", empty.toString()), "report", "r1", "--bucket", bucket.toString(),
                "--open");

        assertEquals(0, report.exitCode(), report.toString());
        assertEquals(page + "\n", report.out());
        assertTrue(report.err().startsWith("cannot open " + page.toUri() + " here: no xdg-open on the PATH"),
                report.err());
    }

    private static void copy(Path from, Path to) throws Exception {
        try (var files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }
}
