package org.ecomkpi.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.ecomkpi.aws.AwsClients;
import org.ecomkpi.aws.MotoServer;
import org.ecomkpi.kpi.CategoryDay;
import org.ecomkpi.kpi.CategoryDayState;
import org.ecomkpi.kpi.KpiLedger;
import org.ecomkpi.kpi.OrderDayState;
import org.ecomkpi.kpi.OrderEntity;
import org.ecomkpi.kpi.OrderFact;
import org.ecomkpi.kpi.VersionBatch;
import org.ecomkpi.process.ChildJvm;
import org.ecomkpi.row.Product;
import org.ecomkpi.rules.ProductCatalogue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/** The store contract against DynamoDB (moto_server), and what only the DynamoDB store has to show. */
class DynamoDbKpiStoreTest extends KpiStoreContract {
    private static final AtomicInteger TABLE_SETS = new AtomicInteger();
    private static final LocalDate MAR_30 = LocalDate.parse("2025-03-30");
    private static final String SHA_A = "a".repeat(64);
    private static final String SHA_D = "d".repeat(64);

    private static DynamoDbClient client;
    /** The other process of the take-over tests, once one has run. */
    private static ChildJvm.Running takingOver;

    @BeforeAll
    static void connect() {
        client = clientOf(MotoServer.get());
    }

    @AfterAll
    static void disconnect() throws InterruptedException {
        client.close();
        if (takingOver != null) {
            takingOver.close();
        }
    }

    @Test
    void aFlippedByteInAStoredKpiStateFailsTheNextApplyNamingTableAndKey() {
        VersionBatch first = new VersionBatch();
        first.add(new OrderFact("o1", MAR_30, "u1", false));
        first.add(item("i1", "o1", "Toys", "1.00", false));
        store.applyRun("r1", first);
        Map<String, AttributeValue> day = new HashMap<>(client.getItem(b -> b.tableName(tables().orderKpis())
                .key(Map.of("order_date", AttributeValue.fromS("2025-03-30")))).item());
        byte[] state = day.get("kpi_state").b().asByteArray();
        state[state.length / 2] ^= 0x01;
        day.put("kpi_state", AttributeValue.fromB(SdkBytes.fromByteArray(state)));
        client.putItem(b -> b.tableName(tables().orderKpis()).item(day));
        VersionBatch second = new VersionBatch();
        second.add(new OrderFact("o2", MAR_30, "u2", false));
        second.add(item("i2", "o2", "Toys", "2.00", false));

        RuntimeException failed = assertThrows(RuntimeException.class, () -> store.applyRun("r2", second));

        CorruptStateException corrupt = H2KpiStoreTest.corruptCause(failed);
        assertTrue(corrupt.getMessage().startsWith(tables().orderKpis() + " holds a corrupt state at key 2025-03-30: "
                + "order-day state is corrupt"), corrupt.getMessage());
        assertFalse(store.isApplied("r2"));
    }

