package org.ecomkpi.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import org.ecomkpi.bucket.Bucket;
import org.ecomkpi.generate.DropGenerator;
import org.ecomkpi.generate.DropSpec;
import org.ecomkpi.generate.DropSummary;
import org.ecomkpi.row.FileType;
import org.ecomkpi.run.AcceptedRows;
import org.ecomkpi.run.DataQualityReport;
import org.ecomkpi.run.RunReport;
import org.ecomkpi.run.Staging;
import org.ecomkpi.run.StepTally;
import org.ecomkpi.jberet.JobLauncher;
import org.ecomkpi.jberet.LaunchResult;
import org.ecomkpi.store.KpiStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The orders and items steps run as partitions (files, and byte ranges of files cut at row starts) on several
 * threads, yet judge every row as one read of the batch in file order does: a run with tiny partitions on two
 * threads stages the same accepted rows, archives the same rejects, reports the same counts (in report.json and in
 * the job repository, which {@code runs show} prints) and ends with the same KPIs as a run with one partition per file
 * on one thread.
 */
class PartitionedValidationTest {
    private static final String ORDERS = "order_id,user_id,status,created_at,num_of_item\n";
    private static final String ITEMS = "id,order_id,product_id,sale_price\n";

    private static final Pattern JOB_START = Pattern.compile("the job's start \\([^)]*\\)");

    @TempDir
    Path dir;

    @Test
    void duplicatesAcrossPartitionsAreJudgedAsInOneReadInFileOrder() throws Exception {
        Map<String, String> drop = new TreeMap<>();
        drop.put("products.csv", "id,sku,cost,category,retail_price\n100,S100,5.00,Toys,9.99\n101,S101,1.00,Books,3.00\n");
        drop.put("orders/o1.csv", ORDERS
                + "1,7,Complete,2025-03-30T16:14:26,1\n"
                + "2,7,lost,2025-03-30T10:00:00,1\n"             // rejected (BAD_STATUS) before its valid occurrence
                + "3,8,Complete,2025-03-30T11:00:00,1\n"
                + "4,\"7\n8\",Complete,2025-03-30T11:00:00,1\n"   // a quoted line break: never a place to cut
                + "5,9,Complete,2025-03-30T12:00:00,1\n"
                + "1,9,Complete,2025-03-31T12:00:00,1\n"         // DUPLICATE_KEY of line 2, another partition
                + "2,7,Complete,2025-03-30T10:00:00,1\n"         // the first accepted order 2: kept
                + "6,9,\"Complete\",2025-03-30T12:00:00,2\n");
        drop.put("orders/o2.csv", ORDERS
                + "3,8,Complete,2025-03-29T11:00:00,1\r\n"       // DUPLICATE_KEY of o1.csv's order 3
                + "7,8,Complete,2025-03-29T11:00:00,1\r\n"
                + "2,7,Complete,2025-03-29T10:00:00,1\r\n");     // DUPLICATE_KEY of o1.csv's valid order 2
        drop.put("order_items/i1.csv", ITEMS
                + "10,1,100,9.99\n"
                + "11,2,100,5.00\n"
                + "12,3,101,1.00\n"
                + "13,99,100,1.00\n"                             // UNKNOWN_ORDER
                + "14,5,100,2.00\n"
                + "10,6,100,3.00\n"                              // DUPLICATE_KEY, accepted in its own partition
                + "12,99,100,1.00\n"                             // DUPLICATE_KEY first, not UNKNOWN_ORDER
                + "15,98,100,1.00\n"                             // UNKNOWN_ORDER ...
                + "14,6,999,1.00\n"                              // DUPLICATE_KEY first, not UNKNOWN_PRODUCT
                + "16,6,999,1.00\n");                            // UNKNOWN_PRODUCT
        drop.put("order_items/i2.csv", ITEMS
                + "15,6,100,1.00\n"                              // ... then valid: kept
                + "11,7,100,4.00\n"                              // DUPLICATE_KEY of i1.csv's item 11
                + "17,7,101,4.00\n"
                + "13,7,101,4.00\n");                            // valid: item 13 was rejected before

        PipelineRuns serial = landed("serial", drop);
        PipelineRuns partitioned = landed("partitioned", drop);
        validate(serial, 1, 1L << 40, 3);
        validate(partitioned, 2, 20, 3);

        assertTrue(partitions(partitioned, FileType.ORDERS) >= 8, "orders cut into partitions of about a row");
        assertTrue(partitions(partitioned, FileType.ORDER_ITEMS) >= 10, "items cut into partitions of about a row");
        assertEquals(List.of("3:2:BAD_STATUS", "5:4:BAD_ID", "8:1:DUPLICATE_KEY"),
                rejects(partitioned, "orders/o1.csv", "order_id"));
        assertEquals(List.of("2:3:DUPLICATE_KEY", "4:2:DUPLICATE_KEY"), rejects(partitioned, "orders/o2.csv", "order_id"));
        assertEquals(List.of("5:13:UNKNOWN_ORDER", "7:10:DUPLICATE_KEY", "8:12:DUPLICATE_KEY", "9:15:UNKNOWN_ORDER",
                "10:14:DUPLICATE_KEY", "11:16:UNKNOWN_PRODUCT"), rejects(partitioned, "order_items/i1.csv", "id"));
        assertEquals(List.of("3:11:DUPLICATE_KEY"), rejects(partitioned, "order_items/i2.csv", "id"));
        assertSameValidation(serial, partitioned);

        transform(serial);
        transform(partitioned);
        assertSameKpis(serial, partitioned);
    }

