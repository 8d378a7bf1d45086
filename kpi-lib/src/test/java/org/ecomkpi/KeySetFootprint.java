package org.ecomkpi;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

import org.ecomkpi.kpi.ItemVersion;
import org.ecomkpi.rules.OrderLookup;
import org.ecomkpi.row.Order;
import org.ecomkpi.row.Status;
import org.ecomkpi.rules.BatchValidator;
import org.ecomkpi.rules.ProductCatalogue;

/**
 * Heap held by a batch's key sets: a {@link BatchValidator} that has accepted N orders with numeric ids and 2.5
 * items each. A harness, not a test:
 *
 * <pre>
 * java -Xmx4g -cp kpi-lib/target/classes:kpi-lib/target/test-classes:$(cat /tmp/cp.txt) \
 *     org.ecomkpi.KeySetFootprint [orders=10000000]
 * </pre>
 */
public final class KeySetFootprint {
    private KeySetFootprint() {
    }

    public static void main(String[] args) {
        int orders = args.length > 0 ? Integer.parseInt(args[0]) : 10_000_000;
        long before = usedAfterGc();
        long start = System.nanoTime();
        BatchValidator batch = new BatchValidator(new ProductCatalogue(), Instant.parse("2025-01-01T00:00:00Z"), OrderLookup.NONE, orders);
        Instant created = Instant.parse("2024-06-01T10:00:00Z");
        LocalDate day = LocalDate.parse("2024-06-01");
        long items = 0;
        for (int i = 0; i < orders; i++) {
            String id = Integer.toString(1_000_000 + i);
            batch.rememberOrder(new Order(id, "u", created, Status.COMPLETE, Optional.empty(), Optional.empty(),
                    Optional.empty(), OptionalInt.of(2)));
            int n = (i & 1) == 0 ? 2 : 3;
            for (int k = 0; k < n; k++, items++) {
                batch.rememberItem(new ItemVersion(Long.toString(5_000_000_000L + items), id, "Category " + k,
                        BigDecimal.ONE, Optional.empty()));
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long held = usedAfterGc() - before;
        System.out.printf(Locale.ROOT, "%,d orders, %,d items kept in %.1f s: %,d MB of heap, %.1f bytes per order "
                + "and its items%n", batch.acceptedOrders(), batch.acceptedItems(), seconds, held >> 20,
                (double) held / orders);
        if (batch.itemCountMismatches() < 0) {
            throw new AssertionError(); // keeps the validator reachable until here
        }
    }

    private static long usedAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
