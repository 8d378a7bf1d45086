package org.ecomkpi.oracle;

import java.math.BigDecimal;
import java.time.LocalDate;

/** One row of {@code category_kpi_table} as the oracle computes it: money at scale 2, the rate at scale 4. */
public record OracleCategoryDay(
        String category,
        LocalDate orderDate,
        BigDecimal dailyRevenue,
        BigDecimal avgOrderValue,
        BigDecimal avgReturnRate) {
}
