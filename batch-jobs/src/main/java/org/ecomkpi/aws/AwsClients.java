package org.ecomkpi.aws;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;

import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.SnsClientBuilder;

/**
 * The AWS SDK clients of a process, built here and nowhere else: each kind once (SNS once per region, heartbeat
 * DynamoDB clients once per heartbeat interval), on first use, over one {@link AwsSettings} (region, endpoints,
 * credentials) with the retry strategy and timeouts below, and closed together by {@link #close()}. The CLI's
 * composition root ({@code cli.Main}) opens {@link #openForProcess the process's set} over the settings it parsed
 * from its environment, hands it to the command and closes it when the command ends; a shutdown hook closes it when the
 * JVM ends some other way. Batch artifacts running in the same JVM ({@code run.Storage}) reach the same set through
 * {@link #ofProcess()}: a run builds one S3 client and one DynamoDB client whatever number of steps and stores use
 * them.
 *
 * <p>With an endpoint override S3 is addressed path-style, as local emulators need. What the settings leave unset
 * (region, credentials, endpoints) comes from the SDK's default chains.
 *
 * <h2>Retries</h2>
 * Every client retries in the SDK's standard mode (exponential backoff with full jitter, throttling answers with a
 * longer base): throttling, 5xx answers and broken connections are retried here, once, by the SDK. Our own loops
 * retry only what the SDK cannot (conditional writes lost to a concurrent writer, unprocessed items of batch calls,
 * transactions cancelled for a conflict); {@code batch-jobs/README.md} ("Retries") lists every layer.
 * <pre>{@code
 * try (AwsClients clients = AwsClients.openForProcess(AwsSettings.fromEnvironment(environment))) {
 *     Bucket bucket = BucketLocation.parse("s3://drops").open(clients);
 * }
 * }</pre>
 */
public final class AwsClients implements AutoCloseable {
    /** S3 attempts per call, the first one included. */
    public static final int S3_ATTEMPTS = 8;
    /** DynamoDB attempts per call (store, job repository), the first one included. */
    public static final int DYNAMODB_ATTEMPTS = 10;
    /** SNS attempts per publish, the first one included. */
    public static final int SNS_ATTEMPTS = 5;
    /** Heartbeat attempts per lease renewal, the first one included: the next beat comes soon anyway. */
    public static final int HEARTBEAT_ATTEMPTS = 2;

    private static AwsClients process;
    private static boolean hookInstalled;
    private static final Map<String, Integer> PROCESS_BUILDS = new TreeMap<>();
    private static int processOpen;

    private final AwsSettings settings;
    private final Map<String, SdkClient> clients = new LinkedHashMap<>();
    private final Map<String, Integer> builds = new TreeMap<>();
    private boolean closed;