    /** A client with the pipeline's retry policy and timeouts, pointed at moto, with extra interceptors. */
    static DynamoDbClient clientOf(MotoServer moto, ExecutionInterceptor... interceptors) {
        DynamoDbClientBuilder builder = AwsClients.dynamoDbBuilder().endpointOverride(moto.endpoint())
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

    /**
     * 17,000 rather than 30,000: on moto every order and customer is an item of its own (35,000 orders took 26 s), and
     * 17,000 is still beyond what a sketch counts exactly.
     */
    @Override
    protected int customersBeyondASketch() {
        return 17_000;
    }

    private DynamoDbTables tables() {
        return ((DynamoDbKpiStore) store).tables();
    }

    // --- table design -------------------------------------------------------------------------------

    @Test
    void theTablesHaveTheirKeySchemasAndOnDemandCapacity() {
        TableDescription orders = client.describeTable(b -> b.tableName(tables().orderKpis())).table();
        TableDescription categories = client.describeTable(b -> b.tableName(tables().categoryKpis())).table();
        TableDescription control = client.describeTable(b -> b.tableName(tables().control())).table();
        TableDescription state = client.describeTable(b -> b.tableName(tables().state())).table();

        assertEquals(List.of(key("order_date", KeyType.HASH)), orders.keySchema());
        assertEquals(List.of(stringAttribute("order_date")), orders.attributeDefinitions());
        assertEquals(List.of(key("category", KeyType.HASH), key("order_date", KeyType.RANGE)), categories.keySchema());
        assertEquals(List.of(stringAttribute("category"), stringAttribute("order_date")),
                categories.attributeDefinitions());
        assertEquals(List.of(key("pk", KeyType.HASH), key("sk", KeyType.RANGE)), control.keySchema());
        assertEquals(List.of(key("k", KeyType.HASH)), state.keySchema());
        for (TableDescription table : List.of(orders, categories, control, state)) {
            assertEquals(BillingMode.PAY_PER_REQUEST, table.billingModeSummary().billingMode(), table.tableName());
        }
    }

    @Test
    void kpiAttributesAreDynamoDbNumbersBesideTheRowStateAndTheCurrentVersionsAreKeptByKey() {
        VersionBatch run = new VersionBatch();
        run.add(new OrderFact("o1", MAR_30, "u1", false));
        run.add(new OrderFact("o2", MAR_30, "u2", true));
        run.add(new OrderFact("o3", MAR_30, "u1", false));
        run.add(item("i1", "o1", "Home & Kitchen", "0.1", false));
        run.add(item("i2", "o1", "Home & Kitchen", "0.2", true));
        run.add(item("i3", "o2", "Home & Kitchen", "0.005", null));
        run.add(item("i4", "o3", "Home & Kitchen", "10.00", false));
        store.applyRun("r1", run);

        Map<String, AttributeValue> day = client.getItem(b -> b.tableName(tables().orderKpis())
                .key(Map.of("order_date", AttributeValue.fromS("2025-03-30")))).item();
        assertNumber("3", day.get("total_orders"));
        assertNumber("10.31", day.get("total_revenue"));
        assertNumber("4", day.get("total_items_sold"));
        assertNumber("0.3333", day.get("return_rate"));
        assertNumber("2", day.get("unique_customers"));
        assertFalse(day.containsKey("applied_runs") || day.containsKey("version"), "no per-key run bookkeeping");
        KpiLedger ledger = SyntheticRun.alone(run);
        assertEquals(ledger.orderKpis().get(0),
                OrderDayState.fromBytes(day.get("kpi_state").b().asByteArray()).kpi(MAR_30),
                "kpi_state holds kpi-lib's OrderDayState bytes");

        Map<String, AttributeValue> category = client.getItem(b -> b.tableName(tables().categoryKpis())
                .key(Map.of("category", AttributeValue.fromS("Home & Kitchen"),
                        "order_date", AttributeValue.fromS("2025-03-30")))).item();
        assertNumber("10.31", category.get("daily_revenue"));
        assertNumber("3.44", category.get("avg_order_value"));
        assertNumber("0.5", category.get("avg_return_rate"));
        CategoryDay key = new CategoryDay("Home & Kitchen", MAR_30);
        assertEquals(ledger.categoryKpis().get(0),
                CategoryDayState.fromBytes(category.get("kpi_state").b().asByteArray()).kpi(key));

        assertEquals(ledger.order("o1").orElseThrow(),
                OrderEntity.fromBytes(stateItem("o#o1").get("entity").b().asByteArray()));
        assertEquals("o2", stateItem("i#i3").get("order_id").s());
        assertNumber("2", stateItem("c#2025-03-30#u1").get("orders"));
        assertEquals(Set.of("o1", "o3"), store.currentOrders(List.of("o1", "o3", "o9")));
    }

    private Map<String, AttributeValue> stateItem(String key) {
        return client.getItem(b -> b.tableName(tables().state()).key(Map.of("k", AttributeValue.fromS(key)))
                .consistentRead(true)).item();
    }

    @Test
    void aCatalogueLargerThanOneQueryPageIsLoadedWhole() {
        AtomicInteger queries = new AtomicInteger();
        ExecutionInterceptor countQueries = new ExecutionInterceptor() {
            @Override
            public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
                if ("Query".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
                    queries.incrementAndGet();
                }
            }
        };
        String longName = "a product name long enough to fill pages ".repeat(25); // about 1 KB an item
        List<Product> products = new ArrayList<>();
        for (int p = 0; p < 1_500; p++) {
            products.add(product(String.format("%05d", p), "SKU-" + p, "1.00", "Jeans", "2.00",
                    Optional.of(longName + p)));
        }

        ProductCatalogue catalogue;
        try (DynamoDbClient counting = clientOf(MotoServer.get(), countQueries);
             KpiStore counted = new DynamoDbKpiStore(counting, tables())) {
            counted.upsertProducts(products);
            catalogue = counted.loadCatalogue();
        }

        assertTrue(queries.get() >= 2, "read in " + queries.get() + " pages");
        assertEquals(1_500, catalogue.size());
        assertSameProduct(products.get(1_499), catalogue.find("01499").orElseThrow());
        assertEquals(products.stream().map(Product::id).toList(),
                catalogue.products().stream().map(Product::id).toList(), "in id order");
    }

