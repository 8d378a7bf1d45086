package org.ecomkpi.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.ecomkpi.kpi.CategoryDay;
import org.ecomkpi.kpi.CategoryDayKpi;
import org.ecomkpi.kpi.CategoryDayState;
import org.ecomkpi.kpi.DayCustomer;
import org.ecomkpi.kpi.KpiSchema;
import org.ecomkpi.kpi.OrderDayKpi;
import org.ecomkpi.kpi.OrderDayState;
import org.ecomkpi.kpi.OrderEntity;

/**
 * The H2 side of {@link MergePlan}: set-based reads of the keys a run touches (an array of keys, a thousand at a
 * time, joined to the table's key) and batched writes of the plan, inside the caller's transaction.
 * <ul>
 *   <li>{@code order_state}: per order id its {@link OrderEntity} bytes;</li>
 *   <li>{@code item_order}: per item id the order it belongs to;</li>
 *   <li>{@code day_customer}: per date and user id the count of that customer's current orders;</li>
 *   <li>{@code order_kpi_table} and {@code category_kpi_table}: the KPI columns and the row's state.</li>
 * </ul>
 */
final class H2State implements StateReader {
    private static final int KEYS_PER_READ = 1000;
    /** Rows written between two stop checks. */
    static final int ROWS_PER_PIECE = 10_000;
    /**
     * The keys of a read as a table joined to the state's primary key: one index lookup per key. A condition
     * {@code key = ANY(?)} costs H2 a scan of the array per row, and on {@code day_customer} (key date and user) a
     * scan of every customer of the date: a read that grew with the history (JFR: the top of the merge).
     */
    private static final String KEYS = "UNNEST(CAST(? AS VARCHAR ARRAY)) AS k(id)";

    private final Connection connection;
    // the keys the reads found: a write of one of them is an UPDATE, of any other key an INSERT (a MERGE costs
    // H2 an update attempt before each insert; every key a plan writes was read first, in the same transaction
    // under the merge lock, so these sets are exact). One H2State per slice keeps them bounded.
    private final Set<String> foundOrders = new HashSet<>();
    private final Set<String> foundItems = new HashSet<>();
    private final Set<DayCustomer> foundCustomers = new HashSet<>();

    H2State(Connection connection) {
        this.connection = connection;
    }

    static void createTables(Statement ddl) throws SQLException {
        ddl.execute("""
                CREATE TABLE IF NOT EXISTS order_state (
                  order_id VARCHAR PRIMARY KEY,
                  entity VARBINARY NOT NULL,
                  updated_by_run VARCHAR(128) NOT NULL)""");
        ddl.execute("""
                CREATE TABLE IF NOT EXISTS item_order (
                  item_id VARCHAR PRIMARY KEY,
                  order_id VARCHAR NOT NULL)""");
        ddl.execute("""
                CREATE TABLE IF NOT EXISTS day_customer (
                  order_date DATE NOT NULL,
                  user_id VARCHAR NOT NULL,
                  orders BIGINT NOT NULL,
                  PRIMARY KEY (order_date, user_id))""");
    }

    // --- reads ----------------------------------------------------------------------------------------------

    @Override
    public Map<String, String> itemOrders(Collection<String> itemIds) {
        Map<String, String> found = new HashMap<>();
        byKeys("SELECT s.item_id, s.order_id FROM " + KEYS + " JOIN item_order s ON s.item_id = k.id", itemIds,
                row -> found.put(row.getString(1), row.getString(2)));
        foundItems.addAll(found.keySet());
        return found;
    }

    @Override
    public Map<String, OrderEntity> orders(Collection<String> orderIds) {
        Map<String, OrderEntity> found = new HashMap<>();
        byKeys("SELECT s.order_id, s.entity FROM " + KEYS + " JOIN order_state s ON s.order_id = k.id", orderIds,
                row -> found.put(row.getString(1), CorruptStateException.decode("order_state", row.getString(1),
                        row.getBytes(2), OrderEntity::fromBytes)));
        foundOrders.addAll(found.keySet());
        return found;
    }

    @Override
    public Map<DayCustomer, Long> customers(Collection<DayCustomer> keys) {
        Map<LocalDate, List<String>> usersByDate = new TreeMap<>();
        keys.forEach(k -> usersByDate.computeIfAbsent(k.orderDate(), d -> new ArrayList<>()).add(k.userId()));
        Map<DayCustomer, Long> found = new HashMap<>();
        for (Map.Entry<LocalDate, List<String>> date : usersByDate.entrySet()) {
            byKeys("SELECT s.user_id, s.orders FROM " + KEYS
                            + " JOIN day_customer s ON s.order_date = ? AND s.user_id = k.id", date.getKey(),
                    date.getValue(),
                    row -> found.put(new DayCustomer(date.getKey(), row.getString(1)), row.getLong(2)));
        }
        foundCustomers.addAll(found.keySet());
        return found;
    }

