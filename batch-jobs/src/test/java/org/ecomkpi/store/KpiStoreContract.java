package org.ecomkpi.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.ecomkpi.kpi.CategoryDay;
import org.ecomkpi.kpi.CategoryDayKpi;
import org.ecomkpi.kpi.ItemVersion;
import org.ecomkpi.kpi.KpiLedger;
import org.ecomkpi.kpi.VersionBatch;
import org.ecomkpi.kpi.OrderDayKpi;
import org.ecomkpi.kpi.OrderFact;
import org.ecomkpi.row.Product;
import org.ecomkpi.rules.ProductCatalogue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link KpiStore} must show, embedded or in the cloud. Implementations extend this class
 * and supply a fresh, empty store per test; the test closes it.
 */
public abstract class KpiStoreContract {
    private static final LocalDate MAR_29 = LocalDate.parse("2025-03-29");
    private static final LocalDate MAR_30 = LocalDate.parse("2025-03-30");
    private static final String SHA_A = "a".repeat(64);
    private static final String SHA_B = "b".repeat(64);
    private static final String SHA_C = "c".repeat(64);

    /** A new store holding no KPIs, products, runs or file hashes; called once before each test. */
    protected abstract KpiStore newEmptyStore();

    protected KpiStore store;

    @BeforeEach
    void openEmptyStore() {
        store = newEmptyStore();
        assertEquals(List.of(), store.orderKpis(Optional.empty()), "the factory must supply an empty store");
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    // --- applying runs ------------------------------------------------------------------------------

    @Test
    void anAppliedRunsKpisAreReadBack() {
        VersionBatch run = SyntheticRun.overSharedKeys("r1", 1, 300).versions();

        assertTrue(store.applyRun("r1", run));

        assertEquals(SyntheticRun.alone(run).orderKpis(), store.orderKpis(Optional.empty()));
        assertEquals(SyntheticRun.alone(run).categoryKpis(), store.categoryKpis(Optional.empty(), Optional.empty()));
        assertEquals(3, store.orderKpis(Optional.empty()).size());
        assertEquals(12, store.categoryKpis(Optional.empty(), Optional.empty()).size());
    }

    @Test
    void applyingTheSameRunTwiceCountsItOnce() {
        VersionBatch run = SyntheticRun.overSharedKeys("r1", 1, 200).versions();
        assertTrue(store.applyRun("r1", run));

        assertFalse(store.applyRun("r1", run));
        assertFalse(store.applyRun("r1", SyntheticRun.overSharedKeys("r1", 2, 50).versions()),
                "a replay with other content changes nothing either");

        assertEquals(SyntheticRun.alone(run).orderKpis(), store.orderKpis(Optional.empty()));
        assertEquals(SyntheticRun.alone(run).categoryKpis(), store.categoryKpis(Optional.empty(), Optional.empty()));
    }

    @Test
    void runsTouchingTheSameKeysAddUpAsAnInMemoryMerge() {
        VersionBatch first = SyntheticRun.overSharedKeys("r1", 1, 300).versions();
        VersionBatch second = SyntheticRun.overSharedKeys("r2", 2, 250).versions();
        VersionBatch third = SyntheticRun.overSharedKeys("r3", 3, 5).versions();

        store.applyRun("r1", first);
        store.applyRun("r2", second);
        store.applyRun("r3", third);

        KpiLedger expected = SyntheticRun.merged(List.of(first, second, third));
        assertEquals(expected.orderKpis(), store.orderKpis(Optional.empty()));
        assertEquals(expected.categoryKpis(), store.categoryKpis(Optional.empty(), Optional.empty()));
    }

    @Test
    void applyingLeavesTheCallersContributionUnchanged() {
        VersionBatch first = SyntheticRun.overSharedKeys("r1", 1, 100).versions();
        VersionBatch second = SyntheticRun.overSharedKeys("r2", 2, 100).versions();
        List<OrderDayKpi> secondBefore = SyntheticRun.alone(second).orderKpis();

        store.applyRun("r1", first);
        store.applyRun("r2", second);

        assertEquals(secondBefore, SyntheticRun.alone(second).orderKpis());
        assertEquals(SyntheticRun.alone(SyntheticRun.overSharedKeys("r1", 1, 100).versions()).orderKpis(),
                SyntheticRun.alone(first).orderKpis());
    }

    @Test
    void concurrentAppliesOfDifferentRunsOnTheSameKeysAreAllCounted() throws Exception {
        int runs = 8;
        List<VersionBatch> contributions = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            contributions.add(SyntheticRun.overSharedKeys("run-" + r, r, 150).versions());
        }

        List<Boolean> applied = inParallel(4, runs, r -> store.applyRun("run-" + r, contributions.get(r)));

        assertEquals(java.util.Collections.nCopies(runs, true), applied);
        KpiLedger expected = SyntheticRun.merged(contributions);
        assertEquals(expected.orderKpis(), store.orderKpis(Optional.empty()));
        assertEquals(expected.categoryKpis(), store.categoryKpis(Optional.empty(), Optional.empty()));
    }

