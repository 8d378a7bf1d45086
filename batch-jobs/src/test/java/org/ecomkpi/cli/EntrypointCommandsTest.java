package org.ecomkpi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** validate and transform by run id, as the container runs them: bucket and store from the environment. */
class EntrypointCommandsTest {
    @TempDir
    Path dir;

    private Map<String, String> environment() {
        return Map.of(EnvironmentDefaults.BUCKET_VARIABLE, dir.resolve("bucket").toString(),
                EnvironmentDefaults.STORE_VARIABLE, "h2:" + dir.resolve("store"));
    }

    private List<String> bucketFiles() throws IOException {
        try (Stream<Path> files = Files.walk(dir.resolve("bucket"))) {
            return files.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    private String kpisCsv(String table) {
        Cli kpis = Cli.runWith(environment(), "kpis", "--table", table, "--format", "csv");
        assertEquals(0, kpis.exitCode(), kpis.toString());
        return kpis.out();
    }

    @Test
    void validateThenTransformByRunIdFillTheKpiTables() throws Exception {
        HandBuiltDrop.landIn(dir.resolve("bucket"));

        Cli validate = Cli.runWith(environment(), "validate", "--quiet", "--run-id", "r1",
                "--reject-limit", HandBuiltDrop.REJECT_LIMIT);
        assertEquals(0, validate.exitCode(), validate.toString());
        assertEquals("validate r1: VALIDATED (started, execution " + executionOf(validate.out()) + ")\n",
                validate.out());

        Cli transform = Cli.runWith(environment(), "transform", "--quiet", "--run-id", "r1");
        assertEquals(0, transform.exitCode(), transform.toString());
        assertEquals("transform r1: PROCESSED (started, execution " + executionOf(transform.out()) + ")\n",
                transform.out());

        assertEquals(HandBuiltDrop.ORDER_KPIS_CSV, kpisCsv("order_kpi_table"));
        assertEquals(HandBuiltDrop.CATEGORY_KPIS_CSV, kpisCsv("category_kpi_table"));
        assertTrue(Files.exists(dir.resolve("bucket/processed/r1/orders/orders-1.csv")));
    }

    @Test
    void validateClaimsOnlyFilesThatWentUnchangedForTheSettlePeriodOfTheEnvironment() throws Exception {
        HandBuiltDrop.landIn(dir.resolve("bucket"));
        Instant lastWrite = Instant.EPOCH;
        for (String file : bucketFiles()) {
            Instant written = Files.getLastModifiedTime(dir.resolve(file)).toInstant();
            lastWrite = written.isAfter(lastWrite) ? written : lastWrite;
        }
        Map<String, String> environment = new HashMap<>(environment());
        environment.put(EnvironmentDefaults.SETTLE_VARIABLE, "3");

        Cli validate = Cli.runWith(environment, "validate", "--quiet", "--run-id", "r1",
                "--reject-limit", HandBuiltDrop.REJECT_LIMIT);

        assertEquals(0, validate.exitCode(), validate.toString());
        assertTrue(validate.out().startsWith("validate r1: VALIDATED"), validate.out());
        Instant claimedAt = Files.getLastModifiedTime(dir.resolve("bucket/runs/r1/manifest.properties")).toInstant();
        assertFalse(claimedAt.isBefore(lastWrite.plusSeconds(3)), "claimed at " + claimedAt + ", the last file was "
                + "written at " + lastWrite + ": the claim waited until every file had gone unchanged for 3 s");
    }

    @Test
    void aSecondTransformOfTheSameRunExitsZeroAndChangesNothing() throws Exception {
        HandBuiltDrop.landIn(dir.resolve("bucket"));
        assertEquals(0, Cli.runWith(environment(), "validate", "--quiet", "--run-id", "r1",
                "--reject-limit", HandBuiltDrop.REJECT_LIMIT).exitCode());
        assertEquals(0, Cli.runWith(environment(), "transform", "--quiet", "--run-id", "r1").exitCode());
        List<String> filesBefore = bucketFiles();
        String ordersBefore = kpisCsv("order_kpi_table");
        String categoriesBefore = kpisCsv("category_kpi_table");

        Cli again = Cli.runWith(environment(), "transform", "--quiet", "--run-id", "r1");

        assertEquals(0, again.exitCode(), again.toString());
        assertTrue(again.out().startsWith("transform r1: PROCESSED (already completed, execution "), again.out());
        assertEquals(filesBefore, bucketFiles());
        assertEquals(ordersBefore, kpisCsv("order_kpi_table"));
        assertEquals(categoriesBefore, kpisCsv("category_kpi_table"));
    }

    @Test
    void aFailedTransformExitsThreeAndTheSameCommandRestartsItWithoutCountingTwice() throws Exception {
        HandBuiltDrop.landIn(dir.resolve("bucket"));
        assertEquals(0, Cli.runWith(environment(), "validate", "--quiet", "--run-id", "r1",
                "--reject-limit", HandBuiltDrop.REJECT_LIMIT).exitCode());
        Path staged = onlyFile(dir.resolve("bucket/runs/r1/staging/order_items"), "accepted-");
        Path aside = dir.resolve("aside.csv");
        Files.move(staged, aside);

        Cli failed = Cli.runWith(environment(), "transform", "--quiet", "--run-id", "r1");

        assertEquals(3, failed.exitCode(), failed.toString());
        assertEquals(1, failed.err().lines().count(), failed.err());
        assertTrue(failed.err().matches("error: job transform of run r1 ended FAILED \\(execution \\d+\\) in step "
                + "'aggregate': .*runs/r1/staging/order_items/accepted-.*"
                + "\\(hint: once the cause is fixed, 'pipeline transform --run-id r1' restarts it from its last "
                + "checkpoint\\)\\n"), failed.err());

        Files.move(aside, staged);
        Cli restarted = Cli.runWith(environment(), "transform", "--quiet", "--run-id", "r1");

        assertEquals(0, restarted.exitCode(), restarted.toString());
        assertTrue(restarted.out().startsWith("transform r1: PROCESSED (restarted, execution "), restarted.out());
        assertEquals(HandBuiltDrop.ORDER_KPIS_CSV, kpisCsv("order_kpi_table"));
        assertEquals(HandBuiltDrop.CATEGORY_KPIS_CSV, kpisCsv("category_kpi_table"));
    }

    private static Path onlyFile(Path folder, String prefix) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> matching = files.filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
            assertEquals(1, matching.size(), matching.toString());
            return matching.get(0);
        }
    }

