package org.ecomkpi.cli;

import java.util.HashMap;
import java.util.Map;

import org.ecomkpi.aws.MotoPipeline;
import org.ecomkpi.aws.MotoServer;
import org.ecomkpi.jobs.ChildCli;
import org.ecomkpi.runtime.dynamodb.DynamoDbRepositorySettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code runs} on the DynamoDB job repository with an S3 bucket, both served by {@code moto_server}; every command
 * runs in a child JVM configured only by its environment, as the ECS task is.
 */
class RunsCommandOnDynamoDbTest extends RunsCommandContract {
    private static final int LEASE_SECONDS = 3;

    private static S3Client s3;

    private MotoPipeline pipeline;

    @BeforeAll
    static void clients() {
        MotoServer moto = MotoServer.get();
        s3 = S3Client.builder().endpointOverride(moto.endpoint()).region(MotoServer.REGION)
                .credentialsProvider(MotoServer.CREDENTIALS).forcePathStyle(true).build();
    }

    @AfterAll
    static void closeClients() {
        s3.close();
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
        s3.putObject(b -> b.bucket(pipeline.bucket()).key("landing-data/" + relative), RequestBody.fromString(content));
    }

    @Override
    Result pipeline(String... args) {
        try {
            ChildCli.Result result = ChildCli.run(environment(), args);
            return new Result(result.exitCode(), result.output());
        } catch (Exception e) {
            throw new IllegalStateException("cannot run the pipeline in a child JVM", e);
        }
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

    @Override
    void waitUntilAKilledProcessIsDead() throws InterruptedException {
        // no heartbeat renews the killed process's lease: it expires
        Thread.sleep((LEASE_SECONDS + 1) * 1000L);
    }
}
