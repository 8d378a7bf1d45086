package org.ecomkpi.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.UUID;

import org.ecomkpi.kpi.DayCustomer;

/**
 * What opening an H2 store does for its state file ({@link H2StateMaps}) inside SQL transactions of
 * {@link H2KpiStore}: check that the file belongs to the database, and move the state of a store written before the
 * state file existed out of its SQL tables.
 */
final class H2StateSetup {
    private H2StateSetup() {
    }

    /**
     * Checks that the state file belongs to this database: each holds the same random id (the SQL side in
     * {@code kpi_state_file}). A database recreated beside an old state file, or one whose state file is gone while
     * it has applied runs, would merge against the wrong state: refused, naming both files.
     *
     * @return the id to bind the state file to once this transaction commits, or null when it is bound already
     */
    static String checkBinding(Connection connection, H2StateMaps maps, Path database, String spec)
            throws SQLException {
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("CREATE TABLE IF NOT EXISTS kpi_state_file (id VARCHAR(36) PRIMARY KEY)");
        }
        String sqlId = null;
        try (Statement select = connection.createStatement();
             ResultSet row = select.executeQuery("SELECT id FROM kpi_state_file")) {
            if (row.next()) {
                sqlId = row.getString(1);
            }
        }
        String fileId = maps.databaseId();
        Path file = H2StateMaps.fileOf(database);
        String refusal = null;
        if (fileId != null && !fileId.equals(sqlId)) {
            refusal = "its state file " + file + " belongs to another database";
        } else if (sqlId != null && fileId == null && hasAppliedRuns(connection)) {
            refusal = "its state file " + file + " is missing or was replaced";
        }
        if (refusal != null) {
            throw new StoreException("store '" + spec + "': " + refusal + " (" + database + ".mv.db and " + file
                    + " are one store: restore both, or delete both and " + database + ".state.undo to start over)");
        }
        if (sqlId == null) {
            sqlId = UUID.randomUUID().toString();
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO kpi_state_file VALUES (?)")) {
                insert.setString(1, sqlId);
                insert.executeUpdate();
            }
        }
        return fileId == null ? sqlId : null;
    }

    /**
     * Moves the state of a store written before it had a state file out of its SQL tables ({@code order_state},
     * {@code item_order}, {@code day_customer}) into {@code maps}, then drops them: once, under the merge lock.
     * Interrupted, it is done again whole on the next open (the puts are absolute, the tables still there).
     *
     * @return whether there was anything to move (the transaction commits the drops)
     */
    static boolean moveSqlState(Connection connection, H2StateMaps maps) throws SQLException {
        if (!hasTable(connection, "ORDER_STATE")) {
            return false;
        }
        try (Statement lock = connection.createStatement()) {
            lock.executeQuery("SELECT id FROM kpi_merge_lock WHERE id = 1 FOR UPDATE").close();
        }
        if (!hasTable(connection, "ORDER_STATE")) {
            return false;
        }
        try (Statement select = connection.createStatement()) {
            try (ResultSet row = select.executeQuery("SELECT order_id, entity FROM order_state")) {
                while (row.next()) {
                    maps.load("order_state", row.getString(1), row.getBytes(2));
                }
            }
            try (ResultSet row = select.executeQuery("SELECT item_id, order_id FROM item_order")) {
                while (row.next()) {
                    maps.load("item_order", row.getString(1), row.getString(2));
                }
            }
            try (ResultSet row = select.executeQuery("SELECT order_date, user_id, orders FROM day_customer")) {
                while (row.next()) {
                    maps.load("day_customer", H2StateMaps.key(new DayCustomer(row.getObject(1, LocalDate.class),
                            row.getString(2))), row.getLong(3));
                }
            }
        }
        maps.commit();
        try (Statement drop = connection.createStatement()) {
            drop.execute("DROP TABLE order_state");
            drop.execute("DROP TABLE item_order");
            drop.execute("DROP TABLE day_customer");
        }
        return true;
    }

    private static boolean hasAppliedRuns(Connection connection) throws SQLException {
        try (Statement select = connection.createStatement();
             ResultSet row = select.executeQuery("SELECT 1 FROM kpi_applied_runs LIMIT 1")) {
            return row.next();
        }
    }

    private static boolean hasTable(Connection connection, String name) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT 1 FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC' AND TABLE_NAME = ?")) {
            select.setString(1, name);
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        }
    }
}
