package org.ecomkpi.oracle;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * SPEC section 3 in SQL, as far as it decides which rows count: reads the raw files of a sequence of drops
 * ({@code landing-data/} folders, oldest first) with DuckDB and leaves the accepted rows in the tables
 * {@link DuckDbKpiOracle#currentVersionKpis} reads ({@code order_versions}, {@code item_versions},
 * {@code catalogues}).
 *
 * <p>Per row, the first failing rule in SPEC order: MISSING_FIELD, BAD_ID, BAD_TIMESTAMP, FUTURE_TIMESTAMP,
 * TIME_ORDER, BAD_NUMBER, NEGATIVE_AMOUNT, BAD_STATUS; then the cross-row rules: DUPLICATE_KEY (the first row of a
 * key that passes every other rule wins, in file then line order; for products within one file, a later products
 * file of the batch overriding), UNKNOWN_ORDER (the order accepted in this batch or an earlier one), UNKNOWN_PRODUCT
 * (the catalogue after the batch's own products). Line order is the order rows are inserted, one file at a time,
 * which DuckDB keeps ({@code preserve_insertion_order}) whatever the thread count.
 *
 * <p>Whole-batch failures (SPEC section 4) are not modelled: a schema error throws, since the pipeline would then
 * count nothing of that batch; the reject ratio, a run setting, is the caller's to check
 * ({@link DropValidation#requireWithinRejectLimit}).
 */
final class DropValidationSql {
    /** SPEC 3 BAD_TIMESTAMP: the accepted ISO-8601 shapes; DuckDB's cast then rejects impossible dates. */
    private static final String TIMESTAMP =
            "^\\d{4}-\\d{2}-\\d{2}[T ]([01]\\d|2[0-3]):[0-5]\\d(:[0-5]\\d(\\.\\d{1,9})?)?(Z| UTC|[+-]\\d{2}:\\d{2})?$";
    /** SPEC 3 BAD_NUMBER: a plain decimal, at most 12 digits before the point (leading zeros aside), 6 after. */
    private static final String DECIMAL = "^[+-]?(0*\\d{1,12}(\\.\\d{0,6})?|0*\\.\\d{1,6})$";
    /** SPEC 3 BAD_NUMBER: a whole number of at most 9 digits, leading zeros aside. */
    private static final String WHOLE = "^[+-]?0*\\d{1,9}$";
    private static final String STATUSES = "('processing', 'shipped', 'delivered', 'complete', 'cancelled', 'returned')";

    private DropValidationSql() {
    }

    /** Reads and validates the drops; returns rows read and rejected per file type and rule. */
    static DropValidation run(Statement sql, List<Path> landingFolders, Instant now) throws SQLException {
        macros(sql, now);
        sql.execute("CREATE TABLE order_checks (batch INTEGER, file_no INTEGER, order_id VARCHAR, user_id VARCHAR,"
                + " created TIMESTAMPTZ, returned BOOLEAN, rule VARCHAR)");
        sql.execute("CREATE TABLE item_checks (batch INTEGER, file_no INTEGER, id VARCHAR, order_id VARCHAR,"
                + " product_id VARCHAR, price HUGEINT, status VARCHAR, returned_at VARCHAR, rule VARCHAR)");
        sql.execute("CREATE TABLE product_checks (batch INTEGER, file_no INTEGER, id VARCHAR, category VARCHAR,"
                + " rule VARCHAR)");
        for (int b = 0; b < landingFolders.size(); b++) {
            Path landing = landingFolders.get(b);
            int batch = b + 1;
            List<Path> products = files(landing, "products");
            Path single = landing.resolve("products.csv");
            if (Files.isRegularFile(single)) {
                products.add(single);
            }
            products.sort(Comparator.comparing(DropValidationSql::modified).thenComparing(Path::toString));
            insert(sql, products, batch, "product_checks", PRODUCTS);
            insert(sql, files(landing, "orders"), batch, "order_checks", ORDERS);
            insert(sql, files(landing, "order_items"), batch, "item_checks", ITEMS);
        }
        sql.execute("CREATE TABLE batches AS SELECT CAST(range AS INTEGER) AS batch FROM range(1, "
                + (landingFolders.size() + 1) + ")");

        // products: the first valid row of an id in a file; the batch's later file wins; absent ones stay known
        sql.execute("CREATE TABLE product_versions AS SELECT batch, file_no, id AS product_id, category"
                + " FROM (SELECT rowid AS seq, * FROM product_checks) WHERE rule IS NULL"
                + " QUALIFY row_number() OVER (PARTITION BY batch, file_no, id ORDER BY seq) = 1");
        sql.execute("CREATE TABLE catalogues AS SELECT b.batch, p.product_id, p.category"
                + " FROM batches b JOIN product_versions p ON p.batch <= b.batch"
                + " QUALIFY row_number() OVER (PARTITION BY b.batch, p.product_id ORDER BY p.batch DESC, p.file_no DESC) = 1");

        sql.execute("CREATE TABLE order_versions AS SELECT batch, file_no, seq AS line_no, order_id, user_id,"
                + " CAST(created AS DATE) AS order_date, returned"
                + " FROM (SELECT rowid AS seq, * FROM order_checks) WHERE rule IS NULL"
                + " QUALIFY row_number() OVER (PARTITION BY batch, order_id ORDER BY seq) = 1");

        // an item counts when its order is accepted in its batch or an earlier one, and its product is in the
        // catalogue after its batch's products; then the first such row of an id in the batch
        sql.execute("CREATE TABLE item_candidates AS SELECT i.rowid AS seq, i.batch, i.file_no, i.id, i.order_id,"
                + " i.product_id, i.price, i.status, i.returned_at, i.rule,"
                + " coalesce(k.first_batch <= i.batch, false) AS order_known, c.product_id IS NOT NULL AS product_known"
                + " FROM item_checks i"
                + " LEFT JOIN (SELECT order_id, min(batch) AS first_batch FROM order_versions GROUP BY order_id) k"
                + "   ON k.order_id = i.order_id"
                + " LEFT JOIN catalogues c ON c.batch = i.batch AND c.product_id = i.product_id");
        sql.execute("CREATE TABLE item_versions AS SELECT batch, file_no, seq AS line_no, id, order_id, product_id,"
                + " price, status, returned_at FROM item_candidates"
                + " WHERE rule IS NULL AND order_known AND product_known"
                + " QUALIFY row_number() OVER (PARTITION BY batch, id ORDER BY seq) = 1");

        return tally(sql);
    }

    private static void macros(Statement sql, Instant now) throws SQLException {
        sql.execute("CREATE MACRO iso_instant(t) AS CASE WHEN regexp_full_match(t, '" + TIMESTAMP + "')"
                + " THEN try_cast(regexp_replace(t, ' UTC$', '+00:00') AS TIMESTAMPTZ) END");
        // present, and not a time, or before 1970-01-01T00:00:00Z
        sql.execute("CREATE MACRO bad_instant(t, parsed) AS t IS NOT NULL"
                + " AND coalesce(parsed < TIMESTAMPTZ '1970-01-01 00:00:00+00', true)");
        sql.execute("CREATE MACRO bad_id(t) AS coalesce(length(t) > 64 OR regexp_matches(t, '[\\x00-\\x1F\\x7F-\\x{9F}]'), false)");
        sql.execute("CREATE MACRO plain_decimal(t) AS regexp_full_match(t, '" + DECIMAL + "')");
        sql.execute("CREATE MACRO whole_number(t) AS regexp_full_match(t, '" + WHOLE + "')");
        sql.execute("CREATE MACRO below_zero(t) AS coalesce(t LIKE '-%' AND regexp_matches(t, '[1-9]'), false)");
        sql.execute("CREATE MACRO future_limit() AS TIMESTAMPTZ '" + now.plus(Duration.ofDays(1)) + "'");
    }

    /** The columns a file kind needs, required ones first. */
    private record Kind(String name, List<String> required, List<String> optional, String select) {
    }

    private static final Kind ORDERS = new Kind("orders",
            List.of("order_id", "user_id", "created_at", "status"),
            List.of("shipped_at", "delivered_at", "returned_at", "num_of_item"),
            """
            SELECT order_id, user_id, created_ts, lower(status) = 'returned' OR returned_at IS NOT NULL AS returned,
              CASE
                WHEN order_id IS NULL OR user_id IS NULL OR created_at IS NULL OR status IS NULL THEN 'MISSING_FIELD'
                WHEN bad_id(order_id) OR bad_id(user_id) THEN 'BAD_ID'
                WHEN bad_instant(created_at, created_ts) OR bad_instant(shipped_at, shipped_ts)
                  OR bad_instant(delivered_at, delivered_ts) OR bad_instant(returned_at, returned_ts) THEN 'BAD_TIMESTAMP'
                WHEN created_ts > future_limit() THEN 'FUTURE_TIMESTAMP'
                WHEN shipped_ts < created_ts OR delivered_ts < shipped_ts OR returned_ts < delivered_ts THEN 'TIME_ORDER'
                WHEN num_of_item IS NOT NULL AND NOT whole_number(num_of_item) THEN 'BAD_NUMBER'
                WHEN below_zero(num_of_item) THEN 'NEGATIVE_AMOUNT'
                WHEN lower(status) NOT IN %s THEN 'BAD_STATUS'
              END AS rule
            FROM (SELECT *, iso_instant(created_at) AS created_ts, iso_instant(shipped_at) AS shipped_ts,
                    iso_instant(delivered_at) AS delivered_ts, iso_instant(returned_at) AS returned_ts FROM (%%s))
            """.formatted(STATUSES));

    /**
     * A valid price fits DECIMAL(18,6) (SPEC's 12 + 6 digits), which DuckDB parses several times faster than the
     * DECIMAL(38,12) of the accepted-rows path; it is then carried in the same units of 10^-12.
     */
    private static final Kind ITEMS = new Kind("order_items",
            List.of("id", "order_id", "product_id", "sale_price"),
            List.of("status", "created_at", "shipped_at", "delivered_at", "returned_at", "user_id"),
            """
            SELECT id, order_id, product_id,
              CAST(CAST(try_cast(sale_price AS DECIMAL(18,6)) * 1000000 AS BIGINT) AS HUGEINT) * 1000000 AS price,
              lower(status) AS status, returned_at,
              CASE
                WHEN id IS NULL OR order_id IS NULL OR product_id IS NULL OR sale_price IS NULL THEN 'MISSING_FIELD'
                WHEN bad_id(id) OR bad_id(order_id) OR bad_id(product_id) OR bad_id(user_id) THEN 'BAD_ID'
                WHEN bad_instant(created_at, created_ts) OR bad_instant(shipped_at, shipped_ts)
                  OR bad_instant(delivered_at, delivered_ts) OR bad_instant(returned_at, returned_ts) THEN 'BAD_TIMESTAMP'
                WHEN created_ts > future_limit() THEN 'FUTURE_TIMESTAMP'
                WHEN shipped_ts < created_ts OR delivered_ts < shipped_ts OR returned_ts < delivered_ts THEN 'TIME_ORDER'
                WHEN NOT plain_decimal(sale_price) THEN 'BAD_NUMBER'
                WHEN below_zero(sale_price) THEN 'NEGATIVE_AMOUNT'
                WHEN status IS NOT NULL AND lower(status) NOT IN %s THEN 'BAD_STATUS'
              END AS rule
            FROM (SELECT *, iso_instant(created_at) AS created_ts, iso_instant(shipped_at) AS shipped_ts,
                    iso_instant(delivered_at) AS delivered_ts, iso_instant(returned_at) AS returned_ts FROM (%%s))
            """.formatted(STATUSES));

    private static final Kind PRODUCTS = new Kind("products",
            List.of("id", "sku", "cost", "category", "retail_price"),
            List.of(),
            """
            SELECT id, category,
              CASE
                WHEN id IS NULL OR sku IS NULL OR cost IS NULL OR category IS NULL OR retail_price IS NULL
                  THEN 'MISSING_FIELD'
                WHEN bad_id(id) OR length(category) > 200 THEN 'BAD_ID'
                WHEN NOT plain_decimal(cost) OR NOT plain_decimal(retail_price) THEN 'BAD_NUMBER'
                WHEN below_zero(cost) OR below_zero(retail_price) THEN 'NEGATIVE_AMOUNT'
              END AS rule
            FROM (%s)
            """);

    /** Inserts each file's checked rows in file order; the table's rowid then is the batch's line order. */
    private static void insert(Statement sql, List<Path> files, int batch, String table, Kind kind) throws SQLException {
        for (int f = 0; f < files.size(); f++) {
            Path file = files.get(f);
            String read = DuckDbKpiOracle.Source.read(file, gzipped(file) ? "gzip" : "none");
            Map<String, String> columns = DuckDbKpiOracle.Source.columns(sql, read);
            List<String> projections = new ArrayList<>();
            for (String column : kind.required()) {
                String found = columns.get(column);
                if (found == null) {
                    throw new IllegalArgumentException("schema error: " + file + " has no column " + column
                            + "; the pipeline would reject the whole batch");
                }
                projections.add("blank_null(" + DuckDbKpiOracle.Source.quote(found, '"') + ") AS " + column);
            }
            for (String column : kind.optional()) {
                String found = columns.get(column);
                projections.add((found == null ? "CAST(NULL AS VARCHAR)"
                        : "blank_null(" + DuckDbKpiOracle.Source.quote(found, '"') + ")") + " AS " + column);
            }
            String rows = "SELECT " + String.join(", ", projections) + " FROM " + read;
            sql.execute("INSERT INTO " + table + " SELECT " + batch + ", " + f + ", * FROM ("
                    + kind.select().formatted(rows) + ")");
        }
    }

    /** Rows read and rejects per file type and rule, the cross-row rules told apart as the pipeline does. */
    private static DropValidation tally(Statement sql) throws SQLException {
        Map<String, Long> read = new TreeMap<>();
        Map<String, Long> rejected = new TreeMap<>();
        String query = """
                SELECT 'orders', batch, count(*), NULL, 0 FROM order_checks GROUP BY batch
                UNION ALL SELECT 'order_items', batch, count(*), NULL, 0 FROM item_checks GROUP BY batch
                UNION ALL SELECT 'products', batch, count(*), NULL, 0 FROM product_checks GROUP BY batch
                UNION ALL SELECT 'orders', batch, 0, rule, count(*) FROM order_checks WHERE rule IS NOT NULL
                  GROUP BY batch, rule
                UNION ALL SELECT 'orders', batch, 0, 'DUPLICATE_KEY',
                    count(*) - (SELECT count(*) FROM order_versions v WHERE v.batch = c.batch)
                  FROM order_checks c WHERE rule IS NULL GROUP BY batch
                UNION ALL SELECT 'products', batch, 0, coalesce(rule, 'DUPLICATE_KEY'), count(*)
                  FROM (SELECT rowid AS seq, * FROM product_checks) p
                  WHERE rule IS NOT NULL OR seq > (SELECT min(q.rowid) FROM product_checks q WHERE q.rule IS NULL
                    AND q.batch = p.batch AND q.file_no = p.file_no AND q.id = p.id)
                  GROUP BY batch, rule
                UNION ALL SELECT 'order_items', i.batch, 0, CASE
                    WHEN i.rule IS NOT NULL THEN i.rule
                    WHEN v.line_no < i.seq THEN 'DUPLICATE_KEY'
                    WHEN NOT i.order_known THEN 'UNKNOWN_ORDER'
                    ELSE 'UNKNOWN_PRODUCT' END, count(*)
                  FROM item_candidates i LEFT JOIN item_versions v ON v.batch = i.batch AND v.id = i.id
                  WHERE v.line_no IS DISTINCT FROM i.seq
                  GROUP BY ALL
                """;
        try (ResultSet rs = sql.executeQuery(query)) {
            while (rs.next()) {
                String key = "batch " + rs.getInt(2) + " " + rs.getString(1);
                if (rs.getString(4) == null) {
                    read.merge(key, rs.getLong(3), Long::sum);
                } else if (rs.getLong(5) > 0) {
                    rejected.merge(key + " " + rs.getString(4), rs.getLong(5), Long::sum);
                }
            }
        }
        return new DropValidation(read, rejected);
    }

    private static List<Path> files(Path landing, String folder) {
        Path dir = landing.resolve(folder);
        if (!Files.isDirectory(dir)) {
            return new ArrayList<>();
        }
        try (Stream<Path> listing = Files.list(dir)) {
            return new ArrayList<>(listing.filter(Files::isRegularFile).filter(f -> {
                String name = f.getFileName().toString().toLowerCase(Locale.ROOT);
                return name.endsWith(".csv") || name.endsWith(".csv.gz");
            }).sorted(Comparator.comparing(Path::toString)).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the file holds gzip bytes, whatever its name says (SPEC section 2). */
    private static boolean gzipped(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static java.nio.file.attribute.FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
