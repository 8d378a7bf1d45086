package org.ecomkpi.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import org.ecomkpi.process.ChildJvm;
import org.ecomkpi.jberet.dynamodb.DynamoDbRepositorySettings;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.s3.S3Client;

/**
 * The composition root of a CLI process: a whole run on S3 and DynamoDB (both in {@code moto_server}), in a child JVM
 * configured by its environment as an ECS task is, builds each AWS client once, shared by the CLI, the job repository
 * and every step of both jobs, and closes all of them when the command ends.
 */
class AwsClientsTest {

    @Test
    void aWholeRunOnS3AndDynamoDbBuildsEachClientOnceAndClosesThemAll() throws Exception {
        MotoPipeline pipeline;
        try (S3Client s3 = MotoServer.get().s3Client()) {
            pipeline = MotoPipeline.withTwoOrders(s3, "clients");
        }
        Map<String, String> environment = pipeline.environment();
        environment.put(DynamoDbRepositorySettings.LEASE_VARIABLE, "6");

        String output = child(environment, "run", "--run-id", "clients-1", "--settle-seconds", "0");

        String last = output.lines().filter(line -> line.startsWith(CliCountingClients.PREFIX))
                .reduce((first, second) -> second).orElseThrow(() -> new AssertionError(output));
        // heartbeats renew leases every sixth of the lease: 1 s
        assertEquals(CliCountingClients.PREFIX + "exit 0, built {dynamodb=1, dynamodb-heartbeats-1000ms=1, s3=1},"
                + " open 0", last, output);
        assertTrue(output.contains("PROCESSED"), output);
    }


    private static String child(Map<String, String> environment, String... args) throws Exception {
        ChildJvm.Result result = ChildJvm.main(CliCountingClients.class, args).environment(environment)
                .timeout(Duration.ofMinutes(3)).run();
        return result.output();
    }
}
