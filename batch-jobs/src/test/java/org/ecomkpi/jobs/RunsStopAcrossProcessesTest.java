package org.ecomkpi.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.ecomkpi.aws.MotoPipeline;
import org.ecomkpi.aws.MotoServer;
import org.ecomkpi.cli.Cli;
import org.ecomkpi.cli.Main;
import org.ecomkpi.generate.DropGenerator;
import org.ecomkpi.generate.DropSpec;
import org.ecomkpi.generate.DropSummary;
import org.ecomkpi.kpi.CategoryDayKpi;
import org.ecomkpi.kpi.OrderDayKpi;
import org.ecomkpi.process.ChildJvm;
import org.ecomkpi.jberet.dynamodb.DynamoDbRepositorySettings;
import org.ecomkpi.store.DynamoDbKpiStore;
import org.ecomkpi.store.DynamoDbTables;
import org.ecomkpi.store.KpiStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code pipeline runs stop} from one process reaches a validate job running in another through the DynamoDB job
 * repository ({@code moto_server}): the running one (a child JVM) stops at its next checkpoint with exit 4, and its
 * restart ends with exactly the KPIs of a run never stopped. The stop, the show and the restart run in this JVM
 * ({@link Cli}), another process than the stopped one's.
 */
class RunsStopAcrossProcessesTest {
    private static S3Client s3;
    private static DynamoDbClient dynamo;

    @TempDir
    Path dir;

    @BeforeAll
    static void clients() {
        MotoServer moto = MotoServer.get();
        s3 = moto.s3Client();
        dynamo = moto.dynamoClient();
    }

    @AfterAll
    static void closeClients() {
        s3.close();
        dynamo.close();
    }

    @Test
    void aRunStoppedFromAnotherProcessStopsAtItsNextCheckpointAndItsRestartCountsEveryRowOnce() throws Exception {
        DropSummary drop = new DropGenerator(DropSpec.builder(2_500, 8, 59L).badRowsPerRule(1).build())
                .write(dir.resolve("drop"));
        PipelineRuns clean = new PipelineRuns(dir.resolve("clean"));
        clean.land(drop.landingData());
        assertEquals("PROCESSED", clean.runBoth("s1").get(1).exitStatus());
        MotoPipeline pipeline = MotoPipeline.fresh(s3, "runs-stop");
        Map<String, String> env = new HashMap<>(pipeline.environment());
        // a lease a busy machine cannot stall past (heartbeats every 1.7 s; the stop is seen at the next one)
        env.put(DynamoDbRepositorySettings.LEASE_VARIABLE, "10");
        try (Stream<Path> files = Files.walk(drop.landingData())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String key = "landing-data/" + drop.landingData().relativize(file).toString().replace('\\', '/');
                s3.putObject(p -> p.bucket(pipeline.bucket()).key(key), RequestBody.fromFile(file));
            }
        }

        ChildJvm.Result validated;
        Cli stopped;
        try (ChildJvm.Running running = ChildJvm.main(Main.class, "validate", "--run-id", "s1", "--chunk-size", "20")
                .environment(env).timeout(Duration.ofMinutes(2)).start()) {
            running.awaitLine("validate/orders] checkpoint committed");
            stopped = Cli.runWith(env, "runs", "stop", "s1"); // another process than the running one
            validated = running.finish();
        }

        assertEquals(0, stopped.exitCode(), stopped.output());
        assertTrue(stopped.output().contains("run s1: asked validate execution "), stopped.output());
        assertEquals(4, validated.exitCode(), "stopped at a checkpoint:\n" + validated.output());
        Cli shown = Cli.runWith(env, "runs", "show", "s1");
        assertTrue(shown.output().contains("run s1: validate STOPPED"), shown.output());
        assertTrue(shown.output().contains("restart: pipeline validate --run-id s1 --bucket s3://" + pipeline.bucket()
                + " --store dynamodb --chunk-size 20"), shown.output());

        // checkpoints hold read positions, not chunk counts: the restart resumes where each partition stopped with
        // larger chunks, so it reads the rest in a few checkpoints rather than hundreds
        Cli restarted = Cli.runWith(env, "validate", "--run-id", "s1", "--chunk-size", "1000");
        Cli transformed = Cli.runWith(env, "transform", "--run-id", "s1");

        assertEquals(0, restarted.exitCode(), restarted.output());
        // the stop lands in orders or items, whichever runs when the stop is seen
        java.util.regex.Matcher resumed = java.util.regex.Pattern.compile("(validate/\\w+)\\] resuming from checkpoint")
                .matcher(restarted.output());
        assertTrue(resumed.find(), restarted.output());
        ChildCli.assertResumedPastTheStart(restarted.output(), resumed.group(1));
        assertEquals(0, transformed.exitCode(), transformed.output());
        List<OrderDayKpi> orders;
        List<CategoryDayKpi> categories;
        try (KpiStore local = KpiStore.at(clean.storeSpec())) {
            orders = local.orderKpis(Optional.empty());
            categories = local.categoryKpis(Optional.empty(), Optional.empty());
        }
        try (DynamoDbKpiStore store = new DynamoDbKpiStore(dynamo, DynamoDbTables.fromEnvironment(env))) {
            assertEquals(orders, store.orderKpis(Optional.empty()));
            assertEquals(categories, store.categoryKpis(Optional.empty(), Optional.empty()));
        }
    }
}
