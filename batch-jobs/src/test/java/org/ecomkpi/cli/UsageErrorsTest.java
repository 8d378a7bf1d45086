package org.ecomkpi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad command lines exit 2 with one line naming the option, and touch nothing. */
class UsageErrorsTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "run --chunk-size 0                          | '--chunk-size': 0 rows is out of range",
            "run --chunk-size ten                        | '--chunk-size': 'ten' is not a whole number",
            "run --reject-limit 150%                     | '--reject-limit': reject limit '150%' is not a fraction",
            "run --run-id a/b                            | '--run-id': invalid run id 'a/b'",
            "validate --run-id _job-repository           | '--run-id': invalid run id '_job-repository': it starts with '_', which is reserved for the pipeline's own folders under runs/ (such as runs/_job-repository/)",
            "run --run-id _r1                            | '--run-id': invalid run id '_r1': it starts with '_'",
            "run --settle-seconds 3601                   | '--settle-seconds': settle period of 3601 seconds is out of range",
            "validate --run-id r1 --settle-seconds soon  | '--settle-seconds': settle period 'soon' is not a whole number",
            "transform --run-id r1 --settle-seconds 5    | Unknown options: '--settle-seconds', '5'",
            "run --store dynamodb:eu-west-1              | '--store': 'dynamodb:eu-west-1' is not a store: use h2:<path>",
            "run --store mysql://db/kpis                 | '--store': 'mysql://db/kpis' is not a store: use h2:<path>",
            "run --store h2:                             | '--store': 'h2:' has no path after 'h2:'",
            "run --bucket s3://My_Bucket                 | '--bucket': S3 location 's3://My_Bucket': bucket name 'My_Bucket' has",
            "run --bogus                                 | Unknown option: '--bogus'",
            "validate                                    | Missing required option: '--run-id=ID'",
            "transform --run-id r1 --reject-limit 0.1    | Unknown options: '--reject-limit', '0.1'",
            "kpis                                        | Missing required option: '--table=TABLE'",
            "kpis --table orders                         | '--table': 'orders' is not a KPI table",
            "kpis --table order_kpi_table --format xml   | '--format': 'xml' is not a format; use table, csv, json or html",
            "kpis --format csv                           | Missing required option: '--table=TABLE' (only --format html",
            "kpis --format html --category Toys          | --category applies to category_kpi_table only, not both tables",
            "kpis --table order_kpi_table --date 1/2/24  | '--date': '1/2/24' is not a date; use YYYY-MM-DD",
            "kpis --table order_kpi_table --category Toys | --category applies to category_kpi_table only",
            "generate --out x --orders 0 --days 1 --seed 1  | --orders must be 1 or more, was 0",
            "generate --out x --orders 9 --days 0 --seed 1  | --days must be 1 or more, was 0",
            "generate --out x --orders 9 --days 1 --seed 1 --bad-rows -1 | --bad-rows must be 0 or more, was -1",
            "generate --out x --orders 9 --days 1        | Missing required option: '--seed=S'",
            "frobnicate                                  | Unmatched argument at index 0: 'frobnicate'",
    })
    void badUsageExitsTwoWithOneLineNamingTheProblem(String commandLine, String expected) {
        Cli cli = Cli.runWith(java.util.Map.of(EnvironmentDefaults.BUCKET_VARIABLE, dir.resolve("bucket").toString(),
                EnvironmentDefaults.STORE_VARIABLE, "h2:" + dir.resolve("store")), commandLine.trim().split(" +"));

        assertEquals(2, cli.exitCode(), cli.toString());
        assertTrue(cli.err().startsWith("error: "), cli.err());
        assertTrue(cli.err().contains(expected), cli.err());
        assertTrue(cli.err().contains("(hint: see 'pipeline"), cli.err());
        assertEquals(1, cli.err().lines().count(), cli.err());
        assertEquals("", cli.out());
        assertFalse(Files.exists(dir.resolve("store.mv.db")), "a usage error must not create the store");
    }

    @Test
    void anUnknownStoreSchemeFromTheEnvironmentIsBadUsageToo() {
        Cli cli = Cli.runWith(java.util.Map.of(EnvironmentDefaults.STORE_VARIABLE, "postgres://db"),
                "transform", "--run-id", "r1", "--bucket", dir.resolve("bucket").toString());

        assertEquals(2, cli.exitCode(), cli.toString());
        assertTrue(cli.err().contains("'--store': 'postgres://db' is not a store"), cli.err());
    }

    @Test
    void aSettlePeriodFromTheEnvironmentIsCheckedLikeTheOption() {
        Cli cli = Cli.runWith(java.util.Map.of(EnvironmentDefaults.SETTLE_VARIABLE, "-1"),
                "validate", "--run-id", "r1", "--bucket", dir.resolve("bucket").toString(),
                "--store", "h2:" + dir.resolve("store"));

        assertEquals(2, cli.exitCode(), cli.toString());
        assertTrue(cli.err().contains("'--settle-seconds': settle period of -1 seconds is out of range"), cli.err());
    }

    @Test
    void noCommandAtAllIsBadUsage() {
        Cli cli = Cli.run();

        assertEquals(2, cli.exitCode(), cli.toString());
        assertTrue(cli.err().startsWith("error: missing command: use run, validate, transform, archive-failed, runs, kpis, "
                + "report, generate or selfcheck"), cli.err());
    }

    @Test
    void helpIsNotAnError() {
        Cli cli = Cli.run("run", "--help");

        assertEquals(0, cli.exitCode(), cli.toString());
        assertTrue(cli.out().contains("--reject-limit=L"), cli.out());
        assertTrue(cli.out().replaceAll("\\s+", " ").contains("Default: $PIPELINE_BUCKET, else ./.pipeline/bucket."),
                cli.out());
    }
}
