package org.ecomkpi.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.batch.runtime.Metric;
import jakarta.batch.runtime.StepExecution;

import org.ecomkpi.aws.MotoPipeline;
import org.ecomkpi.aws.MotoServer;
import org.ecomkpi.cli.Cli;
import org.ecomkpi.generate.DropGenerator;
import org.ecomkpi.generate.DropSpec;
import org.ecomkpi.generate.DropSummary;
import org.ecomkpi.kpi.CategoryDayKpi;
import org.ecomkpi.kpi.OrderDayKpi;
import org.ecomkpi.oracle.OracleKpis;
import org.ecomkpi.jberet.JobLauncher;
import org.ecomkpi.jberet.dynamodb.DynamoDbJobRepository;
import org.ecomkpi.jberet.dynamodb.DynamoDbRepositorySettings;
import org.ecomkpi.store.DynamoDbKpiStore;
import org.ecomkpi.store.DynamoDbTables;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The same jobs on AWS APIs: the bucket on S3, KPIs and the job repository in DynamoDB, all served by
 * {@code moto_server}; the CLI is configured only by environment, as the ECS tasks are. It runs in this JVM
 * ({@link Cli}) unless the process is the point: a child JVM ({@link ChildCli}) is killed, frozen past its lease, or
 * one of three started together.
 */
class PipelineOnS3AndDynamoDbTest {
    private static MotoServer moto;
    private static S3Client s3;
    private static DynamoDbClient dynamo;

    @TempDir
    Path dir;

    private String bucket;
    private String tables;
    private Map<String, String> environment;

    @BeforeAll
    static void clients() {
        moto = MotoServer.get();
        s3 = moto.s3Client();
        dynamo = moto.dynamoClient();
    }

    @AfterAll
    static void closeClients() {
        s3.close();
        dynamo.close();
    }

    @BeforeEach
    void anEmptyBucketAndFreshTables() {
        MotoPipeline pipeline = MotoPipeline.fresh(s3, "kpi-e2e");
        bucket = pipeline.bucket();
        tables = pipeline.tables();
        environment = pipeline.environment();
        // 10 s: a container's heartbeats, every 1.7 s, cannot all stall past it on a busy machine (3 s leases were
        // lost when four test suites shared two cores), and a killed or frozen container is taken over 10 s later
        environment.put(DynamoDbRepositorySettings.LEASE_VARIABLE, "10");
    }

    private Map<String, String> environment() {
        return new HashMap<>(environment);
    }

    private DynamoDbKpiStore store() {
        return new DynamoDbKpiStore(dynamo, DynamoDbTables.fromEnvironment(environment()));
    }