    // --- exactly once across crashes, faults and processes -------------------------------------------

    @Test
    void aPlanLeftByAnApplyThatDiedHalfWayIsFinishedByTheNextApplyOfAnotherRun() {
        VersionBatch first = SyntheticRun.overSharedKeys("r1", 1, 300).versions();
        VersionBatch second = SyntheticRun.overSharedKeys("r2", 2, 300).versions();
        VersionBatch third = SyntheticRun.overSharedKeys("r3", 3, 40).versions();
        store.applyRun("r1", first);
        Product product = product("7", "SKU-7", "1.00", "Jeans", "2.00", Optional.empty());
        RunContribution crashing = new RunContribution("r2", second, List.of(product),
                List.of(new ProcessedFile(SHA_D, "runs/r2/input/orders/o.csv", "r2")));

        // the process dies at its third BatchWriteItem into the state and KPI tables: nothing it sends after that
        // arrives, so it neither finishes nor releases the lock, whose 1 s lease then runs out
        ProcessDeath death = new ProcessDeath(tables().control(), 3);
        try (DynamoDbClient dying = clientOf(MotoServer.get(), death);
             KpiStore doomed = new DynamoDbKpiStore(dying, tables(), Clock.systemUTC(), Duration.ofSeconds(1))) {
            assertThrows(RuntimeException.class, () -> doomed.applyRun(crashing));
        }
        assertTrue(death.died());
        assertFalse(store.isApplied("r2"));
        assertEquals("r2", lockItem().get("plan_run").s(), "the plan was recorded before any state was written");
        // which of the plan's writes were in flight when it died depends on scheduling; that some landed does not:
        // the apply throws only once the writers it had started have ended
        int writtenBeforeDeath = store.currentOrders(second.orders().keySet()).size();
        assertTrue(death.delivered() > 0, "part of the plan was applied");
        assertTrue(writtenBeforeDeath < second.orders().size(), "not all of it: " + writtenBeforeDeath + " orders");

        try (KpiStore next = new DynamoDbKpiStore(client, tables())) {
            assertTrue(next.applyRun("r3", third));
        }

        KpiLedger expected = SyntheticRun.merged(List.of(first, second, third));
        assertEquals(expected.orderKpis(), store.orderKpis(Optional.empty()));
        assertEquals(expected.categoryKpis(), store.categoryKpis(Optional.empty(), Optional.empty()));
        assertTrue(store.isApplied("r2"));
        assertEquals("r2", store.findProcessed(SHA_D).orElseThrow().runId());
        assertEquals("SKU-7", store.loadCatalogue().find("7").orElseThrow().sku());
        assertFalse(store.applyRun(crashing), "the finished run is not applied again");
        assertEquals(expected.orderKpis(), store.orderKpis(Optional.empty()));
        assertFalse(lockItem().containsKey("plan_run"), "no plan left pending");
        assertEquals(0, client.query(b -> b.tableName(tables().control()).keyConditionExpression("pk = :plan")
                .expressionAttributeValues(Map.of(":plan", AttributeValue.fromS("plan#r2")))).count(),
                "the plan's chunks were deleted");
    }

