package org.ecomkpi.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import org.ecomkpi.jberet.JobLauncher;
import org.ecomkpi.jberet.LaunchResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each input file's rejects are archived at {@code invalid-data/<runId>/<its relative path>}: files of the same
 * name in different folders keep archives of their own.
 */
class RejectArchivesTest {
    @TempDir
    Path dir;

    private void land(String relative, String content) throws Exception {
        Path file = dir.resolve("bucket/landing-data").resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    private List<Map<String, String>> rejects(String relative) throws Exception {
        return PipelineRuns.rows(dir.resolve("bucket/invalid-data/r1").resolve(relative));
    }

    @Test
    void sameNamedFilesInDifferentFoldersKeepTheirOwnRejectArchives() throws Exception {
        String products = "id,sku,cost,category,retail_price\n";
        land("products.csv", products + "100,S100,5.00,Toys,9.99\n101,S101,not-a-cost,Toys,3.00\n");
        land("products/products.csv", products + "200,S200,5.00,Toys,9.99\n201,S201,1.00,Toys,no-price\n");
        String orders = "order_id,user_id,status,created_at,num_of_item\n";
        land("orders/a/o.csv", orders + "1,7,Complete,2025-03-30T16:14:26,1\n2,7,lost,2025-03-30T10:00:00,1\n");
        land("orders/b/o.csv", orders + "3,8,Complete,2025-03-30T16:14:26,1\n4,@SUM(A1),Complete,yesterday,1\n");
        land("order_items/i.csv", "id,order_id,product_id,sale_price\n10,1,100,9.99\n11,3,200,9.99\n");
        Properties params = new Properties();
        params.setProperty("bucket", dir.resolve("bucket").toString());
        params.setProperty("store", "h2:" + dir.resolve("store"));
        params.setProperty("rejectLimit", "0.9");
        try (JobLauncher launcher = JobLauncher.onH2(dir.resolve("store"))) {
            LaunchResult validate = launcher.startOrRestart("validate", "r1", params);
            assertEquals("VALIDATED", validate.exitStatus(), validate.toString());
        }

        assertEquals(List.of("101"), column(rejects("products.csv"), "id"));
        assertEquals(List.of("201"), column(rejects("products/products.csv"), "id"));
        assertEquals(List.of("2"), column(rejects("orders/a/o.csv"), "order_id"));
        assertEquals(List.of("4"), column(rejects("orders/b/o.csv"), "order_id"));
        assertEquals(List.of("3"), column(rejects("orders/a/o.csv"), "_line"));
        assertEquals(List.of("'@SUM(A1)"), column(rejects("orders/b/o.csv"), "user_id"), "spreadsheet-safe");
        try (Stream<Path> files = Files.walk(dir.resolve("bucket/invalid-data/r1"))) {
            assertEquals(4, files.filter(Files::isRegularFile).count(), "one archive per file with rejects");
        }
    }

    private static List<String> column(List<Map<String, String>> rows, String name) {
        return rows.stream().map(r -> r.get(name)).toList();
    }
}