    @Override
    public Map<LocalDate, OrderDayState> orderDays(Collection<LocalDate> dates) {
        Map<LocalDate, OrderDayState> found = new HashMap<>();
        byKeys("SELECT order_date, kpi_state FROM order_kpi_table WHERE order_date = ANY(?)", dates,
                row -> found.put(row.getObject(1, LocalDate.class), CorruptStateException.decode("order_kpi_table",
                        row.getObject(1, LocalDate.class), row.getBytes(2), OrderDayState::fromBytes)));
        return found;
    }

    @Override
    public Map<CategoryDay, CategoryDayState> categoryDays(Collection<CategoryDay> keys) {
        Map<String, List<LocalDate>> datesByCategory = new TreeMap<>();
        keys.forEach(k -> datesByCategory.computeIfAbsent(k.category(), c -> new ArrayList<>()).add(k.orderDate()));
        Map<CategoryDay, CategoryDayState> found = new HashMap<>();
        for (Map.Entry<String, List<LocalDate>> category : datesByCategory.entrySet()) {
            byKeys("SELECT order_date, kpi_state FROM category_kpi_table WHERE category = ? AND order_date = ANY(?)",
                    category.getKey(), category.getValue(), row -> found.put(
                            new CategoryDay(category.getKey(), row.getObject(1, LocalDate.class)),
                            CorruptStateException.decode("category_kpi_table",
                                    category.getKey() + "/" + row.getObject(1, LocalDate.class), row.getBytes(2),
                                    CategoryDayState::fromBytes)));
        }
        return found;
    }

    private interface RowReader {
        void read(ResultSet row) throws SQLException;
    }

    private void byKeys(String sql, Collection<?> keys, RowReader reader) {
        byKeys(sql, null, keys, reader);
    }

