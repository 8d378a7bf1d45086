package org.ecomkpi.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.ecomkpi.generate.DropGenerator;
import org.ecomkpi.generate.DropSpec;
import org.ecomkpi.generate.DropSummary;
import org.ecomkpi.kpi.CategoryDayKpi;
import org.ecomkpi.kpi.OrderDayKpi;
import org.ecomkpi.jberet.LaunchResult;
import org.ecomkpi.store.KpiStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batch that cannot be trusted as a whole fails whole: every input moves unchanged to
 * {@code invalid-data/<runId>/}, the report names the reason (and file, line, column), and no KPI changes.
 */
class BatchFailuresTest {
    @TempDir
    Path dir;

    private PipelineRuns pipeline;
    private List<OrderDayKpi> ordersBefore;
    private List<CategoryDayKpi> categoriesBefore;

    @BeforeEach
    void aFirstGoodRunFillsTheTables() throws Exception {
        pipeline = new PipelineRuns(dir);
        DropSummary good = new DropGenerator(DropSpec.builder(600, 5, 1L).filesPerDrop(1).build()).write(dir.resolve("good"));
        pipeline.land(good.landingData());
        assertEquals("PROCESSED", pipeline.runBoth("good").get(1).exitStatus());
        try (KpiStore store = KpiStore.at(pipeline.storeSpec())) {
            ordersBefore = store.orderKpis(Optional.empty());
            categoriesBefore = store.categoryKpis(Optional.empty(), Optional.empty());
        }
        assertTrue(!ordersBefore.isEmpty());
        // the next batch: new orders on the same days, products carried by the catalogue
        DropSummary next = new DropGenerator(DropSpec.builder(600, 5, 2L).filesPerDrop(1).build()).write(dir.resolve("next"));
        Files.delete(next.landingData().resolve("products.csv"));
        pipeline.land(next.landingData());
    }

    private Path landed(String folder) throws Exception {
        try (Stream<Path> files = Files.list(pipeline.bucket.resolve("landing-data").resolve(folder))) {
            return files.findFirst().orElseThrow();
        }
    }

    private String failedRun() throws Exception {
        List<LaunchResult> results = pipeline.runBoth("bad");
        assertEquals("REJECTED", results.get(0).exitStatus(), results.toString());
        assertEquals("NOT_VALIDATED", results.get(1).exitStatus(), results.toString());
        Path archive = pipeline.bucket.resolve("invalid-data/bad");
        assertTrue(Files.exists(archive.resolve("orders")) && Files.exists(archive.resolve("order_items")),
                "the whole batch is archived");
        try (Stream<Path> left = Files.walk(pipeline.bucket.resolve("landing-data"))) {
            assertTrue(left.noneMatch(Files::isRegularFile), "nothing is left to land again");
        }
        try (KpiStore store = KpiStore.at(pipeline.storeSpec())) {
            assertEquals(ordersBefore, store.orderKpis(Optional.empty()), "order KPIs unchanged");
            assertEquals(categoriesBefore, store.categoryKpis(Optional.empty(), Optional.empty()), "category KPIs unchanged");
        }
        String report = Files.readString(pipeline.bucket.resolve("runs/bad/report.json"));
        assertTrue(report.contains("\"status\":\"rejected\""), report);
        return report;
    }

    @Test
    void aHeaderMissingARequiredColumnFailsTheBatchNamingFileAndColumns() throws Exception {
        Path orders = landed("orders");
        List<String> lines = Files.readAllLines(orders, StandardCharsets.UTF_8);
        lines.set(0, lines.get(0).replaceAll("(?i)\\bstatus\\b", "state"));
        Files.write(orders, lines, StandardCharsets.UTF_8);
        byte[] original = Files.readAllBytes(orders);

        String report = failedRun();
        assertTrue(report.contains("\"reason\":\"SCHEMA_ERROR\""), report);
        assertTrue(report.contains("lacks required column(s) status"), report);
        assertTrue(report.contains("\"file\":\"orders/" + orders.getFileName() + "\""), report);
        assertEquals(List.of(original.length), List.of(Files.readAllBytes(
                pipeline.bucket.resolve("invalid-data/bad/orders").resolve(orders.getFileName())).length),
                "the input is archived unchanged");
    }

    @Test
    void anUnterminatedQuoteFailsTheBatchNamingLineAndColumn() throws Exception {
        Path items = landed("order_items");
        List<String> lines = Files.readAllLines(items, StandardCharsets.UTF_8);
        lines.set(40, "\"" + lines.get(40));
        Files.write(items, lines, StandardCharsets.UTF_8);

        String report = failedRun();
        assertTrue(report.contains("\"reason\":\"UNREADABLE_FILE\""), report);
        assertTrue(report.contains("\"line\":41,\"column\":1"), report);
    }

    @Test
    void aTruncatedGzipFileFailsTheBatchAsUnreadable() throws Exception {
        Path orders = landed("orders");
        byte[] plain = Files.readAllBytes(orders);
        java.io.ByteArrayOutputStream gzipped = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(gzipped)) {
            out.write(plain);
        }
        byte[] truncated = java.util.Arrays.copyOf(gzipped.toByteArray(), gzipped.size() / 2);
        Path stored = orders.resolveSibling(orders.getFileName() + ".gz");
        Files.write(stored, truncated);
        Files.delete(orders);

        String report = failedRun();
        assertTrue(report.contains("\"reason\":\"UNREADABLE_FILE\""), report);
        assertTrue(report.contains("\"file\":\"orders/" + stored.getFileName() + "\""), report);
        assertTrue(report.contains("gzip"), report);
        assertTrue(java.util.Arrays.equals(truncated, Files.readAllBytes(
                pipeline.bucket.resolve("invalid-data/bad/orders").resolve(stored.getFileName()))),
                "the input is archived unchanged");
    }

    @Test
    void invalidUtf8FailsTheBatchNamingLineAndColumn() throws Exception {
        Path orders = landed("orders");
        byte[] bytes = Files.readAllBytes(orders);
        int lineStart = 0;
        for (int line = 1, i = 0; i < bytes.length && line < 20; i++) {
            if (bytes[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        bytes[lineStart + 2] = (byte) 0xC3; // a lead byte followed by an ASCII byte: not UTF-8
        bytes[lineStart + 3] = (byte) 'x';
        Files.write(orders, bytes);

        String report = failedRun();
        assertTrue(report.contains("\"reason\":\"UNREADABLE_FILE\""), report);
        assertTrue(report.contains("invalid UTF-8"), report);
        assertTrue(report.contains("\"line\":20,\"column\":3"), report);
    }

    @Test
    void aRejectRatioAboveTheLimitFailsTheBatch() throws Exception {
        Path orders = landed("orders");
        List<String> lines = Files.readAllLines(orders, StandardCharsets.UTF_8);
        String header = lines.get(0).toLowerCase();
        int status = List.of(header.split(",")).indexOf("status");
        assertTrue(status >= 0, header);
        for (int i = 1; i < 60; i++) {
            String[] cells = lines.get(i).split(",", -1);
            cells[status] = "lost";
            lines.set(i, String.join(",", cells));
        }
        Files.write(orders, lines, StandardCharsets.UTF_8);

        String report = failedRun();
        assertTrue(report.contains("\"reason\":\"REJECT_RATIO\""), report);
        assertTrue(report.contains("above the limit of 5.00 %"), report);
    }
}
