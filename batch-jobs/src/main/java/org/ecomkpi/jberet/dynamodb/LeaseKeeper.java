package org.ecomkpi.jberet.dynamodb;

import static org.ecomkpi.jberet.dynamodb.ItemAttributes.BATCH_STATUS;
import static org.ecomkpi.jberet.dynamodb.ItemAttributes.EXIT_STATUS;
import static org.ecomkpi.jberet.dynamodb.ItemAttributes.EXPIRES;
import static org.ecomkpi.jberet.dynamodb.ItemAttributes.HEARTBEAT;
import static org.ecomkpi.jberet.dynamodb.ItemAttributes.LAST_UPDATED_TIME;
import static org.ecomkpi.jberet.dynamodb.ItemAttributes.LEASE_OWNER;
import static org.ecomkpi.jberet.dynamodb.ItemAttributes.PK;
import static org.ecomkpi.jberet.dynamodb.ItemAttributes.TOKEN;
import static org.ecomkpi.jberet.dynamodb.ItemAttributes.ref;
import static org.ecomkpi.jberet.dynamodb.ItemCodec.number;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.batch.runtime.BatchStatus;

import org.ecomkpi.logging.RunContext;
import org.ecomkpi.run.LeaseLostException;
import org.ecomkpi.jberet.ExecutionLeases.LaunchClaim;
import org.ecomkpi.jberet.ExecutionLeases.Takeover;
import org.ecomkpi.jberet.JobLauncher;
import org.jberet.runtime.JobExecutionImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * The leases of one process on the job repository table: the executions it started, the launch claims it holds, and
 * the fence on every write to them.
 *
 * <p>Every execution this process creates carries {@code leaseOwner} (this process) and {@code heartbeat} (epoch ms),
 * renewed every {@link DynamoDbRepositorySettings#heartbeatInterval()} until the execution ends. An unfinished
 * execution whose heartbeat is older than {@link DynamoDbRepositorySettings#leaseTimeout()} belongs to a dead process
 * ({@link #takeOverIfOrphaned}). Heartbeats compare clocks of different hosts, so the timeout must exceed their skew by
 * far (NTP keeps AWS hosts within milliseconds). Heartbeats go through their own client with short timeouts, so a slow
 * call of the job itself never delays them.
 *
 * <p>Fencing: a process paused past its lease (a long GC, a frozen VM, SIGSTOP) may wake up after another process took
 * its run over. Every write to an execution this process created, and to its step and partition executions, is
 * therefore conditioned on the execution's {@code leaseOwner} still naming this process (a condition, or a
 * TransactWriteItems with a ConditionCheck on the execution item), and a refused write throws
 * {@link LeaseLostException}. Writes elsewhere (bucket, store) ask {@link #check()} first: it refuses once a lease was
 * lost or has not been renewed for a lease timeout less one heartbeat, by this process's monotonic clock. Starting an
 * execution for a run is conditioned on the launch claim of the launcher that decided it
 * ({@link #launchClaimCheck}), so a launcher whose claim expired while it was deciding cannot start the run beside the
 * launcher that claimed it next.
 */
final class LeaseKeeper implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);
    private static final Set<BatchStatus> UNFINISHED = Set.of(BatchStatus.STARTING, BatchStatus.STARTED,
            BatchStatus.STOPPING);
    private static final String HELD_BY_ME = ref(LEASE_OWNER) + " = :me";

    private final JobRepositoryTable table;
    private final DynamoDbClient heartbeatDynamo;
    private final DynamoDbRepositorySettings settings;
    private final LeaseClock clock;
    private final String owner;
    private final ScheduledExecutorService heartbeats;

    /** The leases of the executions this process started: renewed while the execution runs, fencing its writes. */
    private final Map<Long, Lease> leases = new ConcurrentHashMap<>();
    /** The launch claims this process holds, by {@link #runKey}: their tokens condition the start of an execution. */
    private final Map<String, String> launchTokens = new ConcurrentHashMap<>();

    /** Starts renewing, through {@code heartbeatDynamo}, the leases {@link #hold} gives it. */
    LeaseKeeper(JobRepositoryTable table, DynamoDbClient heartbeatDynamo, DynamoDbRepositorySettings settings,
                LeaseClock clock) {
        this.table = table;
        this.heartbeatDynamo = heartbeatDynamo;
        this.settings = settings;
        this.clock = clock;
        this.owner = ManagementFactory.getRuntimeMXBean().getName() + "/"
                + UUID.randomUUID().toString().substring(0, 8);
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "job-repository-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        long interval = settings.heartbeatInterval().toMillis();
        heartbeats.scheduleWithFixedDelay(this::renewLeases, interval, interval, TimeUnit.MILLISECONDS);
    }

    /** Who this process is in {@code leaseOwner} attributes: JVM name (pid@host) and a random suffix. */
    String owner() {
        return owner;
    }

    static boolean unfinished(BatchStatus status) {
        return UNFINISHED.contains(status);
    }

    // ---- executions started here ----

    /**
     * Adds this process's lease to a new execution's item and returns the monotonic time it starts from: give it to
     * {@link #hold} once the item is written.
     */
    long lease(Map<String, AttributeValue> executionItem) {
        executionItem.put(LEASE_OWNER, AttributeValue.fromS(owner));
        executionItem.put(HEARTBEAT, number(clock.millis()));
        return clock.nanoTime();
    }

    /**
     * The condition that this process still holds the launch claim of run {@code runId} of job {@code jobName}, when
     * it claimed it: the start of an execution for the run carries it.
     */
    Optional<TransactWriteItem> launchClaimCheck(String jobName, String runId) {
        String token = launchTokens.get(runKey(jobName, runId));
        if (token == null) {
            return Optional.empty();
        }
        return Optional.of(TransactWriteItem.builder().conditionCheck(ConditionCheck.builder()
                .tableName(table.name()).key(TableKeys.launchClaim(jobName, runId))
                .conditionExpression(HELD_BY_ME + " AND " + ref(TOKEN) + " = :token")
                .expressionAttributeNames(Map.of(ref(LEASE_OWNER), LEASE_OWNER, ref(TOKEN), TOKEN))
                .expressionAttributeValues(Map.of(":me", AttributeValue.fromS(owner),
                        ":token", AttributeValue.fromS(token)))
                .build()).build());
    }

    /**
     * Renews and fences from now on the lease of {@code execution}, whose item (at {@code key}) {@link #lease} made and
     * which is written now.
     */
    void hold(JobExecutionImpl execution, Map<String, AttributeValue> key, long leasedNanos) {
        leases.put(execution.getExecutionId(), new Lease(execution, key, leasedNanos));
    }

    /** Throws {@link LeaseLostException} when this process started execution {@code executionId} and lost its lease. */
    void requireHeld(long executionId) {
        Lease lease = leases.get(executionId);
        if (lease != null) {
            lease.requireHeld(executionId);
        }
    }

    /**
     * Writes {@code write} only while this process holds the lease of job execution {@code executionId} (when it
     * started that execution; other writes go through unfenced): one TransactWriteItems with a ConditionCheck on the
     * execution item. False when the write's own condition failed.
     */
    boolean writeFenced(long executionId, TransactWriteItem write) {
        Lease lease = leases.get(executionId);
        if (lease == null) {
            try {
                table.transact(List.of(write));
                return true;
            } catch (TransactionCanceledException e) {
                if (JobRepositoryTable.failedCondition(e, 0)) {
                    return false;
                }
                throw e;
            }
        }
        lease.requireHeld(executionId);
        TransactWriteItem fence = TransactWriteItem.builder().conditionCheck(ConditionCheck.builder()
                .tableName(table.name()).key(lease.key)
                .conditionExpression(HELD_BY_ME)
                .expressionAttributeNames(Map.of(ref(LEASE_OWNER), LEASE_OWNER))
                .expressionAttributeValues(Map.of(":me", AttributeValue.fromS(owner)))
                .build()).build();
        try {
            table.transact(List.of(fence, write));
            return true;
        } catch (TransactionCanceledException e) {
            if (JobRepositoryTable.failedCondition(e, 0)) {
                throw lease.lost(executionId, "its item now names another lease owner");
            }
            if (JobRepositoryTable.failedCondition(e, 1)) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Writes {@code update} of execution {@code executionId}'s own item, now at {@code status}: conditioned on this
     * process's lease when it started the execution, unconditioned otherwise (JBeret marking another's execution on
     * restart). The end of an execution taken over is not written, and not thrown either, so that JBeret finishes the
     * execution in this JVM and the launcher, which knows the lease was lost, reports it. An end ends the lease.
     */
    void updateExecution(long executionId, ItemUpdate update, BatchStatus status) {
        Lease lease = leases.get(executionId);
        if (lease == null) {
            table.client().updateItem(update.request());
            return;
        }
        boolean ending = !unfinished(status);
        try {
            lease.requireHeld(executionId);
            update.onlyIf(HELD_BY_ME, Map.of(":me", AttributeValue.fromS(owner)));
            try {
                table.client().updateItem(update.request());
            } catch (ConditionalCheckFailedException e) {
                throw lease.lost(executionId, "its item now names another lease owner");
            }
        } catch (LeaseLostException e) {
            if (!ending) {
                throw e;
            }
            LOG.warn("the end ({}) of job execution {} is not recorded: {}", status, executionId, e.getMessage());
        }
        if (ending) {
            lease.end();
        }
    }

    /**
     * Refuses when an execution running here lost its lease, or has gone a lease timeout less one heartbeat without
     * renewing it (by this process's monotonic clock, which keeps running while the process is paused): another
     * process may have taken the run over.
     */
    void check() {
        leases.forEach((id, lease) -> {
            if (!lease.ended || lease.lost != null) {
                lease.requireHeld(id);
            }
        });
    }

    boolean stopRequested(long executionId) {
        Lease lease = leases.get(executionId);
        return lease != null && lease.stopRequested;
    }

    boolean lostLease(long executionId) {
        Lease lease = leases.get(executionId);
        return lease != null && lease.lost != null;
    }

    /** Stops renewing leases; executions still running here will look orphaned once their leases expire. */
    @Override
    public void close() {
        heartbeats.shutdownNow();
        leases.values().forEach(Lease::end);
    }

    // ---- executions of other processes ----

    /**
     * Takes over an unfinished execution whose lease expired, read at {@code key} as {@code item}: one conditional
     * write sets it FAILED and makes this process its lease owner, on the condition that status, owner and heartbeat
     * are still what was read, so of two launchers looking at the same orphan only one wins.
     */
    Takeover takeOverIfOrphaned(long executionId, Map<String, AttributeValue> key, Map<String, AttributeValue> item) {
        if (item.isEmpty() || !unfinished(BatchStatus.valueOf(ItemCodec.batchStatus(item)))) {
            return new Takeover.Changed();
        }
        String holder = ItemCodec.text(item, LEASE_OWNER);
        long heartbeat = item.containsKey(HEARTBEAT) ? ItemCodec.longOf(item, HEARTBEAT)
                : ItemCodec.longOf(item, LAST_UPDATED_TIME);
        Duration since = Duration.ofMillis(Math.max(0, clock.millis() - heartbeat));
        Lease ours = leases.get(executionId);
        if (since.compareTo(settings.leaseTimeout()) < 0 || (ours != null && ours.running())) {
            return new Takeover.RunningElsewhere(holder == null ? "unknown" : holder, since);
        }
        Map<String, AttributeValue> expected = new HashMap<>();
        expected.put(":status", item.get(BATCH_STATUS));
        expected.put(":heartbeat", number(heartbeat));
        String condition = ref(BATCH_STATUS) + " = :status AND (" + ref(HEARTBEAT) + " = :heartbeat"
                + " OR attribute_not_exists(" + ref(HEARTBEAT) + "))";
        if (holder != null) {
            expected.put(":holder", AttributeValue.fromS(holder));
            condition += " AND " + ref(LEASE_OWNER) + " = :holder";
        }
        try {
            table.client().updateItem(new ItemUpdate(table.name(), key)
                    .set(BATCH_STATUS, AttributeValue.fromS(BatchStatus.FAILED.name()))
                    .set(EXIT_STATUS, AttributeValue.fromS("FAILED: process " + holder + " stopped renewing its lease "
                            + since.toSeconds() + " s ago"))
                    .setNumber(LAST_UPDATED_TIME, clock.millis())
                    .set(LEASE_OWNER, AttributeValue.fromS(owner))
                    .onlyIf(condition, expected)
                    .request());
        } catch (ConditionalCheckFailedException e) {
            return new Takeover.Changed();
        }
        LOG.warn("job execution {} was orphaned by {} (no heartbeat for {} s); marked FAILED by {}", executionId,
                holder, since.toSeconds(), owner);
        return new Takeover.Orphaned();
    }

    /**
     * One item per run, {@code RUN#job#runId / LAUNCH}, written only if absent or expired: while a launcher decides
     * about the run, no other process does. It expires after one lease timeout, so a launcher killed while deciding
     * blocks nobody for long.
     */
    Optional<LaunchClaim> claimLaunch(String jobName, String runId) {
        Map<String, AttributeValue> key = TableKeys.launchClaim(jobName, runId);
        Map<String, AttributeValue> item = new HashMap<>(key);
        long now = clock.millis();
        String token = UUID.randomUUID().toString();
        item.put(LEASE_OWNER, AttributeValue.fromS(owner));
        item.put(TOKEN, AttributeValue.fromS(token));
        item.put(EXPIRES, number(now + settings.leaseTimeout().toMillis()));
        try {
            table.client().putItem(put -> put.tableName(table.name()).item(item)
                    .conditionExpression("attribute_not_exists(" + PK + ") OR " + ref(EXPIRES) + " < :now")
                    .expressionAttributeNames(Map.of(ref(EXPIRES), EXPIRES))
                    .expressionAttributeValues(Map.of(":now", number(now))));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
        String runKey = runKey(jobName, runId);
        launchTokens.put(runKey, token);
        return Optional.of(() -> {
            launchTokens.remove(runKey, token);
            try {
                table.client().deleteItem(delete -> delete.tableName(table.name()).key(key)
                        .conditionExpression(ref(TOKEN) + " = :token")
                        .expressionAttributeNames(Map.of(ref(TOKEN), TOKEN))
                        .expressionAttributeValues(Map.of(":token", AttributeValue.fromS(token))));
            } catch (ConditionalCheckFailedException e) {
                // expired and claimed by another launcher meanwhile: theirs now
            }
        });
    }

    // ---- heartbeats ----

    private void renewLeases() {
        leases.forEach((id, lease) -> {
            if (!lease.running()) {
                return;
            }
            try (RunContext.Scope scope = inRunOf(lease.execution)) {
                renew(id, lease);
            }
        });
    }

    private void renew(long id, Lease lease) {
        long sent = clock.nanoTime();
        try {
            UpdateItemResponse beat = heartbeatDynamo.updateItem(new ItemUpdate(table.name(), lease.key)
                    .setNumber(HEARTBEAT, clock.millis())
                    .onlyIf(HELD_BY_ME, Map.of(":me", AttributeValue.fromS(owner)))
                    .request().toBuilder().returnValues(ReturnValue.ALL_NEW).build());
            lease.renewed(sent);
            // 'runs stop' in another process marked it STOPPING: the launcher stops it here
            AttributeValue status = beat.attributes().get(BATCH_STATUS);
            if (status != null && BatchStatus.STOPPING.name().equals(status.s())) {
                lease.stopRequested = true;
            }
        } catch (ConditionalCheckFailedException e) {
            // another process judged this one dead and restarted the job: stop; every write of ours is refused
            LOG.error(lease.lost(id, "another process took it over").getMessage());
            lease.execution.stop();
        } catch (RuntimeException e) {
            // throttling, a network hiccup or a transaction on the item: the next beat tries again; check()
            // refuses writes once the lease may have run out
            LOG.warn("cannot renew the lease of job execution {}: {}", id, e.getMessage());
        }
    }

    // the heartbeat thread's lines name the run and job whose lease it renews, as the job's own thread does
    private static RunContext.Scope inRunOf(JobExecutionImpl execution) {
        Properties parameters = execution.getJobParameters();
        return RunContext.enter(parameters == null ? null : parameters.getProperty(JobLauncher.RUN_ID),
                execution.getJobName());
    }

    private static String runKey(String jobName, String runId) {
        return jobName + "#" + runId;
    }

    /** The lease of an execution this process started. */
    private final class Lease {
        private final JobExecutionImpl execution;
        private final Map<String, AttributeValue> key;
        private volatile long renewedNanos;
        private volatile boolean ended;
        private volatile LeaseLostException lost;
        /** Another process asked, through the execution's item, that it stop. */
        private volatile boolean stopRequested;

        Lease(JobExecutionImpl execution, Map<String, AttributeValue> key, long renewedNanos) {
            this.execution = execution;
            this.key = Map.copyOf(key);
            this.renewedNanos = renewedNanos;
        }

        boolean running() {
            return !ended && lost == null;
        }

        void renewed(long sentNanos) {
            renewedNanos = Math.max(renewedNanos, sentNanos);
        }

        void end() {
            ended = true;
        }

        /**
         * Marks the lease lost. The failure carries no SDK exception as its cause: JBeret copies a failed step's
         * exception through Java serialisation, and the checkpoint filter rightly refuses the SDK's response types.
         */
        LeaseLostException lost(long executionId, String why) {
            LeaseLostException failure = new LeaseLostException("process " + owner + " lost the lease of job execution "
                    + executionId + " (" + why + "): another process runs it now, so this one writes nothing more");
            if (lost == null) {
                lost = failure;
            }
            return lost;
        }

        void requireHeld(long executionId) {
            LeaseLostException failure = lost;
            if (failure != null) {
                throw new LeaseLostException(failure.getMessage(), failure);
            }
            if (ended) {
                return;
            }
            long silent = clock.nanoTime() - renewedNanos;
            long allowed = settings.leaseTimeout().minus(settings.heartbeatInterval()).toNanos();
            if (silent > allowed) {
                throw lost(executionId, "not renewed for " + Duration.ofNanos(silent).toMillis() + " ms, and another"
                        + " process may take it over after " + settings.leaseTimeout().toMillis() + " ms");
            }
        }
    }
}
