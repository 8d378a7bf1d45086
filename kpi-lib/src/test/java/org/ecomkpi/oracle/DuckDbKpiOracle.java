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
 * An independent statement of SPEC section 5 in SQL, run by embedded DuckDB, to check kpi-lib's KPIs
 * against. Input: CSV files of <em>accepted</em> rows only (orders, order_items, products), with the original
 * raw text of timestamps, statuses and prices; columns matched by name, extra columns ignored, optional
 * columns (status, returned_at) may be absent or blank.
 *
 * <p>Nothing here shares code with kpi-lib: timestamps are parsed by DuckDB (session time zone UTC, so a value
 * without zone is UTC; {@code " UTC"} is rewritten as {@code +00:00}), prices are exact decimals carried as
 * integers of 10<sup>-12</sup>, and every division rounds half-up in integer arithmetic,
 * {@code (2n + d) div 2d}, because DuckDB divides decimals in binary floating point.
 *
 * <p>{@link #compute} takes one set of accepted rows; {@link #computeCurrent} takes the accepted rows of a
 * sequence of runs, in which a later version of an order or item replaces an earlier one (SPEC section 5,
 * "Orders change"). {@link #validateAndComputeCurrent} takes the raw files of a sequence of drops and first decides in
 * SQL which rows SPEC section 3 accepts ({@link DropValidationSql}). All three share the KPI queries; the last two
 * share the current-version SQL ({@link #currentVersionKpis}).
 *
 * <pre>{@code
 * OracleKpis kpis = DuckDbKpiOracle.compute(ordersCsv, itemsCsv, productsCsv);
 * OracleKpis now = DuckDbKpiOracle.computeCurrent(List.of(
 *         OracleBatch.of(orders1, items1, catalogueAfter1), OracleBatch.of(orders2, items2, catalogueAfter2)));
 * ValidatedKpis fromRaw = DuckDbKpiOracle.validateAndComputeCurrent(List.of(landingData1, landingData2), runTime, 0);
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
            prepare(sql);

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

    /**
     * Computes both KPI tables over the <em>current versions</em> of the rows accepted by a sequence of successful
     * runs, oldest first (SPEC section 5, "Orders change"):
     * <ul>
     * <li>every accepted row is tagged with its batch and its position in the batch (file, then line); the
     * current version of an order or item is its row of the latest batch, the first of that batch (accepted keys
     * are unique within a batch, which is checked);</li>
     * <li>an order counts once, with its current created_at date, customer and returned state;</li>
     * <li>an item takes its current order's date and, when its current version has neither status nor
     * returned_at, its current order's returned state;</li>
     * <li>an item takes the category its product had in the catalogue of the batch that accepted its current
     * version, so a later re-categorisation does not rewrite it.</li>
     * </ul>
     * A key no current version contributes to has no row.
     *
     * @throws IllegalArgumentException when the batches are not consistent sets of accepted rows: a key twice in
     *                                  one batch, a product twice in one catalogue, an item accepted in a batch
     *                                  before any version of its order, an item whose product is not in the
     *                                  catalogue of its batch
     */
    public static OracleKpis computeCurrent(List<OracleBatch> batches) throws SQLException {
        if (batches.isEmpty()) {
            throw new IllegalArgumentException("no batches given");
        }
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement sql = connection.createStatement()) {
            prepare(sql);

            Source o = Source.ofBatches(sql, batches.stream().map(OracleBatch::orders).toList(),
                    "order_id", "user_id", "created_at", "status", "returned_at");
            sql.execute("CREATE TABLE order_versions AS SELECT batch, file_no, line_no, "
                    + o.col("order_id") + " AS order_id, "
                    + o.col("user_id") + " AS user_id, "
                    + "utc_date(created_at) AS order_date, "
                    + "(coalesce(lower(" + o.col("status") + ") = 'returned', false) OR "
                    + o.col("returned_at") + " IS NOT NULL) AS returned "
                    + "FROM " + o.from());

            Source i = Source.ofBatches(sql, batches.stream().map(OracleBatch::orderItems).toList(),
                    "id", "order_id", "product_id", "sale_price", "status", "returned_at");
            sql.execute("CREATE TABLE item_versions AS SELECT batch, file_no, line_no, "
                    + i.col("id") + " AS id, "
                    + i.col("order_id") + " AS order_id, "
                    + i.col("product_id") + " AS product_id, "
                    + "CAST(CAST(" + i.col("sale_price") + " AS DECIMAL(38,12)) * " + PRICE_UNITS + " AS HUGEINT) AS price, "
                    + "lower(" + i.col("status") + ") AS status, "
                    + i.col("returned_at") + " AS returned_at "
                    + "FROM " + i.from());

            Source p = Source.ofBatches(sql, batches.stream().map(OracleBatch::catalogue).toList(), "id", "category");
            sql.execute("CREATE TABLE catalogues AS SELECT batch, "
                    + p.col("id") + " AS product_id, "
                    + p.col("category") + " AS category "
                    + "FROM " + p.from());

            requireNone(sql, "SELECT order_id || ' in batch ' || batch FROM order_versions"
                    + " GROUP BY batch, order_id HAVING count(*) > 1", "order_id accepted twice in one batch");
            requireNone(sql, "SELECT id || ' in batch ' || batch FROM item_versions"
                    + " GROUP BY batch, id HAVING count(*) > 1", "order item id accepted twice in one batch");
            requireNone(sql, "SELECT product_id || ' in batch ' || batch FROM catalogues"
                    + " GROUP BY batch, product_id HAVING count(*) > 1",
                    "repeated product id (a batch's catalogue must hold one row per product)");
            requireNone(sql, "SELECT i.id || ' in batch ' || i.batch FROM item_versions i WHERE NOT EXISTS"
                    + " (SELECT 1 FROM order_versions o WHERE o.order_id = i.order_id AND o.batch <= i.batch)",
                    "item accepted before any version of its order");
            requireNone(sql, "SELECT i.id || ' in batch ' || i.batch FROM item_versions i"
                    + " ANTI JOIN catalogues c ON c.batch = i.batch AND c.product_id = i.product_id",
                    "item whose product is not in the catalogue of its batch");

            return currentVersionKpis(sql);
        }
    }

    /**
     * Validates raw drops in SQL (SPEC section 3, see {@link DropValidationSql}) and computes both KPI tables over
     * the current versions of the rows accepted (SPEC section 5), as {@link #computeCurrent} would over the same
     * accepted rows: what a data engineer would write in DuckDB to get the pipeline's answer from its input alone.
     *
     * @param landingFolders the {@code landing-data/} folder of each batch, oldest first
     * @param now            the moment the runs take as now (FUTURE_TIMESTAMP)
     * @param threads        DuckDB threads; 0 for DuckDB's default (every core). Line order does not depend on it
     * @throws IllegalArgumentException on a schema error, for which the pipeline would reject the whole batch (the
     *                                  reject ratio is a run setting: {@link DropValidation#requireWithinRejectLimit})
     */
    public static ValidatedKpis validateAndComputeCurrent(List<Path> landingFolders, java.time.Instant now, int threads)
            throws SQLException {
        if (landingFolders.isEmpty()) {
            throw new IllegalArgumentException("no batches given");
        }
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement sql = connection.createStatement()) {
            prepare(sql, threads);
            DropValidation validation = DropValidationSql.run(sql, landingFolders, now);
            return new ValidatedKpis(validation, currentVersionKpis(sql));
        }
    }

    /**
     * The shared end of {@link #computeCurrent} and {@link #validateAndComputeCurrent}: SPEC section 5 over the
     * tables {@code order_versions (batch, file_no, line_no, order_id, user_id, order_date, returned)},
     * {@code item_versions (batch, file_no, line_no, id, order_id, product_id, price, status, returned_at)} and
     * {@code catalogues (batch, product_id, category)} of accepted rows, in which a key appears at most once per
     * batch.
     */
    static OracleKpis currentVersionKpis(Statement sql) throws SQLException {
        // the current version of a key: from the latest batch, the first accepted in it
        sql.execute("CREATE TABLE orders AS SELECT order_id, user_id, order_date, returned FROM order_versions"
                + " QUALIFY row_number() OVER (PARTITION BY order_id ORDER BY batch DESC, file_no, line_no) = 1");
        sql.execute("CREATE TABLE items AS SELECT batch, id, order_id, product_id, price, status, returned_at"
                + " FROM item_versions"
                + " QUALIFY row_number() OVER (PARTITION BY id ORDER BY batch DESC, file_no, line_no) = 1");
        requireNone(sql, "SELECT id FROM items ANTI JOIN orders USING (order_id)", "item without a current order");

        // date and (for an item without state of its own) returned from the order's current version; the
        // category from the catalogue of the batch that accepted the item's current version
        sql.execute("CREATE TABLE item_facts AS SELECT i.order_id, o.order_date, c.category, i.price, "
                + "CASE WHEN i.status IS NULL AND i.returned_at IS NULL THEN o.returned "
                + "ELSE coalesce(i.status = 'returned', false) OR i.returned_at IS NOT NULL END AS returned "
                + "FROM items i JOIN orders o USING (order_id) "
                + "JOIN catalogues c ON c.batch = i.batch AND c.product_id = i.product_id");

        return new OracleKpis(orderDays(sql), categoryDays(sql));
    }

    private static void prepare(Statement sql) throws SQLException {
        prepare(sql, 1);
    }

    /** Session settings and the macros every statement here uses; {@code threads} 0 keeps DuckDB's default. */
    static void prepare(Statement sql, int threads) throws SQLException {
        sql.execute("SET TimeZone = 'UTC'");
        if (threads > 0) {
            sql.execute("SET threads = " + threads);
        }
        // Java's String.strip() whitespace in ASCII: what SPEC 3 calls "empty or whitespace"
        sql.execute("CREATE MACRO blank_null(t) AS NULLIF(trim(t, ' \t\n\u000B\f\r\u001C\u001D\u001E\u001F'), '')");
        sql.execute("CREATE MACRO utc_date(t) AS "
                + "CAST(CAST(regexp_replace(trim(t), ' UTC$', '+00:00') AS TIMESTAMPTZ) AS DATE)");
        // n / d rounded half-up, for n >= 0 and d > 0
        sql.execute("CREATE MACRO half_up(n, d) AS (2 * CAST(n AS HUGEINT) + d) // (2 * CAST(d AS HUGEINT))");
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

    static void requireNone(Statement sql, String query, String problem) throws SQLException {
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
    record Source(String from) {

        static Source of(Statement sql, List<Path> files, String... wanted) throws SQLException {
            if (files.isEmpty()) {
                throw new IllegalArgumentException("no files given");
            }
            List<String> selects = new ArrayList<>();
            for (Path file : files) {
                selects.add(select(sql, file, "", wanted));
            }
            return new Source("(" + String.join(" UNION ALL ", selects) + ")");
        }

        /**
         * As {@link #of}, over the files of several batches, each row tagged with {@code batch} (from 1),
         * {@code file_no} (its file's index in the batch's list) and {@code line_no} (its place in the file, read
         * in file order on one thread). Batches may have no files; so may all of them.
         */
        static Source ofBatches(Statement sql, List<List<Path>> filesPerBatch, String... wanted) throws SQLException {
            List<String> selects = new ArrayList<>();
            for (int b = 0; b < filesPerBatch.size(); b++) {
                List<Path> files = filesPerBatch.get(b);
                for (int f = 0; f < files.size(); f++) {
                    String tags = (b + 1) + " AS batch, " + f + " AS file_no, row_number() OVER () AS line_no, ";
                    selects.add(select(sql, files.get(f), tags, wanted));
                }
            }
            if (selects.isEmpty()) {
                List<String> nulls = new ArrayList<>();
                for (String column : wanted) {
                    nulls.add("CAST(NULL AS VARCHAR) AS " + column);
                }
                selects.add("SELECT 0 AS batch, 0 AS file_no, CAST(0 AS BIGINT) AS line_no, " + String.join(", ", nulls)
                        + " WHERE false");
            }
            return new Source("(" + String.join(" UNION ALL ", selects) + ")");
        }

        private static String select(Statement sql, Path file, String tags, String... wanted) throws SQLException {
            String read = read(file, "auto");
            Map<String, String> columns = columns(sql, read);
            List<String> projections = new ArrayList<>();
            for (String column : wanted) {
                String found = columns.get(column);
                projections.add((found == null ? "CAST(NULL AS VARCHAR)" : quote(found, '"')) + " AS " + column);
            }
            return "SELECT " + tags + String.join(", ", projections) + " FROM " + read;
        }

        /** DuckDB's {@code read_csv} of one file as RFC 4180 text, every column VARCHAR. */
        static String read(Path file, String compression) {
            return "read_csv(" + quote(file.toAbsolutePath().toString(), '\'') + ", header = true,"
                    + " all_varchar = true, delim = ',', quote = '\"', escape = '\"', compression = '" + compression + "')";
        }

        /** The columns of a {@link #read}, by header name trimmed, lower-cased and without BOM. */
        static Map<String, String> columns(Statement sql, String read) throws SQLException {
            Map<String, String> columns = new HashMap<>();
            try (ResultSet rs = sql.executeQuery("DESCRIBE SELECT * FROM " + read)) {
                while (rs.next()) {
                    String name = rs.getString("column_name");
                    columns.putIfAbsent(name.replace("\uFEFF", "").trim().toLowerCase(Locale.ROOT), name);
                }
            }
            return columns;
        }

        /** The column's trimmed value, blank as NULL. */
        String col(String name) {
            return "blank_null(" + name + ")";
        }

        static String quote(String text, char quote) {
            return quote + text.replace(String.valueOf(quote), String.valueOf(quote) + quote) + quote;
        }
    }
}
