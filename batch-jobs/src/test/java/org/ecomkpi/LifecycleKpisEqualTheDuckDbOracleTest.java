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

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.ecomkpi.generate.Change;
import org.ecomkpi.generate.DropGenerator;
import org.ecomkpi.generate.DropSpec;
import org.ecomkpi.generate.DropSummary;
import org.ecomkpi.kpi.KpiLedger;
import org.ecomkpi.oracle.DuckDbKpiOracle;
import org.ecomkpi.oracle.OracleBatch;
import org.ecomkpi.oracle.OracleCategoryDay;
import org.ecomkpi.oracle.OracleKpis;
import org.ecomkpi.oracle.OracleOrderDay;
import org.ecomkpi.row.FileType;
import org.ecomkpi.row.Product;
import org.ecomkpi.rules.ProductCatalogue;
import org.ecomkpi.rules.RuleCode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC section 5 "Orders change" end to end in kpi-lib: a generated drop and three later batches of new versions
 * of its orders and items (late and cancelled returns, moved created_at, corrected customers and prices, late
 * items, re-categorised products, orders sent twice) are validated batch after batch and applied to one
 * {@link KpiLedger}; after each batch both tables must equal DuckDB's SQL over the current versions of every row
 * accepted so far, computed from the accepted rows alone.
 *
 * <p>Only kpi-lib runs here (no job, no store); the test sits in batch-jobs because the drop generator is
 * batch-jobs code, kept out of the library.
 */
class LifecycleKpisEqualTheDuckDbOracleTest {
    @TempDir
    static Path dir;

    static List<DropSummary> batches;
    static final List<DropRun> runs = new ArrayList<>();
    static final List<OracleKpis> oracleAfter = new ArrayList<>();
    static final List<List<OracleOrderDay>> ledgerOrdersAfter = new ArrayList<>();
    static final List<List<OracleCategoryDay>> ledgerCategoriesAfter = new ArrayList<>();

    @BeforeAll
    static void validateAndApplyEveryBatch() throws Exception {
        DropSpec spec = DropSpec.builder(20_000, 25, 20261201L).build();
        batches = new DropGenerator(spec).writeLifecycle(dir.resolve("drop"), 3);
        ProductCatalogue catalogue = new ProductCatalogue();
        KpiLedger ledger = new KpiLedger();
        List<OracleBatch> accepted = new ArrayList<>();
        for (int b = 0; b < batches.size(); b++) {
            Path out = dir.resolve("accepted/batch-" + (b + 1));
            Map<String, CSVPrinter> printers = new HashMap<>();
            Map<FileType, List<Path>> files = new HashMap<>();
            DropRun run = DropRun.of(batches.get(b).landingData(), spec.now(), catalogue, ledger, false,
                    Optional.of((type, row) -> {
                        if (type == FileType.PRODUCTS) {
                            return; // the whole catalogue after the batch is written below
                        }
                        CSVPrinter printer = printers.computeIfAbsent(row.file(), file -> {
                            Path path = out.resolve(type.folder() + "-" + printers.size() + ".csv");
                            files.computeIfAbsent(type, t -> new ArrayList<>()).add(path);
                            return open(path, row.header().names());
                        });
                        try {
                            printer.printRecord(row.cells());
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }));
            for (CSVPrinter printer : printers.values()) {
                printer.close();
            }
            Path products = out.resolve("products.csv");
            try (CSVPrinter printer = open(products, List.of("id", "sku", "cost", "category", "retail_price"))) {
                for (Product p : catalogue.products()) {
                    printer.printRecord(p.id(), p.sku(), p.cost(), p.category(), p.retailPrice());
                }
            }
            runs.add(run);
            accepted.add(new OracleBatch(files.getOrDefault(FileType.ORDERS, List.of()),
                    files.getOrDefault(FileType.ORDER_ITEMS, List.of()), List.of(products)));
            oracleAfter.add(DuckDbKpiOracle.computeCurrent(accepted));
            ledgerOrdersAfter.add(ledger.orderKpis().stream().map(k -> new OracleOrderDay(k.orderDate(),
                    k.totalOrders(), k.totalRevenue(), k.totalItemsSold(), k.returnRate(), k.uniqueCustomers())).toList());
            ledgerCategoriesAfter.add(ledger.categoryKpis().stream().map(k -> new OracleCategoryDay(k.category(),
                    k.orderDate(), k.dailyRevenue(), k.avgOrderValue(), k.avgReturnRate())).toList());
        }
    }

    private static CSVPrinter open(Path file, List<String> header) {
        try {
            Files.createDirectories(file.getParent());
            Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            return new CSVPrinter(writer, CSVFormat.RFC4180.builder().setHeader(header.toArray(String[]::new)).get());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void afterEveryBatchTheOrderTableEqualsTheOracleOverCurrentVersions() {
        for (int b = 0; b < batches.size(); b++) {
            assertTrue(oracleAfter.get(b).orderDays().size() >= 25, "dates after batch " + (b + 1));
            assertEquals(oracleAfter.get(b).orderDays(), ledgerOrdersAfter.get(b), "order_kpi_table after batch " + (b + 1));
        }
    }

    @Test
    void afterEveryBatchTheCategoryTableEqualsTheOracleOverCurrentVersions() {
        for (int b = 0; b < batches.size(); b++) {
            assertEquals(oracleAfter.get(b).categoryDays(), ledgerCategoriesAfter.get(b),
                    "category_kpi_table after batch " + (b + 1));
        }
    }

    @Test
    void theChangeBatchesReallyChangeTheKpis() {
        for (int b = 1; b < batches.size(); b++) {
            assertTrue(!ledgerOrdersAfter.get(b).equals(ledgerOrdersAfter.get(b - 1)), "batch " + (b + 1) + " changed nothing");
        }
    }

    @Test
    void lateItemsAreAcceptedAndOnlyTheSecondCopyOfAnOrderSentTwiceIsRejected() {
        for (int b = 1; b < batches.size(); b++) {
            DropRun run = runs.get(b);
            DropSummary summary = batches.get(b);
            assertTrue(summary.changes(Change.LATE_ITEM) > 0, "late items planted in batch " + (b + 1));
            assertEquals(0L, run.rejected.getOrDefault(RuleCode.UNKNOWN_ORDER, 0L), "batch " + (b + 1) + ": " + run.rejected);
            assertEquals(summary.changes(Change.RESENT_TWICE), run.rejected.getOrDefault(RuleCode.DUPLICATE_KEY, 0L),
                    "batch " + (b + 1) + ": " + run.rejected);
            long read = run.read.values().stream().mapToLong(Long::longValue).sum();
            long accepted = run.accepted.values().stream().mapToLong(Long::longValue).sum();
            assertEquals(read, accepted + run.rejectedTotal(), "every row accepted or rejected");
        }
    }
}