    @Test
    void optionsWinOverTheEnvironment() throws Exception {
        HandBuiltDrop.landIn(dir.resolve("other-bucket"));
        Map<String, String> elsewhere = Map.of(EnvironmentDefaults.BUCKET_VARIABLE, dir.resolve("bucket").toString(),
                EnvironmentDefaults.STORE_VARIABLE, "h2:" + dir.resolve("other-store"));

        Cli validate = Cli.runWith(elsewhere, "validate", "--quiet", "--run-id", "r1",
                "--bucket", dir.resolve("other-bucket").toString(), "--store", "h2:" + dir.resolve("store"),
                "--reject-limit", HandBuiltDrop.REJECT_LIMIT);

        assertEquals(0, validate.exitCode(), validate.toString());
        assertTrue(Files.exists(dir.resolve("other-bucket/runs/r1/manifest.properties")));
        assertTrue(Files.exists(dir.resolve("store.mv.db")));
        assertTrue(Files.notExists(dir.resolve("other-store.mv.db")));
    }

    @Test
    void aRejectedBatchExitsOneAndItsTransformExitsOneToo() throws Exception {
        HandBuiltDrop.landIn(dir.resolve("bucket"));

        Cli validate = Cli.runWith(environment(), "validate", "--quiet", "--run-id", "r2");

        assertEquals(1, validate.exitCode(), validate.toString());
        assertTrue(validate.out().startsWith("validate r2: REJECTED (started, execution "), validate.out());
        assertTrue(validate.err().startsWith("error: batch of run r2 rejected (REJECT_RATIO): order_items: 1 of 8 "
                + "rows rejected"), validate.err());

        Cli transform = Cli.runWith(environment(), "transform", "--quiet", "--run-id", "r2");

        assertEquals(1, transform.exitCode(), transform.toString());
        assertTrue(transform.out().startsWith("transform r2: NOT_VALIDATED"), transform.out());
        assertTrue(transform.err().startsWith("error: run r2 was not validated (status REJECTED); nothing to "
                + "transform"), transform.err());
        assertEquals("order_date,total_orders,total_revenue,total_items_sold,return_rate,unique_customers\n",
                kpisCsv("order_kpi_table"));
    }

    @Test
    void validateWithNothingLandedSaysSoOnStderrAndExitsZero() {
        Cli validate = Cli.runWith(environment(), "validate", "--quiet", "--run-id", "r3");

        assertEquals(0, validate.exitCode(), validate.toString());
        assertTrue(validate.out().startsWith("validate r3: NO_BATCH"), validate.out());
        assertTrue(validate.err().startsWith("nothing to process: "), validate.err());
    }

    @Test
    void transformOfARunTheBucketHasNeverSeenIsBadUsageAndStartsNothing() {
        Cli transform = Cli.runWith(environment(), "transform", "--quiet", "--run-id", "unknown");

        assertEquals(2, transform.exitCode(), transform.toString());
        assertEquals("error: no run 'unknown' in bucket " + dir.resolve("bucket") + " (nothing under "
                + dir.resolve("bucket/runs/unknown") + ") (hint: check the run id and --bucket; each run has a folder "
                + "under " + dir.resolve("bucket/runs") + ", made when 'pipeline validate --run-id ID' claims its "
                + "batch)\n", transform.err());
        assertEquals("", transform.out());
        assertFalse(Files.exists(dir.resolve("store.mv.db")), "no job was started: the store was not even opened");
    }

    @Test
    void transformOfARunThatClaimedNothingExitsOneAsNotValidated() throws Exception {
        HandBuiltDrop.landIn(dir.resolve("bucket"));
        Files.delete(dir.resolve("bucket/landing-data/order_items/items-1.csv")); // no order_items: no batch
        assertEquals(0, Cli.runWith(environment(), "validate", "--quiet", "--run-id", "r4").exitCode());

        Cli transform = Cli.runWith(environment(), "transform", "--quiet", "--run-id", "r4");

        assertEquals(1, transform.exitCode(), transform.toString());
        assertTrue(transform.err().startsWith("error: run r4 was not validated"), transform.err());
    }

    private static String executionOf(String line) {
        return line.replaceAll("(?s).*execution (\\d+)\\).*", "$1");
    }
}
