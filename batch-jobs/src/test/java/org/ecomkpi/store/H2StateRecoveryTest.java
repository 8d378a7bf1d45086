package org.ecomkpi.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.ecomkpi.kpi.ItemVersion;
import org.ecomkpi.kpi.KpiLedger;
import org.ecomkpi.kpi.OrderFact;
import org.ecomkpi.kpi.VersionBatch;
import org.ecomkpi.process.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The H2 store's state file ({@link H2StateMaps}) across a process that dies in a merge, and a store whose state is
 * still in the SQL tables of earlier versions.
 */
class H2StateRecoveryTest {
    private static final int SLICE = 50;
    private static final List<String> MAPS = List.of("order_state", "item_order", "day_customer");

    @TempDir
    Path temp;

    static VersionBatch first() {
        return SyntheticRun.overSharedKeys("r1", 1, 300).versions();
    }

    /** New orders, and changes of the first run's: orders re-sent with other dates and customers, items moved. */
    static VersionBatch second() {
        VersionBatch first = first();
        VersionBatch second = SyntheticRun.overSharedKeys("r2", 2, 300).versions();
        List<OrderFact> orders = new ArrayList<>(first.orders().values());
        for (int i = 0; i < orders.size(); i += 3) {
            OrderFact o = orders.get(i);
            second.add(new OrderFact(o.orderId(), SyntheticRun.DATES.get(i / 3 % 3), "user-" + i % 11, !o.returned()));
        }
        int n = 0;
        for (ItemVersion item : first.items().values()) {
            if (n++ % 4 == 0) {
                second.add(new ItemVersion(item.itemId(), "r2-" + n % 300, "Jeans", item.salePrice(), Optional.of(true)));
            }
        }
        return second;
    }

    @Test
    void aProcessKilledAnywhereInAMergeLeavesNothingOfItsRunAndTheRunAppliesAfterwards() throws Exception {
        KpiLedger afterBoth = SyntheticRun.merged(List.of(first(), second()));
        int checks;
        List<List<String>> stateAfterBoth;
        try (H2KpiStore counted = H2KpiStore.open(temp.resolve("counted"), SLICE)) {
            counted.applyRun("r1", first());
            KpiStoreContract.StopAtCheck never = new KpiStoreContract.StopAtCheck(Integer.MAX_VALUE);
            assertTrue(counted.applyRun(new RunContribution("r2", second(), List.of(), List.of()), never));
            checks = never.checks;
            stateAfterBoth = state(counted);
        }
        Path path = temp.resolve("store");
        List<List<String>> stateAfterFirst;
        try (H2KpiStore store = H2KpiStore.open(path, SLICE)) {
            store.applyRun("r1", first());
            stateAfterFirst = state(store);
        }
        assertFalse(stateAfterFirst.equals(stateAfterBoth), "the second run changes the state");

        for (int haltAt : List.of(checks / 3, 2 * checks / 3, checks)) {
            ChildJvm.Result child = ChildJvm.main(HaltMidMerge.class, path.toString(), String.valueOf(SLICE),
                    String.valueOf(haltAt)).run();

            assertEquals(137, child.exitCode(), child.output());
            assertTrue(child.out().startsWith("halting at check " + haltAt), child.output());
            assertTrue(undoPieces(path) > 0, "halted at check " + haltAt + " of " + checks
                    + " after writes of the run were committed to the state file, with their undo");
            try (H2KpiStore reopened = H2KpiStore.open(path, SLICE)) {
                assertFalse(reopened.isApplied("r2"));
                assertEquals(stateAfterFirst, state(reopened), "halted at check " + haltAt);
                assertEquals(SyntheticRun.alone(first()).orderKpis(), reopened.orderKpis(Optional.empty()));
                assertEquals(0, undoPieces(path), "the roll-back dropped the undo");
            }
        }

        try (H2KpiStore store = H2KpiStore.open(path, SLICE)) {
            assertTrue(store.applyRun(new RunContribution("r2", second(), List.of(), List.of())));
            assertEquals(stateAfterBoth, state(store));
            assertEquals(afterBoth.orderKpis(), store.orderKpis(Optional.empty()));
            assertEquals(afterBoth.categoryKpis(), store.categoryKpis(Optional.empty(), Optional.empty()));
        }
    }

