package org.ecomkpi.store;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The store's calls to DynamoDB. The client's retry strategy retries throttling and server errors first;
 * what still fails with one of those is tried again here, after a longer pause, before it becomes a
 * {@link StoreException}. Unprocessed items of batch reads and writes are asked for again until none is
 * left: never dropped.
 */
final class DynamoDbConnection {
    /** BatchWriteItem takes at most 25 requests, BatchGetItem at most 100 keys. */
    static final int WRITE_BATCH = 25;
    static final int READ_BATCH = 100;

    private final DynamoDbClient client;
    private final String spec;

    DynamoDbConnection(DynamoDbClient client, String spec) {
        this.client = client;
        this.spec = spec;
    }

    DynamoDbClient client() {
        return client;
    }

    /**
     * Makes one call, retrying throttling, server errors and I/O failures. A failed condition is the caller's
     * business and is thrown as it is.
     */
    <T> T call(String what, Supplier<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (ConditionalCheckFailedException e) {
                throw e;
            } catch (ResourceNotFoundException e) {
                throw new StoreException("store '" + spec + "': cannot " + what + ": " + e.awsErrorDetails().errorMessage()
                        + " (on AWS the CloudFormation stack creates the tables; against a local emulator set "
                        + DynamoDbKpiStore.CREATE_TABLES_VARIABLE + "=true)", e);
            } catch (SdkException e) {
                if (!isTransient(e) || !Backoff.THROTTLING.allowsAnotherAfter(attempt)) {
                    throw new StoreException("store '" + spec + "': cannot " + what + " (attempt " + attempt + "): "
                            + e.getMessage(), e);
                }
                Backoff.THROTTLING.pauseAfter(attempt, what);
            }
        }
    }

    /** Throttling, a server error or a broken connection: worth another try. */
    static boolean isTransient(SdkException e) {
        if (e instanceof ProvisionedThroughputExceededException || e instanceof RequestLimitExceededException) {
            return true;
        }
        if (e instanceof AwsServiceException service) {
            return service.isThrottlingException() || service.statusCode() >= 500;
        }
        return e.retryable() || e.getCause() instanceof IOException;
    }

    /** Writes every request, 25 a call, until DynamoDB has processed them all. */
    void batchWrite(String table, List<WriteRequest> requests, String what) {
        for (int from = 0; from < requests.size(); from += WRITE_BATCH) {
            List<WriteRequest> pending = requests.subList(from, Math.min(from + WRITE_BATCH, requests.size()));
            for (int attempt = 1; !pending.isEmpty(); attempt++) {
                if (attempt > 1) {
                    if (!Backoff.UNPROCESSED.allowsAnotherAfter(attempt - 1)) {
                        throw new StoreException("store '" + spec + "': cannot " + what + ": " + pending.size()
                                + " items of table '" + table + "' still unprocessed after " + (attempt - 1)
                                + " attempts");
                    }
                    Backoff.UNPROCESSED.pauseAfter(attempt - 1, what);
                }
                List<WriteRequest> batch = pending;
                BatchWriteItemResponse response = call(what, () -> client.batchWriteItem(b -> b
                        .requestItems(Map.of(table, batch))));
                pending = response.unprocessedItems().getOrDefault(table, List.of());
            }
        }
    }

    /** Reads the items of {@code keys} (absent ones are left out), 100 a call, consistently. */
    List<Map<String, AttributeValue>> batchGet(String table, List<Map<String, AttributeValue>> keys,
                                               Projection projection, String what) {
        List<Map<String, AttributeValue>> items = new ArrayList<>(keys.size());
        for (int from = 0; from < keys.size(); from += READ_BATCH) {
            List<Map<String, AttributeValue>> pending = keys.subList(from, Math.min(from + READ_BATCH, keys.size()));
            for (int attempt = 1; !pending.isEmpty(); attempt++) {
                if (attempt > 1) {
                    if (!Backoff.UNPROCESSED.allowsAnotherAfter(attempt - 1)) {
                        throw new StoreException("store '" + spec + "': cannot " + what + ": " + pending.size()
                                + " keys of table '" + table + "' still unprocessed after " + (attempt - 1)
                                + " attempts");
                    }
                    Backoff.UNPROCESSED.pauseAfter(attempt - 1, what);
                }
                KeysAndAttributes request = KeysAndAttributes.builder().keys(pending).consistentRead(true)
                        .projectionExpression(projection.expression())
                        .expressionAttributeNames(projection.names()).build();
                BatchGetItemResponse response = call(what, () -> client.batchGetItem(b -> b
                        .requestItems(Map.of(table, request))));
                items.addAll(response.responses().getOrDefault(table, List.of()));
                KeysAndAttributes unprocessed = response.unprocessedKeys().get(table);
                pending = unprocessed == null ? List.of() : unprocessed.keys();
            }
        }
        return items;
    }

    /**
     * A projection expression naming its attributes through placeholders, so no attribute name can clash
     * with one of DynamoDB's reserved words.
     */
    record Projection(String expression, Map<String, String> names) {
        static Projection of(List<String> attributes) {
            Map<String, String> names = new LinkedHashMap<>();
            StringBuilder expression = new StringBuilder();
            for (int i = 0; i < attributes.size(); i++) {
                String placeholder = "#p" + i;
                names.put(placeholder, attributes.get(i));
                expression.append(i == 0 ? "" : ", ").append(placeholder);
            }
            return new Projection(expression.toString(), Map.copyOf(names));
        }
    }
}
