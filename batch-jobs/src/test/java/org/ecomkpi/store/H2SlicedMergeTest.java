package org.ecomkpi.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.ecomkpi.kpi.ItemVersion;
import org.ecomkpi.kpi.KpiLedger;
import org.ecomkpi.kpi.OrderFact;
import org.ecomkpi.kpi.VersionBatch;
import org.ecomkpi.process.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The H2 store merges a run larger than a slice slice by slice ({@link VersionSlices}): the same KPIs, the same
 * current orders and the same report as merging it whole, and within a heap the whole batch would not fit in.
 */
class H2SlicedMergeTest {

    @TempDir
    Path temp;

    @Test
    void aRunOfManyPartsMergedInSlicesOfSevenEqualsTheRunMergedWhole() {
        VersionBatch history = SyntheticRun.overSharedKeys("r1", 1, 400).versions();
        List<VersionBatch> parts = corrections(history);
        VersionBatch whole = new VersionBatch();
        parts.forEach(whole::addAll);
        KpiLedger expected = SyntheticRun.merged(List.of(history, whole));

        try (H2KpiStore sliced = H2KpiStore.open(temp.resolve("sliced"), 7);
             H2KpiStore unsliced = H2KpiStore.open(temp.resolve("unsliced"), Integer.MAX_VALUE)) {
            assertTrue(sliced.applyRun("r1", history));
            assertTrue(unsliced.applyRun("r1", history));
            assertTrue(sliced.applyRun(new RunContribution("r2", VersionParts.of(parts.size(), parts::get),
                    List.of(), List.of())));
            assertTrue(unsliced.applyRun("r2", whole));

            assertEquals(expected.orderKpis(), sliced.orderKpis(Optional.empty()));
            assertEquals(expected.categoryKpis(), sliced.categoryKpis(Optional.empty(), Optional.empty()));
            assertEquals(unsliced.orderKpis(Optional.empty()), sliced.orderKpis(Optional.empty()));
            assertEquals(unsliced.categoryKpis(Optional.empty(), Optional.empty()),
                    sliced.categoryKpis(Optional.empty(), Optional.empty()));
            List<String> orderIds = new ArrayList<>(history.orders().keySet());
            orderIds.addAll(whole.orders().keySet());
            assertEquals(unsliced.currentOrders(orderIds), sliced.currentOrders(orderIds));
            AppliedRun slicedRun = sliced.findApplied("r2").orElseThrow();
            AppliedRun unslicedRun = unsliced.findApplied("r2").orElseThrow();
            assertEquals(unslicedRun.orderDates(), slicedRun.orderDates());
            assertEquals(unslicedRun.categoryKeys(), slicedRun.categoryKeys());

            for (String table : List.of("order_state", "item_order", "day_customer")) {
                assertEquals(rows(unsliced, table), rows(sliced, table), table + " row for row");
            }

            assertEquals(false, sliced.applyRun(new RunContribution("r2", VersionParts.of(parts.size(), parts::get),
                    List.of(), List.of())), "a replayed sliced run changes nothing");
            assertEquals(expected.orderKpis(), sliced.orderKpis(Optional.empty()));
        }
    }

    @Test
    void aFailingSliceLeavesNothingOfTheRunBehind() {
        VersionBatch history = SyntheticRun.overSharedKeys("r1", 1, 100).versions();
        VersionBatch good = SyntheticRun.overSharedKeys("r2", 2, 100).versions();
        VersionBatch bad = new VersionBatch();
        // an item of an order that is neither in the run nor current: its slice fails after earlier slices wrote
        bad.add(new ItemVersion("zz-orphan/0", "zz-orphan", "Jeans", new BigDecimal("1.00"), Optional.empty()));
        try (H2KpiStore sliced = H2KpiStore.open(temp.resolve("sliced"), 10)) {
            sliced.applyRun("r1", history);
            List<VersionBatch> parts = List.of(good, bad);

            assertThrows(IllegalStateException.class, () -> sliced.applyRun(new RunContribution("r2",
                    VersionParts.of(parts.size(), parts::get), List.of(), List.of())));

            KpiLedger expected = SyntheticRun.alone(history);
            assertEquals(expected.orderKpis(), sliced.orderKpis(Optional.empty()));
            assertEquals(expected.categoryKpis(), sliced.categoryKpis(Optional.empty(), Optional.empty()));
            assertEquals(java.util.Set.of(), sliced.currentOrders(good.orders().keySet()));
            assertEquals(false, sliced.isApplied("r2"));
        }
    }

