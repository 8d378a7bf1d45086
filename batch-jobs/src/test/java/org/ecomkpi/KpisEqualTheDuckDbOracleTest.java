package org.ecomkpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.ecomkpi.generate.Defect;
import org.ecomkpi.generate.DropGenerator;
import org.ecomkpi.generate.DropSpec;
import org.ecomkpi.generate.DropSummary;
import org.ecomkpi.kpi.CategoryDayKpi;
import org.ecomkpi.kpi.KpiLedger;
import org.ecomkpi.kpi.VersionBatch;
import org.ecomkpi.kpi.OrderDayKpi;
import org.ecomkpi.oracle.DuckDbKpiOracle;
import org.ecomkpi.oracle.OracleCategoryDay;
import org.ecomkpi.oracle.OracleKpis;
import org.ecomkpi.oracle.OracleOrderDay;
import org.ecomkpi.row.FileType;
import org.ecomkpi.row.Product;
import org.ecomkpi.rules.AcceptedItem;
import org.ecomkpi.rules.RuleCode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kpi-lib's KPIs over a generated drop of 200,000+ items with every quirk and bad rows of every rule, against
 * DuckDB computing SPEC section 5 in SQL over the very rows kpi-lib accepted.
 *
 * <p>Only kpi-lib runs here (no job, no store); the test sits in batch-jobs because the drop generator is
 * batch-jobs code, kept out of the library.
 */
class KpisEqualTheDuckDbOracleTest {
    @TempDir
    static Path dir;

    static DropSpec spec;
    static DropSummary summary;
    static DropRun run;
    static Map<FileType, List<Path>> acceptedFiles = new HashMap<>();
    /** DuckDB's KPIs over the accepted rows, computed once for both tables. */
    static OracleKpis oracle;

    @BeforeAll
    static void validateAGeneratedDrop() throws Exception {
        spec = DropSpec.builder(82_000, 45, 20261126L).badRowsPerRule(25).filesPerDrop(3).build();
        summary = new DropGenerator(spec).write(dir.resolve("drop"));
        Path landing = dir.resolve("drop/landing-data");
        Map<String, CSVPrinter> printers = new HashMap<>();
        run = DropRun.of(landing, spec.now(), true, Optional.of((type, row) -> {
            if (type == FileType.PRODUCTS) {
                return; // the catalogue is written below, one row per product id, as the upserts left it
            }
            CSVPrinter printer = printers.computeIfAbsent(row.file(), file -> open(type, row.header().names()));
            try {
                printer.printRecord(row.cells());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }));
        for (CSVPrinter printer : printers.values()) {
            printer.close();
        }
        Path catalogue = dir.resolve("accepted/products.csv");
        try (CSVPrinter out = CSVFormat.RFC4180.print(catalogue, StandardCharsets.UTF_8)) {
            out.printRecord("id", "sku", "cost", "category", "retail_price");
            for (Product p : run.validator.catalogue().products()) {
                out.printRecord(p.id(), p.sku(), p.cost(), p.category(), p.retailPrice());
            }
        }
        acceptedFiles.put(FileType.PRODUCTS, List.of(catalogue));
        oracle = DuckDbKpiOracle.compute(acceptedFiles.get(FileType.ORDERS), acceptedFiles.get(FileType.ORDER_ITEMS),
                acceptedFiles.get(FileType.PRODUCTS));
    }

    private static CSVPrinter open(FileType type, List<String> header) {
        try {
            Files.createDirectories(dir.resolve("accepted"));
            Path file = dir.resolve("accepted/" + type.folder() + "-" + acceptedFiles.getOrDefault(type, List.of()).size() + ".csv");
            acceptedFiles.computeIfAbsent(type, t -> new ArrayList<>()).add(file);
            Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            return new CSVPrinter(writer, CSVFormat.RFC4180.builder().setHeader(header.toArray(String[]::new)).get());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theDropIsLargeAndEveryRowIsAcceptedOrRejected() {
        long items = run.read.get(FileType.ORDER_ITEMS);
        assertTrue(items >= 200_000, "items read: " + items);
        long read = run.read.values().stream().mapToLong(Long::longValue).sum();
        long accepted = run.accepted.values().stream().mapToLong(Long::longValue).sum();
        assertEquals(read, accepted + run.rejectedTotal());
        for (FileType type : FileType.values()) {
            assertEquals(summary.rowsWritten(type), run.read.get(type), type + " rows read vs written");
        }
    }

    @Test
    void everyRuleRejectsAtLeastTheRowsPlantedForIt() {
        for (RuleCode rule : RuleCode.values()) {
            long planted = summary.injected(Defect.valueOf(rule.name()));
            assertTrue(planted > 0, rule + " planted");
            assertTrue(run.rejected.getOrDefault(rule, 0L) >= planted,
                    rule + ": rejected " + run.rejected.get(rule) + ", planted " + planted);
        }
        for (FileType type : FileType.values()) {
            assertEquals(summary.expectedAccepted(type), run.accepted.get(type), type + " accepted");
        }
    }

    @Test
    void orderKpiTableEqualsTheOracleOnEveryKeyAndValue() throws Exception {
        List<OracleOrderDay> expected = oracle.orderDays();
        List<OracleOrderDay> actual = run.kpis.orderKpis().stream().map(k -> new OracleOrderDay(k.orderDate(),
                k.totalOrders(), k.totalRevenue(), k.totalItemsSold(), k.returnRate(), k.uniqueCustomers())).toList();
        assertEquals(expected.size(), actual.size());
        assertEquals(expected, actual);
    }

    @Test
    void categoryKpiTableEqualsTheOracleOnEveryKeyAndValue() throws Exception {
        List<OracleCategoryDay> actual = run.kpis.categoryKpis().stream().map(k -> new OracleCategoryDay(k.category(),
                k.orderDate(), k.dailyRevenue(), k.avgOrderValue(), k.avgReturnRate())).toList();
        assertTrue(actual.size() > 100, "category keys: " + actual.size());
        assertEquals(oracle.categoryDays(), actual);
    }

    @Test
    void anySplitAlongOrderBoundariesMergesToTheWhole() {
        List<OrderDayKpi> wholeOrders = run.kpis.orderKpis();
        List<CategoryDayKpi> wholeCategories = run.kpis.categoryKpis();
        Random random = new Random(5);
        for (int trial = 0; trial < 4; trial++) {
            int k = 2 + random.nextInt(7);
            VersionBatch[] batches = new VersionBatch[k];
            for (int i = 0; i < k; i++) {
                batches[i] = new VersionBatch();
            }
            Map<String, Integer> batchOfOrder = new HashMap<>();
            run.orderFacts.forEach(o -> {
                int b = random.nextInt(k);
                batchOfOrder.put(o.orderId(), b);
                batches[b].add(o);
            });
            for (AcceptedItem item : run.items) {
                batches[batchOfOrder.get(item.version().orderId())].add(item.version());
            }
            KpiLedger merged = new KpiLedger();
            for (VersionBatch batch : batches) {
                merged.apply(batch);
            }
            assertEquals(wholeOrders, merged.orderKpis(), "order table after a split into " + k);
            assertEquals(wholeCategories, merged.categoryKpis(), "category table after a split into " + k);
        }
    }
}
