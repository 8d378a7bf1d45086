package org.ecomkpi.store;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;

import java.util.Optional;

import org.ecomkpi.kpi.ItemVersion;
import org.ecomkpi.kpi.KpiLedger;
import org.ecomkpi.kpi.OrderFact;
import org.ecomkpi.kpi.VersionBatch;

/**
 * Generated runs for store tests: a run's new orders (ids unique to the run) and their items, spread over given
 * dates, categories and customers.
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

    VersionBatch versions() {
        Random random = new Random(seed);
        VersionBatch kpis = new VersionBatch();
        for (int o = 0; o < orders; o++) {
            String orderId = runId + "-" + o;
            LocalDate date = dates.get(random.nextInt(dates.size()));
            boolean orderReturned = random.nextInt(10) == 0;
            kpis.add(new OrderFact(orderId, date, "user-" + random.nextInt(customers), orderReturned));
            int items = 1 + random.nextInt(4);
            for (int i = 0; i < items; i++) {
                String category = categories.get(random.nextInt(categories.size()));
                BigDecimal price = BigDecimal.valueOf(random.nextInt(100_000), 2); // 0.00 .. 999.99
                Optional<Boolean> own = random.nextInt(3) == 0 ? Optional.empty()
                        : Optional.of(random.nextInt(8) == 0 || orderReturned);
                kpis.add(new ItemVersion(orderId + "/" + i, orderId, category, price, own));
            }
        }
        return kpis;
    }

    /** kpi-lib's in-memory ledger after the runs, in order: what the store must hold after applying them. */
    static KpiLedger merged(List<VersionBatch> runs) {
        KpiLedger total = new KpiLedger();
        for (VersionBatch run : runs) {
            total.apply(run);
        }
        return total;
    }

    /** The ledger of one run alone. */
    static KpiLedger alone(VersionBatch run) {
        return merged(List.of(run));
    }
}