    @Test
    void aGzipFileIsOnePartitionAndItsKeysAreJudgedAcrossPartitionsAsInOneRead() throws Exception {
        Map<String, String> drop = new TreeMap<>();
        drop.put("products.csv", "id,sku,cost,category,retail_price\n100,S100,5.00,Toys,9.99\n");
        drop.put("orders/o1.csv.gz", ORDERS
                + "1,7,Complete,2025-03-30T16:14:26,1\n"
                + "2,7,lost,2025-03-30T10:00:00,1\n"             // rejected (BAD_STATUS) ...
                + "3,8,Complete,2025-03-30T11:00:00,1\n"
                + "4,8,Returned,2025-03-30T12:00:00,2\n");
        drop.put("orders/o2.csv", ORDERS
                + "2,7,Complete,2025-03-30T10:00:00,1\n"         // ... then valid in a plain file's partition: kept
                + "3,9,Complete,2025-03-31T11:00:00,1\n"         // DUPLICATE_KEY of the gzip file's order 3
                + "5,9,Complete,2025-03-31T12:00:00,1\n");
        drop.put("order_items/i1.csv", ITEMS
                + "10,4,100,9.99\n"                              // order 4: in the gzip file's partition
                + "11,2,100,5.00\n"                              // order 2: accepted in another partition
                + "12,5,100,1.00\n");
        drop.put("order_items/i2.csv.gz", ITEMS
                + "10,1,100,3.00\n"                              // DUPLICATE_KEY of a plain file's item
                + "13,4,100,2.00\n"
                + "14,6,100,2.00\n");                            // UNKNOWN_ORDER

        PipelineRuns serial = landed("serial", drop);
        PipelineRuns partitioned = landed("partitioned", drop);
        validate(serial, 1, 1L << 40, 3);
        validate(partitioned, 2, 20, 1);

        Map<Integer, Integer> orderPartitions = partitionsPerFile(partitioned, FileType.ORDERS);
        assertEquals(1, orderPartitions.get(0), "the gzip orders file is one partition: " + orderPartitions);
        assertTrue(orderPartitions.get(1) > 1, "the plain orders file is cut: " + orderPartitions);
        assertEquals(1, partitionsPerFile(partitioned, FileType.ORDER_ITEMS).get(1), "the gzip items file: one partition");
        assertEquals(List.of("3:2:BAD_STATUS"), rejects(partitioned, "orders/o1.csv", "order_id"));
        assertEquals(List.of("3:3:DUPLICATE_KEY"), rejects(partitioned, "orders/o2.csv", "order_id"));
        assertEquals(List.of("2:10:DUPLICATE_KEY", "4:14:UNKNOWN_ORDER"),
                rejects(partitioned, "order_items/i2.csv", "id"));
        assertSameValidation(serial, partitioned);

        transform(serial);
        transform(partitioned);
        assertSameKpis(serial, partitioned);
    }

