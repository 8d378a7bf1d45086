package org.ecomkpi.oracle;

import java.math.BigDecimal;
import java.time.LocalDate;

/** One row of {@code order_kpi_table} as the oracle computes it: money at scale 2, the rate at scale 4. */
public record OracleOrderDay(
        LocalDate orderDate,
        long totalOrders,
        BigDecimal totalRevenue,
        long totalItemsSold,
        BigDecimal returnRate,
        long uniqueCustomers) {
}
