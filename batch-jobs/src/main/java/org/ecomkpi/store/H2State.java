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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.ecomkpi.kpi.CategoryDay;
import org.ecomkpi.kpi.CategoryDayKpi;
import org.ecomkpi.kpi.CategoryDayState;
import org.ecomkpi.kpi.DayCustomer;
import org.ecomkpi.kpi.OrderDayKpi;
import org.ecomkpi.kpi.OrderDayState;
import org.ecomkpi.kpi.OrderEntity;

/**
 * The H2 side of {@link MergePlan}: set-based reads of the keys a run touches ({@code = ANY(?)} over an array of
 * keys, a thousand at a time) and batched writes of the plan, inside the caller's transaction.
 * <ul>
 *   <li>{@code order_state}: per order id its {@link OrderEntity} bytes;</li>
 *   <li>{@code item_order}: per item id the order it belongs to;</li>
 *   <li>{@code day_customer}: per date and user id the count of that customer's current orders;</li>
 *   <li>{@code order_kpi_table} and {@code category_kpi_table}: the KPI columns and the row's state.</li>
 * </ul>
 */
final class H2State implements StateReader {
    private static final int KEYS_PER_READ = 1000;

    private final Connection connection;

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
        byKeys("SELECT item_id, order_id FROM item_order WHERE item_id = ANY(?)", itemIds,
                row -> found.put(row.getString(1), row.getString(2)));
        return found;
    }

    @Override
    public Map<String, OrderEntity> orders(Collection<String> orderIds) {
        Map<String, OrderEntity> found = new HashMap<>();
        byKeys("SELECT order_id, entity FROM order_state WHERE order_id = ANY(?)", orderIds,
                row -> found.put(row.getString(1), OrderEntity.fromBytes(row.getBytes(2))));
        return found;
    }

    @Override
    public Map<DayCustomer, Long> customers(Collection<DayCustomer> keys) {
        Map<LocalDate, List<String>> usersByDate = new TreeMap<>();
        keys.forEach(k -> usersByDate.computeIfAbsent(k.orderDate(), d -> new ArrayList<>()).add(k.userId()));
        Map<DayCustomer, Long> found = new HashMap<>();
        for (Map.Entry<LocalDate, List<String>> date : usersByDate.entrySet()) {
            byKeys("SELECT user_id, orders FROM day_customer WHERE order_date = ? AND user_id = ANY(?)",
                    date.getKey(), date.getValue(),
                    row -> found.put(new DayCustomer(date.getKey(), row.getString(1)), row.getLong(2)));
        }
        return found;
    }

    @Override
    public Map<LocalDate, OrderDayState> orderDays(Collection<LocalDate> dates) {
        Map<LocalDate, OrderDayState> found = new HashMap<>();
        byKeys("SELECT order_date, kpi_state FROM order_kpi_table WHERE order_date = ANY(?)", dates,
                row -> found.put(row.getObject(1, LocalDate.class), OrderDayState.fromBytes(row.getBytes(2))));
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
                            CategoryDayState.fromBytes(row.getBytes(2))));
        }
        return found;
    }

    private interface RowReader {
        void read(ResultSet row) throws SQLException;
    }

    private void byKeys(String sql, Collection<?> keys, RowReader reader) {
        byKeys(sql, null, keys, reader);
    }

    /** Runs {@code sql} for the keys a thousand at a time; with a {@code first} parameter, it comes first. */
    private void byKeys(String sql, Object first, Collection<?> keys, RowReader reader) {
        List<?> all = List.copyOf(keys);
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            for (int from = 0; from < all.size(); from += KEYS_PER_READ) {
                List<?> slice = all.subList(from, Math.min(all.size(), from + KEYS_PER_READ));
                int index = 1;
                if (first != null) {
                    select.setObject(index++, first);
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

    /** Writes every decision of {@code plan}: puts of new states, deletes of emptied keys. */
    static void write(Connection connection, MergePlan plan, String runId) throws SQLException {
        try (PreparedStatement put = connection.prepareStatement(
                "MERGE INTO order_state (order_id, entity, updated_by_run) KEY (order_id) VALUES (?, ?, ?)")) {
            for (Map.Entry<String, OrderEntity> e : new TreeMap<>(plan.entities()).entrySet()) {
                put.setString(1, e.getKey());
                put.setBytes(2, e.getValue().toBytes());
                put.setString(3, runId);
                put.addBatch();
            }
            put.executeBatch();
        }
        try (PreparedStatement put = connection.prepareStatement(
                "MERGE INTO item_order (item_id, order_id) KEY (item_id) VALUES (?, ?)")) {
            for (Map.Entry<String, String> e : new TreeMap<>(plan.itemOrders()).entrySet()) {
                put.setString(1, e.getKey());
                put.setString(2, e.getValue());
                put.addBatch();
            }
            put.executeBatch();
        }
        try (PreparedStatement put = connection.prepareStatement(
                     "MERGE INTO day_customer (order_date, user_id, orders) KEY (order_date, user_id) VALUES (?, ?, ?)");
             PreparedStatement delete = connection.prepareStatement(
                     "DELETE FROM day_customer WHERE order_date = ? AND user_id = ?")) {
            for (Map.Entry<DayCustomer, Long> e : plan.kpis().customers().entrySet()) {
                PreparedStatement write = e.getValue() == 0 ? delete : put;
                write.setObject(1, e.getKey().orderDate());
                write.setString(2, e.getKey().userId());
                if (e.getValue() != 0) {
                    write.setLong(3, e.getValue());
                }
                write.addBatch();
            }
            put.executeBatch();
            delete.executeBatch();
        }
        writeOrderDays(connection, plan, runId);
        writeCategoryDays(connection, plan, runId);
    }

    private static void writeOrderDays(Connection connection, MergePlan plan, String runId) throws SQLException {
        try (PreparedStatement put = connection.prepareStatement("""
                     MERGE INTO order_kpi_table (order_date, total_orders, total_revenue, total_items_sold, return_rate,
                       unique_customers, kpi_state, updated_by_run) KEY (order_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""");
             PreparedStatement delete = connection.prepareStatement("DELETE FROM order_kpi_table WHERE order_date = ?")) {
            for (Map.Entry<LocalDate, OrderDayState> e : plan.kpis().orderDays().entrySet()) {
                if (e.getValue().isEmpty()) {
                    delete.setObject(1, e.getKey());
                    delete.addBatch();
                    continue;
                }
                OrderDayKpi kpi = e.getValue().kpi(e.getKey());
                put.setObject(1, e.getKey());
                put.setLong(2, kpi.totalOrders());
                put.setBigDecimal(3, kpi.totalRevenue());
                put.setLong(4, kpi.totalItemsSold());
                put.setBigDecimal(5, kpi.returnRate());
                put.setLong(6, kpi.uniqueCustomers());
                put.setBytes(7, e.getValue().toBytes());
                put.setString(8, runId);
                put.addBatch();
            }
            put.executeBatch();
            delete.executeBatch();
        }
    }

    private static void writeCategoryDays(Connection connection, MergePlan plan, String runId) throws SQLException {
        try (PreparedStatement put = connection.prepareStatement("""
                     MERGE INTO category_kpi_table (category, order_date, daily_revenue, avg_order_value, avg_return_rate,
                       kpi_state, updated_by_run) KEY (category, order_date) VALUES (?, ?, ?, ?, ?, ?, ?)""");
             PreparedStatement delete = connection.prepareStatement(
                     "DELETE FROM category_kpi_table WHERE category = ? AND order_date = ?")) {
            for (Map.Entry<CategoryDay, CategoryDayState> e : plan.kpis().categoryDays().entrySet()) {
                if (e.getValue().isEmpty()) {
                    delete.setString(1, e.getKey().category());
                    delete.setObject(2, e.getKey().orderDate());
                    delete.addBatch();
                    continue;
                }
                CategoryDayKpi kpi = e.getValue().kpi(e.getKey());
                put.setString(1, e.getKey().category());
                put.setObject(2, e.getKey().orderDate());
                put.setBigDecimal(3, kpi.dailyRevenue());
                put.setBigDecimal(4, kpi.avgOrderValue());
                put.setBigDecimal(5, kpi.avgReturnRate());
                put.setBytes(6, e.getValue().toBytes());
                put.setString(7, runId);
                put.addBatch();
            }
            put.executeBatch();
            delete.executeBatch();
        }
    }
}
