package org.ecomkpi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.function.Function;

import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.StepExecution;

import org.ecomkpi.bucket.BucketLocation;
import org.ecomkpi.run.RunSettings;
import org.ecomkpi.jberet.JobLauncher;
import org.ecomkpi.jberet.LaunchResult;
import org.ecomkpi.store.StoreLocation;
import org.jberet.runtime.StepExecutionImpl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bad bucket or store is refused in the same words whether it comes as {@code --bucket} / {@code --store} to the
 * CLI or as the {@code bucket} / {@code store} job property to a job launched by other means: both read it with the
 * one parser of each, and neither takes it for something else (a job never makes a folder of an {@code ftp://} URL).
 */
class BadLocationsTest {
    @TempDir
    Path dir;

    @Test
    void aBadBucketIsRefusedInTheSameWordsByTheCliAndByAJob() throws Exception {
        String bad = "ftp://drops";
        String refusal = refusal(BucketLocation::parse, bad);

        Cli cli = Cli.run("validate", "--run-id", "r1", "--bucket", bad, "--store", "h2:" + dir.resolve("store"));
        assertEquals(ExitCode.USAGE.code(), cli.exitCode(), cli.toString());
        assertTrue(cli.err().contains("'--bucket': " + refusal), cli.toString());

        assertEquals(refusal, jobFailure(bad, "h2:" + dir.resolve("store")));
        assertFalse(Files.exists(Path.of("ftp:")), "no folder was made of the URL");
    }

    @Test
    void aBadStoreIsRefusedInTheSameWordsByTheCliAndByAJob() throws Exception {
        String bad = "postgres://db/kpis";
        String refusal = refusal(StoreLocation::parse, bad);
        HandBuiltDrop.landIn(dir.resolve("bucket"));

        Cli cli = Cli.run("validate", "--run-id", "r1", "--bucket", dir.resolve("bucket").toString(), "--store", bad);
        assertEquals(ExitCode.USAGE.code(), cli.exitCode(), cli.toString());
        assertTrue(cli.err().contains("'--store': " + refusal), cli.toString());

        assertEquals(refusal, jobFailure(dir.resolve("bucket").toString(), bad));
    }

    private static String refusal(Function<String, ?> parser, String bad) {
        return assertThrows(IllegalArgumentException.class, () -> parser.apply(bad)).getMessage();
    }

    /** Launches validate with these job properties; returns the message of what failed its failed step. */
    private String jobFailure(String bucket, String store) throws Exception {
        Properties properties = new Properties();
        properties.setProperty(RunSettings.BUCKET, bucket);
        properties.setProperty(RunSettings.STORE, store);
        try (JobLauncher launcher = JobLauncher.onH2(dir.resolve("jobs"))) {
            LaunchResult result = launcher.startOrRestart("validate", "r1", properties);
            assertEquals(BatchStatus.FAILED, result.batchStatus());
            List<StepExecution> steps = launcher.operator().getStepExecutions(result.executionId());
            StepExecution failed = steps.stream().filter(step -> step.getBatchStatus() == BatchStatus.FAILED)
                    .findFirst().orElseThrow(() -> new AssertionError("no failed step in " + steps));
            Throwable failure = ((StepExecutionImpl) failed).getException();
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                if (cause instanceof IllegalArgumentException) {
                    return cause.getMessage();
                }
            }
            throw new AssertionError("the step failed for another reason", failure);
        }
    }
}