    /**
     * Runs {@code sql} for the keys a thousand at a time. A {@link #KEYS} read takes the keys first and
     * {@code fixed} (when not null) after them; an {@code = ANY(?)} read takes {@code fixed} first.
     */
    private void byKeys(String sql, Object fixed, Collection<?> keys, RowReader reader) {
        List<?> all = List.copyOf(keys);
        boolean keysFirst = sql.contains(KEYS);
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            for (int from = 0; from < all.size(); from += KEYS_PER_READ) {
                List<?> slice = all.subList(from, Math.min(all.size(), from + KEYS_PER_READ));
                int index = 1;
                if (fixed != null && !keysFirst) {
                    select.setObject(index++, fixed);
                }
                select.setObject(index++, slice.toArray());
                if (fixed != null && keysFirst) {
                    select.setObject(index, fixed);
                }
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        reader.read(row);
                    }
                }
            }
        } catch (SQLException e) {
            throw new SqlFailure(e);
        }
    }

    /** Carries an {@link SQLException} through {@link StateReader}'s signatures to the transaction's retry. */
    static final class SqlFailure extends RuntimeException {
        SqlFailure(SQLException cause) {
            super(cause);
        }

        SQLException sql() {
            return (SQLException) getCause();
        }
    }

    // --- writes ---------------------------------------------------------------------------------------------

    /**
     * Writes every decision of {@code plan}, read through this state: puts of new states (an UPDATE of a key the
     * reads found, an INSERT of any other), deletes of emptied keys. Each table's statements run in key order.
     */
    void write(MergePlan plan, String runId, Runnable stopCheck) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO order_state (order_id, entity, updated_by_run) VALUES (?, ?, ?)");
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE order_state SET entity = ?, updated_by_run = ? WHERE order_id = ?")) {
            Pieces pieces = new Pieces(stopCheck, update, insert);
            for (Map.Entry<String, OrderEntity> e : new TreeMap<>(plan.entities()).entrySet()) {
                pieces.next();
                if (foundOrders.contains(e.getKey())) {
                    update.setBytes(1, e.getValue().toBytes());
                    update.setString(2, runId);
                    update.setString(3, e.getKey());
                    update.addBatch();
                } else {
                    insert.setString(1, e.getKey());
                    insert.setBytes(2, e.getValue().toBytes());
                    insert.setString(3, runId);
                    insert.addBatch();
                }
            }
            update.executeBatch();
            insert.executeBatch();
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO item_order (item_id, order_id) VALUES (?, ?)");
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE item_order SET order_id = ? WHERE item_id = ?")) {
            Pieces pieces = new Pieces(stopCheck, update, insert);
            for (Map.Entry<String, String> e : new TreeMap<>(plan.itemOrders()).entrySet()) {
                pieces.next();
                if (foundItems.contains(e.getKey())) {
                    update.setString(1, e.getValue());
                    update.setString(2, e.getKey());
                    update.addBatch();
                } else {
                    insert.setString(1, e.getKey());
                    insert.setString(2, e.getValue());
                    insert.addBatch();
                }
            }
            update.executeBatch();
            insert.executeBatch();
        }
        try (PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO day_customer (order_date, user_id, orders) VALUES (?, ?, ?)");
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE day_customer SET orders = ? WHERE order_date = ? AND user_id = ?");
             PreparedStatement delete = connection.prepareStatement(
                     "DELETE FROM day_customer WHERE order_date = ? AND user_id = ?")) {
            Pieces pieces = new Pieces(stopCheck, update, insert, delete);
            for (Map.Entry<DayCustomer, Long> e : plan.kpis().customers().entrySet()) {
                pieces.next();
                LocalDate date = e.getKey().orderDate();
                String userId = e.getKey().userId();
                long orders = e.getValue();
                if (orders == 0) {
                    delete.setObject(1, date);
                    delete.setString(2, userId);
                    delete.addBatch();
                } else if (foundCustomers.contains(e.getKey())) {
                    update.setLong(1, orders);
                    update.setObject(2, date);
                    update.setString(3, userId);
                    update.addBatch();
                } else {
                    insert.setObject(1, date);
                    insert.setString(2, userId);
                    insert.setLong(3, orders);
                    insert.addBatch();
                }
            }
            update.executeBatch();
            insert.executeBatch();
            delete.executeBatch();
        }
        writeOrderDays(connection, plan, runId);
        writeCategoryDays(connection, plan, runId);
    }

    /**
     * Sends a table's batched statements every {@value #ROWS_PER_PIECE} rows (in the order given, so each
     * statement's rows still go in key order) and asks the stop check between pieces: a large slice's writes stop
     * within a piece when asked, and the driver never holds a whole slice's parameters.
     */
    private static final class Pieces {
        private final Runnable stopCheck;
        private final PreparedStatement[] statements;
        private int rows;

        Pieces(Runnable stopCheck, PreparedStatement... statements) {
            this.stopCheck = stopCheck;
            this.statements = statements;
        }

        /** Called before each row is added. */
        void next() throws SQLException {
            if (rows++ % ROWS_PER_PIECE == 0 && rows > 1) {
                for (PreparedStatement statement : statements) {
                    statement.executeBatch();
                }
                stopCheck.run();
            }
        }
    }

    private static void writeOrderDays(Connection connection, MergePlan plan, String runId) throws SQLException {
        writeKpiRows(connection, KpiSchema.ORDER_KPI_TABLE, plan.kpis().orderDays(), OrderDayState::isEmpty,
                (date, state) -> {
                    OrderDayKpi kpi = state.kpi(date);
                    return KpiSchema.ORDER_KPI_TABLE.attributes().stream().map(a -> KpiSchema.value(a, kpi)).toList();
                }, date -> List.of(date), OrderDayState::toBytes, runId);
    }

    private static void writeCategoryDays(Connection connection, MergePlan plan, String runId) throws SQLException {
        writeKpiRows(connection, KpiSchema.CATEGORY_KPI_TABLE, plan.kpis().categoryDays(), CategoryDayState::isEmpty,
                (key, state) -> {
                    CategoryDayKpi kpi = state.kpi(key);
                    return KpiSchema.CATEGORY_KPI_TABLE.attributes().stream().map(a -> KpiSchema.value(a, kpi)).toList();
                }, key -> List.of(key.category(), key.orderDate()), CategoryDayState::toBytes, runId);
    }

    /**
     * Puts every non-empty state of {@code rows} as its row (the table's attributes, then {@code kpi_state} and
     * {@code updated_by_run}) and deletes the keys whose state became empty.
     */
    private static <K, S> void writeKpiRows(Connection connection, KpiSchema table, Map<K, S> rows,
                                            java.util.function.Predicate<S> empty,
                                            java.util.function.BiFunction<K, S, List<Object>> values,
                                            java.util.function.Function<K, List<Object>> keyValues,
                                            java.util.function.Function<S, byte[]> bytes, String runId)
            throws SQLException {
        List<String> columns = new ArrayList<>(table.attributes().stream().map(KpiSchema.Attribute::attributeName).toList());
        columns.add("kpi_state");
        columns.add("updated_by_run");
        String keys = String.join(", ", table.keys().stream().map(KpiSchema.Attribute::attributeName).toList());
        String merge = "MERGE INTO " + table.tableName() + " (" + String.join(", ", columns) + ") KEY (" + keys
                + ") VALUES (" + String.join(", ", java.util.Collections.nCopies(columns.size(), "?")) + ")";
        String delete = "DELETE FROM " + table.tableName() + " WHERE " + String.join(" AND ",
                table.keys().stream().map(k -> k.attributeName() + " = ?").toList());
        try (PreparedStatement put = connection.prepareStatement(merge);
             PreparedStatement remove = connection.prepareStatement(delete)) {
            for (Map.Entry<K, S> e : rows.entrySet()) {
                if (empty.test(e.getValue())) {
                    List<Object> key = keyValues.apply(e.getKey());
                    for (int i = 0; i < key.size(); i++) {
                        remove.setObject(i + 1, key.get(i));
                    }
                    remove.addBatch();
                    continue;
                }
                List<Object> row = values.apply(e.getKey(), e.getValue());
                for (int i = 0; i < row.size(); i++) {
                    put.setObject(i + 1, row.get(i));
                }
                put.setBytes(row.size() + 1, bytes.apply(e.getValue()));
                put.setString(row.size() + 2, runId);
                put.addBatch();
            }
            put.executeBatch();
            remove.executeBatch();
        }
    }

    // --- the KPI tables, from their one description ---------------------------------------------------------

    /** The DDL of a KPI table: its attributes typed by kind, the row's state, the run that wrote it last. */
    static String createKpiTable(KpiSchema table) {
        StringBuilder ddl = new StringBuilder("CREATE TABLE IF NOT EXISTS ").append(table.tableName()).append(" (");
        for (KpiSchema.Attribute a : table.attributes()) {
            ddl.append(a.attributeName()).append(' ').append(sqlType(a.kind())).append(" NOT NULL, ");
        }
        ddl.append("kpi_state VARBINARY NOT NULL, updated_by_run VARCHAR(128) NOT NULL, PRIMARY KEY (")
                .append(String.join(", ", table.keys().stream().map(KpiSchema.Attribute::attributeName).toList()))
                .append("))");
        return ddl.toString();
    }

    private static String sqlType(KpiSchema.Kind kind) {
        return switch (kind) {
            case DATE -> "DATE";
            case TEXT -> "VARCHAR";
            case COUNT -> "BIGINT";
            case MONEY -> "NUMERIC(38, 2)";
            case RATE -> "NUMERIC(9, 4)";
        };
    }

    /** The rows of a KPI table matching {@code where} (SQL with {@code ?} for the parameters), sorted by key. */
    static <R> List<R> readKpis(Connection connection, KpiSchema table, String where, List<Object> parameters,
                                java.util.function.Function<java.util.function.Function<KpiSchema.Attribute, Object>, R> row)
            throws SQLException {
        List<KpiSchema.Attribute> attributes = table.attributes();
        String sql = "SELECT " + String.join(", ", attributes.stream().map(KpiSchema.Attribute::attributeName).toList())
                + " FROM " + table.tableName() + where + " ORDER BY "
                + String.join(", ", table.keys().stream().map(KpiSchema.Attribute::attributeName).toList());
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                select.setObject(i + 1, parameters.get(i));
            }
            List<R> rows = new ArrayList<>();
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    Map<KpiSchema.Attribute, Object> values = new java.util.EnumMap<>(KpiSchema.Attribute.class);
                    for (int i = 0; i < attributes.size(); i++) {
                        values.put(attributes.get(i), column(result, i + 1, attributes.get(i).kind()));
                    }
                    rows.add(row.apply(values::get));
                }
            }
            return List.copyOf(rows);
        }
    }

    private static Object column(ResultSet result, int index, KpiSchema.Kind kind) throws SQLException {
        return switch (kind) {
            case DATE -> result.getObject(index, LocalDate.class);
            case TEXT -> result.getString(index);
            case COUNT -> result.getLong(index);
            case MONEY, RATE -> result.getBigDecimal(index);
        };
    }
}
