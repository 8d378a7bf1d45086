package org.ecomkpi.kpi;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * One row of {@code category_kpi_table} (SPEC section 5), over accepted items of that category whose order
 * has that date.
 *
 * @param category      key: the product category
 * @param orderDate     key: the order's UTC date
 * @param dailyRevenue  sum of sale_price, scale 2
 * @param avgOrderValue daily_revenue / distinct orders among those items, half-up to 2 places
 * @param avgReturnRate returned items / items, half-up to 4 places
 */
public record CategoryDayKpi(
        String category,
        LocalDate orderDate,
        BigDecimal dailyRevenue,
        BigDecimal avgOrderValue,
        BigDecimal avgReturnRate) {

    public CategoryDay key() {
        return new CategoryDay(category, orderDate);
    }
}