    @Test
    void aRunWhoseApplyFailedAfterItsPlanWasRecordedIsFinishedByApplyingItAgain() {
        VersionBatch first = SyntheticRun.overSharedKeys("r1", 1, 200).versions();
        VersionBatch second = SyntheticRun.overSharedKeys("r2", 2, 200).versions();
        store.applyRun("r1", first);

        ProcessDeath failure = new ProcessDeath(tables().control(), 2);
        try (DynamoDbClient failing = clientOf(MotoServer.get(), failure.onlyOnce());
             KpiStore unlucky = new DynamoDbKpiStore(failing, tables())) {
            assertThrows(RuntimeException.class, () -> unlucky.applyRun("r2", second));
        }
        assertFalse(store.isApplied("r2"));

        assertTrue(store.applyRun("r2", second), "the call that finished the run's plan applied it");

        KpiLedger expected = SyntheticRun.merged(List.of(first, second));
        assertEquals(expected.orderKpis(), store.orderKpis(Optional.empty()));
        assertEquals(expected.categoryKpis(), store.categoryKpis(Optional.empty(), Optional.empty()));
        assertFalse(store.applyRun("r2", second));
    }

    @Test
    void aRunRefusedForContentHeldByACrashedRunLeavesNoClaimOfItsOwn() {
        DynamoDbKpiStore dynamo = (DynamoDbKpiStore) store;
        dynamo.claimFiles("crashed", List.of(new ProcessedFile(SHA_A, "runs/crashed/input/orders/o.csv", "crashed")));

        ContentAlreadyProcessedException refused = assertThrows(ContentAlreadyProcessedException.class,
                () -> store.applyRun(new RunContribution("r2", SyntheticRun.overSharedKeys("r2", 2, 20).versions(),
                        List.of(), List.of(new ProcessedFile(SHA_A, "runs/r2/input/orders/a.csv", "r2"),
                        new ProcessedFile(SHA_D, "runs/r2/input/orders/d.csv", "r2")))));

        assertEquals("crashed", refused.earlier().get(0).runId());
        assertEquals(List.of(), store.orderKpis(Optional.empty()));
        Map<String, AttributeValue> released = client.getItem(b -> b.tableName(tables().control())
                .key(Map.of("pk", AttributeValue.fromS("processed_file"), "sk", AttributeValue.fromS(SHA_D)))).item();
        assertTrue(released == null || released.isEmpty(), "r2's claim on the other file was released");
        assertTrue(dynamo.applyRun(new RunContribution("r3", new VersionBatch(), List.of(),
                List.of(new ProcessedFile(SHA_D, "runs/r3/input/orders/d.csv", "r3")))));
    }

