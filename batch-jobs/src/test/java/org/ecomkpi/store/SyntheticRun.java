package org.ecomkpi.store;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.ecomkpi.kpi.ItemFact;
import org.ecomkpi.kpi.KpiAccumulator;
import org.ecomkpi.kpi.OrderFact;

/**
 * Generated KPI contributions for store tests: a run's orders (ids unique to the run, as accepted rows of
 * different runs never share an order) spread over given dates, categories and customers.
 */
record SyntheticRun(String runId, long seed, int orders, List<LocalDate> dates, List<String> categories,
                    int customers) {

    static final List<LocalDate> DATES = List.of(
            LocalDate.parse("2025-03-28"), LocalDate.parse("2025-03-29"), LocalDate.parse("2025-03-30"));
    static final List<String> CATEGORIES = List.of("Home & Kitchen", "Jeans", "Accessories", "Électronique");

    /** A run over the shared dates and categories, so runs with different seeds touch the same keys. */
    static SyntheticRun overSharedKeys(String runId, long seed, int orders) {
        return new SyntheticRun(runId, seed, orders, DATES, CATEGORIES, 50);
    }

    KpiAccumulator kpis() {
        Random random = new Random(seed);
        KpiAccumulator kpis = new KpiAccumulator();
        for (int o = 0; o < orders; o++) {
            String orderId = runId + "-" + o;
            LocalDate date = dates.get(random.nextInt(dates.size()));
            boolean orderReturned = random.nextInt(10) == 0;
            kpis.add(new OrderFact(orderId, date, "user-" + random.nextInt(customers), orderReturned));
            Set<String> categoriesOfOrder = new HashSet<>();
            int items = 1 + random.nextInt(4);
            for (int i = 0; i < items; i++) {
                String category = categories.get(random.nextInt(categories.size()));
                BigDecimal price = BigDecimal.valueOf(random.nextInt(100_000), 2); // 0.00 .. 999.99
                boolean returned = random.nextInt(8) == 0 || orderReturned;
                kpis.add(new ItemFact(orderId + "/" + i, orderId, date, category, price, returned,
                        categoriesOfOrder.add(category)));
            }
        }
        return kpis;
    }

    /** The in-memory merge of contributions: what the store must hold after applying them all. */
    static KpiAccumulator merged(List<KpiAccumulator> contributions) {
        KpiAccumulator total = new KpiAccumulator();
        for (KpiAccumulator contribution : contributions) {
            total.merge(contribution);
        }
        return total;
    }
}
