package org.ecomkpi.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The store's calls to DynamoDB. Throttling, server errors and broken connections are the client's to retry (its
 * retry strategy, {@code AwsClients.dynamoDbBuilder()}); what still fails after those becomes a
 * {@link StoreException} at once, never retried a second time here. Only what the SDK does not retry is tried again
 * here: unprocessed items of batch reads and writes are asked for again until none is left (never dropped), a
 * single-item write refused because a transaction held its item (TransactionConflictException), and a transaction
 * cancelled for a conflict or throttling of one of its items.
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
     * Makes one call; the client has retried throttling, server errors and I/O failures already. A single-item write
     * that met a transaction holding its item is tried again, at most {@link Backoff#TRANSACTION_CONFLICTS} times. A
     * failed condition, and a cancelled transaction, are the caller's business and are thrown as they are.
     */
    <T> T call(String what, Supplier<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (ConditionalCheckFailedException | TransactionCanceledException e) {
                throw e;
            } catch (ResourceNotFoundException e) {
                throw new StoreException("store '" + spec + "': cannot " + what + ": " + e.awsErrorDetails().errorMessage()
                        + " (on AWS the CloudFormation stack creates the tables; against a local emulator set "
                        + DynamoDbKpiStore.CREATE_TABLES_VARIABLE + "=true)", e);
            } catch (TransactionConflictException e) {
                // not an error the SDK retries: the transaction holding the item is over within milliseconds
                if (!Backoff.TRANSACTION_CONFLICTS.allowsAnotherAfter(attempt)) {
                    throw new StoreException("store '" + spec + "': cannot " + what + ": its item was still held by"
                            + " a transaction after " + attempt + " attempts: " + e.getMessage(), e);
                }
                Backoff.TRANSACTION_CONFLICTS.pauseAfter(attempt, what);
            } catch (SdkException e) {
                throw new StoreException("store '" + spec + "': cannot " + what + " (after the client's retries): "
                        + e.getMessage(), e);
            }
        }
    }

    /**
     * Sends one TransactWriteItems of {@code actions} (at most 100, no two on one item), retrying as {@link #call}
     * does; a cancellation whose only reasons are conflicts with other transactions or throttling is tried again after
     * a pause, at most {@link Backoff#TRANSACTION_CONFLICTS} times. A cancellation for a failed condition is thrown as
     * it is: its {@link TransactionCanceledException#cancellationReasons()}, in the order of the actions, tell which.
     */
    void transactWrite(List<TransactWriteItem> actions, String what) {
        for (int attempt = 1; ; attempt++) {
            try {
                call(what, () -> client.transactWriteItems(b -> b.transactItems(actions)));
                return;
            } catch (TransactionCanceledException e) {
                if (!worthRetrying(e)) {
                    throw e;
                }
                if (!Backoff.TRANSACTION_CONFLICTS.allowsAnotherAfter(attempt)) {
                    throw new StoreException("store '" + spec + "': cannot " + what + ": the transaction was still"
                            + " cancelled after " + attempt + " attempts: " + reasons(e), e);
                }
                Backoff.TRANSACTION_CONFLICTS.pauseAfter(attempt, what);
            }
        }
    }

    /** Cancelled for conflicts or throttling only: nothing was wrong with the transaction itself. */
    private static boolean worthRetrying(TransactionCanceledException e) {
        if (!e.hasCancellationReasons()) {
            return false;
        }
        boolean retryable = false;
        for (CancellationReason reason : e.cancellationReasons()) {
            String code = reason.code() == null ? "None" : reason.code();
            switch (code) {
                case "None" -> { }
                case "TransactionConflict", "ThrottlingError", "ProvisionedThroughputExceeded" -> retryable = true;
                default -> {
                    return false;
                }
            }
        }
        return retryable;
    }

    /** Whether the action at {@code index} of the cancelled transaction failed its condition. */
    static boolean conditionFailed(TransactionCanceledException e, int index) {
        return e.hasCancellationReasons() && index < e.cancellationReasons().size()
                && isConditionFailure(e.cancellationReasons().get(index));
    }

    static boolean isConditionFailure(CancellationReason reason) {
        return "ConditionalCheckFailed".equals(reason.code());
    }

    /** The reasons of a cancelled transaction, in the order of its actions, for a message. */
    static String reasons(TransactionCanceledException e) {
        return e.hasCancellationReasons()
                ? e.cancellationReasons().stream().map(r -> r.code() == null ? "None" : r.code()).toList().toString()
                : e.getMessage();
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
