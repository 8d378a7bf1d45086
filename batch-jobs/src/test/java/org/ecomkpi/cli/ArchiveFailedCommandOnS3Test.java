package org.ecomkpi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.ecomkpi.aws.MotoPipeline;
import org.ecomkpi.aws.MotoServer;
import org.ecomkpi.kpi.VersionBatch;
import org.ecomkpi.store.DynamoDbKpiStore;
import org.ecomkpi.store.DynamoDbTables;
import org.ecomkpi.store.RunContribution;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code archive-failed} over an S3 bucket with the DynamoDB store, both served by {@code moto_server}; the command
 * runs in this JVM ({@link Cli}) configured only by its environment, as the ECS task is.
 */
class ArchiveFailedCommandOnS3Test extends ArchiveFailedCommandContract {
    private static MotoServer moto;
    private static S3Client s3;
    private static DynamoDbClient dynamo;

    private String bucket;
    private MotoPipeline pipeline;

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
        pipeline = MotoPipeline.fresh(s3, "archive-failed");
        bucket = pipeline.bucket();
    }

    private Map<String, String> environment() {
        return pipeline.environment();
    }

    @Override
    void put(String key, String content) {
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(content));
    }

    @Override
    List<String> keys(String prefix) {
        return s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
                .map(S3Object::key).filter(key -> !key.startsWith(".bucket-claims/")).sorted().toList();
    }

    @Override
    String read(String key) {
        return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String();
    }

    @Override
    Result pipeline(String... args) {
        Cli cli = Cli.runWith(environment(), args);
        return new Result(cli.exitCode(), cli.output());
    }

    @Override
    String where(String key) {
        return "s3://" + bucket + "/" + key;
    }

    @Override
    void applyInStore(String runId) {
        try (DynamoDbKpiStore store = new DynamoDbKpiStore(dynamo, DynamoDbTables.fromEnvironment(environment()))) {
            store.createTablesIfMissing();
            assertTrue(store.applyRun(RunContribution.ofVersions(runId, new VersionBatch())));
        }
    }

    @Test
    void aBucketThatDoesNotExistIsAnInfrastructureFailure() {
        Map<String, String> env = new HashMap<>(environment());
        env.put(EnvironmentDefaults.BUCKET_VARIABLE, "s3://" + bucket + "-gone");
        Cli failed = Cli.runWith(env, "archive-failed", "--quiet", "--run-id", "r1");

        assertEquals(3, failed.exitCode(), failed.output());
        assertTrue(failed.output().contains("error: bucket: "), failed.output());
    }
}