    @Test
    void concurrentAppliesOfTheSameRunCountItOnce() throws Exception {
        VersionBatch run = SyntheticRun.overSharedKeys("r1", 1, 200).versions();

        List<Boolean> applied = inParallel(4, 4, i -> store.applyRun("r1", run));

        assertEquals(1, applied.stream().filter(Boolean::booleanValue).count(), "applied by exactly one call");
        assertEquals(SyntheticRun.alone(run).orderKpis(), store.orderKpis(Optional.empty()));
        assertEquals(SyntheticRun.alone(run).categoryKpis(), store.categoryKpis(Optional.empty(), Optional.empty()));
    }

    @Test
    void isAppliedTellsWhichRunsWereApplied() {
        store.applyRun("r1", SyntheticRun.overSharedKeys("r1", 1, 10).versions());

        assertTrue(store.isApplied("r1"));
        assertFalse(store.isApplied("r2"));
    }

    @Test
    void aRunWithNoRowsIsStillRememberedAsApplied() {
        assertTrue(store.applyRun("empty-run", new VersionBatch()));

        assertTrue(store.isApplied("empty-run"));
        assertFalse(store.applyRun("empty-run", SyntheticRun.overSharedKeys("empty-run", 1, 10).versions()));
        assertEquals(List.of(), store.orderKpis(Optional.empty()));
    }

    @Test
    void kpiValuesAreExactDecimalsRoundedAsTheSpecSays() {
        VersionBatch run = new VersionBatch();
        run.add(new OrderFact("o1", MAR_30, "u1", false));
        run.add(new OrderFact("o2", MAR_30, "u2", true));
        run.add(new OrderFact("o3", MAR_30, "u1", false));
        run.add(item("i1", "o1", "Jeans", "0.1", false));
        run.add(item("i2", "o1", "Jeans", "0.2", true));
        run.add(item("i3", "o2", "Jeans", "0.005", null));
        run.add(item("i4", "o3", "Jeans", "10.00", false));

        store.applyRun("r1", run);

        assertEquals(List.of(new OrderDayKpi(MAR_30, 3, new BigDecimal("10.31"), 4, new BigDecimal("0.3333"), 2)),
                store.orderKpis(Optional.empty()));
        // 10.305 / 3 orders = 3.435 -> 3.44 (half-up); 2 of 4 items returned
        assertEquals(List.of(new CategoryDayKpi("Jeans", MAR_30, new BigDecimal("10.31"), new BigDecimal("3.44"),
                new BigDecimal("0.5000"))), store.categoryKpis(Optional.empty(), Optional.empty()));
    }

