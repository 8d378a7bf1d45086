package org.ecomkpi.jberet;

import java.nio.file.Path;
import java.time.Duration;

import org.ecomkpi.jberet.dynamodb.DynamoDbJobRepository;
import org.ecomkpi.jberet.dynamodb.DynamoDbRepositorySettings;

import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Runs one slow demo run in its own JVM, so that a test can SIGKILL it mid-step.
 * Arguments: folder, run id, line count, chunk size, item delay in ms; then either nothing (the H2 store in the
 * folder) or {@code dynamodb <heartbeat ms> <lease timeout ms>}: the DynamoDB job repository named by the
 * environment ({@code AWS_ENDPOINT_URL}, {@code PIPELINE_JOB_REPOSITORY_TABLE}, {@code PIPELINE_JOB_REPOSITORY_SPILL}).
 */
public final class DemoJobProcess {

    private DemoJobProcess() {
    }

    public static void main(String[] args) {
        DemoRun run = new DemoRun(Path.of(args[0]), args[1], Integer.parseInt(args[2]));
        try (JobLauncher launcher = args.length > 5 && args[5].equals("dynamodb") ? onDynamoDb(args) : JobLauncher.onH2(run.repository())) {
            LaunchResult result = launcher.startOrRestart(DemoRun.JOB, run.runId(),
                    run.parameters(Integer.parseInt(args[3]), Integer.parseInt(args[4]), 0));
            System.out.println(result);
        }
    }

    private static JobLauncher onDynamoDb(String[] args) {
        // endpoint, region and credentials come from the environment, as in a container
        DynamoDbClient dynamo = DynamoDbClient.builder().httpClient(ApacheHttpClient.create()).build();
        S3Client s3 = S3Client.builder().httpClient(ApacheHttpClient.create()).forcePathStyle(true).build();
        DynamoDbRepositorySettings settings = DynamoDbRepositorySettings.fromEnvironment(System.getenv())
                .withLease(Duration.ofMillis(Long.parseLong(args[6])), Duration.ofMillis(Long.parseLong(args[7])));
        return JobLauncher.on(new DynamoDbJobRepository(dynamo, s3, settings));
    }
}
