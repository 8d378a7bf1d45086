package org.ecomkpi.generate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.ecomkpi.oracle.OracleBatch;

/**
 * The reference path from generated batches to the oracle: the rows a correct validator accepts from each batch,
 * as decided by {@link ReferenceRules} (SPEC section 3 written out plainly, not kpi-lib's validator), written as
 * CSV files with the catalogue as it stood after each batch, the input of
 * {@link org.ecomkpi.oracle.DuckDbKpiOracle#computeCurrent}. For tests that run kpi-lib or the jobs over the
 * same batches and compare.
 *
 * <pre>{@code
 * List<DropSummary> batches = new DropGenerator(spec).writeLifecycle(dir.resolve("drop"), 3);
 * OracleKpis expected = DuckDbKpiOracle.computeCurrent(
 *         ReferenceAcceptedRows.write(batches, spec.now(), dir.resolve("accepted")));
 * }</pre>
 */
public final class ReferenceAcceptedRows {
    private static final List<String> CATALOGUE_COLUMNS = List.of("id", "sku", "cost", "category", "retail_price");

    private ReferenceAcceptedRows() {
    }

    /**
     * Classifies the batches in order and writes, under {@code out/batch-N/}, one file of accepted rows per input
     * orders or order_items file (original columns and raw values) and {@code catalogue.csv}; returns one
     * {@link OracleBatch} per batch.
     */
    public static List<OracleBatch> write(List<DropSummary> batches, Instant now, Path out) throws IOException {
        ReferenceRules rules = new ReferenceRules(now);
        // upserted per product id: products absent from a later file stay known
        Map<String, Map<String, String>> catalogue = new LinkedHashMap<>();
        List<OracleBatch> written = new ArrayList<>();
        for (int b = 0; b < batches.size(); b++) {
            Path folder = Files.createDirectories(out.resolve("batch-" + (b + 1)));
            List<Path> orders = new ArrayList<>();
            List<Path> items = new ArrayList<>();
            for (ReferenceRules.AcceptedRows accepted : rules.batch(GeneratedFile.readAll(batches.get(b).root()))) {
                switch (accepted.file().type()) {
                    case PRODUCTS -> accepted.rows().forEach(row -> catalogue.put(row.get("id").strip(), row));
                    case ORDERS -> orders.add(writeRows(folder.resolve("orders-" + (orders.size() + 1) + ".csv"), accepted));
                    case ORDER_ITEMS -> items.add(
                            writeRows(folder.resolve("order_items-" + (items.size() + 1) + ".csv"), accepted));
                }
            }
            Path catalogueFile = folder.resolve("catalogue.csv");
            try (CSVPrinter printer = CSVFormat.RFC4180.print(catalogueFile, StandardCharsets.UTF_8)) {
                printer.printRecord(CATALOGUE_COLUMNS);
                for (Map<String, String> product : catalogue.values()) {
                    printer.printRecord(CATALOGUE_COLUMNS.stream().map(column -> product.get(column).strip()).toList());
                }
            }
            written.add(new OracleBatch(orders, items, List.of(catalogueFile)));
        }
        return written;
    }

    private static Path writeRows(Path file, ReferenceRules.AcceptedRows accepted) throws IOException {
        List<String> columns = accepted.file().header().stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
        try (CSVPrinter printer = CSVFormat.RFC4180.print(file, StandardCharsets.UTF_8)) {
            printer.printRecord(columns);
            for (Map<String, String> row : accepted.rows()) {
                printer.printRecord(columns.stream().map(row::get).toList());
            }
        }
        return file;
    }
}
