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
 * The H2 side of {@link MergePlan}: reads of the keys a run touches and writes of the plan. The state of current
 * versions is in {@link H2StateMaps} (plain maps beside the SQL file); the KPI rows, read set-based (an array of
 * keys, a thousand at a time) and written batched, are SQL tables inside the caller's transaction:
 * <ul>
 *   <li>{@code order_kpi_table} and {@code category_kpi_table}: the KPI columns and the row's state.</li>
 * </ul>
 */
final class H2State implements StateReader {
    private static final int KEYS_PER_READ = 1000;
    /** Rows written between two stop checks. */
    static final int ROWS_PER_PIECE = 10_000;

    private final Connection connection;
    private final H2StateMaps maps;

    H2State(Connection connection, H2StateMaps maps) {
        this.connection = connection;
        this.maps = maps;
    }

    // --- reads ----------------------------------------------------------------------------------------------

    @Override
    public Map<String, String> itemOrders(Collection<String> itemIds) {
        Map<String, String> found = new HashMap<>();
        for (String itemId : itemIds) {
            String orderId = maps.itemOrder(itemId);
            if (orderId != null) {
                found.put(itemId, orderId);
            }
        }
        return found;
    }

    @Override
    public Map<String, OrderEntity> orders(Collection<String> orderIds) {
        Map<String, OrderEntity> found = new HashMap<>();
        for (String orderId : orderIds) {
            byte[] bytes = maps.entity(orderId);
            if (bytes != null) {
                found.put(orderId, CorruptStateException.decode("order_state", orderId, bytes, OrderEntity::fromBytes));
            }
        }
        return found;
    }

    @Override
    public Map<DayCustomer, Long> customers(Collection<DayCustomer> keys) {
        Map<DayCustomer, Long> found = new HashMap<>();
        for (DayCustomer key : keys) {
            Long orders = maps.customer(key);
            if (orders != null) {
                found.put(key, orders);
            }
        }
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

    /** Runs {@code sql} for the keys a thousand at a time, {@code fixed} (when not null) the first parameter. */
    private void byKeys(String sql, Object fixed, Collection<?> keys, RowReader reader) {
        List<?> all = List.copyOf(keys);
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            for (int from = 0; from < all.size(); from += KEYS_PER_READ) {
                List<?> slice = all.subList(from, Math.min(all.size(), from + KEYS_PER_READ));
                int index = 1;
                if (fixed != null) {
                    select.setObject(index++, fixed);
                }
                select.setObject(index, slice.toArray());
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
     * Writes every decision of {@code plan}: the state's new values into {@link H2StateMaps} (each with its undo,
     * in key order, asking {@code stopCheck} every {@value #ROWS_PER_PIECE} keys), then the KPI rows in SQL.
     */
    void write(MergePlan plan, String runId, Runnable stopCheck) throws SQLException {
        int written = 0;
        for (Map.Entry<String, OrderEntity> e : inKeyOrder(plan.entities())) {
            written = next(written, stopCheck);
            maps.putEntity(e.getKey(), e.getValue().toBytes());
        }
        for (Map.Entry<String, String> e : inKeyOrder(plan.itemOrders())) {
            written = next(written, stopCheck);
            maps.putItemOrder(e.getKey(), e.getValue());
        }
        for (Map.Entry<DayCustomer, Long> e : plan.kpis().customers().entrySet()) {
            written = next(written, stopCheck);
            maps.putCustomer(e.getKey(), e.getValue());
        }
        maps.commit();
        writeOrderDays(connection, plan, runId);
        writeCategoryDays(connection, plan, runId);
    }

    /** The map's entries sorted by key: an array sort, not a TreeMap of a million nodes. */
    private static <V> List<Map.Entry<String, V>> inKeyOrder(Map<String, V> map) {
        @SuppressWarnings("unchecked")
        Map.Entry<String, V>[] entries = map.entrySet().toArray(new Map.Entry[0]);
        java.util.Arrays.sort(entries, Map.Entry.comparingByKey());
        return java.util.Arrays.asList(entries);
    }

    private static int next(int written, Runnable stopCheck) {
        if (written > 0 && written % ROWS_PER_PIECE == 0) {
            stopCheck.run();
        }
        return written + 1;
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