    @Test
    void exactRevenueIsCarriedAcrossRunsNotTheRoundedValue() {
        VersionBatch first = new VersionBatch();
        first.add(new OrderFact("o1", MAR_30, "u1", false));
        first.add(item("i1", "o1", "Jeans", "0.004", null));
        VersionBatch second = new VersionBatch();
        second.add(new OrderFact("o2", MAR_30, "u2", false));
        second.add(item("i2", "o2", "Jeans", "0.004", null));

        store.applyRun("r1", first);
        store.applyRun("r2", second);

        // 0.004 + 0.004 = 0.008 -> 0.01; adding the rounded 0.00 + 0.00 would give 0.00
        assertEquals(new BigDecimal("0.01"), store.orderKpis(Optional.empty()).get(0).totalRevenue());
    }

    /** Distinct customers a Theta sketch of 16,384 nominal entries (the store's first design) counts exactly. */
    private static final int SKETCH_EXACT_UP_TO = 16_384;

    /**
     * Distinct customers of the one date of {@link #uniqueCustomersStayExactAcrossRunsAtAnyScale()}: 30,000 unless a
     * slow store takes fewer. Any number above {@link #SKETCH_EXACT_UP_TO} proves the count exact where a sketch is
     * not: the union of the runs' Theta sketches keeps only that many hashes and estimates beyond them, and HLL or CPC
     * sketches stop being exact far below.
     */
    protected int customersBeyondASketch() {
        return 30_000;
    }

    @Test
    void uniqueCustomersStayExactAcrossRunsAtAnyScale() {
        int customers = customersBeyondASketch();
        assertTrue(customers > SKETCH_EXACT_UP_TO, customers + " customers are within a sketch's exact range");
        VersionBatch first = customersOn(MAR_30, "r1", 0, customers / 2);
        VersionBatch second = customersOn(MAR_30, "r2", customers / 3, customers); // a sixth in both runs

        store.applyRun("r1", first);
        store.applyRun("r2", second);

        assertEquals(customers, store.orderKpis(Optional.of(MAR_30)).get(0).uniqueCustomers());
    }

    // --- orders change (SPEC section 5) ----------------------------------------------------------------

    private static final LocalDate MAR_28 = LocalDate.parse("2025-03-28");

    private static VersionBatch versions(Object... rows) {
        VersionBatch batch = new VersionBatch();
        for (Object row : rows) {
            if (row instanceof OrderFact order) {
                batch.add(order);
            } else {
                batch.add((ItemVersion) row);
            }
        }
        return batch;
    }

    private OrderDayKpi storedDay(LocalDate date) {
        return store.orderKpis(Optional.of(date)).stream().findFirst().orElseThrow(
                () -> new AssertionError("no order_kpi_table row for " + date));
    }

    @Test
    void aLateReturnRaisesTheReturnRateOfTheOrdersDateWithoutCountingTheOrderTwice() {
        store.applyRun("r1", versions(new OrderFact("o1", MAR_30, "u1", false), new OrderFact("o2", MAR_30, "u2", false),
                item("i1", "o1", "Jeans", "10.00", null), item("i2", "o2", "Jeans", "5.00", false)));

        assertTrue(store.applyRun("r2", versions(new OrderFact("o1", MAR_30, "u1", true))));

        assertEquals(new OrderDayKpi(MAR_30, 2, new BigDecimal("15.00"), 2, new BigDecimal("0.5000"), 2), storedDay(MAR_30));
        assertEquals(List.of(new CategoryDayKpi("Jeans", MAR_30, new BigDecimal("15.00"), new BigDecimal("7.50"),
                new BigDecimal("0.5000"))), store.categoryKpis(Optional.empty(), Optional.empty()),
                "i1 has no own status and follows its order; i2 keeps its own");
    }

