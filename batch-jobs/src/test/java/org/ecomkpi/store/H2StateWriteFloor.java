package org.ecomkpi.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.tx.Transaction;
import org.h2.mvstore.tx.TransactionMap;
import org.h2.mvstore.tx.TransactionStore;

/**
 * The least a merge of N new orders can cost the H2 store: the rows of their current-version state alone — N
 * {@code order_state} rows of a 120-byte entity, 2.5 N {@code item_order} rows, N {@code day_customer} rows — inserted
 * in key order into empty tables, in one transaction, with the store's own URL and tables. No reads, no plan, no KPI
 * rows: what is left of a merge once everything of ours is free. A harness, not a test:
 *
 * <pre>
 * java -cp batch-jobs/target/test-classes:batch-jobs/target/classes:kpi-lib/target/classes:$(cat /tmp/bj-cp.txt) \
 *     org.ecomkpi.store.H2StateWriteFloor /tmp/floor 1000000 [sql|arrays|mvstore|mvtx|maps] [write-delay-ms]
 * </pre>
 * The third argument says how the rows go in:
 * <ul>
 *   <li>{@code sql} (the default; what the store did before {@link H2StateMaps}): batched prepared {@code INSERT}s of
 *       10,000 rows into the state's old SQL tables;</li>
 *   <li>{@code arrays}: one {@code INSERT ... SELECT FROM UNNEST(?, ?)} of 10,000 rows' arrays at a time;</li>
 *   <li>{@code mvstore}: no SQL: the same keys and values put into maps of an {@link MVStore} of their own (H2's
 *       storage engine underneath its tables) and committed once — what a key-value layout of the state in the
 *       same library would cost, without H2's row objects, secondary key index and transaction log;</li>
 *   <li>{@code mvtx}: the same puts through H2's {@link TransactionStore} (the transactional maps its SQL tables
 *       sit on), in one transaction: the cost of the transaction log without the SQL layer.</li>
 *   <li>{@code maps}: what the store does now, {@link H2StateMaps}: the {@code mvstore} puts, each after its undo,
 *       committed every {@value H2StateMaps#PUTS_PER_COMMIT} puts, then the undo dropped.</li>
 * </ul>
 * A fourth argument sets H2's {@code WRITE_DELAY} for the SQL transaction (the store's URL says 0, which also stops
 * H2's background writer, so the inserting thread serialises every page itself) and writes the commit with a
 * {@code CHECKPOINT}. Tried on 2 cores, one of them busy with another process: no gain (300,000 orders: 23.6 and
 * 25.5 s without, 26.9 and 27.4 s with), so the store keeps {@code WRITE_DELAY=0}. The modes' figures are in
 * {@code batch-jobs/src/test/bench/RESULTS.md}.
 */
public final class H2StateWriteFloor {
    private static final int BATCH = 10_000;
    private static final LocalDate FIRST_DAY = LocalDate.parse("2025-01-01");