    @Test
    void throttlingServerErrorsAndUnprocessedBatchesAreRetriedAndTheKpisStayExact() throws Exception {
        InjectedFaults faults = new InjectedFaults(4, 9, 2);
        List<RunContribution> runs = new ArrayList<>();
        List<Product> products = new ArrayList<>();
        for (int p = 0; p < 60; p++) {
            products.add(product(Integer.toString(p), "SKU-" + p, "1.50", "Jeans", "3.00", Optional.of("p" + p)));
        }
        for (int r = 0; r < 5; r++) {
            String runId = "faulty-" + r;
            runs.add(new RunContribution(runId, SyntheticRun.overSharedKeys(runId, r, 120).versions(),
                    products.subList(r * 12, r * 12 + 12),
                    List.of(new ProcessedFile(Character.toString('a' + r).repeat(64), "runs/" + runId + "/x.csv", runId))));
        }

        List<Boolean> applied;
        try (DynamoDbClient faulty = clientOf(MotoServer.get(), faults);
             KpiStore throttled = new DynamoDbKpiStore(faulty, tables())) {
            applied = inParallel(2, runs.size(), r -> throttled.applyRun(runs.get(r)));
            assertFalse(throttled.applyRun(runs.get(0)));
            assertEquals(60, throttled.loadCatalogue().size());
        }

        assertEquals(java.util.Collections.nCopies(runs.size(), true), applied);
        // applies take the lock one at a time, so the runs took effect in some order; with new orders only
        // (ids unique to each run) every order gives the same KPIs
        KpiLedger expected = SyntheticRun.merged(runs.stream().map(RunContribution::versions).toList());
        assertEquals(expected.orderKpis(), store.orderKpis(Optional.empty()));
        assertEquals(expected.categoryKpis(), store.categoryKpis(Optional.empty(), Optional.empty()));
        assertEquals(60, store.loadCatalogue().size());
        assertTrue(store.isProcessed("e".repeat(64)));
        assertTrue(faults.throttled() >= 10, "throttled " + faults.throttled());
        assertTrue(faults.serverErrors() >= 5, "server errors " + faults.serverErrors());
        assertTrue(faults.unprocessed() >= 5, "unprocessed batches " + faults.unprocessed());
    }

    @Test
    void aKpiWriteWhoseAnswerWasLostIsNotCountedTwice() {
        LostAnswers lost = new LostAnswers("\"kpi_state\":{\"B\"", 3);
        VersionBatch first = SyntheticRun.overSharedKeys("r1", 1, 100).versions();
        VersionBatch second = SyntheticRun.overSharedKeys("r2", 2, 100).versions();
        store.applyRun("r1", first);

        try (DynamoDbClient losing = clientOf(MotoServer.get(), lost);
             KpiStore unlucky = new DynamoDbKpiStore(losing, tables())) {
            assertTrue(unlucky.applyRun("r2", second));
        }

        assertEquals(3, lost.lost());
        KpiLedger expected = SyntheticRun.merged(List.of(first, second));
        assertEquals(expected.orderKpis(), store.orderKpis(Optional.empty()));
        assertEquals(expected.categoryKpis(), store.categoryKpis(Optional.empty(), Optional.empty()));
    }

    @Test
    void aMergeLockWhoseTakingLostItsAnswerIsStillHeldByTheApply() {
        LostAnswers lost = new LostAnswers("\":until\"", 1);
        VersionBatch run = SyntheticRun.overSharedKeys("r1", 1, 50).versions();

        try (DynamoDbClient losing = clientOf(MotoServer.get(), lost);
             KpiStore unlucky = new DynamoDbKpiStore(losing, tables())) {
            assertTrue(unlucky.applyRun("r1", run));
        }

        assertEquals(1, lost.lost());
        assertEquals(SyntheticRun.alone(run).orderKpis(), store.orderKpis(Optional.empty()));
        assertTrue(store.applyRun("r2", SyntheticRun.overSharedKeys("r2", 2, 5).versions()),
                "the lock was released, not left to its lease");
    }