    @Test
    void aCorrectedCreatedAtMovesTheOrderWithItsItemsAndDeletesEmptiedRows() {
        store.applyRun("r1", versions(new OrderFact("o1", MAR_29, "u1", false), new OrderFact("o2", MAR_30, "u2", false),
                item("i1", "o1", "Jeans", "10.00", null), item("i2", "o2", "Shoes", "5.00", null)));

        store.applyRun("r2", versions(new OrderFact("o1", MAR_30, "u1", false)));

        assertEquals(List.of(MAR_30), store.orderKpis(Optional.empty()).stream().map(OrderDayKpi::orderDate).toList(),
                "March 29 lost its only order: its row is deleted");
        assertEquals(new OrderDayKpi(MAR_30, 2, new BigDecimal("15.00"), 2, new BigDecimal("0.0000"), 2), storedDay(MAR_30));
        assertEquals(List.of(new CategoryDay("Jeans", MAR_30), new CategoryDay("Shoes", MAR_30)),
                store.categoryKpis(Optional.empty(), Optional.empty()).stream().map(CategoryDayKpi::key).toList());
    }

    @Test
    void aCorrectedCustomerChangesUniqueCustomersExactly() {
        store.applyRun("r1", versions(new OrderFact("o1", MAR_30, "u1", false), new OrderFact("o2", MAR_30, "u1", false)));
        assertEquals(1, storedDay(MAR_30).uniqueCustomers());

        store.applyRun("r2", versions(new OrderFact("o2", MAR_30, "u2", false)));
        assertEquals(2, storedDay(MAR_30).uniqueCustomers());

        store.applyRun("r3", versions(new OrderFact("o2", MAR_29, "u2", false)));
        assertEquals(1, storedDay(MAR_30).uniqueCustomers());
        assertEquals(1, storedDay(MAR_29).uniqueCustomers());
    }

    @Test
    void aLateItemJoinsAnOrderMadeCurrentByAnEarlierRun() {
        store.applyRun("r1", versions(new OrderFact("o1", MAR_30, "u1", true), item("i1", "o1", "Jeans", "10.00", null)));
        assertEquals(java.util.Set.of("o1"), store.currentOrders(List.of("o1", "o2")));

        store.applyRun("r2", versions(item("i2", "o1", "Shoes", "2.50", null), item("i1", "o1", "Jeans", "12.00", null)));

        assertEquals(new OrderDayKpi(MAR_30, 1, new BigDecimal("14.50"), 2, new BigDecimal("1.0000"), 1), storedDay(MAR_30));
        assertEquals(List.of(new CategoryDay("Jeans", MAR_30), new CategoryDay("Shoes", MAR_30)),
                store.categoryKpis(Optional.empty(), Optional.empty()).stream().map(CategoryDayKpi::key).toList());
    }

    @Test
    void movingAnOrderAwayAndBackRestoresItsRowsExactly() {
        VersionBatch first = SyntheticRun.overSharedKeys("r1", 5, 200).versions();
        store.applyRun("r1", first);
        List<OrderDayKpi> orderRows = store.orderKpis(Optional.empty());
        List<CategoryDayKpi> categoryRows = store.categoryKpis(Optional.empty(), Optional.empty());
        OrderFact moved = first.orders().values().iterator().next();

        store.applyRun("r2", versions(new OrderFact(moved.orderId(), MAR_28.minusDays(1), moved.userId(), moved.returned())));
        store.applyRun("r3", versions(moved));

        assertEquals(orderRows, store.orderKpis(Optional.empty()));
        assertEquals(categoryRows, store.categoryKpis(Optional.empty(), Optional.empty()));
    }

