package org.ecomkpi.kpi;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Both KPI tables over the current versions of every order and item fed to it, kept in memory: the whole of
 * SPEC section 5 "Orders change" for an application that embeds kpi-lib without our jobs or stores. Feed it
 * batches of new versions; read exact KPI rows at any time.
 *
 * <pre>{@code
 * KpiLedger ledger = new KpiLedger();
 * VersionBatch monday = new VersionBatch();
 * monday.add(new OrderFact("1", LocalDate.parse("2025-03-03"), "u7", false));
 * monday.add(new ItemVersion("10", "1", "Home & Kitchen", new BigDecimal("19.99"), Optional.empty()));
 * ledger.apply(monday);
 * VersionBatch later = new VersionBatch();                                     // three weeks later
 * later.add(new OrderFact("1", LocalDate.parse("2025-03-03"), "u7", true));   // order 1 returned
 * ledger.apply(later);            // return_rate of 2025-03-03 rises; its item follows the order's state
 * List<OrderDayKpi> rows = ledger.orderKpis();
 * }</pre>
 *
 * <p>It runs the same {@link VersionMerge} and {@link KpiChanges} the pipeline's stores run, over maps. Not
 * thread-safe.
 */
public final class KpiLedger {
    private final Map<String, OrderEntity> orders = new HashMap<>();
    private final Map<String, String> itemOrders = new HashMap<>();
    private final Map<DayCustomer, Long> customers = new HashMap<>();
    private final SortedMap<LocalDate, OrderDayState> orderDays = new TreeMap<>();
    private final SortedMap<CategoryDay, CategoryDayState> categoryDays = new TreeMap<>();

    /**
     * Makes every version of {@code batch} current and updates the KPI rows they change.
     *
     * @return the new states of the KPI keys the batch changed
     * @throws IllegalStateException when an item names an order that is neither in the batch nor current
     *                               (nothing is changed then)
     */
    public KpiUpdate apply(VersionBatch batch) {
        VersionMerge merge = new VersionMerge(batch);
        Map<String, String> locations = pick(itemOrders, merge.itemIds());
        Map<String, OrderEntity> current = pick(orders, merge.ordersToRead(locations));
        MergedVersions merged = merge.apply(locations, current);
        KpiChanges changes = merged.changes();
        KpiUpdate update = changes.applyTo(pick(customers, changes.customers().keySet()),
                pick(orderDays, changes.orderDays().keySet()), pick(categoryDays, changes.categoryDays().keySet()));
        orders.putAll(merged.entities());
        itemOrders.putAll(merged.itemOrders());
        update.customers().forEach((key, count) -> putOrRemove(customers, key, count, count == 0));
        update.orderDays().forEach((key, state) -> putOrRemove(orderDays, key, state, state.isEmpty()));
        update.categoryDays().forEach((key, state) -> putOrRemove(categoryDays, key, state, state.isEmpty()));
        return update;
    }

    /** The current entity of an order. */
    public Optional<OrderEntity> order(String orderId) {
        return Optional.ofNullable(orders.get(orderId));
    }

    /** {@code order_kpi_table} rows, sorted by date: a snapshot, unmodifiable, unchanged by later batches. */
    public List<OrderDayKpi> orderKpis() {
        List<OrderDayKpi> rows = new ArrayList<>(orderDays.size());
        orderDays.forEach((date, state) -> rows.add(state.kpi(date)));
        return Collections.unmodifiableList(rows);
    }

    /**
     * {@code category_kpi_table} rows, sorted by category then date: a snapshot, unmodifiable, unchanged by later
     * batches.
     */
    public List<CategoryDayKpi> categoryKpis() {
        List<CategoryDayKpi> rows = new ArrayList<>(categoryDays.size());
        categoryDays.forEach((key, state) -> rows.add(state.kpi(key)));
        return Collections.unmodifiableList(rows);
    }

    private static <K, V> Map<K, V> pick(Map<K, V> from, Set<K> keys) {
        Map<K, V> picked = new HashMap<>();
        for (K key : keys) {
            V value = from.get(key);
            if (value != null) {
                picked.put(key, value);
            }
        }
        return picked;
    }

    private static <K, V> void putOrRemove(Map<K, V> map, K key, V value, boolean remove) {
        if (remove) {
            map.remove(key);
        } else {
            map.put(key, value);
        }
    }
}