    @Test
    void aStopInTheMiddleOfALargeSlicedApplyRollsTheWholeRunBack() {
        int slice = 10_000; // some 21,000 versions: three slices
        VersionBatch history = SyntheticRun.overSharedKeys("r1", 1, 100).versions();
        VersionBatch large = SyntheticRun.overSharedKeys("r2", 2, 6_000).versions();
        RunContribution run = new RunContribution("r2", large, List.of(), List.of());
        KpiLedger expected = SyntheticRun.merged(List.of(history, large));
        List<String> tables = List.of("order_state", "item_order", "day_customer");
        int checks;
        List<List<String>> afterBoth = new ArrayList<>();
        try (H2KpiStore counted = H2KpiStore.open(temp.resolve("counted"), slice)) {
            counted.applyRun("r1", history);
            KpiStoreContract.StopAtCheck never = new KpiStoreContract.StopAtCheck(Integer.MAX_VALUE);
            assertTrue(counted.applyRun(run, never));
            checks = never.checks;
            tables.forEach(table -> afterBoth.add(rows(counted, table)));
        }
        int keys = large.orders().size() + large.items().size();
        assertTrue(checks >= keys / StoppableStateReader.KEYS_PER_CHECK,
                "asked at least once per 10,000 keys read or rows written: " + checks + " for " + keys + " versions");

        for (int stopAt : List.of(checks / 2, checks - 1)) { // early stops: KpiStoreContract
            try (H2KpiStore stopped = H2KpiStore.open(temp.resolve("stopped-" + stopAt), slice)) {
                stopped.applyRun("r1", history);
                List<List<String>> before = new ArrayList<>();
                tables.forEach(table -> before.add(rows(stopped, table)));

                ApplyStoppedException e = assertThrows(ApplyStoppedException.class,
                        () -> stopped.applyRun(run, new KpiStoreContract.StopAtCheck(stopAt)));

                assertEquals(false, e.committed(), "H2 has no commit point before its transaction's commit");
                assertEquals(false, stopped.isApplied("r2"), "stopped at check " + stopAt + " of " + checks);
                List<List<String>> after = new ArrayList<>();
                tables.forEach(table -> after.add(rows(stopped, table)));
                assertEquals(before, after, "the state as before the run, stopped at check " + stopAt);
                assertEquals(SyntheticRun.alone(history).orderKpis(), stopped.orderKpis(Optional.empty()));
                assertEquals(SyntheticRun.alone(history).categoryKpis(),
                        stopped.categoryKpis(Optional.empty(), Optional.empty()));

                assertTrue(stopped.applyRun(run), "applied again after the stop at check " + stopAt);
                assertEquals(expected.orderKpis(), stopped.orderKpis(Optional.empty()));
                assertEquals(expected.categoryKpis(), stopped.categoryKpis(Optional.empty(), Optional.empty()));
                List<List<String>> again = new ArrayList<>();
                tables.forEach(table -> again.add(rows(stopped, table)));
                assertEquals(afterBoth, again, "row for row as an apply never stopped");
            }
        }
    }

    @Test
    void aRunTooLargeForASmallHeapWholeMergesInSlicesWithinIt() throws Exception {
        int parts = 40;
        int ordersPerPart = 2_500;
        Path path = temp.resolve("big");

        // the store's own slice size for a 64 MiB heap (32,768 versions), not one chosen for the test
        ChildJvm.Result child = mergeInSmallHeap(path, parts, ordersPerPart, 0);

        assertEquals(0, child.exitCode(), child.output());
        assertTrue(child.output().startsWith("applied big true"), child.output());
        List<VersionBatch> all = new ArrayList<>();
        for (int part = 0; part < parts; part++) {
            all.add(MergeInSmallHeap.part(part, ordersPerPart));
        }
        KpiLedger expected = SyntheticRun.merged(all);
        try (KpiStore store = H2KpiStore.open(path)) {
            assertEquals(expected.orderKpis(), store.orderKpis(Optional.empty()));
            assertEquals(expected.categoryKpis(), store.categoryKpis(Optional.empty(), Optional.empty()));
        }
    }

