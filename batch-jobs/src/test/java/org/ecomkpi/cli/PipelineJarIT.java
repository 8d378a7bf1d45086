package org.ecomkpi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.ecomkpi.process.ChildJvm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code pipeline.jar} in its own JVM, as a user runs it: the one integration test of the jar (it boots
 * Weld and JBeret on its own, runs the commands, carries its job XML and its build's version). Run by failsafe
 * after {@code package}, which passes the jar's path as the system property {@code pipeline.jar}.
 */
class PipelineJarIT {
    @TempDir
    Path dir;

    static Path jar;

    @BeforeAll
    static void findTheJar() {
        String path = System.getProperty("pipeline.jar", "target/pipeline.jar");
        jar = Path.of(path).toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), "no " + jar + ": run 'mvn verify' (package builds it)");
    }

    private ChildJvm.Result java(String... args) throws Exception {
        return ChildJvm.jar(jar, args).directory(dir)
                .withoutInherited(name -> name.equals(EnvironmentDefaults.BUCKET_VARIABLE)
                        || name.equals(EnvironmentDefaults.STORE_VARIABLE))
                .timeout(Duration.ofMinutes(2)).run();
    }

    @Test
    void runWithTheSampleThenKpisAsCsvFromTheJar() throws Exception {
        ChildJvm.Result run = java("run", "--sample", "--bucket", "bucket", "--store", "h2:store");

        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains("\norder_kpi_table (31 rows)\n"), run.toString());
        assertTrue(run.out().contains("\ncategory_kpi_table ("), run.toString());
        assertTrue(run.err().contains("copied the sample drop (7 files)"), run.toString());

        ChildJvm.Result kpis = java("kpis", "--store", "h2:store", "--table", "order_kpi_table", "--format", "csv",
                "--date", "2024-01-31");

        assertEquals(0, kpis.exitCode(), kpis.toString());
        List<String> lines = kpis.out().lines().toList();
        assertEquals("order_date,total_orders,total_revenue,total_items_sold,return_rate,unique_customers", lines.get(0));
        assertTrue(lines.get(1).matches("2024-01-31,\\d+,\\d+\\.\\d{2},\\d+,[01]\\.\\d{4},\\d+"), kpis.toString());
        assertEquals(2, lines.size(), kpis.toString());
    }

    @Test
    void theJarsExitCodeForBadUsageIsTwo() throws Exception {
        ChildJvm.Result bad = java("run", "--store", "redis://nope");

        assertEquals(2, bad.exitCode(), bad.toString());
        assertTrue(bad.err().startsWith("error: Invalid value for option '--store'"), bad.toString());
        assertEquals("", bad.out());
    }

    @Test
    void theJarSaysWhichVersionAndCommitItWasBuiltFrom() throws Exception {
        ChildJvm.Result version = java("--version");

        assertEquals(0, version.exitCode(), version.toString());
        assertEquals("pipeline " + System.getProperty("project.version") + " (" + BuildCommit.ofThisCheckout() + ")\n",
                version.out(), version.toString());
    }

    @Test
    void selfcheckBootsWeldAndJBeretInTheJarAndRunsTheJobItCarries() throws Exception {
        for (int execution = 1; execution <= 2; execution++) {
            ChildJvm.Result check = java("selfcheck", "check-store");

            assertEquals(0, check.exitCode(), check.toString());
            List<String> lines = check.out().lines().toList();
            assertEquals(1, lines.size(), "only the result on stdout\n" + check);
            // the second process finds the first one's execution in the H2 file and numbers after it
            assertTrue(lines.get(0).startsWith("runtime-selfcheck execution " + execution + ": COMPLETED, SELF-CHECK OK"),
                    check.toString());
            assertEquals("", check.err(), "libraries stay quiet below WARN\n" + check);
        }
    }
}
