package org.ecomkpi.kpi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

class KpiLedgerTest {
    private static final LocalDate MON = LocalDate.parse("2025-03-03");
    private static final LocalDate TUE = LocalDate.parse("2025-03-04");

    private static OrderFact order(String id, LocalDate date, String user, boolean returned) {
        return new OrderFact(id, date, user, returned);
    }

    private static ItemVersion item(String id, String order, String category, String price, Boolean own) {
        return new ItemVersion(id, order, category, new BigDecimal(price), Optional.ofNullable(own));
    }

    private static VersionBatch batch(Object... versions) {
        VersionBatch batch = new VersionBatch();
        for (Object v : versions) {
            if (v instanceof OrderFact o) {
                batch.add(o);
            } else {
                batch.add((ItemVersion) v);
            }
        }
        return batch;
    }

    private static OrderDayKpi day(KpiLedger ledger, LocalDate date) {
        return ledger.orderKpis().stream().filter(r -> r.orderDate().equals(date)).findFirst().orElseThrow();
    }

    private static CategoryDayKpi category(KpiLedger ledger, String category, LocalDate date) {
        return ledger.categoryKpis().stream().filter(r -> r.key().equals(new CategoryDay(category, date)))
                .findFirst().orElseThrow();
    }

    @Test
    void nothingItHandsOutChangesItsState() {
        KpiLedger ledger = new KpiLedger();
        VersionBatch monday = batch(order("1", MON, "u1", false), item("10", "1", "Toys", "5.00", null));
        KpiUpdate update = ledger.apply(monday);
        List<OrderDayKpi> days = ledger.orderKpis();
        List<CategoryDayKpi> categories = ledger.categoryKpis();
        OrderDayKpi row = days.get(0);

        assertThrows(UnsupportedOperationException.class, () -> days.clear());
        assertThrows(UnsupportedOperationException.class, () -> categories.clear());
        assertThrows(UnsupportedOperationException.class, () -> update.orderKpis().clear());
        assertThrows(UnsupportedOperationException.class, () -> update.categoryKpis().clear());
        assertThrows(UnsupportedOperationException.class, () -> update.orderDays().clear());
        assertThrows(UnsupportedOperationException.class, () -> update.categoryDays().clear());
        assertThrows(UnsupportedOperationException.class, () -> update.customers().clear());
        assertThrows(UnsupportedOperationException.class, () -> monday.orders().clear());
        assertThrows(UnsupportedOperationException.class, () -> monday.items().clear());
        OrderEntity entity = ledger.order("1").orElseThrow();
        assertThrows(UnsupportedOperationException.class, () -> entity.items().clear());

        VersionMerge merge = new VersionMerge(batch(order("2", TUE, "u2", false), item("20", "2", "Toys", "7.00", null)));
        assertThrows(UnsupportedOperationException.class, () -> merge.itemIds().clear());
        assertThrows(UnsupportedOperationException.class, () -> merge.ordersToRead(Map.of()).clear());
        MergedVersions merged = merge.apply(Map.of(), Map.of());
        assertThrows(UnsupportedOperationException.class, () -> merged.entities().clear());
        assertThrows(UnsupportedOperationException.class, () -> merged.itemOrders().clear());
        KpiChanges changes = merged.changes();
        assertThrows(UnsupportedOperationException.class, () -> changes.orderDays().clear());
        assertThrows(UnsupportedOperationException.class, () -> changes.categoryDays().clear());
        assertThrows(UnsupportedOperationException.class, () -> changes.customers().clear());

        // the rows read before are a snapshot: a later batch changes the ledger, not them
        ledger.apply(batch(order("1", MON, "u1", true)));
        assertEquals(List.of(row), days);
        assertEquals(new BigDecimal("1.0000"), day(ledger, MON).returnRate());
    }