    @Test
    void slicesAreAShareOfTheHeap() {
        assertEquals(32_768, H2KpiStore.sliceSize(64L << 20));
        assertEquals(262_144, H2KpiStore.sliceSize(512L << 20));
        assertEquals(3_145_728, H2KpiStore.sliceSize(6L << 30), "the default heap of a 24 GiB machine");
        assertEquals(10_000, H2KpiStore.sliceSize(8L << 20), "never slices of a handful of versions");
        assertEquals(4_000_000, H2KpiStore.sliceSize(Long.MAX_VALUE), "a heap without a limit");
    }

    /**
     * Three parts of corrections to {@code history}: re-sent orders on other dates, customers and returned states,
     * items moved to orders far away in id order (another slice), late items, new orders, and versions repeated in
     * later parts with other values (the first occurrence wins).
     */
    private static List<VersionBatch> corrections(VersionBatch history) {
        List<OrderFact> orders = new ArrayList<>(history.orders().values());
        List<ItemVersion> items = new ArrayList<>(history.items().values());
        List<VersionBatch> parts = List.of(new VersionBatch(), new VersionBatch(), new VersionBatch());
        for (int i = 0; i < orders.size(); i += 3) {
            OrderFact o = orders.get(i);
            LocalDate other = SyntheticRun.DATES.get((SyntheticRun.DATES.indexOf(o.orderDate()) + 1) % 3);
            parts.get(i % 2).add(new OrderFact(o.orderId(), other, "user-" + (i % 7), !o.returned()));
            parts.get(2).add(new OrderFact(o.orderId(), o.orderDate(), "late-user", o.returned())); // ignored
        }
        for (int i = 0; i < items.size(); i += 4) {
            ItemVersion item = items.get(i);
            String far = orders.get((orders.indexOf(history.orders().get(item.orderId())) + orders.size() / 2)
                    % orders.size()).orderId();
            parts.get(i % 3).add(new ItemVersion(item.itemId(), far, "Jeans", item.salePrice().add(BigDecimal.ONE),
                    Optional.of(true)));
            parts.get((i % 3 + 1) % 3 == 0 ? 1 : (i % 3 + 1)).add(new ItemVersion(item.itemId(), item.orderId(),
                    "Accessories", BigDecimal.ZERO, Optional.empty())); // a later part: ignored unless it is first
        }
        for (int i = 0; i < orders.size(); i += 5) {
            String orderId = orders.get(i).orderId();
            parts.get(i % 3).add(new ItemVersion(orderId + "/late", orderId, "Électronique", new BigDecimal("12.50"),
                    Optional.empty()));
        }
        VersionBatch fresh = SyntheticRun.overSharedKeys("r2", 2, 150).versions();
        int n = 0;
        for (OrderFact o : fresh.orders().values()) {
            parts.get(n++ % 3).add(o);
        }
        for (ItemVersion item : fresh.items().values()) {
            parts.get(n++ % 3).add(item); // an item may come in another part than its order
        }
        return parts;
    }

    private static ChildJvm.Result mergeInSmallHeap(Path path, int parts, int ordersPerPart, int sliceSize)
            throws Exception {
        return ChildJvm.main(MergeInSmallHeap.class, path.toString(), String.valueOf(parts),
                String.valueOf(ordersPerPart), String.valueOf(sliceSize))
                .longRunning().jvmFlags("-Xmx64m").timeout(java.time.Duration.ofMinutes(5)).run();
    }

    /** Every row of {@code table} but the run that wrote it, as text, in key order. */
    private static List<String> rows(H2KpiStore store, String table) {
        List<String> rows = store.stateMaps().entries(table);
        assertTrue(rows.size() > 0, table + " has rows");
        return rows;
    }
}
