package org.ecomkpi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.ecomkpi.process.ChildJvm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KpisCommandTest {
    @TempDir
    static Path dir;

    static String store;

    @BeforeAll
    static void runTheHandBuiltDrop() throws Exception {
        Path bucket = dir.resolve("bucket");
        store = "h2:" + dir.resolve("store");
        HandBuiltDrop.landIn(bucket);
        Cli run = Cli.run("run", "--quiet", "--bucket", bucket.toString(), "--store", store,
                "--reject-limit", HandBuiltDrop.REJECT_LIMIT);
        assertEquals(0, run.exitCode(), run.toString());
    }

    @Test
    void orderTableAsCsvHasTheSpecHeaderAndHandComputedRows() {
        Cli kpis = Cli.run("kpis", "--store", store, "--table", "order_kpi_table", "--format", "csv");
        assertEquals(0, kpis.exitCode(), kpis.toString());
        assertEquals(HandBuiltDrop.ORDER_KPIS_CSV, kpis.out());
        assertEquals("", kpis.err());
    }

    @Test
    void categoryTableAsCsvIsSortedByKeyAndQuotesACategoryWithAComma() {
        Cli kpis = Cli.run("kpis", "--store", store, "--table", "category_kpi_table", "--format", "csv");
        assertEquals(0, kpis.exitCode(), kpis.toString());
        assertEquals(HandBuiltDrop.CATEGORY_KPIS_CSV, kpis.out());
    }

    @Test
    void orderTableAsJsonIsAnArrayOfObjectsWithNumbersAsJsonNumbers() {
        Cli kpis = Cli.run("kpis", "--store", store, "--table", "order_kpi_table", "--format", "json");
        assertEquals(0, kpis.exitCode(), kpis.toString());
        assertEquals("""
                [
                  {"order_date":"2024-03-01","total_orders":3,"total_revenue":25.51,"total_items_sold":5,\
                "return_rate":0.3333,"unique_customers":2},
                  {"order_date":"2024-03-02","total_orders":2,"total_revenue":11.24,"total_items_sold":2,\
                "return_rate":1.0000,"unique_customers":2}
                ]
                """, kpis.out());
    }

    @Test
    void categoryTableAsJsonFilteredByCategoryAndDate() {
        Cli kpis = Cli.run("kpis", "--store", store, "--table", "category_kpi_table", "--format", "JSON",
                "--category", "Sports, Outdoors", "--date", "2024-03-02");
        assertEquals(0, kpis.exitCode(), kpis.toString());
        assertEquals("""
                [
                  {"category":"Sports, Outdoors","order_date":"2024-03-02","daily_revenue":9.99,\
                "avg_order_value":9.99,"avg_return_rate":1.0000}
                ]
                """, kpis.out());
    }

    @Test
    void aDateWithoutKpisGivesAnEmptyJsonArrayAndAHeaderOnlyCsv() {
        Cli json = Cli.run("kpis", "--store", store, "--table", "order_kpi_table", "--format", "json",
                "--date", "2024-03-03");
        assertEquals("[]\n", json.out(), json.toString());
        Cli csv = Cli.run("kpis", "--store", store, "--table", "category_kpi_table", "--format", "csv",
                "--date", "2024-03-03");
        assertEquals("category,order_date,daily_revenue,avg_order_value,avg_return_rate\n", csv.out(), csv.toString());
    }

    @Test
    void tableFormatAlignsColumnsUnderTheirHeaders() {
        Cli kpis = Cli.run("kpis", "--store", store, "--table", "category_kpi_table", "--date", "2024-03-01");
        assertEquals(0, kpis.exitCode(), kpis.toString());
        List<String> lines = kpis.out().lines().toList();
        assertEquals("category_kpi_table (3 rows)", lines.get(0));
        assertEquals("category          order_date  daily_revenue  avg_order_value  avg_return_rate", lines.get(1));
        assertEquals("Home & Kitchen    2024-03-01           2.00             2.00           1.0000", lines.get(3));
        assertEquals("Sports, Outdoors  2024-03-01          10.50            10.50           1.0000", lines.get(4));
        assertEquals("Toys              2024-03-01          13.01             6.51           0.3333", lines.get(5));
        assertTrue(lines.get(2).matches("-+( +-+){4}"), lines.get(2));
    }

    @Test
    void aCategoryThatIsAFormulaIsNeutralisedInCsvAndExactInJson() throws Exception {
        String formula = "=HYPERLINK(\"http://x\",\"y\")";
        Path bucket = dir.resolve("formula/bucket");
        String formulaStore = "h2:" + dir.resolve("formula/store");
        land(bucket, "products.csv", "id,sku,cost,category,retail_price\np1,S1,2.00,\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",5.00\n");
        land(bucket, "orders/o.csv", "order_id,user_id,created_at,status\n1,u1,2024-03-01T10:00:00,Complete\n");
        land(bucket, "order_items/i.csv", "id,order_id,product_id,sale_price\n10,1,p1,5.00\n");
        Cli run = Cli.run("run", "--quiet", "--bucket", bucket.toString(), "--store", formulaStore);
        assertEquals(0, run.exitCode(), run.toString());

        Cli csv = Cli.run("kpis", "--store", formulaStore, "--table", "category_kpi_table", "--format", "csv");
        assertEquals(0, csv.exitCode(), csv.toString());
        assertEquals("category,order_date,daily_revenue,avg_order_value,avg_return_rate\n"
                + "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",2024-03-01,5.00,5.00,0.0000\n", csv.out());
        Cli json = Cli.run("kpis", "--store", formulaStore, "--table", "category_kpi_table", "--format", "json");
        assertEquals(0, json.exitCode(), json.toString());
        assertTrue(json.out().contains("{\"category\":\"=HYPERLINK(\\\"http://x\\\",\\\"y\\\")\",\"order_date\""),
                json.out());
        Cli table = Cli.run("kpis", "--store", formulaStore, "--table", "category_kpi_table");
        assertTrue(table.out().lines().anyMatch(l -> l.startsWith(formula + "  2024-03-01")), table.out());
    }

    @Test
    void cjkAndCombiningCharactersInCategoriesKeepTheTableAlignedOnScreen() throws Exception {
        Path bucket = dir.resolve("cjk/bucket");
        String cjkStore = "h2:" + dir.resolve("cjk/store");
        String decomposed = "E\u0301lectronique"; // É as E + combining acute: 13 code points, 12 columns
        land(bucket, "products.csv", "id,sku,cost,category,retail_price\n"
                + "p1,S1,2.00," + decomposed + ",5.00\np2,S2,2.00,Toys,5.00\np3,S3,2.00,家居用品,5.00\n");
        land(bucket, "orders/o.csv", "order_id,user_id,created_at,status\n"
                + "1,u1,2024-03-01T10:00:00,Complete\n2,u2,2024-03-01T11:00:00,Complete\n"
                + "3,u3,2024-03-01T12:00:00,Complete\n");
        land(bucket, "order_items/i.csv", "id,order_id,product_id,sale_price\n10,1,p1,5.00\n11,2,p2,5.00\n12,3,p3,5.00\n");
        assertEquals(0, Cli.run("run", "--quiet", "--bucket", bucket.toString(), "--store", cjkStore).exitCode());

        Cli table = Cli.run("kpis", "--store", cjkStore, "--table", "category_kpi_table");

        assertEquals(0, table.exitCode(), table.toString());
        String numbers = "  2024-03-01" + " ".repeat(11) + "5.00" + " ".repeat(13) + "5.00" + " ".repeat(11) + "0.0000";
        assertEquals(List.of(
                "category_kpi_table (3 rows)",
                "category      order_date  daily_revenue  avg_order_value  avg_return_rate",
                "------------  ----------  -------------  ---------------  ---------------",
                decomposed + numbers,                     // 12 columns wide already
                "Toys" + " ".repeat(8) + numbers,
                "家居用品" + " ".repeat(4) + numbers),      // 4 characters, 8 columns
                table.out().lines().toList());
    }

    private static void land(Path bucket, String relative, String content) throws Exception {
        Path file = bucket.resolve("landing-data").resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    @Test
    void storeFromTheEnvironmentWhenNoStoreOptionIsGiven() {
        Cli kpis = Cli.runWith(java.util.Map.of(EnvironmentDefaults.STORE_VARIABLE, store),
                "kpis", "--table", "order_kpi_table", "--format", "csv");
        assertEquals(HandBuiltDrop.ORDER_KPIS_CSV, kpis.out(), kpis.toString());
    }

    @Test
    void whileARunHoldsTheH2FileKpisSaysSoAndToWaitInsteadOfEchoingH2sLockText() throws Exception {
        Path database = dir.resolve("held-store"); // one this JVM never opened: the child must get it first
        String store = "h2:" + database;
        ChildJvm.Running holder = ChildJvm.main(HoldTheStore.class, database.toString())
                .timeout(Duration.ofSeconds(60)).start();
        try {
            holder.awaitLine("holding");

            Cli kpis = Cli.run("kpis", "--store", store, "--table", "order_kpi_table");
            Cli run = Cli.run("run", "--quiet", "--bucket", dir.resolve("empty-bucket").toString(), "--store", store);

            String expected = "error: store h2:" + database + " is in use by another process: " + database
                    + ".mv.db is open in a run, validate or transform on this store (an embedded H2 file takes one "
                    + "process at a time) (hint: wait until that process ends, then run this again; to read KPIs "
                    + "while runs go on, keep them in --store dynamodb)\n";
            assertEquals(3, kpis.exitCode(), kpis.toString());
            assertEquals(expected, kpis.err());
            assertEquals("", kpis.out());
            assertEquals(3, run.exitCode(), run.toString());
            assertEquals(expected, run.err());
        } finally {
            holder.stdin().close();
            holder.finish(); // the holder let go
        }
        Cli after = Cli.run("kpis", "--store", store, "--table", "order_kpi_table", "--format", "csv");
        assertEquals(0, after.exitCode(), "once the holder let go: " + after);
    }

    @Test
    void aStoreThatDoesNotExistIsAnInfrastructureFailureNotAnEmptyTable() {
        Path missing = dir.resolve("no-such-store");
        Cli kpis = Cli.run("kpis", "--store", "h2:" + missing, "--table", "order_kpi_table");
        assertEquals(3, kpis.exitCode(), kpis.toString());
        assertTrue(kpis.err().startsWith("error: no store at h2:" + missing), kpis.err());
        assertEquals(1, kpis.err().lines().count(), kpis.err());
        assertEquals("", kpis.out());
    }
}