    @Test
    void theApplyWhoseRecordOfTheRunLostItsAnswerStillReportsTheRunApplied() {
        LostAnswers lost = new LostAnswers("\"applied_by\"", 1);
        VersionBatch run = SyntheticRun.overSharedKeys("r1", 1, 100).versions();

        try (DynamoDbClient losing = clientOf(MotoServer.get(), lost);
             KpiStore unlucky = new DynamoDbKpiStore(losing, tables())) {
            assertTrue(unlucky.applyRun("r1", run), "this call recorded the run, though it never heard so");
        }

        assertEquals(1, lost.lost());
        assertFalse(store.applyRun("r1", run));
        assertEquals(SyntheticRun.alone(run).orderKpis(), store.orderKpis(Optional.empty()));
    }

    // --- a holder that lost the lock while paused cannot write -----------------------------------------

    @Test
    void aHolderPausedPastItsLeaseCannotWriteItsPlanOverTheStateOfTheApplyThatTookOver() throws Exception {
        aHolderPausedPastItsLeaseIsRefusedAndTheStateIsTheTakeOvers("write the plan of run 'rA'");
    }

    @Test
    void aHolderPausedPastItsLeaseCannotUpsertItsProductsOverNewerOnes() throws Exception {
        aHolderPausedPastItsLeaseIsRefusedAndTheStateIsTheTakeOvers("products of run 'rA'");
    }

    /**
     * Holder A records its plan, then stops (after its own lease check) before the write named by {@code pausedAt}.
     * Process B, to which A's lease ran out long ago, takes the lock, finishes A's plan and applies a later run that
     * changes the same KPI rows and product. When A wakes up, DynamoDB must refuse its late write, and the store must
     * hold what B left.
     */
    private void aHolderPausedPastItsLeaseIsRefusedAndTheStateIsTheTakeOvers(String pausedAt) throws Exception {
        store.applyRun(TakeOverInAnotherProcess.run("r1"));
        applyOfRunAPausedWhileAnotherProcessTakesOver(pausedAt, () -> {
            assertEquals("rA", lockItem().get("plan_run").s(), "A recorded its plan before it stopped");
            takeOverInAnotherProcess("rB");
        });

        KpiLedger expected = takeOverLedger("r1", "rA", "rB");
        assertEquals(expected.orderKpis(), store.orderKpis(Optional.empty()));
        assertEquals(expected.categoryKpis(), store.categoryKpis(Optional.empty(), Optional.empty()));
        assertEquals("SKU-new", store.loadCatalogue().find("7").orElseThrow().sku());
        assertTrue(store.isApplied("rA") && store.isApplied("rB"));
        assertFalse(lockItem().containsKey("plan_run"), "no plan left pending");
        assertTrue(store.applyRun(TakeOverInAnotherProcess.run("rC")));
        KpiLedger thenC = takeOverLedger("r1", "rA", "rB", "rC");
        assertEquals(thenC.orderKpis(), store.orderKpis(Optional.empty()), "the state the next run read was B's");
        assertEquals(thenC.categoryKpis(), store.categoryKpis(Optional.empty(), Optional.empty()));
    }

    /** What the test does while holder A is held still: another process takes the lock over. */
    @FunctionalInterface
    private interface WhilePaused {
        void run() throws Exception;
    }

    /**
     * Holder A applies run rA and is held still before the write named by {@code pausedAt} (after its own lease
     * check); {@code whilePaused} runs; then A wakes up, and its apply must fail with {@link MergeLockLostException}.
     */
    private void applyOfRunAPausedWhileAnotherProcessTakesOver(String pausedAt, WhilePaused whilePaused)
            throws Exception {
        PausedWrites pause = new PausedWrites(pausedAt);
        ExecutorService holderA = Executors.newSingleThreadExecutor();
        try (KpiStore a = new DynamoDbKpiStore(client, tables(), Clock.systemUTC(), DynamoDbKpiStore.LEASE, pause)) {
            Future<Boolean> applyA = holderA.submit(() -> a.applyRun(TakeOverInAnotherProcess.run("rA")));
            pause.awaitPause();

            whilePaused.run();
            pause.release();

            ExecutionException refused = assertThrows(ExecutionException.class, () -> applyA.get(60, TimeUnit.SECONDS));
            assertInstanceOf(MergeLockLostException.class, refused.getCause(), () -> stackTrace(refused.getCause()));
        } finally {
            holderA.shutdownNow();
        }
    }

