package org.ecomkpi.store;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The one merge lock of a DynamoDB store: the item {@code pk = "merge_lock", sk = "kpi"} of the control table, and
 * its {@value #FENCES} fences {@code sk = "kpi#fence#0"} to {@code "kpi#fence#7"} ({@link MergeFence}). The lock
 * item's attributes:
 * <ul>
 *   <li>{@value #HOLDER} (S): the run whose apply holds it; {@value #TOKEN} (S): the id of that apply call;</li>
 *   <li>{@value #LEASE_UNTIL} (N): epoch milliseconds until which the lease holds (0 once released); the holder
 *       pushes it forward every third of the lease while it works;</li>
 *   <li>{@value #EPOCH} (N): how many times the lock was taken; each taking adds one, so a later holder has a
 *       greater epoch;</li>
 *   <li>{@value #PLAN_RUN} (S) and {@value #PLAN_CHUNKS} (N): present while a complete write-ahead plan of that
 *       run is stored and not yet fully applied; whoever takes the lock next finishes it first.</li>
 * </ul>
 * A lease is taken with one conditional UpdateItem (the item is absent, its lease has run out, or it already
 * names this apply: a retried call whose answer was lost). Then, before the holder reads or writes anything else,
 * it raises the fences: one transaction writes its token and epoch into every fence item, on the condition that no
 * fence holds a greater epoch (a holder paused between taking the lock and raising its fences cannot take them back
 * from its successor). From then on every write of an older holder is refused by DynamoDB, since each goes through
 * a fence that must name the writer's token; reads made after the raising see every write an older holder landed.
 *
 * <p>Lease times compare clocks of different machines, so the lease is far longer than any clock skew. A holder that
 * cannot refresh its lease stops a quarter-lease before it runs out ({@link Held#requireHeld()}): a cheap early stop,
 * not the guarantee, since a process can pause for any time between that check and its write; the fences are the
 * guarantee. The lease refresh, the plan's record and the release are single-item conditional writes on the lock
 * item, which no transaction includes, so they never meet a transaction conflict.
 */
final class MergeLock {
    static final String LOCK = "merge_lock";
    static final String LOCK_ID = "kpi";
    static final String HOLDER = "holder";
    static final String TOKEN = "token";
    static final String LEASE_UNTIL = "lease_until";
    static final String PLAN_RUN = "plan_run";
    static final String PLAN_CHUNKS = "plan_chunks";
    static final String EPOCH = "epoch";
    /** One fence for each writer of a plan ({@link DynamoDbKpiStore#WRITERS}). */
    static final int FENCES = 8;

    private final String table;
    private final DynamoDbConnection dynamo;
    private final Clock clock;
    private final Duration lease;
    private final Duration maxWait;
    private final Consumer<String> beforeWrite;

    /**
     * @param beforeWrite called with what is about to be written, before each write a holder makes under the lock
     *                    (after its own lease check): where tests hold a process still, as a long GC pause would
     */
    MergeLock(String table, DynamoDbConnection dynamo, Clock clock, Duration lease, Duration maxWait,
              Consumer<String> beforeWrite) {
        if (lease.toMillis() < 100) {
            throw new IllegalArgumentException("a merge lease must last 100 ms or more, was " + lease);
        }
        this.table = table;
        this.dynamo = dynamo;
        this.clock = clock;
        this.lease = lease;
        this.maxWait = maxWait;
        this.beforeWrite = beforeWrite;
    }

    /** A complete write-ahead plan recorded in the lock item. */
    record PendingPlan(String runId, int chunks) {
    }

    private static Map<String, AttributeValue> key() {
        return Map.of(ControlTable.PK, AttributeValue.fromS(LOCK), ControlTable.SK, AttributeValue.fromS(LOCK_ID));
    }

    /**
     * Takes the lock for the run, polling with jittered pauses while another live apply holds it, and raises its
     * fences.
     *
     * @throws StoreException         when the lock stayed held by others for longer than the maximum wait
     * @throws MergeLockLostException when a later holder raised the fences first (this apply was paused meanwhile)
     */
    Held acquire(String runId) {
        String token = UUID.randomUUID().toString();
        String what = "take the merge lock for run '" + runId + "'";
        long deadline = System.nanoTime() + maxWait.toNanos();
        for (int attempt = 1; ; attempt++) {
            long now = clock.millis();
            try {
                dynamo.call(what, () -> dynamo.client().updateItem(b -> b.tableName(table)
                        .key(key())
                        .updateExpression("SET #holder = :run, #token = :token, #lease = :until ADD #epoch :one")
                        .conditionExpression("attribute_not_exists(#lease) OR #lease < :now OR #token = :token")
                        .expressionAttributeNames(Map.of("#holder", HOLDER, "#token", TOKEN, "#lease", LEASE_UNTIL,
                                "#epoch", EPOCH))
                        .expressionAttributeValues(Map.of(":run", AttributeValue.fromS(runId),
                                ":token", AttributeValue.fromS(token),
                                ":until", KpiItems.number(now + lease.toMillis()),
                                ":now", KpiItems.number(now),
                                ":one", KpiItems.number(1)))
                        .returnValues(ReturnValue.NONE)));
                Optional<Map<String, AttributeValue>> taken = heldBy(token);
                if (taken.isPresent()) {
                    Held held = new Held(runId, token, now + lease.toMillis(), pending(taken.get()));
                    try {
                        held.raiseFences(Long.parseLong(KpiItems.requireNumber(taken.get(), EPOCH)));
                    } catch (RuntimeException e) {
                        held.close();
                        throw e;
                    }
                    return held;
                }
                pause(attempt); // another taker's write landed over ours: a store without atomic conditions
            } catch (ConditionalCheckFailedException e) {
                if (System.nanoTime() > deadline) {
                    throw new StoreException("store 'dynamodb': cannot " + what + ": held by "
                            + holder().orElse("another apply") + " for longer than " + maxWait);
                }
                pause(attempt);
            }
        }
    }

    /**
     * The lock item when it names {@code token}, read back consistently. DynamoDB's conditional update is atomic, so
     * on AWS this only confirms the win; some emulators let two concurrent conditional updates both pass, and then
     * the read-back tells the loser. The item read is the one the winning update wrote: its epoch is this taking's.
     */
    private Optional<Map<String, AttributeValue>> heldBy(String token) {
        Map<String, AttributeValue> item = dynamo.call("read the merge lock", () -> dynamo.client().getItem(b -> b
                .tableName(table).key(key()).consistentRead(true))).item();
        return item != null && item.containsKey(TOKEN) && token.equals(item.get(TOKEN).s()) ? Optional.of(item)
                : Optional.empty();
    }

    private Optional<String> holder() {
        Map<String, AttributeValue> item = dynamo.call("read the merge lock", () -> dynamo.client().getItem(b -> b
                .tableName(table).key(key()).consistentRead(true))).item();
        return Optional.ofNullable(item).map(i -> i.get(HOLDER)).map(v -> "run '" + v.s() + "'");
    }

    private static Optional<PendingPlan> pending(Map<String, AttributeValue> item) {
        AttributeValue run = item.get(PLAN_RUN);
        AttributeValue chunks = item.get(PLAN_CHUNKS);
        return run == null || chunks == null ? Optional.empty()
                : Optional.of(new PendingPlan(run.s(), Integer.parseInt(chunks.n())));
    }

    private static void pause(int attempt) {
        try {
            // short polls: an apply of a batch takes seconds, and the waiter should start soon after it ends
            Thread.sleep(ThreadLocalRandom.current().nextLong(20, 20 + 20L * Math.min(attempt, 10)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for the merge lock", e);
        }
    }

    /** The lock as held by one apply: refreshed in the background until closed, then released. */
    final class Held implements AutoCloseable {
        private final String runId;
        private final String token;
        private final Optional<PendingPlan> pendingAtStart;
        private final AtomicLong validUntil;
        private final AtomicBoolean lost = new AtomicBoolean();
        private final ScheduledExecutorService refresher;

        private Held(String runId, String token, long leaseUntil, Optional<PendingPlan> pendingAtStart) {
            this.runId = runId;
            this.token = token;
            this.pendingAtStart = pendingAtStart;
            this.validUntil = new AtomicLong(leaseUntil);
            this.refresher = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "merge-lease-" + runId);
                thread.setDaemon(true);
                return thread;
            });
            long period = Math.max(10, lease.toMillis() / 3);
            refresher.scheduleWithFixedDelay(this::refresh, period, period, TimeUnit.MILLISECONDS);
        }

        /**
         * Writes this apply's token and epoch into every fence, in one transaction, unless a fence holds a greater
         * epoch: a later holder's. A stale holder's transaction in flight on a fence cancels this one for a conflict,
         * which is tried again.
         */
        private void raiseFences(long epoch) {
            List<TransactWriteItem> raises = new ArrayList<>(FENCES);
            for (int slot = 0; slot < FENCES; slot++) {
                raises.add(TransactWriteItem.builder().update(Update.builder().tableName(table)
                        .key(MergeFence.key(slot))
                        .updateExpression("SET #token = :token, #epoch = :epoch")
                        // equal epoch and token: our own raise, tried again after its answer was lost
                        .conditionExpression("attribute_not_exists(#epoch) OR #epoch < :epoch"
                                + " OR (#epoch = :epoch AND #token = :token)")
                        .expressionAttributeNames(Map.of("#token", TOKEN, "#epoch", EPOCH))
                        .expressionAttributeValues(Map.of(":token", AttributeValue.fromS(token),
                                ":epoch", KpiItems.number(epoch)))
                        .build()).build());
            }
            String what = "raise the merge fences for run '" + runId + "'";
            beforeWrite.accept(what);
            try {
                dynamo.transactWrite(raises, what);
            } catch (TransactionCanceledException e) {
                if (e.hasCancellationReasons()
                        && e.cancellationReasons().stream().anyMatch(DynamoDbConnection::isConditionFailure)) {
                    throw new MergeLockLostException(runId, "a later holder raised the merge fences before it could;"
                            + " nothing was written", e);
                }
                throw new StoreException("store 'dynamodb': cannot " + what + ": " + DynamoDbConnection.reasons(e), e);
            }
        }

        /**
         * The fence through which writer {@code slot} writes (0 to {@value #FENCES}{@code  - 1}); two writers that
         * write at the same time must use different fences.
         */
        MergeFence fence(int slot) {
            if (slot < 0 || slot >= FENCES) {
                throw new IllegalArgumentException("a merge fence slot is 0 to " + (FENCES - 1) + ", was " + slot);
            }
            return new MergeFence(dynamo, table, slot, runId, token, beforeWrite);
        }

        /** The plan a dead holder left unfinished when this apply took the lock. */
        Optional<PendingPlan> pendingPlan() {
            return pendingAtStart;
        }

        private void refresh() {
            long now = clock.millis();
            try {
                update("refresh the merge lease of run '" + runId + "'", "SET #lease = :until",
                        Map.of("#lease", LEASE_UNTIL), Map.of(":until", KpiItems.number(now + lease.toMillis())));
                validUntil.set(now + lease.toMillis());
            } catch (ConditionalCheckFailedException e) {
                lost.set(true);
            } catch (RuntimeException e) {
                // tried again at the next period; requireHeld stops the apply if the lease runs out meanwhile
            }
        }

        /**
         * Throws unless the lease surely still holds: a quarter-lease of margin before it runs out. An early stop
         * only: the fences refuse a write that a pause after this check made stale.
         */
        void requireHeld() {
            if (lost.get() || clock.millis() > validUntil.get() - lease.toMillis() / 4) {
                throw new MergeLockLostException(runId, "its lease could not be refreshed in time; it stopped before"
                        + " its next write");
            }
        }

        /** Records in the lock item that the run's plan is stored whole, in {@code chunks} chunks. */
        void recordPlan(int chunks) {
            requireHeld();
            try {
                update("record the plan of run '" + runId + "'", "SET #plan = :run, #chunks = :chunks",
                        Map.of("#plan", PLAN_RUN, "#chunks", PLAN_CHUNKS),
                        Map.of(":run", AttributeValue.fromS(runId), ":chunks", KpiItems.number(chunks)));
            } catch (ConditionalCheckFailedException e) {
                throw new MergeLockLostException(runId, "another apply took it over before its plan was recorded;"
                        + " no state or KPI was written", e);
            }
        }

        /** Removes the record of a plan that is now fully applied. */
        void clearPlan() {
            try {
                update("clear the finished plan", "REMOVE #plan, #chunks",
                        Map.of("#plan", PLAN_RUN, "#chunks", PLAN_CHUNKS), Map.of());
            } catch (ConditionalCheckFailedException e) {
                throw new MergeLockLostException(runId, "another apply took it over while it finished a plan", e);
            }
        }

        private void update(String what, String expression, Map<String, String> names,
                            Map<String, AttributeValue> values) {
            Map<String, String> allNames = new HashMap<>(names);
            allNames.put("#token", TOKEN);
            Map<String, AttributeValue> allValues = new HashMap<>(values);
            allValues.put(":token", AttributeValue.fromS(token));
            dynamo.call(what, () -> dynamo.client().updateItem(b -> b.tableName(table).key(key())
                    .updateExpression(expression).conditionExpression("#token = :token")
                    .expressionAttributeNames(allNames).expressionAttributeValues(allValues)));
        }

        /** Stops refreshing and releases the lease (a plan recorded and not cleared stays for the next holder). */
        @Override
        public void close() {
            refresher.shutdownNow();
            try {
                update("release the merge lock of run '" + runId + "'", "SET #lease = :zero REMOVE #holder, #token",
                        Map.of("#lease", LEASE_UNTIL, "#holder", HOLDER),
                        Map.of(":zero", KpiItems.number(0)));
            } catch (ConditionalCheckFailedException e) {
                // taken over after our lease ran out: nothing of ours to release
            }
        }
    }
}
