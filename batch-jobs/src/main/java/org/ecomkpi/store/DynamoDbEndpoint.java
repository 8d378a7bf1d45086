package org.ecomkpi.store;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkPlugin;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * Where a DynamoDB client sends its requests, and the first call a command makes there (is the table there?). Until
 * DynamoDB has answered once, that call is made without the SDK's retries and tried again here only while it could
 * still succeed, for at most {@link #FIRST_CALL_TIMEOUT} in all: a refused connection or an unknown host (an
 * emulator not started, a wrong {@code AWS_ENDPOINT_URL}) is reported at once, a silent endpoint (no route to AWS)
 * after that bound and a probe of at most {@link #PROBE_TIMEOUT} for a listener there, each naming the endpoint,
 * rather than after every retry of every layer (about 40 s). Once DynamoDB throttles it, or the call got no answer in
 * time but the endpoint accepts connections (a busy emulator, a slow first handshake), the endpoint is right and
 * only busy, and the call gets the patient retries that all later calls of a running job get.
 *
 * <pre>{@code
 * Optional<TableDescription> table = DynamoDbEndpoint.describeTable(client, "dynamodb", "order_kpi_table");
 * }</pre>
 */
public final class DynamoDbEndpoint {
    /** The first call, its attempts and their pauses together, ends after this long. */
    public static final Duration FIRST_CALL_TIMEOUT = Duration.ofSeconds(4);
    private static final Duration PAUSE = Duration.ofMillis(250);
    /** How long a first call that got no answer may look for a listener at the endpoint. */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    /** This request's attempts are counted here, not by the client's retry strategy. */
    private static final SdkPlugin NO_SDK_RETRIES = config -> config.overrideConfiguration(
            config.overrideConfiguration().toBuilder().retryStrategy(AwsRetryStrategy.doNotRetry()).build());

    private DynamoDbEndpoint() {
    }

    /**
     * The endpoint as a user would check it: the override ({@code AWS_ENDPOINT_URL}, a local emulator) when there
     * is one, else the regional AWS endpoint.
     */
    public static String describe(DynamoDbClient client) {
        Optional<URI> override = client.serviceClientConfiguration().endpointOverride();
        if (override.isPresent()) {
            return override.get() + " (AWS_ENDPOINT_URL)";
        }
        String region = client.serviceClientConfiguration().region().id();
        return "https://dynamodb." + region + ".amazonaws.com (region " + region + ")";
    }

    /**
     * The table's description, or empty when there is no such table.
     *
     * @param spec the store spec, for messages
     * @throws StoreException naming the endpoint when it cannot be reached within {@link #FIRST_CALL_TIMEOUT} or
     *                        refuses the call (credentials, permissions), with a hint of what to check
     */
    public static Optional<TableDescription> describeTable(DynamoDbClient client, String spec, String table) {
        long deadline = System.nanoTime() + FIRST_CALL_TIMEOUT.toNanos();
        for (int attempt = 1; ; attempt++) {
            Duration left = Duration.ofNanos(deadline - System.nanoTime());
            try {
                return Optional.of(client.describeTable(b -> b.tableName(table).overrideConfiguration(o -> o
                        .addPlugin(NO_SDK_RETRIES).apiCallTimeout(left.isNegative() ? Duration.ofMillis(1) : left)))
                        .table());
            } catch (ResourceNotFoundException e) {
                return Optional.empty();
            } catch (AwsServiceException e) {
                if (e.isThrottlingException()) {
                    // DynamoDB answered, so the endpoint is right, only busy (many tasks starting at once): from
                    // here on wait as patiently as any other call
                    return patiently(client, spec, table);
                }
                if (e.statusCode() < 500 || deadline - System.nanoTime() <= PAUSE.toNanos()) {
                    throw refused(client, spec, table, e); // a 5xx may be a proxy that cannot reach it: not for long
                }
            } catch (SdkClientException e) {
                if (e instanceof ApiCallTimeoutException && listening(client)) {
                    // something accepts connections there and is only slow to answer (a busy emulator, a cold
                    // task's first TLS handshake): the endpoint is right, so wait as patiently as any other call
                    return patiently(client, spec, table);
                }
                if (nobodyThere(e) || !retryable(e, deadline)) {
                    String why = e instanceof ApiCallTimeoutException ? "no answer" : rootMessage(e);
                    boolean override = client.serviceClientConfiguration().endpointOverride().isPresent();
                    throw new StoreException("store '" + spec + "': cannot reach DynamoDB at " + describe(client)
                            + ": " + why + (attempt > 1 || e instanceof ApiCallTimeoutException
                            ? " (tried for " + FIRST_CALL_TIMEOUT.toSeconds() + " s)" : ""),
                            override ? "check AWS_ENDPOINT_URL: is the emulator running and listening there?"
                                    : "check AWS_REGION and the network route to DynamoDB (NAT gateway or VPC endpoint)",
                            e);
                }
            }
            pause();
        }
    }

    private static Optional<TableDescription> patiently(DynamoDbClient client, String spec, String table) {
        try {
            return Optional.of(client.describeTable(b -> b.tableName(table)).table());
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        } catch (AwsServiceException e) {
            throw refused(client, spec, table, e);
        } catch (SdkClientException e) {
            throw new StoreException("store '" + spec + "': cannot describe table '" + table + "' at "
                    + describe(client) + ": " + rootMessage(e), "check the network route to DynamoDB", e);
        }
    }

    private static StoreException refused(DynamoDbClient client, String spec, String table, AwsServiceException e) {
        return new StoreException("store '" + spec + "': DynamoDB at " + describe(client) + " refused to describe table '"
                + table + "': " + Optional.ofNullable(e.awsErrorDetails().errorMessage()).orElse("HTTP " + e.statusCode()),
                "check the AWS credentials, their permissions on the table, and the region", e);
    }

    /**
     * Whether a TCP connection to the endpoint opens within {@link #PROBE_TIMEOUT}: told apart from a route that goes
     * nowhere, which is what a first call with no answer usually means.
     */
    private static boolean listening(DynamoDbClient client) {
        URI endpoint = client.serviceClientConfiguration().endpointOverride().orElseGet(() -> URI.create(
                "https://dynamodb." + client.serviceClientConfiguration().region().id() + ".amazonaws.com"));
        int port = endpoint.getPort() >= 0 ? endpoint.getPort() : "http".equals(endpoint.getScheme()) ? 80 : 443;
        if (endpoint.getHost() == null) {
            return false;
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(endpoint.getHost(), port), (int) PROBE_TIMEOUT.toMillis());
            return true;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    /** A refused connection or an unknown host: nothing serves DynamoDB there, and waiting will not change that. */
    private static boolean nobodyThere(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof UnknownHostException) {
                return true;
            }
        }
        return false;
    }

    /** Worth another attempt: a broken connection or a read that timed out, with time left for one. */
    private static boolean retryable(SdkClientException e, long deadline) {
        return !(e instanceof ApiCallTimeoutException) && deadline - System.nanoTime() > PAUSE.toNanos();
    }

    private static void pause() {
        try {
            Thread.sleep(PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting to ask DynamoDB again", e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }
}
