package org.ecomkpi.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.ecomkpi.aws.MotoServer;
import org.ecomkpi.kpi.KpiAccumulator;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code KpiStore.at("dynamodb")} in child JVMs configured only by their environment, as the containers are:
 * {@code AWS_ENDPOINT_URL} points the SDK at moto, {@code PIPELINE_*_TABLE} names the tables.
 */
class DynamoDbStoreAcrossProcessesTest {

    @Test
    void processesApplyingOverlappingRunsAtOnceCountEachRunOnce() throws Exception {
        DynamoDbTables tables = DynamoDbKpiStoreTest.freshTables("processes");
        Map<String, String> environment = environment(tables);
        environment.put(DynamoDbKpiStore.CREATE_TABLES_VARIABLE, "true"); // both race to create them

        Process first = start(environment, "p-a1", "p-shared", "p-a2");
        Process second = start(environment, "p-b1", "p-shared", "p-b2");
        ChildRun a = finish(first);
        ChildRun b = finish(second);

        assertEquals(0, a.exitCode(), a.output());
        assertEquals(0, b.exitCode(), b.output());
        String both = a.output() + b.output();
        assertEquals(1, both.lines().filter(line -> line.equals("applied p-shared true")).count(), both);
        assertEquals(1, both.lines().filter(line -> line.equals("applied p-shared false")).count(), both);
        KpiAccumulator expected = SyntheticRun.merged(List.of("p-a1", "p-shared", "p-a2", "p-b1", "p-b2").stream()
                .map(ApplyInAnotherProcess::contribution).toList());
        try (DynamoDbClient client = DynamoDbKpiStoreTest.clientOf(MotoServer.get());
             KpiStore store = new DynamoDbKpiStore(client, tables)) {
            assertEquals(expected.orderKpis(), store.orderKpis(Optional.empty()));
            assertEquals(expected.categoryKpis(), store.categoryKpis(Optional.empty(), Optional.empty()));
        }
    }

    @Test
    void aDynamodbStoreWhoseTablesAreMissingIsRefusedNamingTheTable() throws Exception {
        DynamoDbTables tables = DynamoDbKpiStoreTest.freshTables("missing");

        ChildRun refused = finish(start(environment(tables), "r1"));

        assertEquals(3, refused.exitCode(), refused.output());
        assertTrue(refused.output().contains("store error: store 'dynamodb': table '" + tables.orderKpis()
                + "' does not exist"), refused.output());
        assertTrue(refused.output().contains(DynamoDbKpiStore.CREATE_TABLES_VARIABLE), refused.output());
    }

    private static Map<String, String> environment(DynamoDbTables tables) {
        Map<String, String> environment = new HashMap<>(MotoServer.get().environment());
        environment.put(DynamoDbTables.ORDER_TABLE_VARIABLE, tables.orderKpis());
        environment.put(DynamoDbTables.CATEGORY_TABLE_VARIABLE, tables.categoryKpis());
        environment.put(DynamoDbTables.CONTROL_TABLE_VARIABLE, tables.control());
        return environment;
    }

    private record ChildRun(int exitCode, String output) {
    }

    private static Process start(Map<String, String> environment, String... runIds) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DynamoDbStoreInAnotherProcess.class.getName()));
        command.addAll(List.of(runIds));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove(DynamoDbKpiStore.CREATE_TABLES_VARIABLE);
        builder.environment().putAll(environment);
        return builder.start();
    }

    private static ChildRun finish(Process child) throws Exception {
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(90, TimeUnit.SECONDS), "child process finished");
        return new ChildRun(child.exitValue(), output);
    }
}