    @Test
    void runsOfChangedVersionsEqualKpiLibsLedgerAfterEveryRun() {
        VersionBatch base = SyntheticRun.overSharedKeys("r0", 11, 300).versions();
        KpiLedger ledger = new KpiLedger();
        ledger.apply(base);
        store.applyRun("r0", base);
        java.util.Random random = new java.util.Random(11);
        List<OrderFact> orders = new ArrayList<>(base.orders().values());
        List<ItemVersion> items = new ArrayList<>(base.items().values());
        for (int r = 1; r <= 4; r++) {
            VersionBatch changes = new VersionBatch();
            for (int k = 0; k < 60; k++) {
                OrderFact o = orders.get(random.nextInt(orders.size()));
                changes.add(switch (random.nextInt(3)) {
                    case 0 -> new OrderFact(o.orderId(), o.orderDate(), o.userId(), !o.returned());
                    case 1 -> new OrderFact(o.orderId(), SyntheticRun.DATES.get(random.nextInt(3)), o.userId(), o.returned());
                    default -> new OrderFact(o.orderId(), o.orderDate(), "user-" + random.nextInt(70), o.returned());
                });
                ItemVersion i = items.get(random.nextInt(items.size()));
                changes.add(item(i.itemId(), i.orderId(), i.category(), Integer.toString(random.nextInt(500)),
                        random.nextBoolean() ? null : random.nextBoolean()));
                changes.add(item("late-" + r + "-" + k, o.orderId(), "Jeans", "1.25", null));
            }
            ledger.apply(changes);
            assertTrue(store.applyRun("r" + r, changes));
            orders = new ArrayList<>(java.util.stream.Stream.concat(orders.stream(), changes.orders().values().stream())
                    .collect(java.util.stream.Collectors.toMap(OrderFact::orderId, o -> o, (a, b) -> b)).values());
            assertEquals(ledger.orderKpis(), store.orderKpis(Optional.empty()), "after run r" + r);
            assertEquals(ledger.categoryKpis(), store.categoryKpis(Optional.empty(), Optional.empty()), "after run r" + r);
        }
    }

    @Test
    void concurrentRunsChangingTheSameOrdersEndAsIfAppliedOneAfterTheOther() throws Exception {
        VersionBatch base = SyntheticRun.overSharedKeys("r0", 3, 200).versions();
        store.applyRun("r0", base);
        VersionBatch returns = new VersionBatch();
        VersionBatch moves = new VersionBatch();
        for (OrderFact o : base.orders().values()) {
            returns.add(new OrderFact(o.orderId(), o.orderDate(), o.userId(), true));
            moves.add(new OrderFact(o.orderId(), MAR_28.minusDays(2), "mover", false));
        }

        List<Boolean> applied = inParallel(2, 2, r -> store.applyRun(r == 0 ? "returns" : "moves", r == 0 ? returns : moves));

        assertEquals(List.of(true, true), applied);
        KpiLedger returnsLast = SyntheticRun.merged(List.of(base, moves, returns));
        KpiLedger movesLast = SyntheticRun.merged(List.of(base, returns, moves));
        List<OrderDayKpi> stored = store.orderKpis(Optional.empty());
        assertTrue(stored.equals(returnsLast.orderKpis()) || stored.equals(movesLast.orderKpis()),
                "KPIs of one order of the two runs, not a mix: " + stored);
        assertEquals(stored.equals(movesLast.orderKpis()) ? movesLast.categoryKpis() : returnsLast.categoryKpis(),
                store.categoryKpis(Optional.empty(), Optional.empty()));
    }

    // --- reads --------------------------------------------------------------------------------------

    @Test
    void readsAreSortedByKeyAndFiltered() {
        VersionBatch run = SyntheticRun.overSharedKeys("r1", 7, 400).versions();
        store.applyRun("r1", run);

        List<OrderDayKpi> orders = store.orderKpis(Optional.empty());
        assertEquals(SyntheticRun.DATES, orders.stream().map(OrderDayKpi::orderDate).toList());
        assertEquals(List.of(orders.get(1)), store.orderKpis(Optional.of(MAR_29)));
        assertEquals(List.of(), store.orderKpis(Optional.of(LocalDate.parse("2024-01-01"))));

        List<CategoryDayKpi> categories = store.categoryKpis(Optional.empty(), Optional.empty());
        List<CategoryDay> keys = categories.stream().map(CategoryDayKpi::key).toList();
        assertEquals(keys.stream().sorted().toList(), keys);
        assertEquals("Accessories", keys.get(0).category());
        assertEquals("Électronique", keys.get(keys.size() - 1).category(), "sorted by String order, not locale");

        assertEquals(categories.stream().filter(k -> k.category().equals("Home & Kitchen")).toList(),
                store.categoryKpis(Optional.of("Home & Kitchen"), Optional.empty()));
        assertEquals(categories.stream().filter(k -> k.orderDate().equals(MAR_30)).toList(),
                store.categoryKpis(Optional.empty(), Optional.of(MAR_30)));
        assertEquals(categories.stream().filter(k -> k.key().equals(new CategoryDay("Jeans", MAR_29))).toList(),
                store.categoryKpis(Optional.of("Jeans"), Optional.of(MAR_29)));
        assertEquals(1, store.categoryKpis(Optional.of("Jeans"), Optional.of(MAR_29)).size());
        assertEquals(List.of(), store.categoryKpis(Optional.of("jeans"), Optional.empty()), "categories are exact");
    }

