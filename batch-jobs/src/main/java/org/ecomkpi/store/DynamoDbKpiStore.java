package org.ecomkpi.store;

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
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.UUID;

import org.ecomkpi.bucket.BucketLayout;
import org.ecomkpi.kpi.CategoryDay;
import org.ecomkpi.kpi.CategoryDayAccumulator;
import org.ecomkpi.kpi.CategoryDayKpi;
import org.ecomkpi.kpi.OrderDayAccumulator;
import org.ecomkpi.kpi.OrderDayKpi;
import org.ecomkpi.row.Product;
import org.ecomkpi.store.DynamoDbConnection.Projection;
import org.ecomkpi.validation.ProductCatalogue;

import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * The AWS store: {@code order_kpi_table} and {@code category_kpi_table} in DynamoDB with the key schemas of
 * SPEC section 5, and a control table for applied runs, processed-file hashes and the product catalogue
 * (layout in {@link ControlTable}; names in {@link DynamoDbTables}). Many processes may share it at once.
 *
 * <pre>{@code
 * try (KpiStore store = DynamoDbKpiStore.fromEnvironment()) {   // or KpiStore.at("dynamodb")
 *     store.applyRun(contribution);
 * }
 * }</pre>
 *
 * <h2>Exactly once without transactions</h2>
 * A run may touch more keys than a DynamoDB transaction holds, so {@link #applyRun(RunContribution)} makes every
 * step safe to repeat instead, and records the run as applied last:
 * <ol>
 *   <li>a run already recorded in the control table returns false, changing nothing;</li>
 *   <li>each file content is claimed for the run (a conditional write: free, or already this run's); when
 *       another run holds one, the run's claims are released and {@link ContentAlreadyProcessedException} is
 *       thrown, before any KPI changed;</li>
 *   <li>each KPI key is read (BatchGetItem), skipped when its {@code applied_runs} already holds the run, else
 *       merged and written with a condition on the {@code version} read; a failed condition (a concurrent
 *       writer, or our own write whose answer was lost) re-reads the key and decides again;</li>
 *   <li>the run's products are upserted;</li>
 *   <li>the run is recorded in the control table: the call that records it returns true.</li>
 * </ol>
 * A crash anywhere leaves the run unrecorded; applying it again (the same contribution, as a restarted
 * transform job computes it) skips the keys that carry its id and completes the rest. A file content is
 * "processed" once the run that claimed it is recorded; a claim of a run that crashed and was never applied
 * again keeps other runs from counting that content until it is.
 *
 * <p>Each KPI item carries the ids of every run merged into it. Next to the customer sketch (at most about
 * 130 KB), DynamoDB's 400 KB item limit leaves room for several thousand run ids of typical length per key,
 * far more runs than one date sees; a write past the limit fails the apply with a {@link StoreException} naming
 * the key, never silently.
 *
 * <h2>Throttling</h2>
 * The client built by {@link #clientBuilder()} retries throttling and 5xx answers with exponential backoff and
 * jitter; the store retries what still fails (see {@link DynamoDbConnection}) and re-reads after lost
 * conditional writes with its own jittered backoff.
 */
public final class DynamoDbKpiStore implements KpiStore {
    /** The store spec of {@link KpiStore#at(String)}. */
    public static final String SPEC = "dynamodb";
    /** Set to {@code true} to create missing tables on open (local emulators; on AWS the stack creates them). */
    public static final String CREATE_TABLES_VARIABLE = "PIPELINE_CREATE_TABLES";

    private static final List<String> ORDER_READ = concat(List.of(OrderKpiTable.ORDER_DATE), OrderKpiTable.KPI_ATTRIBUTES);
    private static final List<String> CATEGORY_READ = concat(
            List.of(CategoryKpiTable.CATEGORY, CategoryKpiTable.ORDER_DATE), CategoryKpiTable.KPI_ATTRIBUTES);

    private final DynamoDbClient client;
    private final boolean ownsClient;
    private final DynamoDbTables tables;
    private final DynamoDbConnection dynamo;
    private final OrderKpiTable orderTable;
    private final CategoryKpiTable categoryTable;
    private final ControlTable control;

    /**
     * A store on existing tables through {@code client}, which stays the caller's: {@link #close()} leaves it
     * open. Build it with {@link #clientBuilder()} to get this store's retry policy and timeouts.
     */
    public DynamoDbKpiStore(DynamoDbClient client, DynamoDbTables tables) {
        this(client, false, tables);
    }

    private DynamoDbKpiStore(DynamoDbClient client, boolean ownsClient, DynamoDbTables tables) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.tables = tables;
        this.dynamo = new DynamoDbConnection(client, SPEC);
        this.orderTable = new OrderKpiTable(tables.orderKpis());
        this.categoryTable = new CategoryKpiTable(tables.categoryKpis());
        this.control = new ControlTable(tables.control(), dynamo);
    }

    /**
     * The store of {@code KpiStore.at("dynamodb")}: a client from the SDK's default chains (region, credentials,
     * and {@code AWS_ENDPOINT_URL} for a local emulator), table names from {@link DynamoDbTables#fromEnvironment}.
     * The tables must exist (a clear {@link StoreException} names a missing one), unless
     * {@value #CREATE_TABLES_VARIABLE}{@code =true} asks to create them.
     */
    public static DynamoDbKpiStore fromEnvironment() {
        Map<String, String> environment = System.getenv();
        DynamoDbTables tables = DynamoDbTables.fromEnvironment(environment);
        DynamoDbClient client;
        try {
            client = clientBuilder().build();
        } catch (RuntimeException e) {
            throw new StoreException("store '" + SPEC + "': cannot build the DynamoDB client (region and credentials"
                    + " come from the default chains, e.g. AWS_REGION): " + e.getMessage(), e);
        }
        DynamoDbKpiStore store = new DynamoDbKpiStore(client, true, tables);
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

    /**
     * A client builder with this store's retry policy and timeouts; region, credentials and endpoint are left
     * to the SDK's default chains (which read {@code AWS_ENDPOINT_URL}) unless the caller sets them.
     *
     * <p>Retries: the standard strategy, 10 attempts, exponential backoff with full jitter (25 ms to 2 s;
     * throttling 100 ms to 10 s), no circuit breaker. Timeouts: connect 3 s, socket read 20 s, an attempt 25 s, a call with its retries 90 s.
     */
    public static DynamoDbClientBuilder clientBuilder() {
        RetryStrategy retries = AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(10)
                // a batch job would rather wait out a long throttling spell than fail fast, so no circuit breaker
                .circuitBreakerEnabled(false)
                .backoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(25), Duration.ofSeconds(2)))
                .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(100),
                        Duration.ofSeconds(10)))
                .build();
        return DynamoDbClient.builder()
                .httpClientBuilder(ApacheHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(3))
                        .socketTimeout(Duration.ofSeconds(20))
                        .maxConnections(64))
                .overrideConfiguration(o -> o.retryStrategy(retries)
                        .apiCallAttemptTimeout(Duration.ofSeconds(25))
                        .apiCallTimeout(Duration.ofSeconds(90)));
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
     * Creates the three tables (on-demand capacity) where missing and waits until they are active; for tests
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
                    + "': table '" + shape.name() + "' does not exist (on AWS the CloudFormation stack creates it;"
                    + " against a local emulator set " + CREATE_TABLES_VARIABLE + "=true)"));
            shape.requireMatches(table);
        }
    }

    private Optional<TableDescription> describe(String table) {
        try {
            return Optional.of(dynamo.call("describe table '" + table + "'",
                    () -> client.describeTable(b -> b.tableName(table)).table()));
        } catch (StoreException e) {
            if (e.getCause() instanceof ResourceNotFoundException) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private List<TableShape> shapes() {
        return List.of(new TableShape(orderTable.name(), orderTable.keySchema(), orderTable.keyAttributes()),
                new TableShape(categoryTable.name(), categoryTable.keySchema(), categoryTable.keyAttributes()),
                new TableShape(control.name(), ControlTable.keySchema(), ControlTable.keyAttributes()));
    }

    private record TableShape(String name, List<KeySchemaElement> keySchema, List<AttributeDefinition> keyAttributes) {
        void requireMatches(TableDescription table) {
            if (!table.keySchema().equals(keySchema)) {
                throw new StoreException("store '" + SPEC + "': table '" + name + "' has the key schema "
                        + table.keySchema() + ", expected " + keySchema);
            }
        }
    }

    // --- exactly-once apply -------------------------------------------------------------------------

    @Override
    public boolean applyRun(RunContribution contribution) {
        String runId = contribution.runId();
        if (control.isApplied(runId)) {
            return false;
        }
        List<ProcessedFile> files = distinctContents(contribution.files());
        claimFiles(runId, files);
        mergeOrderDays(runId, contribution.kpis().orderDays());
        mergeCategoryDays(runId, contribution.kpis().categoryDays());
        control.upsertProducts(contribution.products(), Optional.of(runId));
        return control.markApplied(contribution, UUID.randomUUID().toString());
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

    /** Step 2 of an apply: the run holds every content, or nothing changed and the refusal is thrown. */
    void claimFiles(String runId, List<ProcessedFile> files) {
        List<ProcessedFile> heldByOthers = control.claimFiles(runId, files);
        if (!heldByOthers.isEmpty()) {
            control.releaseFiles(runId, files);
            throw new ContentAlreadyProcessedException(runId, heldByOthers);
        }
    }

    /** Step 3 of an apply for {@code order_kpi_table}; see {@link #mergeKeys}. */
    int mergeOrderDays(String runId, SortedMap<LocalDate, OrderDayAccumulator> contribution) {
        return mergeKeys(orderTable, runId, contribution);
    }

    /** Step 3 of an apply for {@code category_kpi_table}; see {@link #mergeKeys}. */
    int mergeCategoryDays(String runId, SortedMap<CategoryDay, CategoryDayAccumulator> contribution) {
        return mergeKeys(categoryTable, runId, contribution);
    }

    /**
     * Step 3 of an apply, for one table: merges each key's contribution exactly once for the run.
     *
     * @return how many keys this call wrote (keys already carrying the run are skipped)
     */
    <K, S> int mergeKeys(KpiTable<K, S> table, String runId, SortedMap<K, S> contribution) {
        if (contribution.isEmpty()) {
            return 0;
        }
        List<Map<String, AttributeValue>> keys = contribution.keySet().stream().map(table::key).toList();
        Map<K, Map<String, AttributeValue>> stored = new HashMap<>();
        for (Map<String, AttributeValue> item : dynamo.batchGet(table.name(), keys, stateProjection(table),
                "read " + keys.size() + " keys of table '" + table.name() + "'")) {
            stored.put(table.keyOf(item), item);
        }
        int written = 0;
        for (Map.Entry<K, S> entry : contribution.entrySet()) {
            if (mergeKey(table, runId, entry.getKey(), entry.getValue(),
                    Optional.ofNullable(stored.get(entry.getKey())))) {
                written++;
            }
        }
        return written;
    }

    /** What a merge reads of an item: its key, state, version and applied runs (not the KPI attributes). */
    private static Projection stateProjection(KpiTable<?, ?> table) {
        List<String> attributes = new ArrayList<>(table.keySchema().stream().map(KeySchemaElement::attributeName).toList());
        attributes.addAll(List.of(KpiTable.STATE, KpiTable.VERSION, KpiTable.APPLIED_RUNS));
        return Projection.of(attributes);
    }

    private <K, S> boolean mergeKey(KpiTable<K, S> table, String runId, K key, S contribution,
                                    Optional<Map<String, AttributeValue>> current) {
        String what = "merge run '" + runId + "' into " + table.name() + " " + table.key(key).values().stream()
                .map(AttributeValue::s).toList();
        for (int attempt = 1; ; attempt++) {
            if (current.isPresent() && appliedRuns(current.get()).contains(runId)) {
                return false; // merged before: by a crashed attempt of this run, or a concurrent one
            }
            PutItemRequest write = mergedWrite(table, runId, key, contribution, current);
            try {
                dynamo.call(what, () -> client.putItem(write));
                return true;
            } catch (ConditionalCheckFailedException e) {
                if (!Backoff.CONFLICTS.allowsAnotherAfter(attempt)) {
                    throw new StoreException("store '" + SPEC + "': cannot " + what + ": the item changed under "
                            + attempt + " attempts in a row", e);
                }
                Backoff.CONFLICTS.pauseAfter(attempt, what);
                current = readState(table, key, what);
            }
        }
    }

    private <K, S> PutItemRequest mergedWrite(KpiTable<K, S> table, String runId, K key, S contribution,
                                              Optional<Map<String, AttributeValue>> current) {
        S merged;
        long version;
        TreeSet<String> runs = new TreeSet<>();
        if (current.isPresent()) {
            merged = table.decode(current.get().get(KpiTable.STATE).b().asByteArray());
            table.mergeInto(merged, contribution);
            version = Long.parseLong(KpiTable.requireNumber(current.get(), KpiTable.VERSION)) + 1;
            runs.addAll(appliedRuns(current.get()));
        } else {
            merged = contribution; // only read from here on: the caller's state is not changed
            version = 1;
        }
        runs.add(runId);
        Map<String, AttributeValue> item = new HashMap<>(table.key(key));
        item.putAll(table.kpiAttributes(key, merged));
        item.put(KpiTable.STATE, AttributeValue.fromB(SdkBytes.fromByteArray(table.encode(merged))));
        item.put(KpiTable.VERSION, KpiTable.number(version));
        item.put(KpiTable.APPLIED_RUNS, AttributeValue.fromSs(List.copyOf(runs)));
        item.put(KpiTable.UPDATED_BY_RUN, AttributeValue.fromS(runId));
        PutItemRequest.Builder write = PutItemRequest.builder().tableName(table.name()).item(item)
                .expressionAttributeNames(Map.of("#version", KpiTable.VERSION));
        if (current.isPresent()) {
            write.conditionExpression("#version = :read")
                    .expressionAttributeValues(Map.of(":read", current.get().get(KpiTable.VERSION)));
        } else {
            write.conditionExpression("attribute_not_exists(#version)");
        }
        return write.build();
    }

    private <K, S> Optional<Map<String, AttributeValue>> readState(KpiTable<K, S> table, K key, String what) {
        Projection projection = stateProjection(table);
        Map<String, AttributeValue> item = dynamo.call(what, () -> client.getItem(b -> b.tableName(table.name())
                .key(table.key(key)).consistentRead(true)
                .projectionExpression(projection.expression())
                .expressionAttributeNames(projection.names()))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    private static List<String> appliedRuns(Map<String, AttributeValue> item) {
        AttributeValue runs = item.get(KpiTable.APPLIED_RUNS);
        return runs == null ? List.of() : runs.ss();
    }

    @Override
    public boolean isApplied(String runId) {
        BucketLayout.requireRunId(runId);
        return control.isApplied(runId);
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
        control.upsertProducts(List.copyOf(products), Optional.empty());
    }

    @Override
    public Optional<ProcessedFile> findProcessed(String sha256) {
        return control.findProcessed(ProcessedFile.requireSha256(sha256));
    }

    // --- plumbing -----------------------------------------------------------------------------------

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }

    @Override
    public String toString() {
        return "DynamoDbKpiStore[" + tables + "]";
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return List.copyOf(all);
    }
}
