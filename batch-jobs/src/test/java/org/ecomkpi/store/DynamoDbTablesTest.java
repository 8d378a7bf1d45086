package org.ecomkpi.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class DynamoDbTablesTest {

    @Test
    void withoutVariablesTheTablesHaveTheSpecNames() {
        assertEquals(new DynamoDbTables("order_kpi_table", "category_kpi_table", "pipeline_control",
                "kpi_state_table"),
                DynamoDbTables.fromEnvironment(Map.of()));
    }

    @Test
    void variablesNameTheTablesAndBlankOnesAreIgnored() {
        DynamoDbTables tables = DynamoDbTables.fromEnvironment(Map.of(
                "PIPELINE_ORDER_TABLE", "prod-order_kpi_table",
                "PIPELINE_CATEGORY_TABLE", " ",
                "PIPELINE_CONTROL_TABLE", "prod-control",
                "PIPELINE_STATE_TABLE", "prod-state"));

        assertEquals(new DynamoDbTables("prod-order_kpi_table", "category_kpi_table", "prod-control", "prod-state"),
                tables);
    }

    @Test
    void aPrefixGoesBeforeEachName() {
        assertEquals(new DynamoDbTables("t1-order_kpi_table", "t1-category_kpi_table", "t1-pipeline_control",
                "t1-kpi_state_table"),
                DynamoDbTables.defaults().withPrefix("t1-"));
    }

    @Test
    void aNameDynamoDbWouldRefuseIsRefusedNamingItsVariable() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> DynamoDbTables.fromEnvironment(Map.of("PIPELINE_CONTROL_TABLE", "my control")));

        assertTrue(refused.getMessage().startsWith("'my control' (PIPELINE_CONTROL_TABLE) is not a DynamoDB table"
                + " name"), refused.getMessage());
    }

    @Test
    void twoTablesOfOneNameAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> DynamoDbTables.fromEnvironment(Map.of("PIPELINE_CATEGORY_TABLE", "order_kpi_table")));
        assertThrows(IllegalArgumentException.class,
                () -> DynamoDbTables.fromEnvironment(Map.of("PIPELINE_STATE_TABLE", "pipeline_control")));
    }
}
