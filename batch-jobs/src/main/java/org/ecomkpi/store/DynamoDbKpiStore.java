package org.ecomkpi.store;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import org.ecomkpi.aws.AwsClients;
import org.ecomkpi.bucket.BucketLayout;
import org.ecomkpi.kpi.CategoryDayKpi;
import org.ecomkpi.kpi.OrderDayKpi;
import org.ecomkpi.row.Product;
import org.ecomkpi.rules.ProductCatalogue;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The AWS store: {@code order_kpi_table} and {@code category_kpi_table} in DynamoDB with the key schemas of
 * SPEC section 5, and a control table for applied runs, processed-file hashes and the product catalogue
 * (layout in {@link ControlTable}; names in {@link DynamoDbTables}). Many processes may share it at once.
 *
 * <pre>{@code
 * try (KpiStore store = DynamoDbKpiStore.open(clients.dynamoDb(), settings.dynamoDbStore())) {
 *     store.applyRun(contribution);
 * }
 * }</pre>
 *
 * <h2>One job a type</h2>
 * This class is the {@link KpiStore} seam and builds its parts: the exactly-once apply of a run under the merge lock
 * ({@link ExactlyOnceApply}, the algorithm and its costs described there), whose plan {@link PlanWriters} write
 * several transactions at once; the KPI reads ({@link DynamoDbKpiReads}); the control table (applied runs, file
 * claims, the catalogue: {@link ControlTable}); and the check or creation of the tables ({@link DynamoDbTableSetup}).
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
    /** Transactions of one plan in flight at once: one writer a fence of the merge lock ({@link PlanWriters}). */
    static final int WRITERS = PlanWriters.WRITERS;
    /** How long a merge lease lasts unless refreshed, and how long an apply waits for the lock at most. */
    static final Duration LEASE = Duration.ofSeconds(30);
    static final Duration MAX_LOCK_WAIT = Duration.ofMinutes(15);

    private final DynamoDbTables tables;
    private final ControlTable control;
    private final DynamoDbState state;
    private final DynamoDbTableSetup setup;
    private final DynamoDbKpiReads reads;
    private final PlanWriters writers;
    private final ExactlyOnceApply apply;

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
        this.tables = tables;
        DynamoDbConnection dynamo = new DynamoDbConnection(client, SPEC);
        OrderKpiItems orderTable = new OrderKpiItems(tables.orderKpis());
        CategoryKpiItems categoryTable = new CategoryKpiItems(tables.categoryKpis());
        this.control = new ControlTable(tables.control(), dynamo);
        this.state = new DynamoDbState(tables.state(), orderTable, categoryTable, dynamo);
        this.setup = new DynamoDbTableSetup(client, dynamo, orderTable, categoryTable, control, state);
        this.reads = new DynamoDbKpiReads(client, dynamo, orderTable, categoryTable);
        this.writers = new PlanWriters();
        this.apply = new ExactlyOnceApply(control, state,
                new MergeLock(tables.control(), dynamo, clock, lease, MAX_LOCK_WAIT, beforeLockedWrite), writers);
    }

    /**
     * The store of spec {@code dynamodb} through {@code client}, which stays the caller's (the process's
     * {@link AwsClients}), on the tables {@code settings} names. The tables must exist (a clear {@link StoreException}
     * names a missing one), unless the settings ask to create them ({@value #CREATE_TABLES_VARIABLE}{@code =true}).
     */
    public static DynamoDbKpiStore open(DynamoDbClient client, DynamoDbStoreSettings settings) {
        DynamoDbKpiStore store = new DynamoDbKpiStore(client, settings.tables());
        try {
            if (settings.createTables()) {
                store.createTablesIfMissing();
            } else {
                store.setup.requireAll();
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
        setup.createIfMissing();
    }

    // --- exactly-once apply -------------------------------------------------------------------------

    @Override
    public boolean applyRun(RunContribution contribution, ApplyStop stop) {
        return apply.apply(contribution, stop);
    }

    /** The claim step of an apply alone, under the lock: what a run that crashed right after it left behind. */
    void claimFiles(String runId, List<ProcessedFile> files) {
        apply.claimFiles(runId, files);
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
        return reads.orderKpis(date);
    }

    @Override
    public List<CategoryDayKpi> categoryKpis(Optional<String> category, Optional<LocalDate> date) {
        return reads.categoryKpis(category, date);
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
        writers.close();
    }

    @Override
    public String toString() {
        return "DynamoDbKpiStore[" + tables + "]";
    }
}
