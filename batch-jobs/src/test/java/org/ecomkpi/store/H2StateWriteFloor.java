package org.ecomkpi.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Locale;

/**
 * The least a merge of N new orders can cost the H2 store: the rows of their current-version state alone — N
 * {@code order_state} rows of a 120-byte entity, 2.5 N {@code item_order} rows, N {@code day_customer} rows — inserted
 * in key order with batched prepared statements into empty tables, in one transaction, with the store's own URL
 * and tables. No reads, no plan, no KPI rows: what is left of a merge once everything of ours is free. A harness,
 * not a test:
 *
 * <pre>
 * java -cp batch-jobs/target/test-classes:batch-jobs/target/classes:kpi-lib/target/classes:$(cat /tmp/bj-cp.txt) \
 *     org.ecomkpi.store.H2StateWriteFloor /tmp/floor 1000000 [write-delay-ms]
 * </pre>
 * A third argument sets H2's {@code WRITE_DELAY} for the transaction (the store's URL says 0, which also stops H2's
 * background writer, so the inserting thread serialises every page itself) and writes the commit with a
 * {@code CHECKPOINT}: a way to try H2's writer threads. Tried on 2 cores, one of them busy with another process: no
 * gain (300,000 orders: 23.6 and 25.5 s without, 26.9 and 27.4 s with), so the store keeps {@code WRITE_DELAY=0}.
 */
public final class H2StateWriteFloor {
    private static final int BATCH = 10_000;

    private H2StateWriteFloor() {
    }

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args.length > 0 ? args[0] : Files.createTempDirectory("floor").toString());
        int orders = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int writeDelay = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        Files.createDirectories(folder);
        Path database = folder.resolve("store-" + System.nanoTime());
        try (Connection connection = DriverManager.getConnection(H2KpiStore.jdbcUrl(database), H2KpiStore.USER, "")) {
            try (Statement ddl = connection.createStatement()) {
                H2State.createTables(ddl);
            }
            if (writeDelay > 0) {
                try (Statement set = connection.createStatement()) {
                    set.execute("SET WRITE_DELAY " + writeDelay);
                }
            }
            connection.setAutoCommit(false);
            byte[] entity = new byte[120];
            Arrays.fill(entity, (byte) 7);
            long start = System.nanoTime();
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO order_state (order_id, entity, updated_by_run) VALUES (?, ?, ?)")) {
                for (int o = 0; o < orders; o++) {
                    insert.setString(1, Integer.toString(10_000_000 + o));
                    insert.setBytes(2, entity);
                    insert.setString(3, "floor");
                    batch(insert, o);
                }
                insert.executeBatch();
            }
            double orderRows = seconds(start);
            start = System.nanoTime();
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO item_order (item_id, order_id) VALUES (?, ?)")) {
                for (int i = 0; i < orders * 5 / 2; i++) {
                    insert.setString(1, Integer.toString(100_000_000 + i));
                    insert.setString(2, Integer.toString(10_000_000 + i * 2 / 5));
                    batch(insert, i);
                }
                insert.executeBatch();
            }
            double itemRows = seconds(start);
            start = System.nanoTime();
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO day_customer (order_date, user_id, orders) VALUES (?, ?, ?)")) {
                LocalDate first = LocalDate.parse("2025-01-01");
                int perDay = Math.max(1, orders / 30);
                for (int c = 0; c < orders; c++) {
                    insert.setObject(1, first.plusDays(c / perDay));
                    insert.setString(2, "u" + (1_000_000 + c % perDay));
                    insert.setLong(3, 1);
                    batch(insert, c);
                }
                insert.executeBatch();
            }
            double customerRows = seconds(start);
            start = System.nanoTime();
            connection.commit();
            if (writeDelay > 0) {
                connection.setAutoCommit(true);
                try (Statement set = connection.createStatement()) {
                    set.execute("SET WRITE_DELAY 0");
                    set.execute("CHECKPOINT");
                }
            }
            double commit = seconds(start);
            System.out.printf(Locale.ROOT, "write delay %d ms, %,d orders: order_state %.1f s, item_order %.1f s, day_customer %.1f s,"
                            + " commit %.1f s; total %.1f s for %,d rows%n", writeDelay, orders, orderRows, itemRows, customerRows,
                    commit, orderRows + itemRows + customerRows + commit, orders * 9L / 2);
        }
    }

    private static void batch(PreparedStatement insert, int row) throws java.sql.SQLException {
        insert.addBatch();
        if (row % BATCH == BATCH - 1) {
            insert.executeBatch();
        }
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
