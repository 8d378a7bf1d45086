package org.ecomkpi.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.ecomkpi.aws.MotoPipeline;
import org.ecomkpi.aws.MotoServer;
import org.ecomkpi.jobs.ChildCli;
import org.ecomkpi.jberet.dynamodb.DynamoDbRepositorySettings;
import org.ecomkpi.jberet.dynamodb.ItemAttributes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code runs} on the DynamoDB job repository with an S3 bucket, both served by {@code moto_server}; every command
 * is configured only by its environment, as the ECS task is, and runs in this JVM ({@link Cli}) except the one killed,
 * which runs in a child JVM.
 */
class RunsCommandOnDynamoDbTest extends RunsCommandContract {
    /** Long enough that a busy machine never stalls a live process's heartbeats (every 1.7 s) past it. */
    private static final int LEASE_SECONDS = 10;

    private static final Set<String> UNFINISHED = Set.of("STARTING", "STARTED", "STOPPING");

    private static S3Client s3;
    private static DynamoDbClient dynamo;

    private MotoPipeline pipeline;

    @BeforeAll
    static void clients() {
        MotoServer moto = MotoServer.get();
        s3 = S3Client.builder().endpointOverride(moto.endpoint()).region(MotoServer.REGION)
                .credentialsProvider(MotoServer.CREDENTIALS).forcePathStyle(true).build();
        dynamo = DynamoDbClient.builder().endpointOverride(moto.endpoint()).region(MotoServer.REGION)
                .credentialsProvider(MotoServer.CREDENTIALS).build();
    }

    @AfterAll
    static void closeClients() {
        s3.close();
        dynamo.close();
    }

    @BeforeEach
    @Override
    void aDropInTheLandingArea() throws java.io.IOException {
        pipeline = MotoPipeline.fresh(s3, "runs");
        super.aDropInTheLandingArea();
    }

    private Map<String, String> environment() {
        Map<String, String> env = new HashMap<>(pipeline.environment());
        env.put(DynamoDbRepositorySettings.LEASE_VARIABLE, Integer.toString(LEASE_SECONDS));
        return env;
    }

    @Override
    void land(String relative, String content) {
        pipeline.land(s3, relative, content);
    }

    @Override
    Result pipeline(String... args) {
        Cli cli = Cli.runWith(environment(), args);
        return new Result(cli.exitCode(), cli.output());
    }

    @Override
    Result pipelineKilledAfter(String line, String... args) {
        try {
            ChildCli.Result killed = ChildCli.runKilledAfter(environment(), line, args);
            return new Result(killed.exitCode(), killed.output());
        } catch (Exception e) {
            throw new IllegalStateException("cannot run the pipeline in a child JVM", e);
        }
    }

    /**
     * Polls the job repository table until nothing in it is held by a live process: every unfinished execution's
     * heartbeat is at least a lease old and every launch claim expired. No heartbeat renews the killed process's
     * lease, so it comes within a lease; the child JVMs read the same system clock as this one.
     */
    @Override
    void waitUntilAKilledProcessIsDead() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LEASE_SECONDS + 30L);
        List<String> held = heldInTheRepository();
        while (!held.isEmpty()) {
            if (System.nanoTime() - deadline > 0) {
                fail("still held in the job repository " + (LEASE_SECONDS + 30) + " s after the kill: " + held);
            }
            Thread.sleep(100);
            held = heldInTheRepository();
        }
    }

    private List<String> heldInTheRepository() {
        long leaseMillis = LEASE_SECONDS * 1000L;
        String table = environment().get(DynamoDbRepositorySettings.TABLE_VARIABLE);
        List<String> held = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (Map<String, AttributeValue> item : dynamo.scanPaginator(scan -> scan.tableName(table).consistentRead(true))
                .items()) {
            AttributeValue heartbeat = item.get(ItemAttributes.HEARTBEAT);
            AttributeValue status = item.get(ItemAttributes.BATCH_STATUS);
            AttributeValue expires = item.get(ItemAttributes.EXPIRES);
            if (heartbeat != null && status != null && UNFINISHED.contains(status.s())
                    && now - Long.parseLong(heartbeat.n()) < leaseMillis) {
                held.add(status.s() + " execution " + item.get(ItemAttributes.SK).s() + " renewed "
                        + (now - Long.parseLong(heartbeat.n())) + " ms ago");
            }
            if (expires != null && Long.parseLong(expires.n()) >= now) {
                held.add("launch claim " + item.get(ItemAttributes.PK).s());
            }
        }
        return held;
    }
}