    @Test
    void aGeneratedDropValidatedInManyPartitionsEqualsOnePartitionPerFile() throws Exception {
        DropSummary generated = new DropGenerator(DropSpec.builder(4_000, 12, 5L).badRowsPerRule(6).build())
                .write(dir.resolve("drop"));
        PipelineRuns serial = new PipelineRuns(dir.resolve("serial"));
        serial.land(generated.landingData());
        PipelineRuns partitioned = new PipelineRuns(dir.resolve("partitioned"));
        partitioned.land(generated.landingData());
        validate(serial, 1, 1L << 40, 250);
        validate(partitioned, 2, 24 * 1024, 250);

        assertTrue(partitions(partitioned, FileType.ORDER_ITEMS) > partitions(serial, FileType.ORDER_ITEMS),
                "more partitions than files");
        assertSameValidation(serial, partitioned);
        transform(serial);
        transform(partitioned);
        assertSameKpis(serial, partitioned);
    }

    // ---------------------------------------------------------------- runs

    private PipelineRuns landed(String name, Map<String, String> files) throws Exception {
        PipelineRuns runs = new PipelineRuns(dir.resolve(name));
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path path = runs.bucket.resolve("landing-data").resolve(file.getKey());
            Files.createDirectories(path.getParent());
            byte[] content = file.getValue().getBytes(StandardCharsets.UTF_8);
            if (file.getKey().endsWith(".gz")) {
                ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
                try (GZIPOutputStream out = new GZIPOutputStream(gzipped)) {
                    out.write(content);
                }
                content = gzipped.toByteArray();
            }
            Files.write(path, content);
        }
        return runs;
    }

    private static Properties parameters(PipelineRuns runs, int threads, long partitionBytes, int chunkSize) {
        Properties p = runs.parameters();
        p.setProperty("rejectLimit", "0.9");
        p.setProperty("chunkSize", Integer.toString(chunkSize));
        p.setProperty("partitionThreads", Integer.toString(threads));
        p.setProperty("partitionBytes", Long.toString(partitionBytes));
        return p;
    }

    private static void validate(PipelineRuns runs, int threads, long partitionBytes, int chunkSize) {
        try (JobLauncher launcher = JobLauncher.onH2(runs.store)) {
            LaunchResult validate = launcher.startOrRestart("validate", "r1",
                    parameters(runs, threads, partitionBytes, chunkSize));
            assertEquals("VALIDATED", validate.exitStatus(), validate.toString());
        }
    }

    private static void transform(PipelineRuns runs) {
        try (JobLauncher launcher = JobLauncher.onH2(runs.store)) {
            LaunchResult transform = launcher.startOrRestart("transform", "r1", runs.parameters());
            assertEquals("PROCESSED", transform.exitStatus(), transform.toString());
        }
    }

    private static int partitions(PipelineRuns runs, FileType type) throws Exception {
        Properties plan = new Properties();
        try (InputStream in = Files.newInputStream(runs.bucket.resolve(Staging.partitionPlan("r1", type)))) {
            plan.load(in);
        }
        return Integer.parseInt(plan.getProperty("partitions"));
    }

    /** The number of partitions of each file of the step (by its index among the step's files). */
    private static Map<Integer, Integer> partitionsPerFile(PipelineRuns runs, FileType type) throws Exception {
        Properties plan = new Properties();
        try (InputStream in = Files.newInputStream(runs.bucket.resolve(Staging.partitionPlan("r1", type)))) {
            plan.load(in);
        }
        Map<Integer, Integer> perFile = new TreeMap<>();
        for (int i = 0, n = Integer.parseInt(plan.getProperty("partitions")); i < n; i++) {
            perFile.merge(Integer.parseInt(plan.getProperty(i + ".fileIndex")), 1, Integer::sum);
        }
        return perFile;
    }

    /** The reject archive of an input file as {@code _line:key:_rule}. */
    private static List<String> rejects(PipelineRuns runs, String relative, String key) throws Exception {
        return PipelineRuns.rows(runs.bucket.resolve("invalid-data/r1").resolve(relative)).stream()
                .map(r -> r.get("_line") + ":" + r.get(key) + ":" + r.get("_rule")).toList();
    }

    // ---------------------------------------------------------------- what must be equal

    private static void assertSameValidation(PipelineRuns expected, PipelineRuns actual) throws Exception {
        assertEquals(archives(expected), archives(actual), "reject archives, byte for byte");
        Bucket expectedBucket = Bucket.at(expected.bucket.toString());
        Bucket actualBucket = Bucket.at(actual.bucket.toString());
        for (FileType type : FileType.values()) {
            assertEquals(staged(expectedBucket, type), staged(actualBucket, type), "staged accepted " + type.folder());
            assertEquals(counts(expectedBucket, type), counts(actualBucket, type), "tally of " + type.folder());
        }
        RunReport want = DataQualityReport.read(expectedBucket, "r1");
        RunReport got = DataQualityReport.read(actualBucket, "r1");
        assertEquals(want.status(), got.status());
        assertEquals(want.totals(), got.totals());
        assertEquals(want.rejectedByRule(), got.rejectedByRule());
        assertEquals(want.warnings(), got.warnings(), "warnings, ITEM_COUNT_MISMATCH included");
        assertEquals(want.files(), got.files());
        assertEquals(RepositoryCounts.ofReport(want), repositoryCounts(expected), "runs show: the steps' counts");
        assertEquals(RepositoryCounts.ofReport(got), repositoryCounts(actual),
                "runs show: a partitioned step's counts are the sums of its partitions', as one read counts them");
    }

    private static Map<String, List<Long>> repositoryCounts(PipelineRuns runs) {
        try (JobLauncher launcher = JobLauncher.onH2(runs.store)) {
            return RepositoryCounts.ofRun(launcher, "r1");
        }
    }

    private static Map<String, String> archives(PipelineRuns runs) throws Exception {
        Map<String, String> archives = new TreeMap<>();
        Path root = runs.bucket.resolve("invalid-data/r1");
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                // FUTURE_TIMESTAMP names the job's start, which differs between the two runs
                archives.put(root.relativize(file).toString(), JOB_START.matcher(Files.readString(file,
                        StandardCharsets.UTF_8)).replaceAll("the job's start (...)"));
            }
        }
        return archives;
    }

    private static List<Object> staged(Bucket bucket, FileType type) {
        List<Object> rows = new ArrayList<>();
        int parts = StepTally.readFrom(bucket, "r1", type).orElseThrow().parts();
        for (int part = 0; part < parts; part++) {
            try (AcceptedRows.Reader reader = AcceptedRows.read(bucket, Staging.acceptedPart("r1", type, part), 0)) {
                for (Object row = reader.next(); row != null; row = reader.next()) {
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    private static List<String> counts(Bucket bucket, FileType type) {
        List<String> counts = new ArrayList<>();
        StepTally.readFrom(bucket, "r1", type).orElseThrow().files().forEach((file, t) -> counts.add(file + " read "
                + t.read() + " accepted " + t.accepted() + " rejected " + t.rejectedByRule() + " warnings " + t.warnings()));
        return counts;
    }

    private static void assertSameKpis(PipelineRuns expected, PipelineRuns actual) {
        try (KpiStore want = KpiStore.at(expected.storeSpec()); KpiStore got = KpiStore.at(actual.storeSpec())) {
            assertEquals(want.orderKpis(Optional.empty()), got.orderKpis(Optional.empty()));
            assertEquals(want.categoryKpis(Optional.empty(), Optional.empty()),
                    got.categoryKpis(Optional.empty(), Optional.empty()));
            assertTrue(!want.orderKpis(Optional.empty()).isEmpty(), "some KPIs to compare");
        }
    }
}