    // --- catalogue ----------------------------------------------------------------------------------

    @Test
    void aNewStoreHasAnEmptyCatalogue() {
        assertTrue(store.loadCatalogue().isEmpty());
    }

    @Test
    void upsertedProductsAreLoadedBackWithTheirOptionalFields() {
        Product full = product("1", "SKU-1", "19.90", "Home & Kitchen", "24.50", Optional.of("Kettle"));
        Product bare = new Product("2", "SKU-2", new BigDecimal("3"), "Jeans", new BigDecimal("9.99"),
                Optional.empty(), Optional.empty(), Optional.empty());

        store.upsertProducts(List.of(full, bare));

        ProductCatalogue catalogue = store.loadCatalogue();
        assertEquals(2, catalogue.size());
        assertSameProduct(full, catalogue.find("1").orElseThrow());
        assertSameProduct(bare, catalogue.find("2").orElseThrow());
    }

    @Test
    void upsertReplacesProductsByIdAndKeepsTheOthers() {
        store.upsertProducts(List.of(
                product("1", "SKU-1", "1.00", "Jeans", "2.00", Optional.empty()),
                product("2", "SKU-2", "1.00", "Jeans", "2.00", Optional.empty())));

        store.upsertProducts(List.of(
                product("2", "SKU-2b", "1.50", "Accessories", "2.50", Optional.of("renamed")),
                product("3", "SKU-3", "1.00", "Jeans", "2.00", Optional.empty())));

        ProductCatalogue catalogue = store.loadCatalogue();
        assertEquals(3, catalogue.size());
        assertEquals("SKU-1", catalogue.find("1").orElseThrow().sku());
        assertSameProduct(product("2", "SKU-2b", "1.50", "Accessories", "2.50", Optional.of("renamed")),
                catalogue.find("2").orElseThrow());
    }

    @Test
    void withinOneUpsertTheLaterProductOfAnIdWins() {
        store.upsertProducts(List.of(
                product("1", "old", "1.00", "Jeans", "2.00", Optional.empty()),
                product("1", "new", "1.00", "Jeans", "2.00", Optional.empty())));

        assertEquals("new", store.loadCatalogue().find("1").orElseThrow().sku());
    }

    @Test
    void anAppliedRunUpsertsItsProductsOnlyOnce() {
        Product fromRun = product("1", "from-run", "1.00", "Jeans", "2.00", Optional.empty());
        RunContribution run = new RunContribution("r1", new VersionBatch(), List.of(fromRun), List.of());
        store.applyRun(run);
        assertEquals("from-run", store.loadCatalogue().find("1").orElseThrow().sku());
        store.upsertProducts(List.of(product("1", "newer", "1.00", "Jeans", "2.00", Optional.empty())));

        assertFalse(store.applyRun(run), "a replay of an old run");

        assertEquals("newer", store.loadCatalogue().find("1").orElseThrow().sku());
    }

    // --- processed files ----------------------------------------------------------------------------