    @Test
    void aHolderPausedPastItsLeaseCannotStoreAStalePlanNorReleaseTheClaimsOfTheApplyThatFinishedItsRun()
            throws Exception {
        store.applyRun(TakeOverInAnotherProcess.run("r1"));
        // the same run, retried by another process
        applyOfRunAPausedWhileAnotherProcessTakesOver("store the plan of run 'rA'",
                () -> takeOverInAnotherProcess("rA"));

        assertEquals("rA", store.findProcessed(SHA_A).orElseThrow().runId(), "the content stays processed by rA");
        assertEquals(0, client.query(b -> b.tableName(tables().control()).keyConditionExpression("pk = :plan")
                .consistentRead(true)
                .expressionAttributeValues(Map.of(":plan", AttributeValue.fromS("plan#rA")))).count(),
                "no stale chunk of A's plan was stored");
        KpiLedger expected = takeOverLedger("r1", "rA");
        assertEquals(expected.orderKpis(), store.orderKpis(Optional.empty()));
        assertEquals(expected.categoryKpis(), store.categoryKpis(Optional.empty(), Optional.empty()));
        assertFalse(store.applyRun(TakeOverInAnotherProcess.run("rA")));
    }

    @Test
    void aHolderPausedBeforeRaisingItsFencesCannotTakeThemFromTheApplyThatTookOver() throws Exception {
        store.applyRun(TakeOverInAnotherProcess.run("r1"));
        applyOfRunAPausedWhileAnotherProcessTakesOver("raise the merge fences for run 'rA'",
                () -> takeOverInAnotherProcess("rB"));

        String lastTaking = lockItem().get("epoch").n();
        for (int slot = 0; slot < DynamoDbKpiStore.WRITERS; slot++) {
            int fence = slot;
            Map<String, AttributeValue> item = client.getItem(b -> b.tableName(tables().control()).consistentRead(true)
                    .key(Map.of("pk", AttributeValue.fromS("merge_lock"),
                            "sk", AttributeValue.fromS("kpi#fence#" + fence)))).item();
            assertEquals(lastTaking, item.get("epoch").n(), "fence " + slot + " still holds B's epoch");
        }
        assertFalse(store.isApplied("rA"));
        assertEquals(takeOverLedger("r1", "rB").orderKpis(), store.orderKpis(Optional.empty()));
        assertTrue(store.applyRun(TakeOverInAnotherProcess.run("rA")));
        assertEquals(takeOverLedger("r1", "rB", "rA").orderKpis(), store.orderKpis(Optional.empty()));
    }

    /**
     * Applies the runs in another JVM whose clock is an hour ahead (applies of one JVM queue behind each other): one
     * {@link TakeOverInAnotherProcess}, started by the first take-over, serves those of every test.
     */
    private void takeOverInAnotherProcess(String... runIds) throws Exception {
        if (takingOver == null) {
            takingOver = DynamoDbStoreAcrossProcessesTest.start(TakeOverInAnotherProcess.class,
                    MotoServer.get().environment());
        }
        DynamoDbTables tables = tables();
        String before = takingOver.outputSoFar();
        takingOver.stdin().write((String.join(" ", tables.orderKpis(), tables.categoryKpis(), tables.control(),
                tables.state()) + " " + String.join(" ", runIds) + "\n").getBytes(StandardCharsets.UTF_8));
        takingOver.stdin().flush();
        takingOver.awaitLine(TakeOverInAnotherProcess.TOOK_OVER);
        String answer = takingOver.outputSoFar().substring(before.length());
        for (String runId : runIds) {
            assertTrue(answer.lines().anyMatch(line -> line.equals("applied " + runId + " true")), answer);
        }
    }

