package org.ecomkpi.store;

import java.time.LocalDate;
import java.util.Collection;
import java.util.Map;

import org.ecomkpi.kpi.CategoryDay;
import org.ecomkpi.kpi.CategoryDayState;
import org.ecomkpi.kpi.DayCustomer;
import org.ecomkpi.kpi.OrderDayState;
import org.ecomkpi.kpi.OrderEntity;

/**
 * Bulk reads, by key, of the state {@link MergePlan} needs: one implementation per store (set-based SQL on H2,
 * BatchGetItem on DynamoDB). A key without state is absent from the answer. Never a scan: the keys asked are
 * the keys a batch touches.
 */
interface StateReader {
    /** The order each item currently belongs to. */
    Map<String, String> itemOrders(Collection<String> itemIds);

    /** The current entity of each order. */
    Map<String, OrderEntity> orders(Collection<String> orderIds);

    /** Each customer's count of current orders on the date. */
    Map<DayCustomer, Long> customers(Collection<DayCustomer> keys);

    /** The {@code order_kpi_table} state of each date. */
    Map<LocalDate, OrderDayState> orderDays(Collection<LocalDate> dates);

    /** The {@code category_kpi_table} state of each key. */
    Map<CategoryDay, CategoryDayState> categoryDays(Collection<CategoryDay> keys);
}