    @Test
    void aStoreWithItsStateInTheOldSqlTablesMovesItToTheStateFileOnOpen() throws Exception {
        KpiLedger afterBoth = SyntheticRun.merged(List.of(first(), second()));
        List<List<String>> stateAfterFirst;
        List<List<String>> stateAfterBoth;
        try (H2KpiStore reference = H2KpiStore.open(temp.resolve("reference"), SLICE)) {
            reference.applyRun("r1", first());
            stateAfterFirst = state(reference);
            reference.applyRun("r2", second());
            stateAfterBoth = state(reference);
        }
        Path path = temp.resolve("old");
        List<Object[]> entities = new ArrayList<>();
        List<Object[]> items = new ArrayList<>();
        List<Object[]> customers = new ArrayList<>();
        try (H2KpiStore store = H2KpiStore.open(path, SLICE)) {
            store.applyRun("r1", first());
            store.stateMaps().forEach("order_state", (k, v) -> entities.add(new Object[] {k, v}));
            store.stateMaps().forEach("item_order", (k, v) -> items.add(new Object[] {k, v}));
            store.stateMaps().forEach("day_customer", (k, v) -> customers.add(new Object[] {k, v}));
        }
        // the store as an earlier version left it: the state in SQL tables, no state file
        Files.delete(H2StateMaps.fileOf(path));
        try (Connection connection = DriverManager.getConnection(H2KpiStore.jdbcUrl(path), H2KpiStore.USER, "");
             Statement ddl = connection.createStatement()) {
            ddl.execute("DROP TABLE kpi_state_file");
            ddl.execute("CREATE TABLE order_state (order_id VARCHAR PRIMARY KEY, entity VARBINARY NOT NULL,"
                    + " updated_by_run VARCHAR(128) NOT NULL)");
            ddl.execute("CREATE TABLE item_order (item_id VARCHAR PRIMARY KEY, order_id VARCHAR NOT NULL)");
            ddl.execute("CREATE TABLE day_customer (order_date DATE NOT NULL, user_id VARCHAR NOT NULL,"
                    + " orders BIGINT NOT NULL, PRIMARY KEY (order_date, user_id))");
            insert(connection, "INSERT INTO order_state VALUES (?, ?, 'r1')", entities);
            insert(connection, "INSERT INTO item_order VALUES (?, ?)", items);
            List<Object[]> rows = new ArrayList<>();
            for (Object[] c : customers) {
                var key = H2StateMaps.customerOf((String) c[0]);
                rows.add(new Object[] {key.orderDate(), key.userId(), c[1]});
            }
            insert(connection, "INSERT INTO day_customer VALUES (?, ?, ?)", rows);
        }

        try (H2KpiStore opened = H2KpiStore.open(path, SLICE)) {
            assertEquals(stateAfterFirst, state(opened));
            try (Connection connection = DriverManager.getConnection(opened.jdbcUrl(), H2KpiStore.USER, "");
                 ResultSet tables = connection.createStatement().executeQuery("SELECT COUNT(*) FROM"
                         + " INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME IN ('ORDER_STATE', 'ITEM_ORDER', 'DAY_CUSTOMER')")) {
                assertTrue(tables.next());
                assertEquals(0, tables.getInt(1), "the old tables are dropped once moved");
            }
            assertTrue(opened.applyRun("r2", second()));
            assertEquals(stateAfterBoth, state(opened));
            assertEquals(afterBoth.orderKpis(), opened.orderKpis(Optional.empty()));
            assertEquals(afterBoth.categoryKpis(), opened.categoryKpis(Optional.empty(), Optional.empty()));
        }
    }

    @Test
    void aDatabaseOpenedWithAnotherStoresStateFileOrWithoutItsOwnIsRefused() throws Exception {
        Path path = temp.resolve("store");
        Path other = temp.resolve("other");
        try (H2KpiStore store = H2KpiStore.open(path, SLICE); H2KpiStore second = H2KpiStore.open(other, SLICE)) {
            store.applyRun("r1", first());
            second.applyRun("r1", first());
        }
        Files.move(H2StateMaps.fileOf(path), temp.resolve("kept.state.mv"));

        StoreException missing = org.junit.jupiter.api.Assertions.assertThrows(StoreException.class,
                () -> H2KpiStore.open(path, SLICE).close());
        assertTrue(missing.getMessage().contains("its state file " + H2StateMaps.fileOf(path)
                + " is missing or was replaced"), missing.getMessage());
        assertFalse(Files.exists(H2StateMaps.fileOf(path)), "the refused open left no state file of its own");

        Files.copy(H2StateMaps.fileOf(other), H2StateMaps.fileOf(path));
        StoreException foreign = org.junit.jupiter.api.Assertions.assertThrows(StoreException.class,
                () -> H2KpiStore.open(path, SLICE).close());
        assertTrue(foreign.getMessage().contains("belongs to another database"), foreign.getMessage());

        Files.delete(H2StateMaps.fileOf(path));
        Files.delete(Path.of(path + ".mv.db"));
        Files.move(temp.resolve("kept.state.mv"), H2StateMaps.fileOf(path));
        StoreException recreated = org.junit.jupiter.api.Assertions.assertThrows(StoreException.class,
                () -> H2KpiStore.open(path, SLICE).close());
        assertTrue(recreated.getMessage().contains("belongs to another database"), recreated.getMessage());
    }

    private static void insert(Connection connection, String sql, List<Object[]> rows) throws Exception {
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            for (Object[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    insert.setObject(i + 1, row[i]);
                }
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static List<List<String>> state(H2KpiStore store) {
        return MAPS.stream().map(map -> store.stateMaps().entries(map)).toList();
    }

    private static long undoPieces(Path database) throws Exception {
        Path folder = Path.of(database + ".state.undo");
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> pieces = Files.list(folder)) {
            return pieces.count();
        }
    }
}