    private static KpiLedger takeOverLedger(String... runIds) {
        return SyntheticRun.merged(java.util.Arrays.stream(runIds)
                .map(runId -> TakeOverInAnotherProcess.run(runId).versions()).toList());
    }

    private static String stackTrace(Throwable t) {
        java.io.StringWriter out = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }

    @Test
    void anApplyWritesEachChangedKeyOnceIn99KeyTransactionsThroughTheFencesAndItsPlanOnce() {
        store.applyRun("r1", SyntheticRun.overSharedKeys("r1", 1, 300).versions());
        VersionBatch second = SyntheticRun.overSharedKeys("r2", 2, 300).versions();
        DynamoDbConnection dynamo = new DynamoDbConnection(client, DynamoDbKpiStore.SPEC);
        MergePlan plan = MergePlan.of(second, new DynamoDbState(tables().state(),
                new OrderKpiItems(tables().orderKpis()), new CategoryKpiItems(tables().categoryKpis()), dynamo));
        Map<String, AtomicInteger> calls = new java.util.concurrent.ConcurrentHashMap<>();
        List<Integer> transactionSizes = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutionInterceptor countCalls = new ExecutionInterceptor() {
            @Override
            public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
                calls.computeIfAbsent(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
                        operation -> new AtomicInteger()).incrementAndGet();
                if (context.request() instanceof TransactWriteItemsRequest transaction) {
                    transactionSizes.add(transaction.transactItems().size());
                }
            }
        };

        try (DynamoDbClient counting = clientOf(MotoServer.get(), countCalls);
             KpiStore counted = new DynamoDbKpiStore(counting, tables())) {
            assertTrue(counted.applyRun("r2", second));
        }

        int planWrites = batches99(plan.size());
        int expectedTransactions = 1 + 1 + planWrites + 1 + 1; // fences raised, plan's chunk, plan, run, chunk deleted
        assertEquals(expectedTransactions, calls.get("TransactWriteItems").get(), "calls " + calls + " for "
                + plan.size() + " keys");
        int fences = 8;
        assertEquals(fences + 2 + (plan.size() + planWrites) + 2 + 2,
                transactionSizes.stream().mapToInt(Integer::intValue).sum(),
                "every key once, and each transaction after the fences' with the check of one: " + transactionSizes);
        assertEquals(4, calls.get("UpdateItem").get(), "take, record the plan, clear it, release: " + calls);
        assertFalse(calls.containsKey("BatchWriteItem") || calls.containsKey("PutItem"), "no unfenced write: " + calls);
        assertTrue(calls.get("BatchGetItem").get() <= batches100(second.items().size())
                + batches100(second.orders().size()) + batches100(3 * 50) + 1 + 1, "calls " + calls);
    }

    private static int batches99(int keys) {
        return (keys + 98) / 99;
    }

    private static int batches100(int keys) {
        return (keys + 99) / 100;
    }

    private Map<String, AttributeValue> lockItem() {
        return client.getItem(b -> b.tableName(tables().control()).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS("merge_lock"), "sk", AttributeValue.fromS("kpi")))).item();
    }

    // --- helpers ------------------------------------------------------------------------------------

    private static KeySchemaElement key(String attribute, KeyType type) {
        return KeySchemaElement.builder().attributeName(attribute).keyType(type).build();
    }

    private static AttributeDefinition stringAttribute(String attribute) {
        return AttributeDefinition.builder().attributeName(attribute).attributeType(ScalarAttributeType.S).build();
    }

    /** A Number attribute of that value (DynamoDB may drop trailing zeros: 0.5000 is kept as 0.5). */
    private static void assertNumber(String expected, AttributeValue actual) {
        assertTrue(actual != null && actual.n() != null, "a Number attribute, was " + actual);
        assertEquals(0, new BigDecimal(expected).compareTo(new BigDecimal(actual.n())), "value " + actual.n());
    }
}