    @Test
    void aLateReturnRaisesTheReturnRateOfTheOrdersDateAndItsItemsFollow() {
        KpiLedger ledger = new KpiLedger();
        ledger.apply(batch(order("1", MON, "u1", false), order("2", MON, "u2", false),
                item("10", "1", "Toys", "10.00", null), item("20", "2", "Toys", "30.00", null)));
        assertEquals(new BigDecimal("0.0000"), day(ledger, MON).returnRate());

        KpiUpdate update = ledger.apply(batch(order("1", MON, "u1", true)));

        OrderDayKpi monday = day(ledger, MON);
        assertEquals(2, monday.totalOrders(), "a re-sent order is still one order");
        assertEquals(new BigDecimal("0.5000"), monday.returnRate());
        assertEquals(new BigDecimal("40.00"), monday.totalRevenue());
        assertEquals(new BigDecimal("0.5000"), category(ledger, "Toys", MON).avgReturnRate(),
                "item 10 has no own status: it follows its order's new returned state");
        assertEquals(Set.of(MON), update.orderDays().keySet());
        assertTrue(update.customers().isEmpty(), "the customer did not change");
    }

    @Test
    void theReadmesWorkedExampleOfAnOrderReturnedThreeWeeksLater() {
        LocalDate march3 = LocalDate.parse("2025-03-03");
        KpiLedger ledger = new KpiLedger();
        ledger.apply(batch(order("1", march3, "u7", false), item("10", "1", "Toys", "20.00", null),
                item("11", "1", "Books", "15.00", false), order("2", march3, "u8", false),
                item("20", "2", "Toys", "30.00", null)));
        assertEquals(new OrderDayKpi(march3, 2, new BigDecimal("65.00"), 3, new BigDecimal("0.0000"), 2), day(ledger, march3));
        assertEquals(new CategoryDayKpi("Toys", march3, new BigDecimal("50.00"), new BigDecimal("25.00"),
                new BigDecimal("0.0000")), category(ledger, "Toys", march3));

        KpiUpdate returned = ledger.apply(batch(order("1", march3, "u7", true)));

        assertEquals(new OrderDayKpi(march3, 2, new BigDecimal("65.00"), 3, new BigDecimal("0.5000"), 2), day(ledger, march3));
        assertEquals(new BigDecimal("0.5000"), category(ledger, "Toys", march3).avgReturnRate());
        assertEquals(new CategoryDayKpi("Books", march3, new BigDecimal("15.00"), new BigDecimal("15.00"),
                new BigDecimal("0.0000")), category(ledger, "Books", march3));
        assertEquals(Set.of(new CategoryDay("Toys", march3)), returned.categoryDays().keySet(), "Books is not written");

        KpiLedger moved = new KpiLedger();
        moved.apply(batch(order("1", march3, "u7", false), item("10", "1", "Toys", "20.00", null),
                item("11", "1", "Books", "15.00", false), order("2", march3, "u8", false),
                item("20", "2", "Toys", "30.00", null)));
        moved.apply(batch(order("1", march3.plusDays(1), "u7", false)));
        assertEquals(List.of(new CategoryDay("Books", march3.plusDays(1)), new CategoryDay("Toys", march3),
                new CategoryDay("Toys", march3.plusDays(1))), moved.categoryKpis().stream().map(CategoryDayKpi::key).toList());
        assertEquals(1, day(moved, march3).totalOrders());
    }

    @Test
    void anItemWithItsOwnStatusKeepsItWhenItsOrderIsReturned() {
        KpiLedger ledger = new KpiLedger();
        ledger.apply(batch(order("1", MON, "u1", false), item("10", "1", "Toys", "10.00", false),
                item("11", "1", "Toys", "5.00", null)));
        ledger.apply(batch(order("1", MON, "u1", true)));
        assertEquals(new BigDecimal("0.5000"), category(ledger, "Toys", MON).avgReturnRate());
    }

    @Test
    void aCorrectedCreatedAtMovesTheOrderAndItsItemsAndDeletesTheEmptiedRows() {
        KpiLedger ledger = new KpiLedger();
        ledger.apply(batch(order("1", MON, "u1", false), order("2", TUE, "u2", false),
                item("10", "1", "Toys", "10.00", null), item("20", "2", "Books", "7.50", null)));

        ledger.apply(batch(order("1", TUE, "u1", false)));

        assertEquals(List.of(TUE), ledger.orderKpis().stream().map(OrderDayKpi::orderDate).toList(),
                "Monday had only order 1: its row is deleted, not left at zero");
        OrderDayKpi tuesday = day(ledger, TUE);
        assertEquals(2, tuesday.totalOrders());
        assertEquals(2, tuesday.totalItemsSold());
        assertEquals(new BigDecimal("17.50"), tuesday.totalRevenue());
        assertEquals(2, tuesday.uniqueCustomers());
        assertEquals(List.of(new CategoryDay("Books", TUE), new CategoryDay("Toys", TUE)),
                ledger.categoryKpis().stream().map(CategoryDayKpi::key).toList());
    }

