package org.ecomkpi.kpi;

import java.time.LocalDate;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The signed changes a batch of new versions makes to the KPI tables: per date and per category-and-date the
 * change of the row's state, and per {@link DayCustomer} the change of that customer's current-order count on
 * that date. Built by retracting the old contribution of every changed order and adding its new one
 * ({@link OrderEntity#contributeTo}); changes of disjoint sets of orders add up ({@link #add(KpiChanges)}).
 *
 * <p>{@link #applyTo} turns the changes into the new states of exactly the keys they touch, given those keys'
 * stored states: what a store reads and writes, never the whole table. The maps it hands out are unmodifiable
 * snapshots of immutable states; the only way to change a {@code KpiChanges} is {@link #add(KpiChanges)} (and the
 * package's own {@link OrderEntity#contributeTo}). Not thread-safe.
 */
public final class KpiChanges {
    private final Map<LocalDate, OrderDayState> orderDays = new HashMap<>();
    private final Map<CategoryDay, CategoryDayState> categoryDays = new HashMap<>();
    private final Map<DayCustomer, Long> customers = new HashMap<>();
    // the non-zero views, built once: a store asks for the keys, then applyTo walks the same views
    private SortedMap<LocalDate, OrderDayState> touchedOrderDays;
    private SortedMap<CategoryDay, CategoryDayState> touchedCategoryDays;
    private SortedMap<DayCustomer, Long> touchedCustomers;

    void addOrderDay(LocalDate date, OrderDayState change) {
        orderDays.merge(date, change, OrderDayState::plus);
        touchedOrderDays = null;
    }

    void addCategoryDay(CategoryDay key, CategoryDayState change) {
        categoryDays.merge(key, change, CategoryDayState::plus);
        touchedCategoryDays = null;
    }

    void addCustomer(DayCustomer key, long change) {
        customers.merge(key, change, Long::sum);
        touchedCustomers = null;
        touchedOrderDays = null;
    }

    /** Adds another set of changes (of other orders) into this one; the other is unchanged. */
    public void add(KpiChanges other) {
        other.orderDays.forEach(this::addOrderDay);
        other.categoryDays.forEach(this::addCategoryDay);
        other.customers.forEach(this::addCustomer);
    }

    /**
     * Dates whose row may change: those with a non-zero change of their own or of one of their customers. A
     * store reads these rows' states before {@link #applyTo}.
     */
    public SortedMap<LocalDate, OrderDayState> orderDays() {
        if (touchedOrderDays != null) {
            return touchedOrderDays;
        }
        TreeMap<LocalDate, OrderDayState> touched = new TreeMap<>();
        orderDays.forEach((date, change) -> {
            if (!change.isEmpty()) {
                touched.put(date, change);
            }
        });
        customers.forEach((key, change) -> {
            if (change != 0) {
                touched.putIfAbsent(key.orderDate(), OrderDayState.EMPTY);
            }
        });
        touchedOrderDays = Collections.unmodifiableSortedMap(touched);
        return touchedOrderDays;
    }

    /** Category-and-date keys with a non-zero change. */
    public SortedMap<CategoryDay, CategoryDayState> categoryDays() {
        if (touchedCategoryDays != null) {
            return touchedCategoryDays;
        }
        TreeMap<CategoryDay, CategoryDayState> touched = new TreeMap<>();
        categoryDays.forEach((key, change) -> {
            if (!change.isEmpty()) {
                touched.put(key, change);
            }
        });
        touchedCategoryDays = Collections.unmodifiableSortedMap(touched);
        return touchedCategoryDays;
    }

    /** Customers on a date whose count of current orders changes, with the (signed) change. */
    public SortedMap<DayCustomer, Long> customers() {
        if (touchedCustomers != null) {
            return touchedCustomers;
        }
        TreeMap<DayCustomer, Long> touched = new TreeMap<>();
        customers.forEach((key, change) -> {
            if (change != 0) {
                touched.put(key, change);
            }
        });
        touchedCustomers = Collections.unmodifiableSortedMap(touched);
        return touchedCustomers;
    }

    /** True when applying these changes would change nothing (e.g. every order was re-sent unchanged). */
    public boolean isEmpty() {
        return orderDays().isEmpty() && categoryDays().isEmpty();
    }

    /**
     * The new states of every key these changes touch, from their stored states. A key missing from a map is
     * stored as absent (no row, count zero).
     *
     * @param storedCustomers    current-order counts of {@link #customers()}'s keys
     * @param storedOrderDays    states of {@link #orderDays()}'s dates
     * @param storedCategoryDays states of {@link #categoryDays()}'s keys
     * @throws IllegalStateException when a count would fall below zero: the stored state does not hold what
     *                               is being retracted (changes applied twice, or to the wrong state)
     */
    public KpiUpdate applyTo(Map<DayCustomer, Long> storedCustomers, Map<LocalDate, OrderDayState> storedOrderDays,
                             Map<CategoryDay, CategoryDayState> storedCategoryDays) {
        Objects.requireNonNull(storedCustomers, "storedCustomers");
        Objects.requireNonNull(storedOrderDays, "storedOrderDays");
        Objects.requireNonNull(storedCategoryDays, "storedCategoryDays");
        TreeMap<DayCustomer, Long> counts = new TreeMap<>();
        Map<LocalDate, Long> uniqueChange = new HashMap<>();
        for (Map.Entry<DayCustomer, Long> e : customers().entrySet()) {
            long before = storedCustomers.getOrDefault(e.getKey(), 0L);
            long after = before + e.getValue();
            if (before < 0 || after < 0) {
                throw new IllegalStateException("customer " + e.getKey() + " would have " + after
                        + " current orders (stored " + before + ", change " + e.getValue() + ")");
            }
            counts.put(e.getKey(), after);
            long unique = (before == 0 && after > 0) ? 1 : (before > 0 && after == 0) ? -1 : 0;
            if (unique != 0) {
                uniqueChange.merge(e.getKey().orderDate(), unique, Long::sum);
            }
        }
        TreeMap<LocalDate, OrderDayState> days = new TreeMap<>();
        for (Map.Entry<LocalDate, OrderDayState> e : orderDays().entrySet()) {
            OrderDayState before = storedOrderDays.getOrDefault(e.getKey(), OrderDayState.EMPTY);
            long unique = uniqueChange.getOrDefault(e.getKey(), 0L);
            OrderDayState after = before.plus(e.getValue())
                    .plus(new OrderDayState(0, 0, 0, java.math.BigDecimal.ZERO, unique));
            requireNotNegative(after.orders(), after.returnedOrders(), after.items(), after.customers(),
                    "order_kpi_table " + e.getKey(), after);
            days.put(e.getKey(), after);
        }
        TreeMap<CategoryDay, CategoryDayState> categories = new TreeMap<>();
        for (Map.Entry<CategoryDay, CategoryDayState> e : categoryDays().entrySet()) {
            CategoryDayState after = storedCategoryDays.getOrDefault(e.getKey(), CategoryDayState.EMPTY)
                    .plus(e.getValue());
            requireNotNegative(after.items(), after.returnedItems(), after.orders(), 0,
                    "category_kpi_table " + e.getKey(), after);
            categories.put(e.getKey(), after);
        }
        return new KpiUpdate(counts, days, categories);
    }

    private static void requireNotNegative(long a, long b, long c, long d, String key, Object state) {
        if (a < 0 || b < 0 || c < 0 || d < 0) {
            throw new IllegalStateException(key + " would have a negative count: " + state);
        }
    }
}
