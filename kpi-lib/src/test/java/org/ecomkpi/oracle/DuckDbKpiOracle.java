package org.ecomkpi.oracle;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An independent statement of SPEC section 5 in SQL, run by embedded DuckDB, to check kpi-lib's accumulators
 * against. Input: CSV files of <em>accepted</em> rows only (orders, order_items, products), with the original
 * raw text of timestamps, statuses and prices; columns matched by name, extra columns ignored, optional
 * columns (status, returned_at) may be absent or blank.
 *
 * <p>Nothing here shares code with kpi-lib: timestamps are parsed by DuckDB (session time zone UTC, so a value
 * without zone is UTC; {@code " UTC"} is rewritten as {@code +00:00}), prices are exact decimals carried as
 * integers of 10<sup>-12</sup>, and every division rounds half-up in integer arithmetic,
 * {@code (2n + d) div 2d}, because DuckDB divides decimals in binary floating point.
 *
 * <pre>{@code
 * OracleKpis kpis = DuckDbKpiOracle.compute(ordersCsv, itemsCsv, productsCsv);
 * }</pre>
 */
public final class DuckDbKpiOracle {
    /** 10^12: prices are summed as integers of 10^-12 (12 decimal places, more than any drop uses). */
    private static final String PRICE_UNITS = "1000000000000";
    /** PRICE_UNITS / 100: price units per cent. */
    private static final String UNITS_PER_CENT = "10000000000";

    private DuckDbKpiOracle() {
    }

    /** Computes both KPI tables from one file of each kind. */
    public static OracleKpis compute(Path orders, Path orderItems, Path products) throws SQLException {
        return compute(List.of(orders), List.of(orderItems), List.of(products));
    }

