package org.ecomkpi.jberet;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.ecomkpi.aws.MotoServer;
import org.ecomkpi.jberet.dynamodb.DynamoDbJobRepository;
import org.ecomkpi.jberet.dynamodb.DynamoDbRepositorySettings;
import org.ecomkpi.jberet.dynamodb.LeaseClock;

import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A fresh job repository table and spill bucket in moto for one test, and the clients (built once per JVM) that
 * reach them.
 */
record MotoJobRepository(DynamoDbRepositorySettings settings) {

    private static DynamoDbClient dynamo;
    private static S3Client s3;

    /** A new table and bucket, named after {@code purpose}, with the given lease timing. */
    static MotoJobRepository create(String purpose, Duration heartbeatInterval, Duration leaseTimeout) {
        String unique = purpose + "-" + UUID.randomUUID().toString().substring(0, 8);
        DynamoDbRepositorySettings settings = DynamoDbRepositorySettings
                .of("job_repository_" + unique.replace('-', '_'), "job-repository-" + unique, "runs/_job-repository")
                .withLease(heartbeatInterval, leaseTimeout);
        s3().createBucket(create -> create.bucket(settings.spillBucket()));
        try (DynamoDbJobRepository repository = new DynamoDbJobRepository(dynamo(), s3(), settings)) {
            repository.createTableIfMissing();
        }
        return new MotoJobRepository(settings);
    }

    JobLauncher launcher() {
        return JobLauncher.on(repository());
    }

    DynamoDbJobRepository repository() {
        return new DynamoDbJobRepository(dynamo(), s3(), settings);
    }

    /** A repository on this table that reads the time from {@code clock}. */
    DynamoDbJobRepository repository(LeaseClock clock) {
        return repository(settings, clock);
    }

    /** A repository on this table with other settings (another lease timing), reading the time from {@code clock}. */
    static DynamoDbJobRepository repository(DynamoDbRepositorySettings settings, LeaseClock clock) {
        return new DynamoDbJobRepository(dynamo(), dynamo(), s3(), settings, clock);
    }

    /** Environment for a child JVM: moto's endpoint, region and credentials, and this table and spill location. */
    Map<String, String> childEnvironment() {
        Map<String, String> environment = new HashMap<>(MotoServer.get().environment());
        environment.put(DynamoDbRepositorySettings.TABLE_VARIABLE, settings.table());
        environment.put(DynamoDbRepositorySettings.SPILL_VARIABLE,
                "s3://" + settings.spillBucket() + "/" + settings.spillPrefix());
        return environment;
    }

    static synchronized DynamoDbClient dynamo() {
        if (dynamo == null) {
            MotoServer moto = MotoServer.get();
            dynamo = DynamoDbClient.builder().endpointOverride(moto.endpoint()).region(MotoServer.REGION)
                    .credentialsProvider(MotoServer.CREDENTIALS).httpClient(ApacheHttpClient.create())
                    .overrideConfiguration(timeouts()).build();
        }
        return dynamo;
    }

    static synchronized S3Client s3() {
        if (s3 == null) {
            MotoServer moto = MotoServer.get();
            s3 = S3Client.builder().endpointOverride(moto.endpoint()).region(MotoServer.REGION)
                    .credentialsProvider(MotoServer.CREDENTIALS).forcePathStyle(true)
                    .httpClient(ApacheHttpClient.create()).overrideConfiguration(timeouts()).build();
        }
        return s3;
    }

    private static ClientOverrideConfiguration timeouts() {
        return ClientOverrideConfiguration.builder().apiCallTimeout(Duration.ofSeconds(30))
                .apiCallAttemptTimeout(Duration.ofSeconds(10)).build();
    }
}
