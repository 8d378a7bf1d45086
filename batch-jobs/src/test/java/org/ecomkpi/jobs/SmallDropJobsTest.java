package org.ecomkpi.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import jakarta.batch.runtime.BatchStatus;

import org.ecomkpi.kpi.CategoryDayKpi;
import org.ecomkpi.kpi.OrderDayKpi;
import org.ecomkpi.kpi.OrderFact;
import org.ecomkpi.kpi.VersionBatch;
import org.ecomkpi.run.Staging;
import org.ecomkpi.jberet.JobLauncher;
import org.ecomkpi.jberet.LaunchResult;
import org.ecomkpi.store.KpiStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmallDropJobsTest {
    @TempDir
    Path dir;

    private void land(String relative, String content) throws Exception {
        Path file = dir.resolve("bucket/landing-data").resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    @Test
    void aFlippedByteInAStagedVersionsPartFailsTheMerge() throws Exception {
        land("products.csv", "id,sku,cost,category,retail_price,brand\n100,S100,5.00,Toys,9.99,\n");
        land("orders/o1.csv", "order_id,user_id,status,created_at,num_of_item\n1,7,Complete,2025-03-30T16:14:26,1\n");
        land("order_items/i1.csv", "id,order_id,product_id,sale_price,status,user_id\n10,1,100,19.99,complete,7\n");
        Path store = dir.resolve("store");
        Properties params = new Properties();
        params.setProperty("bucket", dir.resolve("bucket").toString());
        params.setProperty("store", "h2:" + store);
        byte[] part = VersionBatch.of(List.of(new OrderFact("2", LocalDate.parse("2025-03-30"), "8", false)),
                List.of()).toBytes();
        part[part.length / 2] ^= 0x01;
        Path corrupt = dir.resolve("bucket").resolve(Staging.versionsFolder("r1") + "part-999999.bin");
        try (JobLauncher launcher = JobLauncher.onH2(store)) {
            assertEquals("VALIDATED", launcher.startOrRestart("validate", "r1", params).exitStatus());
            Files.createDirectories(corrupt.getParent());
            Files.write(corrupt, part);

            LaunchResult transform = launcher.startOrRestart("transform", "r1", params);

            assertEquals(BatchStatus.FAILED, transform.batchStatus(), transform.toString());
        }
        try (KpiStore kpis = KpiStore.at("h2:" + store)) {
            assertEquals(List.of(), kpis.orderKpis(Optional.empty()), "nothing merged");
        }
    }

    @Test
    void validateThenTransformFillsBothKpiTables() throws Exception {
        land("products.csv", "id,sku,cost,category,retail_price,brand\n"
                + "100,S100,5.00,Home & Kitchen,9.99,\n101,S101,1.00,Toys,3.00,Acme\n");
        land("orders/o1.csv", "order_id,user_id,status,created_at,num_of_item\n"
                + "1,7,Complete,2025-03-30T16:14:26,2\n"
                + "2,8,returned,2025-03-30 23:30:00-07:00,1\n"
                + "3,7,lost,2025-03-30T10:00:00,1\n");
        land("order_items/i1.csv", "id,order_id,product_id,sale_price,status,user_id\n"
                + "10,1,100,19.99,complete,7\n11,1,101,0.01,returned,7\n12,2,100,5.00,,8\n13,3,100,1.00,complete,7\n");
        Path store = dir.resolve("store");
        Properties params = new Properties();
        params.setProperty("bucket", dir.resolve("bucket").toString());
        params.setProperty("store", "h2:" + store);
        params.setProperty("rejectLimit", "0.9");
        try (JobLauncher launcher = JobLauncher.onH2(store)) {
            LaunchResult validate = launcher.startOrRestart("validate", "r1", params);
            assertEquals("VALIDATED", validate.exitStatus(), validate.toString());
            LaunchResult transform = launcher.startOrRestart("transform", "r1", params);
            assertEquals("PROCESSED", transform.exitStatus(), transform.toString());
        }
        try (KpiStore kpis = KpiStore.at("h2:" + store)) {
            List<OrderDayKpi> orders = kpis.orderKpis(Optional.empty());
            assertEquals(List.of(
                    new OrderDayKpi(LocalDate.parse("2025-03-30"), 1, new BigDecimal("20.00"), 2, new BigDecimal("0.0000"), 1),
                    new OrderDayKpi(LocalDate.parse("2025-03-31"), 1, new BigDecimal("5.00"), 1, new BigDecimal("1.0000"), 1)),
                    orders);
            List<CategoryDayKpi> categories = kpis.categoryKpis(Optional.empty(), Optional.empty());
            assertEquals(3, categories.size(), categories.toString());
        }
        assertTrue(Files.exists(dir.resolve("bucket/processed/r1/orders/o1.csv")));
        assertTrue(Files.exists(dir.resolve("bucket/invalid-data/r1/orders/o1.csv")));
        System.out.println(Files.readString(dir.resolve("bucket/runs/r1/report.json")));
        System.out.println(Files.readString(dir.resolve("bucket/invalid-data/r1/orders/o1.csv")));
        System.out.println(Files.readString(dir.resolve("bucket/invalid-data/r1/order_items/i1.csv")));
    }
}
