package org.ecomkpi.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

import org.ecomkpi.kpi.KpiLedger;
import org.ecomkpi.kpi.VersionBatch;
import org.ecomkpi.process.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2KpiStoreTest extends KpiStoreContract {

    @TempDir
    Path temp;

    private int created;

    @Override
    protected KpiStore newEmptyStore() {
        return KpiStore.at("h2:" + temp.resolve("store-" + created++));
    }

    @Test
    void anH2SpecCreatesTheDatabaseFileAtThePath() {
        Path path = temp.resolve("nested/folder/store");

        try (KpiStore opened = KpiStore.at("h2:" + path)) {
            assertEquals("h2:" + path, opened.spec());
        }

        assertTrue(Files.exists(temp.resolve("nested/folder/store.mv.db")));
    }

    @Test
    void theLargestPricesValidationAcceptsMergeAndReadBackExactly() {
        // 12 digits before the point and 6 after (SPEC 3, BAD_NUMBER) on each of 10,000 items, in two runs
        String largest = "999999999999.999999";
        java.time.LocalDate day = java.time.LocalDate.parse("2025-03-30");
        KpiLedger ledger = new KpiLedger();
        for (int run = 0; run < 2; run++) {
            VersionBatch versions = new VersionBatch();
            for (int o = 0; o < 50; o++) {
                String orderId = "r" + run + "-o" + o;
                versions.add(new org.ecomkpi.kpi.OrderFact(orderId, day, "u" + o, false));
                for (int i = 0; i < 100; i++) {
                    versions.add(item(orderId + "-i" + i, orderId, "Jewelry", largest, null));
                }
            }
            ledger.apply(versions);
            assertTrue(store.applyRun("r" + run, versions));
        }

        BigDecimal exact = new BigDecimal(largest).multiply(BigDecimal.valueOf(10_000)); // 9999999999999999.990000
        assertEquals(new BigDecimal("9999999999999999.99"), store.orderKpis(Optional.empty()).get(0).totalRevenue());
        assertEquals(exact.setScale(2, java.math.RoundingMode.HALF_UP), store.orderKpis(Optional.empty()).get(0).totalRevenue());
        assertEquals(ledger.orderKpis(), store.orderKpis(Optional.empty()));
        assertEquals(ledger.categoryKpis(), store.categoryKpis(Optional.empty(), Optional.empty()));
        assertEquals(new BigDecimal("9999999999999999.99"),
                store.categoryKpis(Optional.empty(), Optional.empty()).get(0).dailyRevenue());
    }

    @Test
    void kpisSurviveClosingAndReopening() {
        VersionBatch run = SyntheticRun.overSharedKeys("r1", 1, 100).versions();
        store.applyRun("r1", run);
        store.close();

        store = KpiStore.at("h2:" + temp.resolve("store-0"));

        assertEquals(SyntheticRun.alone(run).orderKpis(), store.orderKpis(Optional.empty()));
        assertTrue(store.isApplied("r1"));
    }

    @Test
    void anUnknownOrIncompleteSpecIsRefusedNamingIt() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> KpiStore.at("postgres://db"));
        IllegalArgumentException noPath = assertThrows(IllegalArgumentException.class, () -> KpiStore.at("h2:"));

        assertTrue(unknown.getMessage().contains("'postgres://db'"), unknown.getMessage());
        assertTrue(noPath.getMessage().contains("'h2:'"), noPath.getMessage());
    }

    @Test
    void aFileThatIsNotAnH2DatabaseFailsNamingTheStore() throws Exception {
        Path path = temp.resolve("garbage");
        Files.writeString(temp.resolve("garbage.mv.db"), "this is not a database, just some text ".repeat(200));

        StoreException failed = assertThrows(StoreException.class, () -> KpiStore.at("h2:" + path).close());

        assertTrue(failed.getMessage().contains("h2:" + path), failed.getMessage());
    }

    @Test
    void theTablesCarryTheSpecNamesAndAttributesForOtherTools() throws Exception {
        store.applyRun("r1", SyntheticRun.overSharedKeys("r1", 1, 100).versions());
        String url = ((H2KpiStore) store).jdbcUrl();

        try (Connection connection = DriverManager.getConnection(url, H2KpiStore.USER, "");
             Statement select = connection.createStatement()) {
            try (ResultSet row = select.executeQuery("SELECT order_date, total_orders, total_revenue,"
                    + " total_items_sold, return_rate, unique_customers FROM order_kpi_table ORDER BY order_date")) {
                assertTrue(row.next());
                assertEquals(store.orderKpis(Optional.empty()).get(0).totalRevenue(), row.getBigDecimal(3));
            }
            try (ResultSet row = select.executeQuery("SELECT category, order_date, daily_revenue, avg_order_value,"
                    + " avg_return_rate FROM category_kpi_table WHERE category = 'Jeans' ORDER BY order_date")) {
                assertTrue(row.next());
                assertEquals(2, row.getBigDecimal(3).scale());
                assertEquals(new BigDecimal("0.0001").scale(), row.getBigDecimal(5).scale());
            }
        }
    }

    @Test
    void aFlippedByteInAStoredKpiStateFailsTheNextApplyNamingTableAndKey() throws Exception {
        store.applyRun("r1", SyntheticRun.overSharedKeys("r1", 1, 100).versions());
        String flipped = flipAByteOfTheFirstRow("order_kpi_table", "order_date", "kpi_state").toString();

        RuntimeException failed = assertThrows(RuntimeException.class,
                () -> store.applyRun("r2", SyntheticRun.overSharedKeys("r2", 2, 100).versions()));

        CorruptStateException corrupt = corruptCause(failed);
        assertTrue(corrupt.getMessage().startsWith("order_kpi_table holds a corrupt state at key " + flipped + ": "
                + "order-day state is corrupt"), corrupt.getMessage());
        assertFalse(store.isApplied("r2"));
    }

    @Test
    void aFlippedByteInAStoredOrderEntityFailsTheNextApplyNamingTableAndKey() throws Exception {
        store.applyRun("r1", SyntheticRun.overSharedKeys("r1", 1, 100).versions());
        H2StateMaps maps = ((H2KpiStore) store).stateMaps();
        String flipped = maps.firstOrderId();
        byte[] bytes = maps.entity(flipped).clone();
        bytes[bytes.length / 2] ^= 0x01;
        maps.overwriteEntity(flipped, bytes);
        // the same orders again, as a corrected upload: every stored entity is read back

        RuntimeException failed = assertThrows(RuntimeException.class,
                () -> store.applyRun("r2", SyntheticRun.overSharedKeys("r1", 1, 100).versions()));

        CorruptStateException corrupt = corruptCause(failed);
        assertTrue(corrupt.getMessage().startsWith("order_state holds a corrupt state at key " + flipped + ": "
                + "order entity state is corrupt"), corrupt.getMessage());
    }

    private Object flipAByteOfTheFirstRow(String table, String key, String column) throws Exception {
        try (Connection connection = DriverManager.getConnection(((H2KpiStore) store).jdbcUrl(), H2KpiStore.USER, "");
             Statement select = connection.createStatement();
             ResultSet row = select.executeQuery("SELECT " + key + ", " + column + " FROM " + table
                     + " ORDER BY " + key + " LIMIT 1")) {
            assertTrue(row.next());
            Object at = row.getObject(1);
            byte[] bytes = row.getBytes(2);
            bytes[bytes.length / 2] ^= 0x01;
            try (PreparedStatement update = connection.prepareStatement("UPDATE " + table + " SET " + column
                    + " = ? WHERE " + key + " = ?")) {
                update.setBytes(1, bytes);
                update.setObject(2, at);
                assertEquals(1, update.executeUpdate());
            }
            return at;
        }
    }

    static CorruptStateException corruptCause(Throwable failed) {
        for (Throwable cause = failed; cause != null; cause = cause.getCause()) {
            if (cause instanceof CorruptStateException corrupt) {
                return corrupt;
            }
        }
        throw new AssertionError("no CorruptStateException in the chain", failed);
    }

    @Test
    void aSecondProcessIsRefusedClearlyWhileOneHoldsTheStoreAndTakesOverOnceItIsClosed() throws Exception {
        Path path = temp.resolve("store-0");
        VersionBatch ours = SyntheticRun.overSharedKeys("parent-1", 11, 200).versions();
        store.applyRun("parent-1", ours);

        ChildJvm.Result refused = applyInAnotherProcess(path, "child-1");
        assertTrue(refused.exitCode() != 0, refused.output());
        assertTrue(refused.output().contains("in use"), refused.output());

        store.close();
        ChildJvm.Result applied = applyInAnotherProcess(path, "child-1", "child-2");
        assertEquals(0, applied.exitCode(), applied.output());
        assertEquals("applied child-1 true\napplied child-2 true\n", applied.output());

        KpiLedger expected = SyntheticRun.merged(List.of(ours,
                ApplyInAnotherProcess.contribution("child-1"), ApplyInAnotherProcess.contribution("child-2")));
        try (KpiStore reopened = KpiStore.at("h2:" + path)) {
            assertEquals(expected.orderKpis(), reopened.orderKpis(Optional.empty()));
            assertEquals(expected.categoryKpis(), reopened.categoryKpis(Optional.empty(), Optional.empty()));
        }
    }

    private static ChildJvm.Result applyInAnotherProcess(Path path, String... runs) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of(path.toString()));
        args.addAll(List.of(runs));
        return ChildJvm.main(ApplyInAnotherProcess.class, args.toArray(String[]::new))
                .timeout(java.time.Duration.ofSeconds(60)).run();
    }
}