    private void upload(Path landingData) throws Exception {
        try (Stream<Path> files = Files.walk(landingData)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String key = "landing-data/" + landingData.relativize(file).toString().replace('\\', '/');
                s3.putObject(p -> p.bucket(bucket).key(key), RequestBody.fromFile(file));
            }
        }
    }

    /** Copies the whole S3 bucket into {@code dir/bucket}, so the archives can be read like a local bucket's. */
    private PipelineRuns download() throws Exception {
        PipelineRuns local = new PipelineRuns(dir);
        for (S3Object object : s3.listObjectsV2Paginator(l -> l.bucket(bucket)).contents()) {
            Path target = local.bucket.resolve(object.key());
            Files.createDirectories(target.getParent());
            s3.getObject(g -> g.bucket(bucket).key(object.key()), target);
        }
        return local;
    }

    /** The CLI in this JVM over the environment an ECS task gets ({@link Cli}), expected to succeed. */
    private Cli cli(String... args) {
        Cli result = Cli.runWith(environment(), args);
        assertEquals(0, result.exitCode(), String.join(" ", args) + "\n" + result);
        return result;
    }

    @Test
    void threeBatchesOnS3AndDynamoDbEqualTheOracle() throws Exception {
        List<DropSummary> batches = new DropGenerator(DropSpec.builder(600, 12, 41L).products(60).badRowsPerRule(2).build())
                .writeBatches(dir.resolve("drop"), 3);
        String[] runs = {"aws-1", "aws-2", "aws-3"};
        for (int i = 0; i < runs.length; i++) {
            upload(batches.get(i).landingData());
            assertTrue(cli("validate", "--run-id", runs[i]).output().contains("VALIDATED"));
            assertTrue(cli("transform", "--run-id", runs[i]).output().contains("PROCESSED"));
        }

        OracleKpis oracle = download().oracle(dir.resolve("accepted"), runs);
        try (DynamoDbKpiStore store = store()) {
            assertEquals(oracle.orderDays(), PipelineRuns.asOracle(store.orderKpis(Optional.empty())));
            assertEquals(oracle.categoryDays(),
                    PipelineRuns.asOracleCategories(store.categoryKpis(Optional.empty(), Optional.empty())));
        }
        // each run's page is an object beside its report.json that a browser shows as a page
        assertEquals("text/html; charset=utf-8",
                s3.headObject(h -> h.bucket(bucket).key("runs/aws-3/report.html")).contentType());
        List<String> report = cli("report", "aws-3").output().lines().toList(); // after the libraries' own chatter
        assertEquals("s3://" + bucket + "/runs/aws-3/report.html", report.get(report.size() - 1));
    }

    @Test
    void batchesOfChangedOrdersOnS3AndDynamoDbEqualTheOracleOverCurrentVersionsWithAKilledTransform() throws Exception {
        List<DropSummary> batches = new DropGenerator(DropSpec.builder(500, 10, 47L).build())
                .writeLifecycle(dir.resolve("drop"), 2);
        String[] runs = {"life-1", "life-2", "life-3"};
        for (int i = 0; i < runs.length; i++) {
            upload(batches.get(i).landingData());
            assertTrue(cli("validate", "--run-id", runs[i]).output().contains("VALIDATED"));
            String[] transform = {"transform", "--run-id", runs[i], "--chunk-size", "50"};
            if (i == 1) {
                ChildCli.runKilledAfter(environment(), "transform/aggregate] checkpoint committed", transform);
            }
            assertTrue(cli(transform).output().contains("PROCESSED"));
        }

        OracleKpis oracle = download().oracleOverCurrentVersions(dir.resolve("accepted"), runs);
        try (DynamoDbKpiStore store = store()) {
            assertEquals(oracle.orderDays(), PipelineRuns.asOracle(store.orderKpis(Optional.empty())));
            assertEquals(oracle.categoryDays(),
                    PipelineRuns.asOracleCategories(store.categoryKpis(Optional.empty(), Optional.empty())));
        }
    }

    @Test
    void jobsKilledInOneContainerRestartInAnotherFromTheirDynamoDbCheckpoints() throws Exception {
        DropSummary drop = new DropGenerator(DropSpec.builder(800, 8, 43L).badRowsPerRule(1).build())
                .write(dir.resolve("drop"));
        PipelineRuns clean = new PipelineRuns(dir.resolve("clean"));
        clean.land(drop.landingData());
        assertEquals("PROCESSED", clean.runBoth("k1").get(1).exitStatus());
        upload(drop.landingData());

        String[] validate = {"validate", "--run-id", "k1", "--chunk-size", "50"};
        ChildCli.runKilledAfter(environment(), "validate/items] checkpoint committed", validate);
        Cli validated = cli(validate);
        ChildCli.assertResumedPastTheStart(validated.output(), "validate/order_items");

        String[] transform = {"transform", "--run-id", "k1", "--chunk-size", "50"};
        ChildCli.runKilledAfter(environment(), "transform/aggregate] checkpoint committed", transform);
        Cli transformed = cli(transform);
        ChildCli.assertResumedPastTheStart(transformed.output(), "transform/aggregate");

        Map<String, String> env = environment();
        try (JobLauncher launcher = JobLauncher.on(new DynamoDbJobRepository(dynamo, s3,
                DynamoDbRepositorySettings.fromEnvironment(Map.of(DynamoDbRepositorySettings.TABLE_VARIABLE,
                        env.get(DynamoDbRepositorySettings.TABLE_VARIABLE), DynamoDbRepositorySettings.SPILL_VARIABLE,
                        "s3://" + bucket + "/runs/_job-repository"))))) {
            for (String[] jobAndStep : new String[][] {{"validate", "items"}, {"transform", "aggregate"}}) {
                List<JobExecution> executions = launcher.executionsOfRun(jobAndStep[0], "k1");
                assertEquals(2, executions.size(), jobAndStep[0] + ": the killed execution and its restart");
                assertEquals(BatchStatus.FAILED, executions.get(0).getBatchStatus());
                assertEquals(BatchStatus.COMPLETED, executions.get(1).getBatchStatus());
                StepExecution restarted = launcher.operator().getStepExecutions(executions.get(1).getExecutionId())
                        .stream().filter(s -> s.getStepName().equals(jobAndStep[1])).findFirst().orElseThrow();
                StepExecution killed = launcher.operator().getStepExecutions(executions.get(0).getExecutionId())
                        .stream().filter(s -> s.getStepName().equals(jobAndStep[1])).findFirst().orElseThrow();
                assertTrue(read(killed) > 0, jobAndStep[0] + " had read rows before it was killed");
                assertTrue(read(restarted) > 0, jobAndStep[0] + " read the rest after the restart");
            }
            try (JobLauncher local = JobLauncher.onH2(clean.store)) {
                assertEquals(RepositoryCounts.ofRun(local, "k1"), RepositoryCounts.ofRun(launcher, "k1"),
                        "validate: the killed execution's counts and its restart's add up to a clean run's");
            }
        }
        List<OrderDayKpi> orders;
        List<CategoryDayKpi> categories;
        try (org.ecomkpi.store.KpiStore local = org.ecomkpi.store.KpiStore.at(clean.storeSpec())) {
            orders = local.orderKpis(Optional.empty());
            categories = local.categoryKpis(Optional.empty(), Optional.empty());
        }
        try (DynamoDbKpiStore store = store()) {
            assertEquals(orders, store.orderKpis(Optional.empty()));
            assertEquals(categories, store.categoryKpis(Optional.empty(), Optional.empty()));
        }
    }

    /**
     * A container frozen past its lease (SIGSTOP: what a long GC pause or a frozen VM does) in the middle of a chunk
     * step of each job: another container takes the run over and finishes it; when the frozen one wakes up (SIGCONT),
     * every write it tries is refused, it exits 3, and the bucket and every table are exactly as the other left them.
     */
    @Test
    void aContainerFrozenPastItsLeaseIsTakenOverAndWritesNothingWhenItWakes() throws Exception {
        DropSummary drop = new DropGenerator(DropSpec.builder(800, 8, 53L).badRowsPerRule(1).build())
                .write(dir.resolve("drop"));
        PipelineRuns clean = new PipelineRuns(dir.resolve("clean"));
        clean.land(drop.landingData());
        assertEquals("PROCESSED", clean.runBoth("f1").get(1).exitStatus());
        upload(drop.landingData());

        for (String[] jobAndStep : new String[][] {{"validate", "items"}, {"transform", "aggregate"}}) {
            String[] command = {jobAndStep[0], "--run-id", "f1", "--chunk-size", "50"};
            ChildCli.Paused frozen = ChildCli.runPausedAfter(environment(),
                    jobAndStep[0] + "/" + jobAndStep[1] + "] checkpoint committed", command);
            Cli tookOver = cli(command); // waits out the frozen container's lease, then takes the run over
            assertTrue(tookOver.output().contains("restarted"), tookOver.output());
            Map<String, String> before = everythingStored();

            ChildCli.Result woke = frozen.resume();
            assertEquals(3, woke.exitCode(), woke.output());
            assertTrue(woke.output().contains("lost the lease"), woke.output());
            assertFalse(woke.output().contains("Exception in thread"), "no bare stack trace:\n" + woke.output());
            assertEquals(before, everythingStored(), jobAndStep[0] + ": the woken container wrote nothing");
        }

        try (JobLauncher launcher = JobLauncher.on(new DynamoDbJobRepository(dynamo, s3,
                DynamoDbRepositorySettings.fromEnvironment(Map.of(DynamoDbRepositorySettings.TABLE_VARIABLE,
                        environment().get(DynamoDbRepositorySettings.TABLE_VARIABLE),
                        DynamoDbRepositorySettings.SPILL_VARIABLE, "s3://" + bucket + "/runs/_job-repository"))))) {
            for (String job : List.of("validate", "transform")) {
                List<JobExecution> executions = launcher.executionsOfRun(job, "f1");
                assertEquals(List.of(BatchStatus.FAILED, BatchStatus.COMPLETED),
                        executions.stream().map(JobExecution::getBatchStatus).toList(),
                        job + ": the frozen execution, taken over, and the one that finished the run");
            }
        }
        try (org.ecomkpi.store.KpiStore local = org.ecomkpi.store.KpiStore.at(clean.storeSpec());
             DynamoDbKpiStore store = store()) {
            assertEquals(local.orderKpis(Optional.empty()), store.orderKpis(Optional.empty()));
            assertEquals(local.categoryKpis(Optional.empty(), Optional.empty()),
                    store.categoryKpis(Optional.empty(), Optional.empty()));
        }
    }

    /** Every object of the bucket (key and ETag) and every item of every table of this test, as text. */
    private Map<String, String> everythingStored() {
        Map<String, String> stored = new java.util.TreeMap<>();
        for (S3Object object : s3.listObjectsV2Paginator(l -> l.bucket(bucket)).contents()) {
            stored.put("s3:" + object.key(), object.eTag());
        }
        for (String table : dynamo.listTablesPaginator().tableNames()) {
            if (table.startsWith(tables)) {
                for (Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item
                        : dynamo.scanPaginator(scan -> scan.tableName(table).consistentRead(true)).items()) {
                    stored.put(table + ":" + new java.util.TreeMap<>(item), "item");
                }
            }
        }
        return stored;
    }

    @Test
    void filesNamedWithSpacesPercentPlusAndAccentsAreClaimedValidatedAndArchivedUnderTheirExactNames() throws Exception {
        Path landing = new DropGenerator(DropSpec.builder(300, 2, 53L).filesPerDrop(1).badRowsPerRule(1).build())
                .write(dir.resolve("drop")).landingData();
        // names a copy source must URL-encode on S3: a wrong encoding loses the object or renames it
        Map<String, String> renamed = Map.of(
                "orders/orders-001.csv", "orders/jour d'été 100%+.csv",
                "order_items/order_items-001.csv", "order_items/a+b %20 ü–ñ.csv",
                "products.csv", "products/catalogue 1+1 é.csv");
        for (Map.Entry<String, String> file : renamed.entrySet()) {
            Path target = landing.resolve(file.getValue());
            Files.createDirectories(target.getParent());
            Files.move(landing.resolve(file.getKey()), target);
        }
        upload(landing);

        assertTrue(cli("validate", "--run-id", "odd-names", "--reject-limit", "50%").output().contains("VALIDATED"));
        assertTrue(cli("transform", "--run-id", "odd-names").output().contains("PROCESSED"));

        assertEquals(List.of(), keys("landing-data/"));
        assertEquals(List.of(), keys("runs/odd-names/input/"));
        assertEquals(renamed.values().stream().map(name -> "processed/odd-names/" + name).sorted().toList(),
                keys("processed/odd-names/"));
        for (String name : renamed.values()) {
            assertEquals(Files.readString(landing.resolve(name)), s3.getObjectAsBytes(g -> g.bucket(bucket)
                    .key("processed/odd-names/" + name)).asUtf8String(), name + " archived byte for byte");
        }
        assertTrue(keys("invalid-data/odd-names/").contains("invalid-data/odd-names/orders/jour d'été 100%+.csv"),
                "the orders file's rejects keep its name: " + keys("invalid-data/odd-names/"));
        String report = s3.getObjectAsBytes(g -> g.bucket(bucket).key("runs/odd-names/report.json")).asUtf8String();
        for (String name : renamed.values()) {
            assertTrue(report.contains("\"" + name + "\""), name + " in the report:\n" + report);
        }
    }

    @Test
    void threeRunsStartedTogetherOverOneUploadLeaveItWholeToOne() throws Exception {
        Path landing = new DropGenerator(DropSpec.builder(600, 3, 47L).filesPerDrop(2).build())
                .write(dir.resolve("drop")).landingData();
        splitInTwo(landing.resolve("products.csv"), landing.resolve("products"));
        List<String> upload;
        try (Stream<Path> files = Files.walk(landing)) {
            upload = files.filter(Files::isRegularFile).map(f -> landing.relativize(f).toString().replace('\\', '/'))
                    .sorted().toList();
        }
        assertEquals(6, upload.size(), "two orders, two order_items and two products files: " + upload);
        assertTrue(cli("validate", "--run-id", "before-the-upload").output().contains("NO_BATCH")); // makes the tables
        upload(landing);

        // as the state machine does: every uploaded object starts its own run, and they claim together
        List<String> runs = List.of("object-1", "object-2", "object-3");
        ExecutorService containers = Executors.newFixedThreadPool(runs.size());
        List<String> validated = new ArrayList<>();
        try {
            List<Future<ChildCli.Result>> started = new ArrayList<>();
            for (String run : runs) {
                started.add(containers.submit(() -> ChildCli.run(environment(), "validate", "--run-id", run)));
            }
            for (int i = 0; i < runs.size(); i++) {
                ChildCli.Result result = started.get(i).get(4, TimeUnit.MINUTES);
                assertEquals(0, result.exitCode(), result.output());
                if (result.output().contains("validate " + runs.get(i) + ": VALIDATED")) {
                    validated.add(runs.get(i));
                } else {
                    assertTrue(result.output().contains("validate " + runs.get(i) + ": NO_BATCH"), result.output());
                }
            }
        } finally {
            containers.shutdownNow();
        }

        assertEquals(1, validated.size(), "one run validated the upload: " + validated);
        assertEquals(upload.stream().map(f -> "runs/" + validated.get(0) + "/input/" + f).toList(),
                keys("runs/" + validated.get(0) + "/input/"));
        assertEquals(List.of(), keys("landing-data/"));
        for (String run : runs) {
            if (!run.equals(validated.get(0))) {
                assertEquals(List.of(), keys("runs/" + run + "/input/"), run + " holds nothing");
            }
        }
    }

    /** Replaces a CSV file by two files under {@code folder}, each with the header and half the rows. */
    private static void splitInTwo(Path csv, Path folder) throws Exception {
        List<String> lines = Files.readAllLines(csv);
        int half = 1 + (lines.size() - 1) / 2;
        Files.createDirectories(folder);
        List<String> first = new ArrayList<>(lines.subList(0, half));
        List<String> second = new ArrayList<>(List.of(lines.get(0)));
        second.addAll(lines.subList(half, lines.size()));
        Files.write(folder.resolve("products-1.csv"), first);
        Files.write(folder.resolve("products-2.csv"), second);
        Files.delete(csv);
    }

    private List<String> keys(String prefix) {
        return s3.listObjectsV2Paginator(l -> l.bucket(bucket).prefix(prefix)).contents().stream()
                .map(S3Object::key).sorted().toList();
    }

    private static long read(StepExecution step) {
        for (Metric m : step.getMetrics()) {
            if (m.getType() == Metric.MetricType.READ_COUNT) {
                return m.getValue();
            }
        }
        return 0;
    }
}
