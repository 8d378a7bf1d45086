package org.ecomkpi.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.ecomkpi.aws.MotoServer;
import org.ecomkpi.kpi.OrderDayKpi;
import org.ecomkpi.kpi.KpiLedger;
import org.ecomkpi.process.ChildJvm;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The {@code dynamodb} store in child JVMs configured only by their environment, as the containers are:
 * {@code AWS_ENDPOINT_URL} points the SDK at moto, {@code PIPELINE_*_TABLE} names the tables.
 */
class DynamoDbStoreAcrossProcessesTest {

    @Test
    void processesApplyingOverlappingRunsAtOnceCountEachRunOnce() throws Exception {
        DynamoDbTables tables = DynamoDbKpiStoreTest.freshTables("processes");
        Map<String, String> environment = environment(tables);
        environment.put(DynamoDbKpiStore.CREATE_TABLES_VARIABLE, "true"); // both race to create them

        ChildJvm.Running first = start(environment, "p-a1", "p-shared", "p-a2");
        ChildJvm.Running second = start(environment, "p-b1", "p-shared", "p-b2");
        ChildRun a = finish(first);
        ChildRun b = finish(second);

        assertEquals(0, a.exitCode(), a.output());
        assertEquals(0, b.exitCode(), b.output());
        String both = a.output() + b.output();
        assertEquals(1, both.lines().filter(line -> line.equals("applied p-shared true")).count(), both);
        assertEquals(1, both.lines().filter(line -> line.equals("applied p-shared false")).count(), both);
        KpiLedger expected = SyntheticRun.merged(List.of("p-a1", "p-shared", "p-a2", "p-b1", "p-b2").stream()
                .map(DynamoDbStoreInAnotherProcess::contribution).toList());
        try (DynamoDbClient client = DynamoDbKpiStoreTest.clientOf(MotoServer.get());
             KpiStore store = new DynamoDbKpiStore(client, tables)) {
            assertEquals(expected.orderKpis(), store.orderKpis(Optional.empty()));
            assertEquals(expected.categoryKpis(), store.categoryKpis(Optional.empty(), Optional.empty()));
        }
    }

    @Test
    void processesChangingTheSameOrdersAtOnceEndAsIfTheyAppliedOneAfterTheOther() throws Exception {
        DynamoDbTables tables = DynamoDbKpiStoreTest.freshTables("changes");
        try (DynamoDbClient client = DynamoDbKpiStoreTest.clientOf(MotoServer.get());
             DynamoDbKpiStore store = new DynamoDbKpiStore(client, tables)) {
            store.createTablesIfMissing();
            store.applyRun(DynamoDbStoreInAnotherProcess.BASE,
                    DynamoDbStoreInAnotherProcess.contribution(DynamoDbStoreInAnotherProcess.BASE));
        }

        ChildJvm.Running returning = start(environment(tables), DynamoDbStoreInAnotherProcess.RETURNS);
        ChildJvm.Running moving = start(environment(tables), DynamoDbStoreInAnotherProcess.MOVES);
        ChildRun a = finish(returning);
        ChildRun b = finish(moving);

        assertEquals(0, a.exitCode(), a.output());
        assertEquals(0, b.exitCode(), b.output());
        assertTrue(a.output().lines().anyMatch(line -> line.equals("applied returns true")), a.output());
        assertTrue(b.output().lines().anyMatch(line -> line.equals("applied moves true")), b.output());
        KpiLedger returnsLast = ledger(DynamoDbStoreInAnotherProcess.BASE, DynamoDbStoreInAnotherProcess.MOVES,
                DynamoDbStoreInAnotherProcess.RETURNS);
        KpiLedger movesLast = ledger(DynamoDbStoreInAnotherProcess.BASE, DynamoDbStoreInAnotherProcess.RETURNS,
                DynamoDbStoreInAnotherProcess.MOVES);
        try (DynamoDbClient client = DynamoDbKpiStoreTest.clientOf(MotoServer.get());
             KpiStore store = new DynamoDbKpiStore(client, tables)) {
            List<OrderDayKpi> stored = store.orderKpis(Optional.empty());
            assertTrue(stored.equals(returnsLast.orderKpis()) || stored.equals(movesLast.orderKpis()),
                    "the KPIs of one order of the two runs, not a mix: " + stored);
            KpiLedger expected = stored.equals(movesLast.orderKpis()) ? movesLast : returnsLast;
            assertEquals(expected.categoryKpis(), store.categoryKpis(Optional.empty(), Optional.empty()));
        }
    }

    private static KpiLedger ledger(String... runIds) {
        return SyntheticRun.merged(java.util.Arrays.stream(runIds).map(DynamoDbStoreInAnotherProcess::contribution)
                .toList());
    }

    @Test
    void aDynamodbStoreWhoseTablesAreMissingIsRefusedNamingTheTable() throws Exception {
        DynamoDbTables tables = DynamoDbKpiStoreTest.freshTables("missing");

        ChildRun refused = finish(start(environment(tables), "r1"));

        assertEquals(3, refused.exitCode(), refused.output());
        assertTrue(refused.output().contains("store error: store 'dynamodb': table '" + tables.orderKpis()
                + "' (" + DynamoDbTables.ORDER_TABLE_VARIABLE + ") does not exist at "), refused.output());
        assertTrue(refused.output().contains(DynamoDbKpiStore.CREATE_TABLES_VARIABLE), refused.output());
    }

    /** What a child JVM needs to reach moto and the tables: endpoint, region, credentials, table names. */
    static Map<String, String> environment(DynamoDbTables tables) {
        Map<String, String> environment = new HashMap<>(MotoServer.get().environment());
        environment.put(DynamoDbTables.ORDER_TABLE_VARIABLE, tables.orderKpis());
        environment.put(DynamoDbTables.CATEGORY_TABLE_VARIABLE, tables.categoryKpis());
        environment.put(DynamoDbTables.CONTROL_TABLE_VARIABLE, tables.control());
        environment.put(DynamoDbTables.STATE_TABLE_VARIABLE, tables.state());
        return environment;
    }

    /** How a child ended, its stdout and stderr interleaved. */
    record ChildRun(int exitCode, String output) {
    }

    private static ChildJvm.Running start(Map<String, String> environment, String... runIds) throws Exception {
        return start(DynamoDbStoreInAnotherProcess.class, environment, runIds);
    }

    /** Starts {@code main} in a child JVM with this JVM's class path and the given environment. */
    static ChildJvm.Running start(Class<?> main, Map<String, String> environment, String... runIds) throws Exception {
        return ChildJvm.main(main, runIds).withoutInherited(DynamoDbKpiStore.CREATE_TABLES_VARIABLE::equals)
                .environment(environment).timeout(Duration.ofSeconds(90)).start();
    }

    static ChildRun finish(ChildJvm.Running child) throws Exception {
        try (child) {
            ChildJvm.Result ended = child.finish();
            return new ChildRun(ended.exitCode(), ended.output());
        }
    }
}
