package org.ecomkpi.jberet.dynamodb;

import static org.ecomkpi.jberet.dynamodb.ItemAttributes.PK;
import static org.ecomkpi.jberet.dynamodb.ItemAttributes.SK;
import static org.ecomkpi.jberet.dynamodb.ItemAttributes.VALUE;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Predicate;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The job repository's one DynamoDB table: its creation, and the calls every reader and writer of it makes. Reads are
 * strongly consistent; a transaction cancelled only by a conflict with another write is tried again.
 */
final class JobRepositoryTable {

    private static final int TRANSACTION_ATTEMPTS = 8;

    private final DynamoDbClient dynamo;
    private final String name;

    JobRepositoryTable(DynamoDbClient dynamo, String name) {
        this.dynamo = dynamo;
        this.name = name;
    }

    String name() {
        return name;
    }

    DynamoDbClient client() {
        return dynamo;
    }

    /** Creates the table (on-demand capacity, string keys {@code pk} and {@code sk}) unless it exists; waits for it. */
    void createIfMissing() {
        try {
            dynamo.createTable(create -> create.tableName(name)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(
                            AttributeDefinition.builder().attributeName(PK).attributeType(ScalarAttributeType.S)
                                    .build(),
                            AttributeDefinition.builder().attributeName(SK).attributeType(ScalarAttributeType.S)
                                    .build())
                    .keySchema(
                            KeySchemaElement.builder().attributeName(PK).keyType(KeyType.HASH).build(),
                            KeySchemaElement.builder().attributeName(SK).keyType(KeyType.RANGE).build()));
        } catch (ResourceInUseException e) {
            // created already, by us earlier or by a concurrent process
        }
        dynamo.waiter().waitUntilTableExists(describe -> describe.tableName(name));
    }

    /** The next id of {@code counter} (one UpdateItem ADD: ids are unique across processes). */
    long nextId(String counter) {
        return Long.parseLong(dynamo.updateItem(update -> update.tableName(name)
                .key(TableKeys.counter(counter))
                .updateExpression("ADD " + ItemAttributes.ref(VALUE) + " :one")
                .expressionAttributeNames(Map.of(ItemAttributes.ref(VALUE), VALUE))
                .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1")))
                .returnValues(ReturnValue.UPDATED_NEW)).attributes().get(VALUE).n());
    }

    /** The item at {@code key}, empty when there is none. */
    Map<String, AttributeValue> get(Map<String, AttributeValue> key) {
        try {
            return dynamo.getItem(get -> get.tableName(name).key(key).consistentRead(true)).item();
        } catch (ResourceNotFoundException e) {
            throw new IllegalStateException("the job repository table " + name + " does not exist", e);
        }
    }

    void put(Map<String, AttributeValue> item) {
        dynamo.putItem(put -> put.tableName(name).item(item));
    }

    /** A query of the items of partition {@code pk} whose sort key begins with {@code skPrefix}. */
    static QueryRequest.Builder query(String pk, String skPrefix) {
        return QueryRequest.builder()
                .keyConditionExpression(PK + " = :pk AND begins_with(" + SK + ", :prefix)")
                .expressionAttributeValues(queryValues(pk, skPrefix));
    }

    /** The values {@link #query(String, String)} binds, to add a filter's own to. */
    static Map<String, AttributeValue> queryValues(String pk, String skPrefix) {
        return Map.of(":pk", AttributeValue.fromS(pk), ":prefix", AttributeValue.fromS(skPrefix));
    }

    /** A query of every item of partition {@code pk}. */
    static QueryRequest.Builder query(String pk) {
        return QueryRequest.builder().keyConditionExpression(PK + " = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk)));
    }

    /** Every item {@code query} finds, page after page. */
    void query(QueryRequest.Builder query, Consumer<Map<String, AttributeValue>> each) {
        queryWhile(query, item -> {
            each.accept(item);
            return true;
        });
    }

    /** Pages through a strongly consistent query while {@code each} returns true. */
    void queryWhile(QueryRequest.Builder query, Predicate<Map<String, AttributeValue>> each) {
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse page = dynamo.query(query.tableName(name).consistentRead(true)
                    .exclusiveStartKey(start).build());
            for (Map<String, AttributeValue> item : page.items()) {
                if (!each.test(item)) {
                    return;
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
    }

    /** How many items {@code query} finds. */
    int count(QueryRequest.Builder query) {
        int count = 0;
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse page = dynamo.query(query.tableName(name).consistentRead(true)
                    .select(Select.COUNT).exclusiveStartKey(start).build());
            count += page.count();
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return count;
    }

    /**
     * Every item whose partition key begins with {@code pkPrefix} and whose sort key is {@code sk}, read with one
     * strongly consistent scan of the whole table: the key layout, not the attributes an item happens to carry, says
     * which items are meant.
     */
    void scan(String pkPrefix, String sk, Consumer<Map<String, AttributeValue>> each) {
        ScanRequest.Builder scan = ScanRequest.builder().tableName(name).consistentRead(true)
                .filterExpression("begins_with(" + PK + ", :pkPrefix) AND " + SK + " = :sk")
                .expressionAttributeValues(Map.of(":pkPrefix", AttributeValue.fromS(pkPrefix),
                        ":sk", AttributeValue.fromS(sk)));
        Map<String, AttributeValue> start = null;
        do {
            var page = dynamo.scan(scan.exclusiveStartKey(start).build());
            page.items().forEach(each);
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
    }

    /**
     * One TransactWriteItems, tried again while it only failed on a conflict with another write to one of its items
     * (a heartbeat, a concurrent transaction): DynamoDB cancels rather than waits.
     */
    void transact(List<TransactWriteItem> writes) {
        for (int attempt = 1; ; attempt++) {
            try {
                dynamo.transactWriteItems(request -> request.transactItems(writes));
                return;
            } catch (TransactionCanceledException e) {
                boolean conflict = e.hasCancellationReasons() && e.cancellationReasons().stream()
                        .anyMatch(reason -> "TransactionConflict".equals(reason.code()));
                if (!conflict || attempt >= TRANSACTION_ATTEMPTS) {
                    throw e;
                }
                try {
                    Thread.sleep(ThreadLocalRandom.current().nextLong(10, 10L << attempt));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** Whether action {@code action} of a cancelled transaction failed its condition. */
    static boolean failedCondition(TransactionCanceledException e, int action) {
        return e.hasCancellationReasons() && e.cancellationReasons().size() > action
                && "ConditionalCheckFailed".equals(e.cancellationReasons().get(action).code());
    }
}
