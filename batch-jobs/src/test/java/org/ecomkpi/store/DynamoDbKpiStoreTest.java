package org.ecomkpi.store;

import java.util.concurrent.atomic.AtomicInteger;

import org.ecomkpi.aws.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/** The store contract against DynamoDB (moto_server), and what only the DynamoDB store has to show. */
class DynamoDbKpiStoreTest extends KpiStoreContract {
    private static final AtomicInteger TABLE_SETS = new AtomicInteger();

    private static DynamoDbClient client;

    @BeforeAll
    static void connect() {
        client = clientOf(MotoServer.get());
    }

    @AfterAll
    static void disconnect() {
        client.close();
    }

    /** A client with the store's retry policy and timeouts, pointed at moto, with extra interceptors. */
    static DynamoDbClient clientOf(MotoServer moto, ExecutionInterceptor... interceptors) {
        DynamoDbClientBuilder builder = DynamoDbKpiStore.clientBuilder().endpointOverride(moto.endpoint())
                .region(MotoServer.REGION).credentialsProvider(MotoServer.CREDENTIALS);
        var configuration = builder.overrideConfiguration().toBuilder();
        for (ExecutionInterceptor interceptor : interceptors) {
            configuration.addExecutionInterceptor(interceptor);
        }
        return builder.overrideConfiguration(configuration.build()).build();
    }

    /** Table names no other test uses. */
    static DynamoDbTables freshTables(String purpose) {
        return DynamoDbTables.defaults().withPrefix("ddbstore-" + purpose + "-" + TABLE_SETS.incrementAndGet() + "-");
    }

    @Override
    protected KpiStore newEmptyStore() {
        DynamoDbKpiStore fresh = new DynamoDbKpiStore(client, freshTables("contract"));
        fresh.createTablesIfMissing();
        return fresh;
    }
}
