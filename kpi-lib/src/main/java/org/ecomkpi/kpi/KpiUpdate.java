package org.ecomkpi.kpi;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The new states of the keys a batch changes ({@link KpiChanges#applyTo}), ready to be written: a store puts
 * every non-empty state and deletes every key whose state became empty (SPEC: a key with nothing left has no
 * row).
 *
 * @param customers    new current-order counts per customer and date; 0 means delete
 * @param orderDays    new {@code order_kpi_table} states; {@link OrderDayState#isEmpty()} means delete
 * @param categoryDays new {@code category_kpi_table} states; {@link CategoryDayState#isEmpty()} means delete
 */
public record KpiUpdate(SortedMap<DayCustomer, Long> customers, SortedMap<LocalDate, OrderDayState> orderDays,
                        SortedMap<CategoryDay, CategoryDayState> categoryDays) {
    public KpiUpdate {
        customers = Collections.unmodifiableSortedMap(new TreeMap<>(customers));
        orderDays = Collections.unmodifiableSortedMap(new TreeMap<>(orderDays));
        categoryDays = Collections.unmodifiableSortedMap(new TreeMap<>(categoryDays));
    }

    /** The {@code order_kpi_table} rows written (deleted dates left out), sorted by date; unmodifiable. */
    public List<OrderDayKpi> orderKpis() {
        List<OrderDayKpi> rows = new ArrayList<>();
        for (Map.Entry<LocalDate, OrderDayState> e : orderDays.entrySet()) {
            if (!e.getValue().isEmpty()) {
                rows.add(e.getValue().kpi(e.getKey()));
            }
        }
        return Collections.unmodifiableList(rows);
    }

    /** The {@code category_kpi_table} rows written (deleted keys left out), sorted by key; unmodifiable. */
    public List<CategoryDayKpi> categoryKpis() {
        List<CategoryDayKpi> rows = new ArrayList<>();
        for (Map.Entry<CategoryDay, CategoryDayState> e : categoryDays.entrySet()) {
            if (!e.getValue().isEmpty()) {
                rows.add(e.getValue().kpi(e.getKey()));
            }
        }
        return Collections.unmodifiableList(rows);
    }
}
