package org.ecomkpi.kpi;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * One row of {@code order_kpi_table} (SPEC section 5).
 *
 * @param orderDate       key: UTC date of the orders' created_at
 * @param totalOrders     current orders of that date
 * @param totalRevenue    sum of sale_price of their accepted items, scale 2
 * @param totalItemsSold  count of their accepted items
 * @param returnRate      returned orders / total_orders, half-up to 4 places
 * @param uniqueCustomers distinct user_id among those orders, exact
 */
public record OrderDayKpi(
        LocalDate orderDate,
        long totalOrders,
        BigDecimal totalRevenue,
        long totalItemsSold,
        BigDecimal returnRate,
        long uniqueCustomers) {
}