    @Test
    void filesOfAnAppliedRunAreRememberedByContent() {
        assertFalse(store.isProcessed(SHA_A));

        store.applyRun(new RunContribution("r1", SyntheticRun.overSharedKeys("r1", 1, 10).versions(), List.of(),
                List.of(new ProcessedFile(SHA_A, "runs/r1/input/orders/o.csv", "r1"),
                        new ProcessedFile(SHA_B, "runs/r1/input/order_items/i.csv", "r1"))));

        assertTrue(store.isProcessed(SHA_A));
        assertTrue(store.isProcessed(SHA_B.toUpperCase(java.util.Locale.ROOT)), "hex digits in any case");
        assertFalse(store.isProcessed(SHA_C));
        assertEquals(Optional.of(new ProcessedFile(SHA_B, "runs/r1/input/order_items/i.csv", "r1")),
                store.findProcessed(SHA_B));
    }

    @Test
    void theSameContentTwiceInOneRunIsRecordedOnce() {
        store.applyRun(new RunContribution("r1", new VersionBatch(), List.of(), List.of(
                new ProcessedFile(SHA_A, "runs/r1/input/orders/o.csv", "r1"),
                new ProcessedFile(SHA_A, "runs/r1/input/orders/copy-of-o.csv", "r1"))));

        assertEquals("runs/r1/input/orders/o.csv", store.findProcessed(SHA_A).orElseThrow().fileKey());
    }

    @Test
    void aRunHoldingContentAnotherRunCountedIsRefusedAndChangesNothing() {
        VersionBatch first = SyntheticRun.overSharedKeys("r1", 1, 50).versions();
        store.applyRun(new RunContribution("r1", first, List.of(),
                List.of(new ProcessedFile(SHA_A, "runs/r1/input/orders/o.csv", "r1"))));

        ContentAlreadyProcessedException refused = assertThrows(ContentAlreadyProcessedException.class,
                () -> store.applyRun(new RunContribution("r2", SyntheticRun.overSharedKeys("r2", 2, 50).versions(),
                        List.of(product("9", "SKU-9", "1", "Jeans", "2", Optional.empty())),
                        List.of(new ProcessedFile(SHA_B, "runs/r2/input/orders/new.csv", "r2"),
                                new ProcessedFile(SHA_A, "runs/r2/input/orders/same-again.csv", "r2")))));

        assertEquals(List.of(new ProcessedFile(SHA_A, "runs/r1/input/orders/o.csv", "r1")), refused.earlier());
        assertTrue(refused.getMessage().contains("runs/r1/input/orders/o.csv"), refused.getMessage());
        assertFalse(store.isApplied("r2"));
        assertFalse(store.isProcessed(SHA_B));
        assertTrue(store.loadCatalogue().isEmpty());
        assertEquals(SyntheticRun.alone(first).orderKpis(), store.orderKpis(Optional.empty()));
    }

    @Test
    void aStopAtAnyCheckOfAnApplyLeavesNothingHalfAppliedAndTheRunAppliesAfterwards() {
        VersionBatch first = SyntheticRun.overSharedKeys("r1", 1, 100).versions();
        VersionBatch second = SyntheticRun.overSharedKeys("r2", 2, 100).versions();
        store.applyRun("r1", first);
        List<OrderDayKpi> orderKpisBefore = store.orderKpis(Optional.empty());
        List<CategoryDayKpi> categoryKpisBefore = store.categoryKpis(Optional.empty(), Optional.empty());
        RunContribution run = new RunContribution("r2", second,
                List.of(product("9", "SKU-9", "1", "Jeans", "2", Optional.empty())),
                List.of(new ProcessedFile(SHA_B, "runs/r2/input/orders/o.csv", "r2")));

        // stop at the first check, then the second, ...: every point at which the apply asks
        int stops = 0;
        for (int stopAt = 1; ; stopAt++) {
            StopAtCheck stop = new StopAtCheck(stopAt);
            try {
                assertTrue(store.applyRun(run, stop));
                assertEquals(stopAt - 1, stop.checks, "the apply ran to its end after asking " + stop.checks + " times");
                break;
            } catch (ApplyStoppedException e) {
                stops++;
                assertTrue(stop.checks >= stopAt, stop.checks + " checks");
                assertTrue(e.getMessage().contains("run 'r2' stopped as asked"), e.getMessage());
                if (e.committed()) {
                    // past the commit point (DynamoDB's recorded plan): the next apply finishes it, once
                    assertTrue(store.applyRun(run), "the run's own recorded plan finished by applying it again");
                    break;
                }
                assertFalse(store.isApplied("r2"), "stopped at check " + stopAt);
                assertFalse(store.isProcessed(SHA_B), "stopped at check " + stopAt);
                assertTrue(store.loadCatalogue().find("9").isEmpty(), "stopped at check " + stopAt);
                assertEquals(orderKpisBefore, store.orderKpis(Optional.empty()), "stopped at check " + stopAt);
                assertEquals(categoryKpisBefore, store.categoryKpis(Optional.empty(), Optional.empty()),
                        "stopped at check " + stopAt);
            }
        }
        assertTrue(stops >= 6, "asked before its reads, between them and between its writes: " + stops);
        KpiLedger expected = SyntheticRun.merged(List.of(first, second));
        assertEquals(expected.orderKpis(), store.orderKpis(Optional.empty()));
        assertEquals(expected.categoryKpis(), store.categoryKpis(Optional.empty(), Optional.empty()));
        assertTrue(store.isProcessed(SHA_B));
        assertTrue(store.loadCatalogue().find("9").isPresent());
        assertFalse(store.applyRun(run), "applied once");
    }

