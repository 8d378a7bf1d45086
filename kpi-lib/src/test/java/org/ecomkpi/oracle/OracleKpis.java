package org.ecomkpi.oracle;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** Both KPI tables as the oracle computes them, each sorted by its key. */
public record OracleKpis(List<OracleOrderDay> orderDays, List<OracleCategoryDay> categoryDays) {

    public OracleKpis {
        orderDays = List.copyOf(orderDays);
        categoryDays = List.copyOf(categoryDays);
    }

    public Optional<OracleOrderDay> orderDay(LocalDate date) {
        return orderDays.stream().filter(d -> d.orderDate().equals(date)).findFirst();
    }

    public Optional<OracleCategoryDay> categoryDay(String category, LocalDate date) {
        return categoryDays.stream()
                .filter(d -> d.category().equals(category) && d.orderDate().equals(date))
                .findFirst();
    }
}
