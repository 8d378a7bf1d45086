package org.ecomkpi.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * A fence of the merge lock, through which one writer of the apply that holds the lock writes: the item
 * {@code pk = "merge_lock", sk = "kpi#fence#<slot>"} of the control table, naming the {@value MergeLock#TOKEN} of
 * that apply. Each write goes out as a TransactWriteItems whose first action is a ConditionCheck that the fence
 * still names this apply's token, followed by up to {@value #MAX_WRITES} writes. DynamoDB checks the token as it
 * commits, not the writer's clock, so a holder paused past its lease (a long GC, a SIGSTOP, a frozen VM) between its
 * own lease check and its write cannot land the write once its successor raised the fences
 * ({@link MergeLock}): {@link MergeLockLostException}, and nothing of that transaction is written.
 *
 * <p>One fence per writer thread because DynamoDB cancels one of two concurrent transactions that include the same
 * item (a ConditionCheck counts) with the reason {@code TransactionConflict}: writers sharing a fence would cancel
 * each other. Such cancellations, and those of a successor raising the fences while a stale transaction is in
 * flight, are retried after a pause, bounded ({@link DynamoDbConnection#transactWrite}); a failed check of the
 * fence is not retried.
 */
final class MergeFence {
    /** Writes in one transaction besides the check of the fence: DynamoDB takes 100 actions at most. */
    static final int MAX_WRITES = 99;
    /** The aggregate size of a transaction's items must stay under 4 MB; our estimate is an upper bound. */
    static final long MAX_BYTES = 4_000_000;
    static final String FENCE = MergeLock.LOCK_ID + "#fence#";

    private final DynamoDbConnection dynamo;
    private final String table;
    private final int slot;
    private final String runId;
    private final String token;
    private final Consumer<String> beforeWrite;

    MergeFence(DynamoDbConnection dynamo, String table, int slot, String runId, String token,
               Consumer<String> beforeWrite) {
        this.dynamo = dynamo;
        this.table = table;
        this.slot = slot;
        this.runId = runId;
        this.token = token;
        this.beforeWrite = beforeWrite;
    }

    static Map<String, AttributeValue> key(int slot) {
        return Map.of(ControlTable.PK, AttributeValue.fromS(MergeLock.LOCK),
                ControlTable.SK, AttributeValue.fromS(FENCE + slot));
    }

    /** An unconditional put, for {@link #write}. */
    static TransactWriteItem put(String table, Map<String, AttributeValue> item) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item).build()).build();
    }

    /** An unconditional delete, for {@link #write}. */
    static TransactWriteItem delete(String table, Map<String, AttributeValue> key) {
        return TransactWriteItem.builder().delete(Delete.builder().tableName(table).key(key).build()).build();
    }

    /**
     * Writes every action through this fence, in transactions of at most {@value #MAX_WRITES} writes and
     * {@value #MAX_BYTES} bytes (so one transaction each when they fit). No two actions may touch the same item.
     *
     * @throws MergeLockLostException           when the fence names another apply: nothing of that transaction was
     *                                          written (earlier transactions of the same call were)
     * @throws ConditionalCheckFailedException  when the condition of one of the writes failed (meaningful for a single
     *                                          conditional write, as then nothing else was in the transaction)
     */
    void write(List<TransactWriteItem> writes, String what) {
        for (List<TransactWriteItem> pack : packs(writes)) {
            List<TransactWriteItem> actions = new ArrayList<>(pack.size() + 1);
            actions.add(check());
            actions.addAll(pack);
            beforeWrite.accept(what);
            try {
                dynamo.transactWrite(actions, what);
            } catch (TransactionCanceledException e) {
                if (DynamoDbConnection.conditionFailed(e, 0)) {
                    throw new MergeLockLostException(runId, "DynamoDB refused to " + what + ": another apply took the"
                            + " lock over after its lease ran out", e);
                }
                if (e.hasCancellationReasons()
                        && e.cancellationReasons().stream().anyMatch(DynamoDbConnection::isConditionFailure)) {
                    throw ConditionalCheckFailedException.builder().message("cannot " + what + ": a condition failed: "
                            + DynamoDbConnection.reasons(e)).cause(e).build();
                }
                throw new StoreException("store 'dynamodb': cannot " + what + ": the transaction was cancelled: "
                        + DynamoDbConnection.reasons(e), e);
            }
        }
    }

    private TransactWriteItem check() {
        return TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(table).key(key(slot))
                .conditionExpression("#token = :token")
                .expressionAttributeNames(Map.of("#token", MergeLock.TOKEN))
                .expressionAttributeValues(Map.of(":token", AttributeValue.fromS(token)))
                .build()).build();
    }

    /**
     * The writes cut into transactions' worth, in order: at most {@value #MAX_WRITES} a transaction, and no more than
     * {@value #MAX_BYTES} bytes of items with the fence's key.
     */
    static List<List<TransactWriteItem>> packs(List<TransactWriteItem> writes) {
        long fenceBytes = itemBytes(key(0)) + 1; // one more digit for any slot up to 99
        List<List<TransactWriteItem>> packs = new ArrayList<>();
        List<TransactWriteItem> pack = new ArrayList<>();
        long bytes = fenceBytes;
        for (TransactWriteItem write : writes) {
            long size = bytes(write);
            if (!pack.isEmpty() && (pack.size() == MAX_WRITES || bytes + size > MAX_BYTES)) {
                packs.add(pack);
                pack = new ArrayList<>();
                bytes = fenceBytes;
            }
            pack.add(write);
            bytes += size;
        }
        if (!pack.isEmpty()) {
            packs.add(pack);
        }
        return packs;
    }

    /** The size DynamoDB counts for an action's item: the whole item for a put, the key and new values otherwise. */
    static long bytes(TransactWriteItem write) {
        if (write.put() != null) {
            return itemBytes(write.put().item());
        }
        if (write.delete() != null) {
            return itemBytes(write.delete().key());
        }
        if (write.update() != null) {
            return itemBytes(write.update().key()) + itemBytes(write.update().expressionAttributeValues());
        }
        return itemBytes(write.conditionCheck().key());
    }

    /**
     * An upper bound of an item's size by DynamoDB's rules: each attribute's name in UTF-8 plus its value (a string
     * in UTF-8, a binary's bytes, a number at most one byte per character and one more).
     */
    static long itemBytes(Map<String, AttributeValue> item) {
        long bytes = 0;
        for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
            bytes += utf8(attribute.getKey()) + valueBytes(attribute.getValue());
        }
        return bytes;
    }

    private static long valueBytes(AttributeValue value) {
        return switch (value.type()) {
            case S -> utf8(value.s());
            case N -> value.n().length() + 1;
            case B -> value.b().asByteBuffer().remaining();
            case BOOL, NUL -> 1;
            case SS -> value.ss().stream().mapToLong(MergeFence::utf8).sum();
            case NS -> value.ns().stream().mapToLong(n -> n.length() + 1).sum();
            case BS -> value.bs().stream().mapToLong(b -> b.asByteBuffer().remaining()).sum();
            case L -> 3 + value.l().stream().mapToLong(v -> 1 + valueBytes(v)).sum();
            case M -> 3 + value.m().entrySet().stream().mapToLong(e -> 1 + utf8(e.getKey()) + valueBytes(e.getValue()))
                    .sum();
            case UNKNOWN_TO_SDK_VERSION -> throw new IllegalArgumentException("an attribute value of unknown type: "
                    + value);
        };
    }

    private static long utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
