package org.ecomkpi.store;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.ecomkpi.aws.AwsClients;
import org.ecomkpi.bucket.BucketLayout;
import org.ecomkpi.kpi.CategoryDay;
import org.ecomkpi.kpi.CategoryDayKpi;
import org.ecomkpi.kpi.KpiSchema;
import org.ecomkpi.kpi.OrderDayKpi;
import org.ecomkpi.row.Product;
import org.ecomkpi.store.DynamoDbConnection.Projection;
import org.ecomkpi.validation.ProductCatalogue;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The AWS store: {@code order_kpi_table} and {@code category_kpi_table} in DynamoDB with the key schemas of
 * SPEC section 5, and a control table for applied runs, processed-file hashes and the product catalogue
 * (layout in {@link ControlTable}; names in {@link DynamoDbTables}). Many processes may share it at once.
 *
 * <pre>{@code
 * try (KpiStore store = DynamoDbKpiStore.fromEnvironment(AwsClients.ofProcess().dynamoDb())) { // or KpiStore.at("dynamodb")
 *     store.applyRun(contribution);
 * }
 * }</pre>
 *
 * <h2>Exactly once: a merge lock and a write-ahead plan</h2>
 * A run writes far more items than a DynamoDB transaction holds (100), so {@link #applyRun(RunContribution)}
 * writes its decisions down before it makes any of them, and any later apply can finish them:
 * <ol>
 *   <li><b>lock</b>: take the merge lock, an item of the control table, with a conditional UpdateItem (absent, or
 *       its lease expired); refresh the lease while working; poll, bounded, while another live apply holds it;
 *       then raise the lock's fences, before reading or writing anything else ({@link MergeLock}). Applies are
 *       therefore one at a time, in the order they take the lock (SPEC: runs take effect in the order their merges
 *       commit);</li>
 *   <li><b>roll forward</b>: when the lock item names a complete plan of a run whose apply died, apply that plan
 *       (below) first and record that run as applied;</li>
 *   <li><b>replay</b>: a run already recorded in the control table (checked before the lock too, so a replay
 *       does not queue) releases the lock and returns false;</li>
 *   <li><b>claim</b>: each file content is claimed for the run (a conditional write: free, or already this
 *       run's); when another run holds one, the run's claims are released and
 *       {@link ContentAlreadyProcessedException} is thrown, before any state or KPI changed;</li>
 *   <li><b>plan</b>: {@link MergePlan#of} reads the state of exactly the keys the run touches (consistent
 *       BatchGetItem, {@link DynamoDbState}); the plan, the run's products and its file count are deflated into
 *       chunks of at most 300 KB under {@code pk = "plan#<run id>"} of the control table
 *       ({@link WriteAheadPlan}); then the lock item records the plan as complete, with its chunk count. This
 *       conditional write is the commit point;</li>
 *   <li><b>apply</b>: the plan's puts and deletes in transactions of up to {@value MergeFence#MAX_WRITES}, up to
 *       {@value #WRITERS} at once; upsert the products; record the run as applied; delete the chunks; clear the
 *       plan from the lock item; release the lock.</li>
 * </ol>
 * A crash before the commit point leaves no plan and no state or KPI write (orphan chunks of an unrecorded
 * plan are overwritten or deleted when the run is applied again); a crash after it leaves a complete plan that
 * the next apply, of this run or any other, finishes before anything else. Every write of a plan is an absolute
 * value, and no other apply can write between the commit point and the clearing of the plan, so finishing a plan
 * twice leaves the state it leaves once. A file content is "processed" once the run that claimed it is
 * recorded; a claim of a run that crashed before its commit point and was never applied again keeps other runs
 * from counting that content until it is.
 *
 * <h2>A holder that lost the lock cannot write</h2>
 * "No other apply can write" must hold even for a process that stops for longer than its lease (a long GC, a
 * SIGSTOP, a frozen VM) between its own check of the lease and a write: when it wakes up, another apply may have
 * taken the lock, finished its plan and applied later runs. So every write an apply makes under the lock (claims
 * and their release, plan chunks, the plan's puts and deletes, products, the run's record, the chunks' deletion)
 * is a TransactWriteItems whose first action is a ConditionCheck that a fence item of the lock still names this
 * apply's token; the next holder rewrites every fence with its own token before it reads or writes anything, so
 * DynamoDB refuses the late write ({@link MergeLockLostException}) instead of the writer's clock. Each of the
 * {@value #WRITERS} writers has its own fence ({@link MergeFence}): two transactions that include one item conflict
 * on DynamoDB, even when both only check it. The lease refresh, the plan's record and its clearing are conditional
 * single-item writes on the lock item itself, which no transaction includes.
 *
 * <h2>Costs</h2>
 * Reads: one consistent BatchGetItem per 100 keys, over the run's item ids, the orders it touches, their
 * customer counts and the KPI rows they change (1 RCU per item up to 4 KB). Writes: one TransactWriteItems per 99
 * changed keys; a transactional write costs 2 WCU per KB of each item (DynamoDB prepares, then commits): an order
 * entity (a typical order with a few items is under 1 KB), an item's index entry, a customer count, a KPI row; the
 * check of the fence adds one small item to each transaction. Plus the deflated plan written and deleted (2 WCU per
 * KB each way), the fences raised (8 small items, one transaction) and a few small calls on the control table (lock
 * taken and read back, plan recorded, plan cleared, lock released, run looked up twice and recorded, chunks
 * listed). So a new order with {@code k} items costs about {@code 2 (1 + k)} WCUs of state, a changed order 2 WCU
 * plus 2 for each new or moved item; KPI rows and customer counts are written once per run however many orders
 * change them: twice what BatchWriteItem cost, the price of refusing a stale holder's write. Measured against moto:
 * 300 new orders with 760 items on existing dates made 15 BatchGetItem and 17 TransactWriteItems calls (13 for
 * 1,204 state and KPI keys, one each for the fences, the plan's chunk, the run's record and the chunk's deletion),
 * 4 UpdateItem, 3 GetItem and 1 Query.
 *
 * <h2>Throttling</h2>
 * The client ({@link AwsClients#dynamoDbBuilder()}) retries throttling, 5xx answers and broken connections with
 * exponential backoff and jitter; the store retries only what the client cannot: unprocessed items of batch calls,
 * single-item writes and transactions that met another transaction, conditional writes lost to a concurrent writer
 * (see {@link DynamoDbConnection}). Every write of an apply is safe to repeat, so a retried
 * call whose first answer was lost changes nothing more.
 */
public final class DynamoDbKpiStore implements KpiStore {
    /** The store spec of {@link KpiStore#at(String)}. */
    public static final String SPEC = "dynamodb";
    /** Set to {@code true} to create missing tables on open (local emulators; on AWS the stack creates them). */
    public static final String CREATE_TABLES_VARIABLE = "PIPELINE_CREATE_TABLES";
    /** Transactions of one plan in flight at once: one writer a fence of the merge lock. */
    static final int WRITERS = MergeLock.FENCES;
    /** How long a merge lease lasts unless refreshed, and how long an apply waits for the lock at most. */
    static final Duration LEASE = Duration.ofSeconds(30);
    static final Duration MAX_LOCK_WAIT = Duration.ofMinutes(15);

    private static final List<String> ORDER_READ = attributeNames(KpiSchema.ORDER_KPI_TABLE);
    private static final List<String> CATEGORY_READ = attributeNames(KpiSchema.CATEGORY_KPI_TABLE);

    private final DynamoDbClient client;
    private final DynamoDbTables tables;
    private final DynamoDbConnection dynamo;
    private final OrderKpiTable orderTable;
    private final CategoryKpiTable categoryTable;
    private final ControlTable control;
    private final DynamoDbState state;
    private final MergeLock lock;
    private final ExecutorService writers;

    /**
     * A store on existing tables through {@code client}, which stays the caller's: {@link #close()} leaves it
     * open. Build it with {@link AwsClients#dynamoDbBuilder()} to get the pipeline's retry policy and timeouts.
     */
    public DynamoDbKpiStore(DynamoDbClient client, DynamoDbTables tables) {
        this(client, tables, Clock.systemUTC(), LEASE, what -> { });
    }

    /** A store whose merge lease lasts {@code lease} by {@code clock}: for tests of crashed holders. */
    DynamoDbKpiStore(DynamoDbClient client, DynamoDbTables tables, Clock clock, Duration lease) {
        this(client, tables, clock, lease, what -> { });
    }

    /**
     * The same, calling {@code beforeLockedWrite} with what is about to be written before each write it makes under
     * the merge lock, after its own check of the lease: for tests of a holder paused there past its lease.
     */
    DynamoDbKpiStore(DynamoDbClient client, DynamoDbTables tables, Clock clock, Duration lease,
                     Consumer<String> beforeLockedWrite) {
        this.client = client;
        this.tables = tables;
        this.dynamo = new DynamoDbConnection(client, SPEC);
        this.orderTable = new OrderKpiTable(tables.orderKpis());
        this.categoryTable = new CategoryKpiTable(tables.categoryKpis());
        this.control = new ControlTable(tables.control(), dynamo);
        this.state = new DynamoDbState(tables.state(), orderTable, categoryTable, dynamo);
        this.lock = new MergeLock(tables.control(), dynamo, clock, lease, MAX_LOCK_WAIT, beforeLockedWrite);
        this.writers = Executors.newFixedThreadPool(WRITERS, task -> {
            Thread thread = new Thread(task, "dynamodb-plan-writer");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * The store of {@code KpiStore.at("dynamodb")} through {@code client}, which stays the caller's (the process's
     * {@link AwsClients}): table names from {@link DynamoDbTables#fromEnvironment}. The tables must exist (a clear
     * {@link StoreException} names a missing one), unless {@value #CREATE_TABLES_VARIABLE}{@code =true} asks to create
     * them.
     */
    public static DynamoDbKpiStore fromEnvironment(DynamoDbClient client) {
        Map<String, String> environment = System.getenv();
        DynamoDbTables tables = DynamoDbTables.fromEnvironment(environment);
        DynamoDbKpiStore store = new DynamoDbKpiStore(client, tables);
        try {
            if (Boolean.parseBoolean(environment.getOrDefault(CREATE_TABLES_VARIABLE, "false").trim())) {
                store.createTablesIfMissing();
            } else {
                store.requireTables();
            }
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    /** The tables this store uses. */
    public DynamoDbTables tables() {
        return tables;
    }

    @Override
    public String spec() {
        return SPEC;
    }

    // --- tables -------------------------------------------------------------------------------------

    /**
     * Creates the four tables (on-demand capacity) where missing and waits until they are active; for tests
     * and local emulators. An existing table with another key schema is refused, naming it.
     */
    public void createTablesIfMissing() {
        List<TableShape> shapes = shapes();
        for (TableShape shape : shapes) {
            Optional<TableDescription> existing = describe(shape.name());
            if (existing.isPresent()) {
                shape.requireMatches(existing.get());
                continue;
            }
            try {
                dynamo.call("create table '" + shape.name() + "'", () -> client.createTable(b -> b
                        .tableName(shape.name())
                        .keySchema(shape.keySchema())
                        .attributeDefinitions(shape.keyAttributes())
                        .billingMode(BillingMode.PAY_PER_REQUEST)));
            } catch (StoreException e) {
                if (!(e.getCause() instanceof ResourceInUseException)) {
                    throw e;
                } // another process is creating it right now
            }
        }
        for (TableShape shape : shapes) {
            dynamo.call("wait for table '" + shape.name() + "'", () -> client.waiter()
                    .waitUntilTableExists(b -> b.tableName(shape.name())));
        }
    }

    private void requireTables() {
        for (TableShape shape : shapes()) {
            TableDescription table = describe(shape.name()).orElseThrow(() -> new StoreException("store '" + SPEC
                    + "': table '" + shape.name() + "' (" + shape.variable() + ") does not exist at "
                    + DynamoDbEndpoint.describe(client), "on AWS the CloudFormation stack (cfn/template.yaml) creates "
                    + "it; against a local emulator set " + CREATE_TABLES_VARIABLE + "=true to create the tables; or set "
                    + shape.variable() + " to the table's name", null));
            shape.requireMatches(table);
        }
    }

    /**
     * A table's description, empty when it does not exist: the store's first calls, bounded so that an endpoint
     * that cannot be reached is reported at once ({@link DynamoDbEndpoint}).
     */
    private Optional<TableDescription> describe(String table) {
        return DynamoDbEndpoint.describeTable(client, SPEC, table);
    }

    private List<TableShape> shapes() {
        return List.of(
                new TableShape(orderTable.name(), DynamoDbTables.ORDER_TABLE_VARIABLE, orderTable.keySchema(),
                        orderTable.keyAttributes()),
                new TableShape(categoryTable.name(), DynamoDbTables.CATEGORY_TABLE_VARIABLE, categoryTable.keySchema(),
                        categoryTable.keyAttributes()),
                new TableShape(control.name(), DynamoDbTables.CONTROL_TABLE_VARIABLE, ControlTable.keySchema(),
                        ControlTable.keyAttributes()),
                new TableShape(state.name(), DynamoDbTables.STATE_TABLE_VARIABLE, DynamoDbState.keySchema(),
                        DynamoDbState.keyAttributes()));
    }

    /** A table the store needs: its name, the variable that names it, and its key. */
    private record TableShape(String name, String variable, List<KeySchemaElement> keySchema,
                              List<AttributeDefinition> keyAttributes) {
        void requireMatches(TableDescription table) {
            if (!table.keySchema().equals(keySchema)) {
                throw new StoreException("store '" + SPEC + "': table '" + name + "' has the key schema "
                        + table.keySchema() + ", expected " + keySchema);
            }
        }
    }

    // --- exactly-once apply -------------------------------------------------------------------------

    private static final java.util.concurrent.ConcurrentMap<String, java.util.concurrent.locks.ReentrantLock>
            LOCAL_QUEUES = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public boolean applyRun(RunContribution contribution) {
        String runId = contribution.runId();
        if (control.isApplied(runId)) {
            return false; // a replay need not queue behind other applies for the lock
        }
        String applyId = UUID.randomUUID().toString();
        // applies of one process queue here first: only one of them at a time contends for the store's lock
        java.util.concurrent.locks.ReentrantLock queue = LOCAL_QUEUES.computeIfAbsent(control.name(),
                name -> new java.util.concurrent.locks.ReentrantLock(true));
        queue.lock();
        try {
            return applyHoldingTheLock(contribution, runId, applyId);
        } finally {
            queue.unlock();
        }
    }

    private boolean applyHoldingTheLock(RunContribution contribution, String runId, String applyId) {
        try (MergeLock.Held held = lock.acquire(runId)) {
            MergeFence fence = held.fence(0); // the writes of this thread; a plan's writers use all the fences
            boolean finishedOwn = false;
            Optional<MergeLock.PendingPlan> pending = held.pendingPlan();
            if (pending.isPresent()) {
                WriteAheadPlan left = control.readPlan(pending.get().runId(), pending.get().chunks());
                boolean recorded = finish(held, left, applyId);
                finishedOwn = recorded && left.runId().equals(runId); // our own earlier attempt died after its commit
            }
            if (control.isApplied(runId)) {
                return finishedOwn;
            }
            List<ProcessedFile> files = distinctContents(contribution.files());
            claimFiles(runId, files, fence);
            WriteAheadPlan plan;
            try {
                plan = new WriteAheadPlan(runId, MergePlan.of(contribution.versions(), state),
                        contribution.products(), files.size());
                held.requireHeld();
                int chunks = control.writePlan(plan, fence);
                held.recordPlan(chunks); // the commit point: from here on any apply finishes this plan
            } catch (RuntimeException e) {
                releaseClaimsQuietly(runId, files, fence, e);
                throw e;
            }
            return finish(held, plan, applyId);
        }
    }

    private void releaseClaimsQuietly(String runId, List<ProcessedFile> files, MergeFence fence,
                                      RuntimeException failure) {
        try {
            control.releaseFiles(runId, files, fence);
        } catch (RuntimeException e) {
            failure.addSuppressed(e); // the claims stay; applying the run again reuses them
        }
    }

    /** Writes a recorded plan, upserts its products, records its run, then forgets the plan. */
    private boolean finish(MergeLock.Held held, WriteAheadPlan plan, String applyId) {
        writePlan(held, plan);
        MergeFence fence = held.fence(0);
        control.upsertProducts(plan.products(), plan.runId(), fence);
        boolean recorded = control.markApplied(plan, applyId, fence);
        control.deletePlan(plan.runId(), fence);
        held.clearPlan();
        return recorded;
    }

    /**
     * Every write of the plan, in transactions of up to {@value MergeFence#MAX_WRITES} writes, {@value #WRITERS}
     * in flight: each writer takes the next transaction's worth and sends it through its own fence.
     */
    private void writePlan(MergeLock.Held held, WriteAheadPlan plan) {
        Queue<List<TransactWriteItem>> packs = new ConcurrentLinkedQueue<>(
                MergeFence.packs(state.writes(plan.plan(), plan.runId())));
        String what = "write the plan of run '" + plan.runId() + "'";
        AtomicBoolean failed = new AtomicBoolean();
        List<Future<?>> inFlight = new ArrayList<>();
        try {
            for (int slot = 0; slot < Math.min(WRITERS, packs.size()); slot++) {
                MergeFence fence = held.fence(slot);
                inFlight.add(writers.submit(() -> {
                    try {
                        for (List<TransactWriteItem> pack; !failed.get() && (pack = packs.poll()) != null; ) {
                            held.requireHeld(); // stop early once the lease may have run out; the fence is the guard
                            fence.write(pack, what);
                        }
                    } catch (RuntimeException e) {
                        failed.set(true); // the other writers stop after their current transaction
                        throw e;
                    }
                }));
            }
            for (Future<?> write : inFlight) {
                write.get();
            }
        } catch (ExecutionException e) {
            failed.set(true);
            inFlight.forEach(write -> write.cancel(false));
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new StoreException("store '" + SPEC + "': cannot write the plan of run '" + plan.runId() + "': "
                    + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            failed.set(true);
            inFlight.forEach(write -> write.cancel(true));
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while writing the plan of run '" + plan.runId() + "'", e);
        }
    }

    private static List<ProcessedFile> distinctContents(List<ProcessedFile> files) {
        Map<String, ProcessedFile> distinct = new LinkedHashMap<>();
        for (ProcessedFile file : files) {
            distinct.putIfAbsent(file.sha256(), file); // the same content twice in one batch is recorded once
        }
        List<ProcessedFile> sorted = new ArrayList<>(distinct.values());
        sorted.sort(Comparator.comparing(ProcessedFile::sha256));
        return sorted;
    }

    /** The claim step of an apply: the run holds every content, or nothing changed and the refusal is thrown. */
    private void claimFiles(String runId, List<ProcessedFile> files, MergeFence fence) {
        List<ProcessedFile> heldByOthers = control.claimFiles(runId, files, fence);
        if (!heldByOthers.isEmpty()) {
            control.releaseFiles(runId, files, fence);
            throw new ContentAlreadyProcessedException(runId, heldByOthers);
        }
    }

    /** The claim step of an apply alone, under the lock: what a run that crashed right after it left behind. */
    void claimFiles(String runId, List<ProcessedFile> files) {
        try (MergeLock.Held held = lock.acquire(runId)) {
            claimFiles(runId, files, held.fence(0));
        }
    }

    @Override
    public Set<String> currentOrders(Collection<String> orderIds) {
        return Set.copyOf(state.existingOrders(orderIds));
    }

    @Override
    public Optional<AppliedRun> findApplied(String runId) {
        BucketLayout.requireRunId(runId);
        return control.findApplied(runId);
    }

    // --- reads --------------------------------------------------------------------------------------

    @Override
    public List<OrderDayKpi> orderKpis(Optional<LocalDate> date) {
        Projection projection = Projection.of(ORDER_READ);
        List<Map<String, AttributeValue>> items = date.isPresent()
                ? getItem(orderTable.name(), orderTable.key(date.get()), projection)
                : scan(orderTable.name(), projection, Optional.empty());
        List<OrderDayKpi> rows = new ArrayList<>(items.size());
        for (Map<String, AttributeValue> item : items) {
            rows.add(orderTable.kpi(item));
        }
        rows.sort(Comparator.comparing(OrderDayKpi::orderDate));
        return List.copyOf(rows);
    }

    @Override
    public List<CategoryDayKpi> categoryKpis(Optional<String> category, Optional<LocalDate> date) {
        Projection projection = Projection.of(CATEGORY_READ);
        List<Map<String, AttributeValue>> items;
        if (category.isPresent() && date.isPresent()) {
            items = getItem(categoryTable.name(), categoryTable.key(new CategoryDay(category.get(), date.get())),
                    projection);
        } else if (category.isPresent()) {
            items = queryCategory(category.get(), projection);
        } else {
            items = scan(categoryTable.name(), projection, date);
        }
        List<CategoryDayKpi> rows = new ArrayList<>(items.size());
        for (Map<String, AttributeValue> item : items) {
            rows.add(categoryTable.kpi(item));
        }
        rows.sort(Comparator.comparing(CategoryDayKpi::key)); // String order, as CategoryDay sorts
        return List.copyOf(rows);
    }

    private List<Map<String, AttributeValue>> getItem(String table, Map<String, AttributeValue> key,
                                                      Projection projection) {
        Map<String, AttributeValue> item = dynamo.call("read table '" + table + "'", () -> client.getItem(b -> b
                .tableName(table).key(key).consistentRead(true)
                .projectionExpression(projection.expression())
                .expressionAttributeNames(projection.names()))).item();
        return item == null || item.isEmpty() ? List.of() : List.of(item);
    }

    private List<Map<String, AttributeValue>> queryCategory(String category, Projection projection) {
        Map<String, String> names = new HashMap<>(projection.names());
        names.put("#category", CategoryKpiTable.CATEGORY);
        return dynamo.call("read table '" + categoryTable.name() + "'", () -> {
            List<Map<String, AttributeValue>> items = new ArrayList<>();
            for (QueryResponse page : client.queryPaginator(b -> b.tableName(categoryTable.name())
                    .consistentRead(true)
                    .keyConditionExpression("#category = :category")
                    .projectionExpression(projection.expression())
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(Map.of(":category", AttributeValue.fromS(category))))) {
                items.addAll(page.items());
            }
            return items;
        });
    }

    /** Every item of a table, page by page; with a date, those of that {@code order_date} only. */
    private List<Map<String, AttributeValue>> scan(String table, Projection projection, Optional<LocalDate> date) {
        Map<String, String> names = new HashMap<>(projection.names());
        date.ifPresent(d -> names.put("#date", OrderKpiTable.ORDER_DATE));
        return dynamo.call("read table '" + table + "'", () -> {
            List<Map<String, AttributeValue>> items = new ArrayList<>();
            for (ScanResponse page : client.scanPaginator(b -> {
                b.tableName(table).consistentRead(true)
                        .projectionExpression(projection.expression())
                        .expressionAttributeNames(names);
                date.ifPresent(d -> b.filterExpression("#date = :date")
                        .expressionAttributeValues(Map.of(":date", AttributeValue.fromS(d.toString()))));
            })) {
                items.addAll(page.items());
            }
            return items;
        });
    }

    // --- catalogue and processed files --------------------------------------------------------------

    @Override
    public ProductCatalogue loadCatalogue() {
        return control.loadCatalogue();
    }

    @Override
    public void upsertProducts(Collection<Product> products) {
        control.upsertProducts(List.copyOf(products));
    }

    @Override
    public Optional<ProcessedFile> findProcessed(String sha256) {
        return control.findProcessed(ProcessedFile.requireSha256(sha256));
    }

    // --- plumbing -----------------------------------------------------------------------------------

    @Override
    public void close() {
        writers.shutdown();
    }

    @Override
    public String toString() {
        return "DynamoDbKpiStore[" + tables + "]";
    }

    private static List<String> attributeNames(KpiSchema table) {
        return table.attributes().stream().map(KpiSchema.Attribute::attributeName).toList();
    }
}
