package org.ecomkpi.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.ecomkpi.bucket.AppendingProducer;
import org.ecomkpi.jberet.JobLauncher;
import org.ecomkpi.jberet.LaunchResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The validate job against a producer still writing (SPEC section 4): a file whose size or modification time
 * changed within the settle period is not claimed, so the run reads the file as its producer finished it.
 */
class FilesStillBeingWrittenTest {
    private static final int ORDERS = 120;

    @TempDir
    Path dir;

    @Test
    void anOrdersFileStillBeingWrittenWhenValidateStartsIsReadWholeOnceItsProducerStops() throws Exception {
        PipelineRuns pipeline = new PipelineRuns(dir);
        Path landing = pipeline.bucket.resolve("landing-data");
        LaunchResult validate;
        try (JobLauncher launcher = JobLauncher.onH2(pipeline.store)) {
            // a first run over the empty bucket starts the batch runtime, so the real one claims at once
            assertEquals("NO_BATCH", launcher.startOrRestart("validate", "w0", pipeline.parameters()).exitStatus());
            Files.createDirectories(landing.resolve("order_items"));
            Files.writeString(landing.resolve("products.csv"),
                    "id,sku,cost,category,retail_price\n100,S100,5.00,Toys,9.99\n", StandardCharsets.UTF_8);
            StringBuilder items = new StringBuilder("id,order_id,product_id,sale_price\n");
            for (int order = 1; order <= ORDERS; order++) {
                items.append(10_000 + order).append(',').append(order).append(",100,9.99\n");
            }
            Files.writeString(landing.resolve("order_items/items.csv"), items, StandardCharsets.UTF_8);

            try (AppendingProducer producer = AppendingProducer.start(landing.resolve("orders/orders.csv"),
                    FilesStillBeingWrittenTest::orderLine, ORDERS + 1, Duration.ofMillis(25))) {
                producer.awaitLines(10);

                validate = launcher.startOrRestart("validate", "w1", pipeline.parameters()); // default settle period

                assertEquals(ORDERS + 1, producer.linesWritten(), "the producer had finished before the claim");
            }
        }

        assertEquals("VALIDATED", validate.exitStatus(), validate.toString());
        String report = Files.readString(pipeline.bucket.resolve("runs/w1/report.json"));
        assertTrue(report.contains("\"orders\":{\"rowsRead\":" + ORDERS + ",\"rowsAccepted\":" + ORDERS + ","), report);
        assertTrue(report.contains("\"order_items\":{\"rowsRead\":" + ORDERS + ",\"rowsAccepted\":" + ORDERS + ","),
                "no item of a missing order: " + report);
        assertEquals(AppendingProducer.text(FilesStillBeingWrittenTest::orderLine, ORDERS + 1),
                Files.readString(pipeline.bucket.resolve("runs/w1/input/orders/orders.csv")), "the whole file was claimed");
    }

    /** The header, then one order a line. */
    private static String orderLine(int i) {
        return i == 0 ? "order_id,user_id,status,created_at\n" : i + ",u" + i + ",Complete,2024-01-15T10:00:00\n";
    }
}