    /**
     * Computes both KPI tables from any number of files of each kind (read as one table per kind).
     *
     * @throws IllegalArgumentException when the rows are not a consistent set of accepted rows: a repeated
     *                                  order, item or product id, or an item whose order or product is missing
     */
    public static OracleKpis compute(List<Path> orders, List<Path> orderItems, List<Path> products) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement sql = connection.createStatement()) {
            sql.execute("SET TimeZone = 'UTC'");
            sql.execute("SET threads = 1");
            sql.execute("CREATE MACRO blank_null(t) AS NULLIF(trim(t), '')");
            sql.execute("CREATE MACRO utc_date(t) AS "
                    + "CAST(CAST(regexp_replace(trim(t), ' UTC$', '+00:00') AS TIMESTAMPTZ) AS DATE)");
            // n / d rounded half-up, for n >= 0 and d > 0
            sql.execute("CREATE MACRO half_up(n, d) AS (2 * CAST(n AS HUGEINT) + d) // (2 * CAST(d AS HUGEINT))");

            Source o = Source.of(sql, orders, "order_id", "user_id", "created_at", "status", "returned_at");
            sql.execute("CREATE TABLE orders AS SELECT "
                    + o.col("order_id") + " AS order_id, "
                    + o.col("user_id") + " AS user_id, "
                    + "utc_date(" + "created_at" + ") AS order_date, "
                    + "(coalesce(lower(" + o.col("status") + ") = 'returned', false) OR "
                    + o.col("returned_at") + " IS NOT NULL) AS returned "
                    + "FROM " + o.from());

            Source i = Source.of(sql, orderItems, "id", "order_id", "product_id", "sale_price", "status", "returned_at");
            sql.execute("CREATE TABLE items AS SELECT "
                    + i.col("id") + " AS id, "
                    + i.col("order_id") + " AS order_id, "
                    + i.col("product_id") + " AS product_id, "
                    + "CAST(CAST(" + i.col("sale_price") + " AS DECIMAL(38,12)) * " + PRICE_UNITS + " AS HUGEINT) AS price, "
                    + "lower(" + i.col("status") + ") AS status, "
                    + i.col("returned_at") + " AS returned_at "
                    + "FROM " + i.from());

            Source p = Source.of(sql, products, "id", "category");
            sql.execute("CREATE TABLE products AS SELECT "
                    + p.col("id") + " AS product_id, "
                    + p.col("category") + " AS category "
                    + "FROM " + p.from());

            requireNone(sql, "SELECT order_id FROM orders GROUP BY order_id HAVING count(*) > 1", "repeated order_id");
            requireNone(sql, "SELECT id FROM items GROUP BY id HAVING count(*) > 1", "repeated order item id");
            requireNone(sql, "SELECT product_id FROM products GROUP BY product_id HAVING count(*) > 1",
                    "repeated product id (the catalogue must hold one row per product)");
            requireNone(sql, "SELECT id FROM items ANTI JOIN orders USING (order_id)", "item without its order");
            requireNone(sql, "SELECT id FROM items ANTI JOIN products USING (product_id)", "item without its product");

            // An item is returned by its own status or returned_at; with neither, by its order's state.
            sql.execute("CREATE TABLE item_facts AS SELECT i.order_id, o.order_date, p.category, i.price, "
                    + "CASE WHEN i.status IS NULL AND i.returned_at IS NULL THEN o.returned "
                    + "ELSE coalesce(i.status = 'returned', false) OR i.returned_at IS NOT NULL END AS returned "
                    + "FROM items i JOIN orders o USING (order_id) JOIN products p USING (product_id)");

            return new OracleKpis(orderDays(sql), categoryDays(sql));
        }
    }

    private static List<OracleOrderDay> orderDays(Statement sql) throws SQLException {
        List<OracleOrderDay> days = new ArrayList<>();
        try (ResultSet rs = sql.executeQuery("WITH per_order AS ("
                + " SELECT o.order_date, o.order_id, o.user_id, o.returned,"
                + "   coalesce(sum(f.price), 0) AS price, count(f.order_id) AS items"
                + " FROM orders o LEFT JOIN item_facts f ON f.order_id = o.order_id"
                + " GROUP BY o.order_date, o.order_id, o.user_id, o.returned)"
                + " SELECT CAST(order_date AS VARCHAR), count(*),"
                + "   CAST(half_up(sum(price), " + UNITS_PER_CENT + ") AS VARCHAR),"
                + "   sum(items),"
                + "   CAST(half_up(count(*) FILTER (WHERE returned) * 10000, count(*)) AS VARCHAR),"
                + "   count(DISTINCT user_id)"
                + " FROM per_order GROUP BY order_date")) {
            while (rs.next()) {
                days.add(new OracleOrderDay(LocalDate.parse(rs.getString(1)), rs.getLong(2), scaled(rs.getString(3), 2),
                        rs.getLong(4), scaled(rs.getString(5), 4), rs.getLong(6)));
            }
        }
        days.sort(Comparator.comparing(OracleOrderDay::orderDate));
        return days;
    }

    private static List<OracleCategoryDay> categoryDays(Statement sql) throws SQLException {
        List<OracleCategoryDay> days = new ArrayList<>();
        try (ResultSet rs = sql.executeQuery("SELECT category, CAST(order_date AS VARCHAR),"
                + " CAST(half_up(sum(price), " + UNITS_PER_CENT + ") AS VARCHAR),"
                + " CAST(half_up(sum(price), CAST(count(DISTINCT order_id) AS HUGEINT) * " + UNITS_PER_CENT + ") AS VARCHAR),"
                + " CAST(half_up(count(*) FILTER (WHERE returned) * 10000, count(*)) AS VARCHAR)"
                + " FROM item_facts GROUP BY category, order_date")) {
            while (rs.next()) {
                days.add(new OracleCategoryDay(rs.getString(1), LocalDate.parse(rs.getString(2)),
                        scaled(rs.getString(3), 2), scaled(rs.getString(4), 2), scaled(rs.getString(5), 4)));
            }
        }
        days.sort(Comparator.comparing(OracleCategoryDay::category).thenComparing(OracleCategoryDay::orderDate));
        return days;
    }

    private static BigDecimal scaled(String unscaled, int scale) {
        return new BigDecimal(new BigInteger(unscaled), scale);
    }

    private static void requireNone(Statement sql, String query, String problem) throws SQLException {
        try (ResultSet rs = sql.executeQuery(query + " LIMIT 5")) {
            List<String> examples = new ArrayList<>();
            while (rs.next()) {
                examples.add(rs.getString(1));
            }
            if (!examples.isEmpty()) {
                throw new IllegalArgumentException("not a set of accepted rows: " + problem + ", e.g. " + examples);
            }
        }
    }

    /**
     * CSV files of one kind read as one all-text table with the wanted columns under their canonical names.
     * Each file is read on its own and its header names matched trimmed and case-insensitively (BOM tolerated),
     * so files whose headers differ in order, case or spacing line up; a wanted column a file lacks is NULL.
     */
    private record Source(String from) {

        static Source of(Statement sql, List<Path> files, String... wanted) throws SQLException {
            if (files.isEmpty()) {
                throw new IllegalArgumentException("no files given");
            }
            List<String> selects = new ArrayList<>();
            for (Path file : files) {
                String read = "read_csv(" + quote(file.toAbsolutePath().toString(), '\'') + ", header = true,"
                        + " all_varchar = true, delim = ',', quote = '\"', escape = '\"')";
                Map<String, String> columns = new HashMap<>();
                try (ResultSet rs = sql.executeQuery("DESCRIBE SELECT * FROM " + read)) {
                    while (rs.next()) {
                        String name = rs.getString("column_name");
                        columns.putIfAbsent(name.replace("\uFEFF", "").trim().toLowerCase(Locale.ROOT), name);
                    }
                }
                List<String> projections = new ArrayList<>();
                for (String column : wanted) {
                    String found = columns.get(column);
                    projections.add((found == null ? "CAST(NULL AS VARCHAR)" : quote(found, '"')) + " AS " + column);
                }
                selects.add("SELECT " + String.join(", ", projections) + " FROM " + read);
            }
            return new Source("(" + String.join(" UNION ALL ", selects) + ")");
        }

        /** The column's trimmed value, blank as NULL. */
        String col(String name) {
            return "blank_null(" + name + ")";
        }

        private static String quote(String text, char quote) {
            return quote + text.replace(String.valueOf(quote), String.valueOf(quote) + quote) + quote;
        }
    }
}
