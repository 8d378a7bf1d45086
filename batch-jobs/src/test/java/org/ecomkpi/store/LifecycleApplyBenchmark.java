package org.ecomkpi.store;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;

import org.ecomkpi.aws.AwsClients;
import org.ecomkpi.kpi.ItemVersion;
import org.ecomkpi.kpi.OrderFact;
import org.ecomkpi.kpi.VersionBatch;
import org.ecomkpi.settings.PipelineSettings;

/**
 * What applying runs costs a store with current-version state (SPEC 5, "Orders change"): one run of N new orders,
 * then one run of C corrections on top of them (late returns, moved created_at, corrected customers and prices,
 * late items, orders re-sent unchanged). Prints wall time per apply and the keys each wrote; for DynamoDB the
 * request counts come from {@code RequestCounter} ({@code PIPELINE_REQUEST_COUNT_FILE}). A harness, not a test:
 *
 * <pre>
 * mvn -B -q -pl batch-jobs -am test-compile
 * mvn -B -q -pl batch-jobs dependency:build-classpath -Dmdep.outputFile=/tmp/bj-cp.txt
 * java -Xmx8g -cp batch-jobs/target/test-classes:batch-jobs/target/classes:$(cat /tmp/bj-cp.txt) \
 *     org.ecomkpi.store.LifecycleApplyBenchmark h2:/tmp/bench-store 1000000 100000
 * </pre>
 * The first argument is a store spec ({@code h2:<path>}, or {@code dynamodb} with the DynamoDB environment set).
 */
public final class LifecycleApplyBenchmark {
    private static final LocalDate FIRST_DAY = LocalDate.parse("2025-01-01");
    private static final int DAYS = 30;
    private static final int CATEGORIES = 20;

    private LifecycleApplyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String spec = args.length > 0 ? args[0] : "h2:" + Files.createTempDirectory("bench").resolve("store");
        int orders = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int corrections = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
        Random random = new Random(2026_12_01L);
        List<OrderFact> current = new ArrayList<>(orders);
        List<ItemVersion> firstItems = new ArrayList<>(orders);
        VersionBatch fresh = newOrders(random, orders, current, firstItems);
        PipelineSettings settings = PipelineSettings.parse(System.getenv());
        try (AwsClients clients = new AwsClients(settings.aws());
             KpiStore store = StoreLocation.parse(spec).open(clients, settings.dynamoDbStore())) {
            apply(store, "new-orders", fresh);
            fresh = null;
            if (corrections > 0) {
                apply(store, "corrections", corrections(random, corrections, current, firstItems));
            }
        }
        System.out.printf(Locale.ROOT, "peak heap %,d MB%n", peakHeap() >> 20);
    }

    private static void apply(KpiStore store, String runId, VersionBatch batch) {
        long start = System.nanoTime();
        store.applyRun(runId, batch);
        double seconds = (System.nanoTime() - start) / 1e9;
        AppliedRun applied = store.findApplied(runId).orElseThrow();
        System.out.printf(Locale.ROOT, "%s: %,d order versions, %,d item versions applied in %.1f s; %,d keys written;"
                        + " %d order dates, %d category keys changed%n", runId, batch.orders().size(),
                batch.items().size(), seconds, applied.keysWritten(), applied.orderDates().size(), applied.categoryKeys());
    }

    private static VersionBatch newOrders(Random random, int orders, List<OrderFact> current,
                                          List<ItemVersion> firstItems) {
        VersionBatch batch = new VersionBatch();
        int customers = Math.max(1, orders / 3);
        for (int o = 0; o < orders; o++) {
            String orderId = Integer.toString(10_000_000 + o);
            OrderFact order = new OrderFact(orderId, FIRST_DAY.plusDays(random.nextInt(DAYS)),
                    "u" + random.nextInt(customers), random.nextInt(20) == 0);
            batch.add(order);
            current.add(order);
            int items = 1 + random.nextInt(4);
            for (int i = 0; i < items; i++) {
                ItemVersion item = item(random, orderId + "-" + i, orderId);
                batch.add(item);
                if (i == 0) {
                    firstItems.add(item);
                }
            }
        }
        return batch;
    }

    private static ItemVersion item(Random random, String itemId, String orderId) {
        Optional<Boolean> own = random.nextInt(3) == 0 ? Optional.empty() : Optional.of(random.nextInt(10) == 0);
        return new ItemVersion(itemId, orderId, "Category " + random.nextInt(CATEGORIES),
                BigDecimal.valueOf(100 + random.nextInt(50_000), 2), own);
    }

    /** Corrections of distinct orders: the mix a day of a real feed sends. */
    private static VersionBatch corrections(Random random, int count, List<OrderFact> current,
                                            List<ItemVersion> firstItems) {
        VersionBatch batch = new VersionBatch();
        int customers = Math.max(1, current.size() / 3);
        int step = Math.max(1, current.size() / count);
        for (int c = 0, o = 0; c < count && o < current.size(); c++, o += step) {
            OrderFact was = current.get(o);
            int kind = random.nextInt(100);
            if (kind < 35) {
                batch.add(new OrderFact(was.orderId(), was.orderDate(), was.userId(), true));
            } else if (kind < 50) {
                batch.add(new OrderFact(was.orderId(), was.orderDate().plusDays(1), was.userId(), was.returned()));
            } else if (kind < 65) {
                batch.add(new OrderFact(was.orderId(), was.orderDate(), "u" + random.nextInt(customers), was.returned()));
            } else if (kind < 80) {
                ItemVersion item = firstItems.get(o);
                batch.add(new ItemVersion(item.itemId(), item.orderId(), item.category(),
                        item.salePrice().add(BigDecimal.ONE), item.ownReturned()));
            } else if (kind < 90) {
                batch.add(item(random, was.orderId() + "-late", was.orderId()));
            } else {
                batch.add(was);
            }
        }
        return batch;
    }

    private static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }
}