    @Test
    void aCorrectedUserIdChangesUniqueCustomersExactly() {
        KpiLedger ledger = new KpiLedger();
        ledger.apply(batch(order("1", MON, "u1", false), order("2", MON, "u1", false), order("3", MON, "u3", false)));
        assertEquals(2, day(ledger, MON).uniqueCustomers());

        ledger.apply(batch(order("2", MON, "u2", false)));
        assertEquals(3, day(ledger, MON).uniqueCustomers(), "u1 still has order 1; u2 is new");

        ledger.apply(batch(order("2", MON, "u3", false), order("1", MON, "u3", false)));
        assertEquals(1, day(ledger, MON).uniqueCustomers(), "every order now belongs to u3");
    }

    @Test
    void uniqueCustomersIsExactFarBeyondWhatASketchKeepsExactly() {
        KpiLedger ledger = new KpiLedger();
        VersionBatch batch = new VersionBatch();
        for (int i = 0; i < 50_000; i++) {
            batch.add(order(Integer.toString(i), MON, "u" + (i % 40_001), false));
        }
        ledger.apply(batch);
        assertEquals(40_001, day(ledger, MON).uniqueCustomers());
        VersionBatch moves = new VersionBatch();
        for (int i = 10_000; i < 11_000; i++) {
            moves.add(order(Integer.toString(i), TUE, "u" + i, false));
        }
        moves.add(order("0", TUE, "u0", false));
        ledger.apply(moves);
        assertEquals(40_001 - 1_000, day(ledger, MON).uniqueCustomers(),
                "orders 10000-10999 were the only orders of u10000-u10999 on Monday; u0 still has order 40001");
        assertEquals(1_001, day(ledger, TUE).uniqueCustomers());
    }

    @Test
    void aLateItemJoinsItsOrderFromAnEarlierBatch() {
        KpiLedger ledger = new KpiLedger();
        ledger.apply(batch(order("1", MON, "u1", true), item("10", "1", "Toys", "10.00", null)));
        ledger.apply(batch(item("11", "1", "Books", "4.00", null)));
        OrderDayKpi monday = day(ledger, MON);
        assertEquals(1, monday.totalOrders());
        assertEquals(2, monday.totalItemsSold());
        assertEquals(new BigDecimal("14.00"), monday.totalRevenue());
        assertEquals(new BigDecimal("1.0000"), category(ledger, "Books", MON).avgReturnRate(),
                "the late item takes its order's returned state");
    }

    @Test
    void aCorrectedPriceReplacesTheItemsOldPrice() {
        KpiLedger ledger = new KpiLedger();
        ledger.apply(batch(order("1", MON, "u1", false), item("10", "1", "Toys", "10.00", null),
                item("11", "1", "Toys", "2.00", null)));
        ledger.apply(batch(item("10", "1", "Toys", "8.00", null)));
        assertEquals(new BigDecimal("10.00"), day(ledger, MON).totalRevenue());
        assertEquals(2, day(ledger, MON).totalItemsSold());
        assertEquals(new BigDecimal("10.00"), category(ledger, "Toys", MON).avgOrderValue());
    }

    @Test
    void anItemMovedToAnotherOrderLeavesTheFirst() {
        KpiLedger ledger = new KpiLedger();
        ledger.apply(batch(order("1", MON, "u1", false), order("2", TUE, "u2", false),
                item("10", "1", "Toys", "10.00", null), item("20", "2", "Toys", "1.00", null)));
        ledger.apply(batch(item("10", "2", "Toys", "10.00", null)));
        assertEquals(0, day(ledger, MON).totalItemsSold());
        assertEquals(new BigDecimal("0.00"), day(ledger, MON).totalRevenue());
        assertEquals(2, day(ledger, TUE).totalItemsSold());
        assertEquals(List.of(new CategoryDay("Toys", TUE)), ledger.categoryKpis().stream().map(CategoryDayKpi::key).toList());
        assertEquals(Set.of("20", "10"), ledger.order("2").orElseThrow().items().keySet());
    }