    /** Asks to stop from its {@code stopAt}-th check on (a stop, once asked, stays asked), counting the checks. */
    static final class StopAtCheck implements ApplyStop {
        private final int stopAt;
        int checks;

        StopAtCheck(int stopAt) {
            this.stopAt = stopAt;
        }

        @Override
        public synchronized boolean requested() {
            return ++checks >= stopAt;
        }
    }

    @Test
    void aDigestThatIsNotSha256IsRefused() {
        assertThrows(IllegalArgumentException.class, () -> store.isProcessed("abc"));
        assertThrows(IllegalArgumentException.class, () -> store.isProcessed("g".repeat(64)));
    }

    // --- helpers ------------------------------------------------------------------------------------

    protected interface Indexed<T> {
        T call(int index) throws Exception;
    }

    /** Runs {@code tasks} calls on {@code threads} threads, all released at once; results in task order. */
    protected static <T> List<T> inParallel(int threads, int tasks, Indexed<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < tasks; i++) {
                int index = i;
                Callable<T> call = () -> {
                    start.await();
                    return task.call(index);
                };
                futures.add(pool.submit(call));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(120, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static VersionBatch customersOn(LocalDate date, String runId, int fromCustomer, int toCustomer) {
        VersionBatch kpis = new VersionBatch();
        for (int c = fromCustomer; c < toCustomer; c++) {
            kpis.add(new OrderFact(runId + "-" + c, date, "customer-" + c, false));
        }
        return kpis;
    }

    protected static ItemVersion item(String id, String orderId, String category, String price, Boolean ownReturned) {
        return new ItemVersion(id, orderId, category, new BigDecimal(price), Optional.ofNullable(ownReturned));
    }

    protected static Product product(String id, String sku, String cost, String category, String retail,
                                     Optional<String> name) {
        return new Product(id, sku, new BigDecimal(cost), category, new BigDecimal(retail), name,
                name.map(n -> "brand of " + n), name.map(n -> "Women"));
    }

    /** Equal field by field, prices by numeric value (a store may keep 19.90 as 19.9, as DynamoDB does). */
    protected static void assertSameProduct(Product expected, Product actual) {
        assertEquals(expected.id(), actual.id());
        assertEquals(expected.sku(), actual.sku());
        assertEquals(0, expected.cost().compareTo(actual.cost()), "cost " + actual.cost());
        assertEquals(expected.category(), actual.category());
        assertEquals(0, expected.retailPrice().compareTo(actual.retailPrice()), "retail " + actual.retailPrice());
        assertEquals(expected.name(), actual.name());
        assertEquals(expected.brand(), actual.brand());
        assertEquals(expected.department(), actual.department());
    }
}
