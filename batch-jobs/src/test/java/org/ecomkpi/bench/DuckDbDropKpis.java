package org.ecomkpi.bench;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.ecomkpi.oracle.DuckDbKpiOracle;
import org.ecomkpi.oracle.OracleCategoryDay;
import org.ecomkpi.oracle.OracleOrderDay;
import org.ecomkpi.oracle.ValidatedKpis;

/**
 * The benchmark's other engine: DuckDB computing the pipeline's answer from the same drop, in SQL that states
 * SPEC sections 3 and 5 ({@link DuckDbKpiOracle#validateAndComputeCurrent}, the oracle the tests use), in a process
 * of its own so it is measured as the pipeline is. Writes {@code order_kpi_table.json} and
 * {@code category_kpi_table.json} in the layout of {@code pipeline.jar kpis --format json}, for
 * {@link KpiAgreement}.
 *
 * <pre>
 * java -cp CLASSPATH org.ecomkpi.bench.DuckDbDropKpis --out DIR [--threads N] [--reject-limit 0.05] LANDING_DATA...
 * </pre>
 * LANDING_DATA: the {@code landing-data/} folder of each batch, oldest first. Threads: 0 (default) lets DuckDB
 * use every core.
 */
public final class DuckDbDropKpis {
    private DuckDbDropKpis() {
    }

    public static void main(String[] args) throws Exception {
        Path out = null;
        int threads = 0;
        double rejectLimit = 0.05;
        List<Path> batches = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--reject-limit" -> rejectLimit = Double.parseDouble(args[++i]);
                default -> batches.add(Path.of(args[i]));
            }
        }
        if (out == null || batches.isEmpty()) {
            System.err.println("usage: DuckDbDropKpis --out DIR [--threads N] [--reject-limit R] LANDING_DATA...");
            System.exit(2);
        }
        long start = System.nanoTime();
        ValidatedKpis result = DuckDbKpiOracle.validateAndComputeCurrent(batches, Instant.now(), threads);
        result.validation().requireWithinRejectLimit(rejectLimit);
        Files.createDirectories(out);
        List<Map<String, Object>> orders = new ArrayList<>();
        for (OracleOrderDay d : result.kpis().orderDays()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("order_date", d.orderDate().toString());
            row.put("total_orders", d.totalOrders());
            row.put("total_revenue", d.totalRevenue().toPlainString());
            row.put("total_items_sold", d.totalItemsSold());
            row.put("return_rate", d.returnRate().toPlainString());
            row.put("unique_customers", d.uniqueCustomers());
            orders.add(row);
        }
        List<Map<String, Object>> categories = new ArrayList<>();
        for (OracleCategoryDay d : result.kpis().categoryDays()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("category", d.category());
            row.put("order_date", d.orderDate().toString());
            row.put("daily_revenue", d.dailyRevenue().toPlainString());
            row.put("avg_order_value", d.avgOrderValue().toPlainString());
            row.put("avg_return_rate", d.avgReturnRate().toPlainString());
            categories.add(row);
        }
        write(out.resolve("order_kpi_table.json"), orders);
        write(out.resolve("category_kpi_table.json"), categories);
        System.err.printf("duckdb: %d order rows, %d category rows in %.1f s; read %s; rejected %s%n", orders.size(),
                categories.size(), (System.nanoTime() - start) / 1e9, result.validation().rowsRead(),
                result.validation().rejects());
    }

    /** Keys as JSON strings, numbers (already at their scale, as text) as JSON numbers. */
    private static void write(Path file, List<Map<String, Object>> rows) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("[\n");
            for (int r = 0; r < rows.size(); r++) {
                StringBuilder line = new StringBuilder("  {");
                boolean first = true;
                for (Map.Entry<String, Object> cell : rows.get(r).entrySet()) {
                    line.append(first ? "" : ",").append(FlatJson.quote(cell.getKey())).append(':');
                    boolean key = cell.getKey().equals("order_date") || cell.getKey().equals("category");
                    line.append(key ? FlatJson.quote((String) cell.getValue()) : cell.getValue().toString());
                    first = false;
                }
                w.write(line.append(r + 1 < rows.size() ? "},\n" : "}\n").toString());
            }
            w.write("]\n");
        }
    }
}