    @Test
    void anItemVersionKeepsTheCategoryItWasAcceptedWith() {
        KpiLedger ledger = new KpiLedger();
        ledger.apply(batch(order("1", MON, "u1", false), item("10", "1", "Toys", "10.00", null)));
        // the product was re-categorised later; a late item of the same product gets the new category
        ledger.apply(batch(item("11", "1", "Games", "10.00", null)));
        assertEquals(List.of(new CategoryDay("Games", MON), new CategoryDay("Toys", MON)),
                ledger.categoryKpis().stream().map(CategoryDayKpi::key).toList());
    }

    @Test
    void applyingTheSameVersionsAgainChangesNothing() {
        KpiLedger ledger = new KpiLedger();
        VersionBatch first = batch(order("1", MON, "u1", false), order("2", TUE, "u1", true),
                item("10", "1", "Toys", "10.00", null), item("20", "2", "Books", "3.10", true));
        ledger.apply(first);
        List<OrderDayKpi> orderRows = ledger.orderKpis();
        List<CategoryDayKpi> categoryRows = ledger.categoryKpis();

        KpiUpdate again = ledger.apply(first);

        assertTrue(again.orderDays().isEmpty() && again.categoryDays().isEmpty() && again.customers().isEmpty(),
                "nothing to write: " + again);
        assertEquals(orderRows, ledger.orderKpis());
        assertEquals(categoryRows, ledger.categoryKpis());
    }

    @Test
    void movingAnOrderAwayAndBackRestoresTheRowExactly() {
        KpiLedger ledger = new KpiLedger();
        ledger.apply(batch(order("1", MON, "u1", false), order("2", MON, "u2", true),
                item("10", "1", "Toys", "10.005", null), item("20", "2", "Toys", "3.333", false)));
        List<OrderDayKpi> orderRows = ledger.orderKpis();
        List<CategoryDayKpi> categoryRows = ledger.categoryKpis();

        ledger.apply(batch(order("1", TUE, "u1", false)));
        ledger.apply(batch(order("1", MON, "u1", false)));

        assertEquals(orderRows, ledger.orderKpis());
        assertEquals(categoryRows, ledger.categoryKpis());
    }