    private H2StateWriteFloor() {
    }

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args.length > 0 ? args[0] : Files.createTempDirectory("floor").toString());
        int orders = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        String mode = args.length > 2 ? args[2] : "sql";
        int writeDelay = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        Files.createDirectories(folder);
        Path database = folder.resolve("store-" + System.nanoTime());
        double[] seconds = switch (mode) {
            case "sql", "arrays" -> sql(database, orders, mode.equals("arrays"), writeDelay);
            case "mvstore", "mvtx" -> mvStore(database, orders, mode.equals("mvtx"));
            case "maps" -> stateMaps(database, orders);
            default -> throw new IllegalArgumentException("mode is sql, arrays, mvstore, mvtx or maps, not " + mode);
        };
        System.out.printf(Locale.ROOT, "%s, write delay %d ms, %,d orders: order_state %.1f s, item_order %.1f s,"
                        + " day_customer %.1f s, commit %.1f s; total %.1f s for %,d rows%n", mode, writeDelay, orders,
                seconds[0], seconds[1], seconds[2], seconds[3], seconds[0] + seconds[1] + seconds[2] + seconds[3],
                orders * 9L / 2);
    }

    private static String orderId(int order) {
        return Integer.toString(10_000_000 + order);
    }

    private static String itemId(int item) {
        return Integer.toString(100_000_000 + item);
    }

    private static String itemOrder(int item) {
        return orderId(item * 2 / 5);
    }

    private static LocalDate customerDay(int customer, int perDay) {
        return FIRST_DAY.plusDays(customer / perDay);
    }

    private static String customerId(int customer, int perDay) {
        return "u" + (1_000_000 + customer % perDay);
    }

    private static byte[] entity() {
        byte[] entity = new byte[120];
        Arrays.fill(entity, (byte) 7);
        return entity;
    }

    private static double[] sql(Path database, int orders, boolean arrays, int writeDelay) throws SQLException {
        double[] seconds = new double[4];
        int items = orders * 5 / 2;
        int perDay = Math.max(1, orders / 30);
        byte[] entity = entity();
        try (Connection connection = DriverManager.getConnection(H2KpiStore.jdbcUrl(database), H2KpiStore.USER, "")) {
            try (Statement ddl = connection.createStatement()) {
                createSqlTables(ddl);
                if (writeDelay > 0) {
                    ddl.execute("SET WRITE_DELAY " + writeDelay);
                }
            }
            connection.setAutoCommit(false);
            long start = System.nanoTime();
            if (arrays) {
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO order_state SELECT k, e, 'floor'"
                        + " FROM UNNEST(CAST(? AS VARCHAR ARRAY), CAST(? AS VARBINARY ARRAY)) AS t(k, e)")) {
                    for (int from = 0; from < orders; from += BATCH) {
                        int n = Math.min(BATCH, orders - from);
                        String[] keys = new String[n];
                        byte[][] values = new byte[n][];
                        for (int i = 0; i < n; i++) {
                            keys[i] = orderId(from + i);
                            values[i] = entity;
                        }
                        insert.setObject(1, keys);
                        insert.setObject(2, values);
                        insert.executeUpdate();
                    }
                }
            } else {
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO order_state (order_id, entity, updated_by_run) VALUES (?, ?, ?)")) {
                    for (int o = 0; o < orders; o++) {
                        insert.setString(1, orderId(o));
                        insert.setBytes(2, entity);
                        insert.setString(3, "floor");
                        batch(insert, o);
                    }
                    insert.executeBatch();
                }
            }
            seconds[0] = seconds(start);
            start = System.nanoTime();
            if (arrays) {
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO item_order SELECT k, o"
                        + " FROM UNNEST(CAST(? AS VARCHAR ARRAY), CAST(? AS VARCHAR ARRAY)) AS t(k, o)")) {
                    for (int from = 0; from < items; from += BATCH) {
                        int n = Math.min(BATCH, items - from);
                        String[] keys = new String[n];
                        String[] values = new String[n];
                        for (int i = 0; i < n; i++) {
                            keys[i] = itemId(from + i);
                            values[i] = itemOrder(from + i);
                        }
                        insert.setObject(1, keys);
                        insert.setObject(2, values);
                        insert.executeUpdate();
                    }
                }
            } else {
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO item_order (item_id, order_id) VALUES (?, ?)")) {
                    for (int i = 0; i < items; i++) {
                        insert.setString(1, itemId(i));
                        insert.setString(2, itemOrder(i));
                        batch(insert, i);
                    }
                    insert.executeBatch();
                }
            }
            seconds[1] = seconds(start);
            start = System.nanoTime();
            if (arrays) {
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO day_customer SELECT d, u, 1"
                        + " FROM UNNEST(CAST(? AS DATE ARRAY), CAST(? AS VARCHAR ARRAY)) AS t(d, u)")) {
                    for (int from = 0; from < orders; from += BATCH) {
                        int n = Math.min(BATCH, orders - from);
                        LocalDate[] days = new LocalDate[n];
                        String[] users = new String[n];
                        for (int i = 0; i < n; i++) {
                            days[i] = customerDay(from + i, perDay);
                            users[i] = customerId(from + i, perDay);
                        }
                        insert.setObject(1, days);
                        insert.setObject(2, users);
                        insert.executeUpdate();
                    }
                }
            } else {
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO day_customer (order_date, user_id, orders) VALUES (?, ?, ?)")) {
                    for (int c = 0; c < orders; c++) {
                        insert.setObject(1, customerDay(c, perDay));
                        insert.setString(2, customerId(c, perDay));
                        insert.setLong(3, 1);
                        batch(insert, c);
                    }
                    insert.executeBatch();
                }
            }
            seconds[2] = seconds(start);
            start = System.nanoTime();
            connection.commit();
            if (writeDelay > 0) {
                connection.setAutoCommit(true);
                try (Statement set = connection.createStatement()) {
                    set.execute("SET WRITE_DELAY 0");
                    set.execute("CHECKPOINT");
                }
            }
            seconds[3] = seconds(start);
        }
        return seconds;
    }

    /** The state's SQL tables as the store had them before {@link H2StateMaps}. */
    private static void createSqlTables(Statement ddl) throws SQLException {
        ddl.execute("CREATE TABLE order_state (order_id VARCHAR PRIMARY KEY, entity VARBINARY NOT NULL,"
                + " updated_by_run VARCHAR(128) NOT NULL)");
        ddl.execute("CREATE TABLE item_order (item_id VARCHAR PRIMARY KEY, order_id VARCHAR NOT NULL)");
        ddl.execute("CREATE TABLE day_customer (order_date DATE NOT NULL, user_id VARCHAR NOT NULL,"
                + " orders BIGINT NOT NULL, PRIMARY KEY (order_date, user_id))");
    }

    /** What the store does now: {@link H2StateMaps}' puts, each with its undo, then the undo dropped. */
    private static double[] stateMaps(Path database, int orders) {
        double[] seconds = new double[4];
        int perDay = Math.max(1, orders / 30);
        byte[] entity = entity();
        try (H2StateMaps maps = H2StateMaps.open(database, run -> false)) {
            maps.begin("floor");
            long start = System.nanoTime();
            for (int o = 0; o < orders; o++) {
                maps.putEntity(orderId(o), entity);
            }
            seconds[0] = seconds(start);
            start = System.nanoTime();
            for (int i = 0; i < orders * 5 / 2; i++) {
                maps.putItemOrder(itemId(i), itemOrder(i));
            }
            seconds[1] = seconds(start);
            start = System.nanoTime();
            for (int c = 0; c < orders; c++) {
                maps.putCustomer(new org.ecomkpi.kpi.DayCustomer(customerDay(c, perDay), customerId(c, perDay)), 1L);
            }
            seconds[2] = seconds(start);
            start = System.nanoTime();
            maps.commit();
            maps.finish("floor");
            seconds[3] = seconds(start);
        }
        return seconds;
    }

    private static double[] mvStore(Path database, int orders, boolean transactional) {
        double[] seconds = new double[4];
        int perDay = Math.max(1, orders / 30);
        byte[] entity = entity();
        MVStore store = transactional
                ? new MVStore.Builder().fileName(database + ".state.mv").open()
                : new MVStore.Builder().fileName(database + ".state.mv").autoCommitDisabled().open();
        boolean closed = false;
        try {
            Transaction transaction = null;
            Map<String, byte[]> orderState;
            Map<String, String> itemOrder;
            Map<String, Long> dayCustomer;
            if (transactional) {
                TransactionStore transactions = new TransactionStore(store);
                transactions.init();
                transaction = transactions.begin();
                TransactionMap<String, byte[]> o = transaction.openMap("order_state");
                TransactionMap<String, String> i = transaction.openMap("item_order");
                TransactionMap<String, Long> c = transaction.openMap("day_customer");
                orderState = o;
                itemOrder = i;
                dayCustomer = c;
            } else {
                MVMap<String, byte[]> o = store.openMap("order_state");
                MVMap<String, String> i = store.openMap("item_order");
                MVMap<String, Long> c = store.openMap("day_customer");
                orderState = o;
                itemOrder = i;
                dayCustomer = c;
            }
            long start = System.nanoTime();
            for (int o = 0; o < orders; o++) {
                orderState.put(orderId(o), entity);
            }
            seconds[0] = seconds(start);
            start = System.nanoTime();
            for (int i = 0; i < orders * 5 / 2; i++) {
                itemOrder.put(itemId(i), itemOrder(i));
            }
            seconds[1] = seconds(start);
            start = System.nanoTime();
            for (int c = 0; c < orders; c++) {
                dayCustomer.put(customerDay(c, perDay) + "/" + customerId(c, perDay), 1L);
            }
            seconds[2] = seconds(start);
            start = System.nanoTime();
            if (transaction != null) {
                transaction.commit();
            }
            store.commit();
            store.close(); // the file written whole, as a connection's commit leaves it
            closed = true;
            seconds[3] = seconds(start);
        } finally {
            if (!closed) {
                store.close();
            }
        }
        return seconds;
    }

    private static void batch(PreparedStatement insert, int row) throws SQLException {
        insert.addBatch();
        if (row % BATCH == BATCH - 1) {
            insert.executeBatch();
        }
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
