package org.ecomkpi.kpi;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Both KPI tables' running state for a set of accepted orders and items: a batch's contribution, or
 * everything accepted so far. Feed it facts, merge it with others, read KPI rows off it.
 *
 * <pre>{@code
 * KpiAccumulator batch = new KpiAccumulator();
 * batch.add(new OrderFact("1", LocalDate.parse("2025-03-30"), "u7", false));
 * batch.add(new ItemFact("10", "1", LocalDate.parse("2025-03-30"), "Home & Kitchen",
 *         new BigDecimal("19.99"), false, true));
 * KpiAccumulator total = KpiAccumulator.fromBytes(storedBytes);
 * total.merge(batch);                  // exact when the two share no order
 * List<OrderDayKpi> rows = total.orderKpis();
 * }</pre>
 *
 * <p>Merging is exact for contributions that share no order: merge(acc(A), acc(B)) gives the same KPIs as
 * acc(A ∪ B). Not thread-safe.
 */
public final class KpiAccumulator {
    private final SortedMap<LocalDate, OrderDayAccumulator> orderDays = new TreeMap<>();
    private final SortedMap<CategoryDay, CategoryDayAccumulator> categoryDays = new TreeMap<>();
    // the last key touched: consecutive items of one order hit the same row, so skip the tree look-up
    private LocalDate lastDate;
    private OrderDayAccumulator lastOrderDay;
    private CategoryDay lastCategoryDay;
    private CategoryDayAccumulator lastCategoryDayState;

    public void add(OrderFact order) {
        orderDay(order.orderDate()).addOrder(order);
    }

    public void add(ItemFact item) {
        orderDay(item.orderDate()).addItem(item);
        categoryDay(item.category(), item.orderDate()).addItem(item);
    }

    private OrderDayAccumulator orderDay(LocalDate date) {
        if (!date.equals(lastDate)) {
            lastOrderDay = orderDays.computeIfAbsent(date, d -> new OrderDayAccumulator());
            lastDate = date;
        }
        return lastOrderDay;
    }

    private CategoryDayAccumulator categoryDay(String category, LocalDate date) {
        if (lastCategoryDay == null || !lastCategoryDay.orderDate().equals(date)
                || !lastCategoryDay.category().equals(category)) {
            lastCategoryDay = new CategoryDay(category, date);
            lastCategoryDayState = categoryDays.computeIfAbsent(lastCategoryDay, k -> new CategoryDayAccumulator());
        }
        return lastCategoryDayState;
    }

    /** Adds another accumulator (sharing no order with this one) into this one. The other is unchanged. */
    public void merge(KpiAccumulator other) {
        for (Map.Entry<LocalDate, OrderDayAccumulator> e : other.orderDays.entrySet()) {
            OrderDayAccumulator copy = OrderDayAccumulator.fromBytes(e.getValue().toBytes());
            orderDays.merge(e.getKey(), copy, (mine, theirs) -> {
                mine.merge(theirs);
                return mine;
            });
        }
        for (Map.Entry<CategoryDay, CategoryDayAccumulator> e : other.categoryDays.entrySet()) {
            CategoryDayAccumulator copy = CategoryDayAccumulator.fromBytes(e.getValue().toBytes());
            categoryDays.merge(e.getKey(), copy, (mine, theirs) -> {
                mine.merge(theirs);
                return mine;
            });
        }
        lastDate = null;
        lastCategoryDay = null;
    }

    /** Per-date state, sorted by date (a live view: a store merges these row by row). */
    public SortedMap<LocalDate, OrderDayAccumulator> orderDays() {
        return Collections.unmodifiableSortedMap(orderDays);
    }

    /** Per category-and-date state, sorted by category then date. */
    public SortedMap<CategoryDay, CategoryDayAccumulator> categoryDays() {
        return Collections.unmodifiableSortedMap(categoryDays);
    }

    public boolean isEmpty() {
        return orderDays.isEmpty();
    }

    /** {@code order_kpi_table} rows, sorted by date. */
    public List<OrderDayKpi> orderKpis() {
        List<OrderDayKpi> rows = new ArrayList<>(orderDays.size());
        orderDays.forEach((date, state) -> rows.add(state.kpi(date)));
        return rows;
    }

    /** {@code category_kpi_table} rows, sorted by category then date. */
    public List<CategoryDayKpi> categoryKpis() {
        List<CategoryDayKpi> rows = new ArrayList<>(categoryDays.size());
        categoryDays.forEach((key, state) -> rows.add(state.kpi(key)));
        return rows;
    }

    /** Serialises the whole state (version-tagged); {@link #fromBytes(byte[])} restores it exactly. */
    public byte[] toBytes() {
        return StateFormat.encode(StateFormat.CONTRIBUTION, out -> {
            out.writeInt(orderDays.size());
            for (Map.Entry<LocalDate, OrderDayAccumulator> e : orderDays.entrySet()) {
                out.writeLong(e.getKey().toEpochDay());
                StateFormat.writeBytes(out, e.getValue().toBytes());
            }
            out.writeInt(categoryDays.size());
            for (Map.Entry<CategoryDay, CategoryDayAccumulator> e : categoryDays.entrySet()) {
                out.writeUTF(e.getKey().category());
                out.writeLong(e.getKey().orderDate().toEpochDay());
                StateFormat.writeBytes(out, e.getValue().toBytes());
            }
        });
    }

    /** Restores a state written by {@link #toBytes()}. */
    public static KpiAccumulator fromBytes(byte[] bytes) {
        return StateFormat.decode(StateFormat.CONTRIBUTION, bytes, in -> {
            KpiAccumulator state = new KpiAccumulator();
            int days = in.readInt();
            for (int i = 0; i < days; i++) {
                LocalDate date = LocalDate.ofEpochDay(in.readLong());
                state.orderDays.put(date, OrderDayAccumulator.fromBytes(StateFormat.readBytes(in)));
            }
            int keys = in.readInt();
            for (int i = 0; i < keys; i++) {
                CategoryDay key = new CategoryDay(in.readUTF(), LocalDate.ofEpochDay(in.readLong()));
                state.categoryDays.put(key, CategoryDayAccumulator.fromBytes(StateFormat.readBytes(in)));
            }
            return state;
        });
    }
}
