package org.ecomkpi.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

import org.ecomkpi.aws.AwsClients;
import org.ecomkpi.aws.MotoServer;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * The first call a command makes to DynamoDB, on the client every command uses ({@link AwsClients}, with its
 * {@value AwsClients#DYNAMODB_ATTEMPTS} attempts a call): an endpoint nothing listens at is reported after one attempt,
 * not after the SDK's retries. Attempts are counted, not timed, so a busy machine cannot fail this test.
 */
class DynamoDbEndpointTest {

    @Test
    void anEndpointNothingListensAtIsReportedAfterOneAttemptNamingIt() throws Exception {
        URI endpoint;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            endpoint = URI.create("http://127.0.0.1:" + socket.getLocalPort()); // closed again below
        }
        AtomicInteger attempts = new AtomicInteger();
        DynamoDbClientBuilder builder = AwsClients.dynamoDbBuilder();
        ExecutionInterceptor counting = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                attempts.incrementAndGet();
            }
        };
        try (DynamoDbClient client = builder.endpointOverride(endpoint).region(MotoServer.REGION)
                .credentialsProvider(MotoServer.CREDENTIALS)
                .overrideConfiguration(builder.overrideConfiguration().toBuilder().addExecutionInterceptor(counting)
                        .build())
                .build()) {
            StoreException refused = assertThrows(StoreException.class,
                    () -> DynamoDbEndpoint.describeTable(client, "dynamodb", "order_kpi_table"));

            assertEquals(1, attempts.get(), "attempts at an endpoint that refuses connections");
            assertTrue(refused.getMessage().startsWith("store 'dynamodb': cannot reach DynamoDB at " + endpoint
                    + " (AWS_ENDPOINT_URL): "), refused.getMessage());
            assertFalse(refused.getMessage().contains("(tried for"), refused.getMessage());
        }
    }
}
