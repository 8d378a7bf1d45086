package org.ecomkpi.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

import org.ecomkpi.DropRun;
import org.ecomkpi.generate.DropGenerator;
import org.ecomkpi.generate.DropSpec;
import org.ecomkpi.generate.DropSummary;
import org.ecomkpi.row.FileType;

/**
 * Throughput of kpi-lib on one thread: parse + validate + aggregate a generated drop of about 1 million order
 * items (400,000 orders). A harness, not a test: speed is measured and reported, never asserted. It lives in
 * batch-jobs' tests because the drop generator is batch-jobs code; what it times is kpi-lib alone
 * ({@link DropRun}, from kpi-lib's test jar).
 *
 * <pre>
 * mvn -B -q -pl batch-jobs -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * /usr/bin/time -v java -Xmx512m -cp batch-jobs/target/test-classes:batch-jobs/target/classes:$(cat /tmp/cp.txt) \
 *     org.ecomkpi.bench.KpiLibThroughput [orders=400000] [passes=3]
 * </pre>
 */
public final class KpiLibThroughput {
    private KpiLibThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int orders = args.length > 0 ? Integer.parseInt(args[0]) : 400_000;
        int passes = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path dir = Files.createTempDirectory("kpi-throughput");
        DropSpec spec = DropSpec.builder(orders, 90, 7L).filesPerDrop(1).badRowsPerRule(50).build();
        DropSummary drop = new DropGenerator(spec).write(dir);
        System.out.printf(Locale.ROOT, "drop: %,d orders, %,d items, %,d products%n", drop.rowsWritten(FileType.ORDERS),
                drop.rowsWritten(FileType.ORDER_ITEMS), drop.rowsWritten(FileType.PRODUCTS));
        for (int pass = 1; pass <= passes; pass++) {
            System.gc();
            long start = System.nanoTime();
            DropRun run = DropRun.of(drop.landingData(), spec.now(), false, Optional.empty());
            double seconds = (System.nanoTime() - start) / 1e9;
            long rows = run.read.values().stream().mapToLong(Long::longValue).sum();
            System.out.printf(Locale.ROOT, "pass %d: %,d rows (%,d items) in %.2f s = %,.0f rows/s, %.1f MB/s; "
                    + "%,d rejected; %d order dates, %d category keys%n", pass, rows, run.read.get(FileType.ORDER_ITEMS),
                    seconds, rows / seconds, run.bytes / 1e6 / seconds, run.rejectedTotal(),
                    run.kpis.orderKpis().size(), run.kpis.categoryKpis().size());
        }
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf(Locale.ROOT, "peak heap used (sum of pool peaks): %,d MB; max heap %,d MB%n", peak >> 20,
                Runtime.getRuntime().maxMemory() >> 20);
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