    /** Clients over {@code settings}, built on first use; the caller closes them. */
    public AwsClients(AwsSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** What these clients are built over. */
    public AwsSettings settings() {
        return settings;
    }

    /**
     * The clients of this process: the set the composition root opened ({@link #openForProcess}), else, in a JVM
     * without one (a test running jobs directly), a set over the SDK's default chains alone. After
     * {@link #closeProcess()} the next call starts a new set.
     */
    public static synchronized AwsClients ofProcess() {
        if (process == null || process.isClosed()) {
            install(new AwsClients(AwsSettings.sdkDefaults()));
        }
        return process;
    }

    /**
     * Closes the process's clients, if any, and opens the process's set over {@code settings}: what the composition
     * root calls before it runs a command. Closing the returned set ends it as {@link #closeProcess()} does.
     */
    public static synchronized AwsClients openForProcess(AwsSettings settings) {
        closeProcess();
        return install(new AwsClients(settings));
    }

    private static AwsClients install(AwsClients clients) {
        process = clients;
        if (!hookInstalled) {
            Runtime.getRuntime().addShutdownHook(new Thread(AwsClients::closeProcess, "aws-clients-shutdown"));
            hookInstalled = true;
        }
        return clients;
    }

    /** Closes the clients of this process, if any were asked for. */
    public static synchronized void closeProcess() {
        if (process != null) {
            AwsClients closing = process;
            process = null;
            closing.close();
        }
    }

    /**
     * How many clients of each kind every set of this process has built so far, by kind in name order: a process
     * that ran one command built exactly what that command needed.
     */
    public static SortedMap<String, Integer> builtInProcess() {
        synchronized (PROCESS_BUILDS) {
            return Collections.unmodifiableSortedMap(new TreeMap<>(PROCESS_BUILDS));
        }
    }

    /** How many clients built by any set of this process are still open. */
    public static int openInProcess() {
        synchronized (PROCESS_BUILDS) {
            return processOpen;
        }
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    /** The S3 client of every bucket and of the job repository's spilled checkpoints. */
    public synchronized S3Client s3() {
        return client("s3", () -> configured(s3Builder(), settings.s3Endpoint())
                .forcePathStyle(settings.s3Endpoint().isPresent()).build());
    }

    /** The DynamoDB client of the KPI store and of the job repository. */
    public synchronized DynamoDbClient dynamoDb() {
        return client("dynamodb", () -> configured(dynamoDbBuilder(), settings.dynamoDbEndpoint()).build());
    }

    /**
     * The DynamoDB client that renews job leases every {@code interval}: a client of its own, whose calls give up after
     * one interval (one second at least), so a beat never waits behind a slow connection or the job's own calls.
     */
    public synchronized DynamoDbClient heartbeats(Duration interval) {
        return client("dynamodb-heartbeats-" + interval.toMillis() + "ms", () -> configured(heartbeatBuilder(interval),
                settings.dynamoDbEndpoint()).build());
    }

    /** The SNS client of topics in {@code region}. */
    public synchronized SnsClient sns(Region region) {
        return client("sns-" + region.id(), () -> {
            SnsClientBuilder builder = snsBuilder(region);
            settings.snsEndpoint().ifPresent(builder::endpointOverride);
            settings.credentials().ifPresent(c -> builder.credentialsProvider(StaticCredentialsProvider.create(c)));
            return builder.build();
        });
    }

    /** How many clients of each kind these clients built, by kind ({@code s3}, {@code dynamodb}, ...) in name order. */
    public synchronized SortedMap<String, Integer> builds() {
        return Collections.unmodifiableSortedMap(new TreeMap<>(builds));
    }

    /** How many built clients are still open. */
    public synchronized int open() {
        return clients.size();
    }

    private <C extends SdkClient> C client(String kind, Supplier<C> build) {
        if (closed) {
            throw new IllegalStateException("the AWS clients of this process are closed; no " + kind + " client now");
        }
        @SuppressWarnings("unchecked")
        C existing = (C) clients.get(kind);
        if (existing != null) {
            return existing;
        }
        C built = build.get();
        clients.put(kind, built);
        builds.merge(kind, 1, Integer::sum);
        synchronized (PROCESS_BUILDS) {
            PROCESS_BUILDS.merge(kind, 1, Integer::sum);
            processOpen++;
        }
        return built;
    }

    /** Closes every client built; closing twice does nothing. */
    @Override
    public synchronized void close() {
        closed = true;
        List<RuntimeException> failures = new ArrayList<>();
        for (SdkClient client : clients.values()) {
            try {
                client.close();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        synchronized (PROCESS_BUILDS) {
            processOpen -= clients.size();
        }
        clients.clear();
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
    }

    // ---- how each client is configured: the one place ----

    /** A builder pointed where the settings say: region, endpoint override, credentials; the SDK's chains else. */
    private <B extends AwsClientBuilder<B, ?>> B configured(B builder, Optional<URI> endpoint) {
        settings.region().ifPresent(builder::region);
        endpoint.ifPresent(builder::endpointOverride);
        settings.credentials().ifPresent(c -> builder.credentialsProvider(StaticCredentialsProvider.create(c)));
        return builder;
    }

    /**
     * The SDK's standard strategy with {@code maxAttempts} attempts and exponential backoff with full jitter: from
     * {@code base} up to {@code cap}, throttling from {@code throttlingBase} up to {@code throttlingCap}. No circuit
     * breaker: a batch job would rather wait out a long throttling spell than fail fast.
     */
    private static RetryStrategy standardRetries(int maxAttempts, Duration base, Duration cap, Duration throttlingBase,
                                                 Duration throttlingCap) {
        return AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(maxAttempts)
                .circuitBreakerEnabled(false)
                .backoffStrategy(BackoffStrategy.exponentialDelay(base, cap))
                .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(throttlingBase, throttlingCap))
                .build();
    }

    /**
     * An S3 client builder: {@value #S3_ATTEMPTS} attempts, backoff from 100 ms (throttling such as 503 SlowDown:
     * 200 ms) capped at 20 s; 2 minutes per attempt and 10 minutes per call, 5 s to connect, 30 s without a byte on a
     * socket. Where it goes (and path-style addressing with an endpoint override) is {@link #s3()}'s to set.
     */
    public static S3ClientBuilder s3Builder() {
        return S3Client.builder()
                .httpClientBuilder(ApacheHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(30))
                        .connectionAcquisitionTimeout(Duration.ofSeconds(30))
                        .maxConnections(64))
                .overrideConfiguration(c -> c
                        .retryStrategy(standardRetries(S3_ATTEMPTS, Duration.ofMillis(100), Duration.ofSeconds(20),
                                Duration.ofMillis(200), Duration.ofSeconds(20)))
                        .apiCallAttemptTimeout(Duration.ofMinutes(2))
                        .apiCallTimeout(Duration.ofMinutes(10)));
    }

    /**
     * A DynamoDB client builder: {@value #DYNAMODB_ATTEMPTS} attempts, backoff from 25 ms (throttling: 100 ms)
     * capped at 2 s (throttling: 10 s); connect 3 s, socket read 20 s, an attempt 25 s, a call with its retries 90 s.
     */
    public static DynamoDbClientBuilder dynamoDbBuilder() {
        RetryStrategy retries = standardRetries(DYNAMODB_ATTEMPTS, Duration.ofMillis(25), Duration.ofSeconds(2),
                Duration.ofMillis(100), Duration.ofSeconds(10));
        return DynamoDbClient.builder()
                .httpClientBuilder(ApacheHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(3))
                        .socketTimeout(Duration.ofSeconds(20))
                        .maxConnections(64))
                .overrideConfiguration(o -> o.retryStrategy(retries)
                        .apiCallAttemptTimeout(Duration.ofSeconds(25))
                        .apiCallTimeout(Duration.ofSeconds(90)));
    }

    /**
     * The heartbeat client's builder: {@value #HEARTBEAT_ATTEMPTS} attempts, each bounded by half the interval, the
     * call by the interval (one second at least); two connections.
     */
    static DynamoDbClientBuilder heartbeatBuilder(Duration interval) {
        Duration call = interval.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : interval;
        Duration attempt = call.dividedBy(2);
        return DynamoDbClient.builder()
                .httpClientBuilder(ApacheHttpClient.builder()
                        .connectionTimeout(attempt)
                        .socketTimeout(attempt)
                        .maxConnections(2))
                .overrideConfiguration(o -> o
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(HEARTBEAT_ATTEMPTS).build())
                        .apiCallAttemptTimeout(attempt)
                        .apiCallTimeout(call));
    }

    /**
     * An SNS client builder for {@code region}: {@value #SNS_ATTEMPTS} attempts, backoff from 100 ms capped at 5 s,
     * 10 s per attempt, 30 s per call, 5 s to connect.
     */
    public static SnsClientBuilder snsBuilder(Region region) {
        return SnsClient.builder()
                .region(region)
                .httpClientBuilder(ApacheHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(10)))
                .overrideConfiguration(c -> c
                        .retryStrategy(standardRetries(SNS_ATTEMPTS, Duration.ofMillis(100), Duration.ofSeconds(5),
                                Duration.ofMillis(100), Duration.ofSeconds(5)))
                        .apiCallAttemptTimeout(Duration.ofSeconds(10))
                        .apiCallTimeout(Duration.ofSeconds(30)));
    }
}