    @Test
    void anItemOfAnOrderNeitherInTheBatchNorCurrentIsRefusedAndNothingChanges() {
        KpiLedger ledger = new KpiLedger();
        ledger.apply(batch(order("1", MON, "u1", false)));
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> ledger.apply(batch(order("2", MON, "u2", false), item("30", "3", "Toys", "1.00", null))));
        assertTrue(refused.getMessage().contains("item 30 names order 3"), refused.getMessage());
        assertEquals(1, day(ledger, MON).totalOrders());
    }

    @Test
    void statesAndEntitiesRoundTripThroughTheirBytes() {
        OrderEntity entity = new OrderEntity(order("7", MON, "ü", true), new TreeMap<>(Map.of(
                "a", item("a", "7", "Home & Kitchen", "0.000001", null),
                "b", item("b", "7", "日本", "123456789012.5", false),
                "c", item("c", "7", "x", "1", true))));
        assertEquals(entity, OrderEntity.fromBytes(entity.toBytes()));
        OrderDayState day = new OrderDayState(3, 1, 9, new BigDecimal("-12.345"), 2);
        assertEquals(day, OrderDayState.fromBytes(day.toBytes()));
        CategoryDayState category = new CategoryDayState(new BigDecimal("99.99"), 4, 1, 2);
        assertEquals(category, CategoryDayState.fromBytes(category.toBytes()));
        assertArrayEquals(entity.toBytes(), OrderEntity.fromBytes(entity.toBytes()).toBytes());
        assertThrows(IllegalArgumentException.class, () -> OrderDayState.fromBytes(category.toBytes()));
    }

    // ------------------------------------------------------------------ properties against a recomputation

    @Test
    void afterAnySequenceOfBatchesTheKpisEqualARecomputationOverTheCurrentVersions() {
        for (long seed = 1; seed <= 40; seed++) {
            Random random = new Random(seed);
            KpiLedger ledger = new KpiLedger();
            Reference reference = new Reference();
            for (int b = 0; b < 8; b++) {
                VersionBatch batch = randomBatch(random, reference);
                ledger.apply(batch);
                reference.apply(batch);
                assertEquals(reference.orderKpis(), ledger.orderKpis(), "seed " + seed + " batch " + b);
                assertEquals(reference.categoryKpis(), ledger.categoryKpis(), "seed " + seed + " batch " + b);
            }
        }
    }

    @Test
    void disjointBatchesGiveTheSameKpisInAnyOrder() {
        for (long seed = 100; seed < 120; seed++) {
            Random random = new Random(seed);
            KpiLedger base = new KpiLedger();
            Reference reference = new Reference();
            VersionBatch history = randomBatch(random, reference);
            base.apply(history);
            reference.apply(history);
            // two batches touching disjoint orders and items: split one random batch by order id parity
            VersionBatch all = randomBatch(random, reference);
            VersionBatch even = new VersionBatch();
            VersionBatch odd = new VersionBatch();
            all.orders().values().forEach(o -> (Integer.parseInt(o.orderId()) % 2 == 0 ? even : odd).add(o));
            all.items().values().forEach(i -> (Integer.parseInt(i.orderId()) % 2 == 0 ? even : odd).add(i));
            assumeNoMovesAcrossParity(all, reference);

            KpiLedger evenFirst = new KpiLedger();
            evenFirst.apply(history);
            evenFirst.apply(even);
            evenFirst.apply(odd);
            KpiLedger oddFirst = new KpiLedger();
            oddFirst.apply(history);
            oddFirst.apply(odd);
            oddFirst.apply(even);
            assertEquals(evenFirst.orderKpis(), oddFirst.orderKpis(), "seed " + seed);
            assertEquals(evenFirst.categoryKpis(), oddFirst.categoryKpis(), "seed " + seed);
        }
    }

    /** Disjoint means no key in common: an item moving between an even and an odd order would touch both. */
    private static void assumeNoMovesAcrossParity(VersionBatch batch, Reference reference) {
        for (ItemVersion item : batch.items().values()) {
            ItemVersion was = reference.items.get(item.itemId());
            if (was != null && Integer.parseInt(was.orderId()) % 2 != Integer.parseInt(item.orderId()) % 2) {
                throw new IllegalStateException("the generator moved an item across parity; randomBatch must not");
            }
        }
    }

    private static final String[] CATEGORIES = {"Toys", "Books", "Home & Kitchen"};
    private static final String[] PRICES = {"0.01", "1.10", "9.99", "10", "25.005", "100.50"};

    /** A batch of new orders, re-sent orders (any field changed), late items, corrected and moved items. */
    private static VersionBatch randomBatch(Random random, Reference reference) {
        VersionBatch batch = new VersionBatch();
        List<String> known = new ArrayList<>(reference.orders.keySet());
        Collections.sort(known);
        int newOrders = random.nextInt(6);
        for (int i = 0; i < newOrders; i++) {
            String id = Integer.toString(reference.nextOrder++);
            batch.add(order(id, LocalDate.of(2025, 3, 1 + random.nextInt(4)), "u" + random.nextInt(5),
                    random.nextInt(4) == 0));
        }
        for (String id : known) {
            if (random.nextInt(3) == 0) {
                OrderFact was = reference.orders.get(id);
                batch.add(switch (random.nextInt(4)) {
                    case 0 -> order(id, was.orderDate(), was.userId(), !was.returned());
                    case 1 -> order(id, LocalDate.of(2025, 3, 1 + random.nextInt(4)), was.userId(), was.returned());
                    case 2 -> order(id, was.orderDate(), "u" + random.nextInt(5), was.returned());
                    default -> was;
                });
            }
        }
        List<String> orders = new ArrayList<>(known);
        orders.addAll(batch.orders().keySet());
        if (orders.isEmpty()) {
            return batch;
        }
        int newItems = random.nextInt(10);
        for (int i = 0; i < newItems; i++) {
            batch.add(randomItem(random, Integer.toString(reference.nextItem++), orders.get(random.nextInt(orders.size()))));
        }
        List<String> items = new ArrayList<>(reference.items.keySet());
        Collections.sort(items);
        for (String id : items) {
            if (random.nextInt(4) == 0) {
                String orderId = reference.items.get(id).orderId();
                if (random.nextInt(5) == 0) { // move to another order of the same parity
                    String other = orders.get(random.nextInt(orders.size()));
                    if (Integer.parseInt(other) % 2 == Integer.parseInt(orderId) % 2) {
                        orderId = other;
                    }
                }
                batch.add(randomItem(random, id, orderId));
            }
        }
        return batch;
    }

    private static ItemVersion randomItem(Random random, String id, String orderId) {
        Boolean own = switch (random.nextInt(3)) {
            case 0 -> null;
            case 1 -> Boolean.FALSE;
            default -> Boolean.TRUE;
        };
        return item(id, orderId, CATEGORIES[random.nextInt(CATEGORIES.length)],
                PRICES[random.nextInt(PRICES.length)], own);
    }

    /** SPEC section 5 recomputed from scratch over the current versions: no changes, no deltas. */
    private static final class Reference {
        final Map<String, OrderFact> orders = new HashMap<>();
        final Map<String, ItemVersion> items = new HashMap<>();
        int nextOrder;
        int nextItem;

        void apply(VersionBatch batch) {
            orders.putAll(batch.orders());
            items.putAll(batch.items());
        }

        List<OrderDayKpi> orderKpis() {
            TreeMap<LocalDate, long[]> counts = new TreeMap<>();
            Map<LocalDate, BigDecimal> revenue = new HashMap<>();
            Map<LocalDate, Set<String>> users = new HashMap<>();
            for (OrderFact o : orders.values()) {
                long[] c = counts.computeIfAbsent(o.orderDate(), d -> new long[3]);
                c[0]++;
                c[1] += o.returned() ? 1 : 0;
                users.computeIfAbsent(o.orderDate(), d -> new HashSet<>()).add(o.userId());
                revenue.putIfAbsent(o.orderDate(), BigDecimal.ZERO);
            }
            for (ItemVersion i : items.values()) {
                LocalDate date = orders.get(i.orderId()).orderDate();
                counts.get(date)[2]++;
                revenue.merge(date, i.salePrice(), BigDecimal::add);
            }
            List<OrderDayKpi> rows = new ArrayList<>();
            counts.forEach((date, c) -> rows.add(new OrderDayKpi(date, c[0],
                    revenue.get(date).setScale(2, RoundingMode.HALF_UP), c[2],
                    BigDecimal.valueOf(c[1]).divide(BigDecimal.valueOf(c[0]), 4, RoundingMode.HALF_UP),
                    users.get(date).size())));
            return rows;
        }

        List<CategoryDayKpi> categoryKpis() {
            TreeMap<CategoryDay, long[]> counts = new TreeMap<>();
            Map<CategoryDay, BigDecimal> revenue = new HashMap<>();
            Map<CategoryDay, Set<String>> distinctOrders = new HashMap<>();
            for (ItemVersion i : items.values()) {
                OrderFact o = orders.get(i.orderId());
                CategoryDay key = new CategoryDay(i.category(), o.orderDate());
                long[] c = counts.computeIfAbsent(key, k -> new long[2]);
                c[0]++;
                c[1] += i.returned(o.returned()) ? 1 : 0;
                revenue.merge(key, i.salePrice(), BigDecimal::add);
                distinctOrders.computeIfAbsent(key, k -> new HashSet<>()).add(o.orderId());
            }
            List<CategoryDayKpi> rows = new ArrayList<>();
            counts.forEach((key, c) -> rows.add(new CategoryDayKpi(key.category(), key.orderDate(),
                    revenue.get(key).setScale(2, RoundingMode.HALF_UP),
                    revenue.get(key).divide(BigDecimal.valueOf(distinctOrders.get(key).size()), 2, RoundingMode.HALF_UP),
                    BigDecimal.valueOf(c[1]).divide(BigDecimal.valueOf(c[0]), 4, RoundingMode.HALF_UP))));
            return rows;
        }
    }
}
